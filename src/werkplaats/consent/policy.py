"""The Dutch age rules of consent, and the question whether a consent covers a recipient on a day. Pure
functions on dates and records: the services validate with them, the selectors ask them."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from .models import Consent, GivenBy

AGE_PUPIL_JOINS = 12
AGE_PUPIL_ALONE = 16


def age_on(birth_date: date, on: date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def birthday(birth_date: date, age: int) -> date:
    """The day the pupil turns `age` (someone born on 29 February turns older on 1 March)."""
    try:
        return birth_date.replace(year=birth_date.year + age)
    except ValueError:
        return date(birth_date.year + age, 3, 1)


def deciders_for(age: int) -> str:
    """Under 12 the guardians decide; 12–15 the guardians and the pupil; 16 and older the pupil alone."""
    if age < AGE_PUPIL_JOINS:
        return GivenBy.GUARDIANS
    if age < AGE_PUPIL_ALONE:
        return GivenBy.GUARDIANS_AND_PUPIL
    return GivenBy.PUPIL


def reask_date(birth_date: date, given_on: date) -> date | None:
    """When a consent given on `given_on` must be asked again: the next birthday at which someone else decides."""
    age = age_on(birth_date, given_on)
    if age < AGE_PUPIL_JOINS:
        return birthday(birth_date, AGE_PUPIL_JOINS)
    if age < AGE_PUPIL_ALONE:
        return birthday(birth_date, AGE_PUPIL_ALONE)
    return None


def valid_on_q(on: date) -> Q:
    """Consents that give access on `on`: not withdrawn, started, not ended, not past the re-ask birthday."""
    return (
        Q(withdrawn_at__isnull=True, valid_from__lte=on)
        & (Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        & (Q(reask_on__isnull=True) | Q(reask_on__gt=on))
    )


def is_valid_on(consent: Consent, on: date) -> bool:
    return (
        consent.withdrawn_at is None
        and consent.valid_from <= on
        and (consent.valid_until is None or on <= consent.valid_until)
        and (consent.reask_on is None or on < consent.reask_on)
    )


@dataclass(frozen=True)
class Place:
    """Where a recipient works: a school location or an organisation, with a role (None: the place as a whole)."""

    school_id: int | None = None
    organisation_id: int | None = None
    role: str | None = None


@dataclass(frozen=True)
class Terms:
    """What a consent says about its recipients, as plain ids: all that `covers` and `withheld_for` read (a list
    of cases checks dozens of consents; the ids are read for all of them at once)."""

    schools: frozenset[int] = frozenset()
    organisations: frozenset[int] = frozenset()
    roles: frozenset[str] = frozenset()
    withheld_sections: tuple[str, ...] = ()
    withheld_from: frozenset[int] = frozenset()


def covers(consent: Consent, places: Iterable[Place]) -> bool:
    """Whether the consent names one of the places (see `terms_cover`)."""
    terms = Terms(schools=frozenset(s.pk for s in consent.schools.all()),
                  organisations=frozenset(o.pk for o in consent.organisations.all()),
                  roles=frozenset(consent.roles or []))
    return terms_cover(terms, places)


def terms_cover(terms: Terms, places: Iterable[Place]) -> bool:
    """Whether the terms name one of the places (a listed school or organisation, with a listed role when the
    consent limits roles). A consent that lists only roles covers those roles wherever they work."""
    schools, organisations, roles = terms.schools, terms.organisations, terms.roles
    for place in places:
        place_ok = (not schools and not organisations) or (
            (place.school_id is not None and place.school_id in schools)
            or (place.organisation_id is not None and place.organisation_id in organisations)
        )
        role_ok = not roles or place.role is None or place.role in roles
        if place_ok and role_ok and (schools or organisations or roles):
            return True
    return False


def withheld_for(consent: Consent, organisation_ids: set[int]) -> set[str]:
    """The sections this consent withholds from someone working for these organisations."""
    if not consent.withheld_sections:
        return set()
    terms = Terms(withheld_sections=tuple(consent.withheld_sections),
                  withheld_from=frozenset(o.pk for o in consent.withheld_from.all()))
    return terms_withhold(terms, organisation_ids)


def terms_withhold(terms: Terms, organisation_ids: set[int]) -> set[str]:
    """The sections these terms withhold from someone working for these organisations."""
    if not terms.withheld_sections:
        return set()
    if not terms.withheld_from or terms.withheld_from & organisation_ids:
        return set(terms.withheld_sections)
    return set()
