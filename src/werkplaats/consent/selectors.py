"""Reads of consents, and the question the other apps ask: "may X receive Y of this pupil for this purpose?".
Pages that show consents go through the access layer and log what they show."""

from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from django.db.models import Prefetch, QuerySet, Value
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from werkplaats.accounts.models import AGGREGATE_ONLY_ROLES, User
from werkplaats.accounts.selectors import memberships_today
from werkplaats.audit.services import Action, Outcome, access_log_write
from werkplaats.core.prepared import PreparedQuery, prepared_shape
from werkplaats.pupils.models import Guardian, Pupil
from werkplaats.pupils.selectors import pupils_visible_to

from . import policy
from .models import Consent
from .permissions import can_record_consent, can_view_consents

PURPOSE = "toestemmingen van een leerling"


def places_of(user: User) -> list[policy.Place]:
    """Where the user works now, with which role (policy and admin roles are never a recipient); memoised per
    request on the user object."""
    if not user.is_authenticated:
        return []
    if "_consent_places" not in user.__dict__:
        # The memberships of today are read once per request (shared with the menu and the access log).
        user.__dict__["_consent_places"] = [
            policy.Place(school_id=m.school_id, organisation_id=m.organisation_id, role=m.role)
            for m in memberships_today(user=user) if m.role not in AGGREGATE_ONLY_ROLES
        ]
    return user.__dict__["_consent_places"]


def _with_relations(consents: QuerySet[Consent]) -> QuerySet[Consent]:
    return consents.prefetch_related("organisations", "schools", "withheld_from", "guardians")


def consents_valid(*, pupil: Pupil, purpose: str, on: date | None = None) -> list[Consent]:
    on = on or timezone.localdate()
    return list(_with_relations(Consent.objects.filter(pupil=pupil, purpose=purpose).filter(policy.valid_on_q(on))))


@dataclass(frozen=True)
class ValidConsents:
    """The consents valid on a day of many pupils, per (pupil id, purpose), newest first; and the terms of each
    (by consent id), as plain ids."""

    consents: dict[tuple[int, str], list[Consent]]
    terms: dict[int, policy.Terms]

    def of(self, pupil_id: int, purpose: str) -> list[Consent]:
        return self.consents.get((pupil_id, purpose), [])


# What deciding access reads of a consent (besides the terms' schools and organisations): `consent_text` of the
# access names it by uuid. A list of cases decides dozens of consents and shows none of them.
DECIDING_FIELDS = ("uuid", "pupil", "purpose", "roles", "withheld_sections")


def _valid_of_pupils(purposes: tuple[str, ...], full: bool) -> PreparedQuery:
    """The consents of some pupils valid on a day for these purposes (all fields, or only DECIDING_FIELDS),
    compiled once per process."""

    def build(pupil_ids: list[int], on: date) -> QuerySet[Consent]:
        consents = Consent.objects.filter(pupil__in=pupil_ids, purpose__in=purposes).filter(policy.valid_on_q(on))
        return consents if full else consents.only(*DECIDING_FIELDS)

    return prepared_shape(("consent.valid_of_pupils", purposes, full), build, pupil_ids=list, on=date)


def _named_of(consent_ids: list[int]) -> QuerySet:
    """(consent id, school or organisation id, kind) of the schools ("s"), organisations ("o") and organisations
    withheld from ("w") the consents name, in one query."""
    named = [
        through.objects.filter(consent_id__in=consent_ids).annotate(kind=Value(kind))
        .values_list("consent_id", column, "kind").order_by()
        for through, column, kind in (
            (Consent.schools.through, "school_id", "s"),
            (Consent.organisations.through, "organisation_id", "o"),
            (Consent.withheld_from.through, "organisation_id", "w"),
        )
    ]
    return named[0].union(*named[1:], all=True)


_NAMED = PreparedQuery(_named_of, consent_ids=list)


def consents_valid_many(*, pupil_ids: list[int], purposes: list[str], on: date | None = None,
                         full: bool = True) -> ValidConsents:
    """The consents valid on `on` of many pupils at once, in the order of `consents_valid` (newest first), with
    what `policy.terms_cover` and `policy.terms_withhold` read: the ids of the named schools and organisations,
    read for all of them in one query (a case list checks dozens of consents on every page). Not `full`: the
    consents with only DECIDING_FIELDS read (the rest deferred), to decide access without showing them."""
    on = on or timezone.localdate()
    found: dict[tuple[int, str], list[Consent]] = {}
    consents = _valid_of_pupils(tuple(purposes), full).fetch(pupil_ids=sorted(set(pupil_ids)), on=on)
    for consent in consents:
        found.setdefault((consent.pupil_id, consent.purpose), []).append(consent)
    ids: dict[str, dict[int, set[int]]] = {"s": {}, "o": {}, "w": {}}
    if consents:
        for consent_id, target_id, kind in _NAMED.fetch(consent_ids=[c.pk for c in consents]):
            ids[kind].setdefault(consent_id, set()).add(target_id)
    terms = {
        c.pk: policy.Terms(
            schools=frozenset(ids["s"].get(c.pk, ())), organisations=frozenset(ids["o"].get(c.pk, ())),
            roles=frozenset(c.roles or []), withheld_sections=tuple(c.withheld_sections or ()),
            withheld_from=frozenset(ids["w"].get(c.pk, ())),
        )
        for c in consents
    }
    return ValidConsents(consents=found, terms=terms)


def consent_covering(*, pupil: Pupil, purpose: str, places: list[policy.Place], on: date | None = None
                     ) -> Consent | None:
    """A consent valid on `on` for `purpose` that names one of the places, or None."""
    return next((c for c in consents_valid(pupil=pupil, purpose=purpose, on=on) if policy.covers(c, places)), None)


@dataclass(frozen=True)
class ConsentStatus:
    label: str
    badge: str  # success | warning | danger | neutral


def consent_status(consent: Consent, on: date | None = None) -> ConsentStatus:
    on = on or timezone.localdate()
    if consent.withdrawn_at is not None:
        return ConsentStatus(_("ingetrokken op %(date)s") % {
            "date": date_format(timezone.localtime(consent.withdrawn_at), "j F Y")}, "danger")
    if consent.reask_on is not None and on >= consent.reask_on:
        return ConsentStatus(_("opnieuw vragen: de leerling is %(age)s geworden") % {
            "age": policy.age_on(consent.pupil.birth_date, consent.reask_on)}, "warning")
    if consent.valid_until is not None and on > consent.valid_until:
        return ConsentStatus(_("verlopen op %(date)s") % {"date": date_format(consent.valid_until, "j F Y")},
                             "neutral")
    if on < consent.valid_from:
        return ConsentStatus(_("geldig vanaf %(date)s") % {"date": date_format(consent.valid_from, "j F Y")},
                             "neutral")
    ends = [d for d in (consent.valid_until, consent.reask_on and consent.reask_on - timedelta(days=1)) if d]
    if not ends:
        return ConsentStatus(_("geldig"), "success")
    return ConsentStatus(_("geldig tot en met %(date)s") % {"date": date_format(min(ends), "j F Y")}, "success")


@dataclass(frozen=True)
class ConsentRow:
    consent: Consent
    status: ConsentStatus


@dataclass(frozen=True)
class PupilConsents:
    pupil: Pupil
    rows: list[ConsentRow]
    guardians: list[Guardian]
    may_record: bool
    age: int


def pupil_consents(*, user: User, pupil_uuid: UUID) -> PupilConsents:
    """The consents of one pupil, for someone who may see them; logged (allowed and refused)."""
    pupil = Pupil.objects.filter(uuid=pupil_uuid).first()
    if pupil is None or not can_view_consents(user, pupil):
        access_log_write(
            user=user, event_type="consent.list", action=Action.READ, object_type="consent",
            object_ids=[(str(pupil_uuid), pupil.uuid if pupil else None)], outcome=Outcome.REFUSED, purpose=PURPOSE,
            authorisation="geen relatie met de leerling",
        )
        raise Http404
    consents = list(_with_relations(pupil.consents.select_related("recorded_by", "pupil")))
    access_log_write(
        user=user, event_type="consent.list", action=Action.READ, object_type="consent",
        object_ids=[(str(pupil.uuid), pupil.uuid)], purpose=PURPOSE,
        authorisation="relatie met de leerling (casus of school)",
    )
    return PupilConsents(
        pupil=pupil, rows=[ConsentRow(c, consent_status(c)) for c in consents],
        guardians=list(pupil.guardians.filter(has_authority=True).order_by("family_name", "given_name")),
        may_record=can_record_consent(user, pupil), age=policy.age_on(pupil.birth_date, timezone.localdate()),
    )


def consent_get(*, user: User, uuid: UUID) -> Consent:
    """One consent that the user may withdraw (logged when refused)."""
    consent = _with_relations(Consent.objects.select_related("pupil")).filter(uuid=uuid).first()
    if consent is None or not can_record_consent(user, consent.pupil):
        access_log_write(
            user=user, event_type="consent.view", action=Action.READ, object_type="consent",
            object_ids=[(str(uuid), consent.pupil.uuid if consent else None)], outcome=Outcome.REFUSED,
            purpose=PURPOSE, authorisation="geen relatie met de leerling",
        )
        raise Http404
    access_log_write(
        user=user, event_type="consent.view", action=Action.READ, object_type="consent",
        object_ids=[(str(consent.uuid), consent.pupil.uuid)], purpose=PURPOSE,
        authorisation="relatie met de leerling (casus of school)",
    )
    return consent


def consent_registry(*, user: User, limit: int = 200) -> list[ConsentRow]:
    """For the privacy officer: the latest consents of pupils of the schools the officer works for; logged."""
    consents = list(
        _with_relations(
            Consent.objects.filter(pupil__in=pupils_visible_to(user=user)).select_related("pupil", "recorded_by")
        ).order_by("-created", "-pk")[:limit]
    )
    if consents:
        access_log_write(
            user=user, event_type="consent.registry", action=Action.READ, object_type="consent",
            object_ids=[(str(c.uuid), c.pupil.uuid) for c in consents], purpose="toestemmingsregister",
            authorisation="functionaris gegevensbescherming met een relatie met de school",
        )
    return [ConsentRow(c, consent_status(c)) for c in consents]


def consents_to_reask(*, on: date, within_days: int) -> QuerySet[Consent]:
    """Valid consents whose pupil turns 12 or 16 within `within_days` days: ask again in time (system level)."""
    return (
        Consent.objects.filter(policy.valid_on_q(on), reask_on__lte=on + timedelta(days=within_days))
        .select_related("pupil", "recorded_by")
        .prefetch_related(Prefetch("pupil__guardians"))
    )
