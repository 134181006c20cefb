"""Reads of pupils, all through the access layer. Every function that returns personal data writes
access-log entries in the same transaction; a missing and a forbidden pupil both raise Http404."""

from dataclasses import dataclass
from datetime import date
from typing import Any, NoReturn
from uuid import UUID

from django.db.models import Count, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from werkplaats.accounts.models import User
from werkplaats.accounts.selectors import AccessScope, access_scope, memberships_today
from werkplaats.arrangements.models import Indication
from werkplaats.audit.services import Action, LoggedObject, Outcome, access_log_write, access_log_write_each
from werkplaats.core.prepared import PreparedQuery, prepared_shape
from werkplaats.organisations.models import Municipality, School

from .models import Enrolment, Guardian, Pupil
from .permissions import can_export_pupil, can_view_pupil_access_log

AUTHORISATION_RELATIONSHIP = "relatie met de school van de leerling (lidmaatschap met rol)"
AUTHORISATION_MUNICIPALITY = "leerplicht: leerling woont in de gemeente van de gebruiker"


# The list's order: the family name (the enrolment's copy of it, so that one school's page is read in the order
# of the index on school, name and id), then the enrolment.
BY_NAME = ("pupil_family_name", "pk")


def _active_on(on: date) -> Q:
    """Enrolments current on `on`, or starting later (pupils who are already registered)."""
    return Q(enrolled_until__isnull=True) | Q(enrolled_until__gte=on)


def enrolments_visible_to(*, user: User, on: date | None = None) -> QuerySet[Enrolment]:
    """The enrolments a user may see. Not logged: callers that return pupil data log what they show."""
    scope = access_scope(user=user)
    if scope.is_empty:
        return Enrolment.objects.none()
    on = on or timezone.localdate()
    visible = Q(school_id__in=sorted(scope.school_ids)) if scope.school_ids else Q(pk__in=[])
    for school_id, groups in sorted(scope.group_restrictions.items()):
        visible |= Q(school_id=school_id, group__in=sorted(groups))
    if scope.municipality_ids:
        visible |= Q(pupil__home_municipality_id__in=sorted(scope.municipality_ids))
    return Enrolment.objects.filter(visible).filter(_active_on(on))


def sees_enrolment(scope: AccessScope, enrolment: Enrolment, home_municipality_id: int | None, on: date) -> bool:
    """Whether an enrolment already read is one of `enrolments_visible_to` (the same rules, in Python): for a
    page that reads a few pupils' enrolments anyway and would otherwise ask the database again."""
    if enrolment.enrolled_until is not None and enrolment.enrolled_until < on:
        return False
    return (
        enrolment.school_id in scope.school_ids
        or enrolment.group in scope.group_restrictions.get(enrolment.school_id, ())
        or home_municipality_id in scope.municipality_ids
    )


def pupils_visible_to(*, user: User, on: date | None = None) -> QuerySet[Pupil]:
    """Pupils the user may see (not logged; see enrolments_visible_to)."""
    return Pupil.objects.filter(pk__in=enrolments_visible_to(user=user, on=on).values("pupil_id"))


def _authorisation_for(user: User) -> str:
    scope = access_scope(user=user)
    if scope.municipality_ids and not (scope.school_ids or scope.group_restrictions):
        return AUTHORISATION_MUNICIPALITY
    return AUTHORISATION_RELATIONSHIP


# What a row of the pupil list (page, API, privacy officer's search) shows; nothing more is fetched.
LIST_FIELDS = (
    "pupil_number", "group", "pupil__uuid", "pupil__given_name", "pupil__family_name", "pupil__birth_date",
    "school__uuid", "school__code", "school__name",
)


@dataclass(frozen=True)
class PupilPage:
    rows: list[Enrolment]
    next_cursor: str | None


def _list_page(enrolments: QuerySet[Enrolment], *, group: str, after: int | None, limit: int) -> QuerySet[Enrolment]:
    """The list's columns and order, the group filter and the cursor, on enrolments already filtered."""
    enrolments = enrolments.select_related("pupil", "school").only(*LIST_FIELDS)
    if group:
        enrolments = enrolments.filter(group=group)
    if after is not None:
        last_name = Subquery(Enrolment.objects.filter(pk=after).values("pupil_family_name")[:1])
        enrolments = enrolments.filter(
            Q(pupil_family_name__gt=last_name) | Q(pupil_family_name=last_name, pk__gt=after)
        )
    return enrolments.order_by(*BY_NAME)[: limit + 1]


def _of_school(school_uuid: UUID) -> Q:
    """Enrolments at one school, the school's id found first: PostgreSQL then reads the school's page from the
    index in name order (joined to the school by uuid, it would sort all the school's enrolments)."""
    return Q(school_id=Subquery(School.objects.filter(uuid=school_uuid).values("pk")))


def _whole_school_page(
    user: User, school_uuid: UUID, group: str, after: int | None, limit: int
) -> list[Enrolment] | None:
    """The page for a user who sees the whole school (the usual case: staff and partners of the school), by a
    prepared query over the school's current enrolments, per shape (with a group, with a cursor, its length);
    None when the user sees only part of it (teachers' groups, residents of a municipality): the access layer's
    query decides those."""
    query = prepared_shape(
        ("pupils.school_page", bool(group), after is not None, limit),
        lambda school_uuid, on, group="", after=None: _list_page(
            Enrolment.objects.filter(_of_school(school_uuid)).filter(_active_on(on)),
            group=group,
            after=after,
            limit=limit,
        ),
        school_uuid=UUID,
        on=date,
        **({"group": str} if group else {}),
        **({"after": int} if after is not None else {}),
    )
    values = {"group": group} if group else {}
    values |= {"after": after} if after is not None else {}
    rows = query.fetch(school_uuid=school_uuid, on=timezone.localdate(), **values)
    if rows and rows[0].school_id not in access_scope(user=user).school_ids:
        return None
    return rows


def pupil_list(
    *,
    user: User,
    school_uuid: UUID | None = None,
    group: str = "",
    query: str = "",
    after: str | None = None,
    limit: int = 50,
    purpose: str = "leerlingenoverzicht",
) -> PupilPage:
    """A page of enrolments with their pupils, ordered by name, keyset-paginated on (name, id). The cursor
    is the last row's enrolment id, so that no name ever travels in a URL or a form."""
    cursor = int(after) if after and after.isdigit() else None
    rows = _whole_school_page(user, school_uuid, group, cursor, limit) if school_uuid and not query else None
    if rows is None:
        enrolments = enrolments_visible_to(user=user)
        if school_uuid:
            enrolments = enrolments.filter(_of_school(school_uuid))
        for word in query.split():
            enrolments = enrolments.filter(
                Q(pupil__family_name__icontains=word) | Q(pupil__given_name__icontains=word) | Q(pupil_number=word)
            )
        rows = list(_list_page(enrolments, group=group, after=cursor, limit=limit))
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = str(rows[-1].pk)
    access_log_write(
        user=user,
        event_type="pupil.search" if query else "pupil.list",
        action=Action.READ,
        object_type="pupil",
        object_ids=[(str(row.pupil.uuid), row.pupil.uuid) for row in rows],
        purpose=purpose,
        authorisation=_authorisation_for(user),
    )
    return PupilPage(rows=rows, next_cursor=next_cursor)


def pupil_get(*, user: User, uuid: UUID, purpose: str = "leerlingdossier", event_type: str = "pupil.view") -> Pupil:
    """One pupil the user may see; logs the access, allowed or refused, and raises Http404 when refused."""
    pupil = pupils_visible_to(user=user).filter(uuid=uuid).select_related("home_municipality", "family").first()
    if pupil is None:
        _refuse(user=user, uuid=uuid, purpose=purpose, event_type=event_type)
    access_log_write(
        user=user,
        event_type=event_type,
        action=Action.READ,
        object_type="pupil",
        object_ids=[(str(pupil.uuid), pupil.uuid)],
        purpose=purpose,
        authorisation=_authorisation_for(user),
    )
    return pupil


def _refuse(*, user: User, uuid: UUID, purpose: str, event_type: str, exists: bool | None = None) -> NoReturn:
    """Log a refused read of a pupil (with its uuid only when the pupil exists) and raise Http404."""
    if exists is None:
        exists = Pupil.objects.filter(uuid=uuid).exists()
    access_log_write(
        user=user,
        event_type=event_type,
        action=Action.READ,
        object_type="pupil",
        object_ids=[(str(uuid), uuid if exists else None)],
        outcome=Outcome.REFUSED,
        purpose=purpose,
        authorisation="geen relatie met de leerling",
    )
    raise Http404


@dataclass(frozen=True)
class EnrolmentCount:
    school_uuid: UUID
    school_name: str
    group: str
    pupils: int


def enrolment_counts(*, user: User, by_group: bool = False) -> list[EnrolmentCount]:
    """How many pupils the user may see per school location (and per group): counts only, no personal
    data, so not logged. The start page and the filters of the pupils list use them."""
    fields = ["school__uuid", "school__name", *(["group"] if by_group else [])]
    rows = (
        enrolments_visible_to(user=user)
        .values(*fields)
        .annotate(pupils=Count("pupil", distinct=True))
        .order_by(*fields)
    )
    return [
        EnrolmentCount(
            school_uuid=row["school__uuid"],
            school_name=row["school__name"],
            group=row.get("group", ""),
            pupils=row["pupils"],
        )
        for row in rows
    ]


@dataclass(frozen=True)
class FilterChoices:
    schools: list[tuple[UUID, str]]
    groups: list[str]


_SCHOOL_GROUPS = PreparedQuery(
    lambda school_uuid, on: (
        Enrolment.objects.filter(school__uuid=school_uuid).filter(_active_on(on)).values_list("group").distinct()
    ),
    school_uuid=UUID,
    on=date,
)


def pupil_filter_choices(*, user: User, school_uuid: UUID | None = None) -> FilterChoices:
    """The schools the user may see pupils of, and the groups of the chosen school (or of the only
    school): no personal data, so not logged. Cheap at any size: no counting over pupils."""
    scope = access_scope(user=user)
    school_ids = scope.school_ids | scope.group_restrictions.keys()
    known = {m.school_id: m.school for m in memberships_today(user=user) if m.school_id in school_ids}
    others = School.objects.filter(pk__in=sorted(school_ids - known.keys())) if school_ids - known.keys() else []
    schools = sorted(((s.uuid, s.name) for s in [*known.values(), *others]), key=lambda school: school[1].casefold())
    ids = {s.uuid: s.pk for s in [*known.values(), *others]}
    groups: list[str] = []
    if school_uuid is None and len(schools) == 1:
        school_uuid = schools[0][0]
    if school_uuid is not None and ids.get(school_uuid) in scope.school_ids:  # the whole school
        groups = sorted({group for (group,) in _SCHOOL_GROUPS.fetch(school_uuid=school_uuid, on=timezone.localdate())})
    elif school_uuid is not None:
        groups = sorted(
            set(
                enrolments_visible_to(user=user)
                .filter(school__uuid=school_uuid)
                .values_list("group", flat=True)
                .distinct()
            )
        )
    return FilterChoices(schools=schools, groups=groups)


@dataclass(frozen=True)
class MunicipalityCount:
    code: str
    name: str
    pupils: int


def resident_counts(*, user: User) -> list[MunicipalityCount]:
    """For an attendance officer: how many pupils live in each of the officer's municipalities (counts only)."""
    rows = (
        pupils_visible_to(user=user)
        .filter(home_municipality_id__in=sorted(access_scope(user=user).municipality_ids))
        .values("home_municipality__code", "home_municipality__name")
        .annotate(pupils=Count("pk"))
        .order_by("home_municipality__name")
    )
    return [
        MunicipalityCount(
            code=row["home_municipality__code"], name=row["home_municipality__name"], pupils=row["pupils"]
        )
        for row in rows
    ]


EXPORT_PURPOSE = "recht op inzage (AVG artikel 15)"


def pupil_export(*, user: User, uuid: UUID) -> dict[str, Any]:
    """All data Werkplaats holds about one pupil, for a right-of-access request handled by a privacy
    officer: the pupil, all enrolments, guardians, family links (siblings by uuid only: they are other
    people) and youth-care indications matched by BSN hash (the BSN itself is never stored). Logged as
    an export (action E); refused and missing both raise Http404 after logging the refusal."""
    pupil = Pupil.objects.filter(uuid=uuid).select_related("home_municipality", "family").first()
    if pupil is None or not can_export_pupil(user, pupil):
        access_log_write(
            user=user,
            event_type="pupil.export",
            action=Action.EXECUTE,
            object_type="pupil",
            object_ids=[(str(uuid), uuid if pupil else None)],
            outcome=Outcome.REFUSED,
            purpose=EXPORT_PURPOSE,
            authorisation="geen functionaris gegevensbescherming met een relatie met de leerling",
        )
        raise Http404
    access_log_write(
        user=user,
        event_type="pupil.export",
        action=Action.EXECUTE,
        object_type="pupil",
        object_ids=[(str(pupil.uuid), pupil.uuid)],
        purpose=EXPORT_PURPOSE,
        authorisation="functionaris gegevensbescherming met een relatie met de school van de leerling",
    )
    siblings = (
        Pupil.objects.filter(family_id=pupil.family_id).exclude(pk=pupil.pk).order_by("birth_date")
        if pupil.family_id
        else Pupil.objects.none()
    )
    indications = (
        Indication.objects.filter(bsn_hash=pupil.bsn_hash).select_related("municipality", "product").order_by("start")
        if pupil.bsn_hash
        else Indication.objects.none()
    )
    return {
        "pupil": {
            "uuid": pupil.uuid,
            "given_name": pupil.given_name,
            "family_name": pupil.family_name,
            "birth_date": pupil.birth_date,
            "home_municipality": _municipality(pupil.home_municipality),
            "has_bsn_link": bool(pupil.bsn_hash),
            "created": pupil.created,
            "updated": pupil.updated,
        },
        "enrolments": [
            {
                "uuid": e.uuid,
                "school": {"uuid": e.school.uuid, "code": e.school.code, "name": e.school.name},
                "pupil_number": e.pupil_number,
                "group": e.group,
                "enrolled_from": e.enrolled_from,
                "enrolled_until": e.enrolled_until,
            }
            for e in pupil.enrolments.select_related("school").order_by("enrolled_from", "pk")
        ],
        "guardians": [
            {
                "uuid": g.uuid,
                "given_name": g.given_name,
                "family_name": g.family_name,
                "relation": g.relation,
                "has_authority": g.has_authority,
                "phone": g.phone,
                "email": g.email,
            }
            for g in pupil.guardians.order_by("family_name", "given_name", "pk")
        ],
        "family": {
            "uuid": pupil.family.uuid if pupil.family else None,
            "siblings": [sibling.uuid for sibling in siblings],
        },
        "youth_care_indications": [
            {
                "uuid": i.uuid,
                "municipality": _municipality(i.municipality),
                "provider_code": i.provider_code,
                "product_category": {"code": i.product.code, "name": i.product.name},
                "start": i.start,
                "end": i.end,
                "referrer": i.referrer,
                "amount": i.amount,
            }
            for i in indications
        ],
    }


def _municipality(municipality: Municipality) -> dict[str, str]:
    return {"code": municipality.code, "name": municipality.name}


@dataclass(frozen=True)
class PupilDossier:
    pupil: Pupil
    enrolments: list[Enrolment]
    guardians: list[Guardian]
    siblings: list[Pupil]
    hidden_siblings: int
    may_view_access_log: bool

    @property
    def sibling_uuids(self) -> list[UUID]:
        return [sibling.uuid for sibling in self.siblings]


def _family_of(uuid: UUID) -> Q:
    """The pupil with this uuid and the other children of its family."""
    return Q(uuid=uuid) | Q(family_id=Subquery(Pupil.objects.filter(uuid=uuid).values("family_id")[:1]))


# The pupil page's reads, compiled once (core.prepared): every pupil page runs them.
_FAMILY = PreparedQuery(
    lambda uuid: (
        Pupil.objects.filter(_family_of(uuid)).select_related("home_municipality").order_by("birth_date", "pk")
    ),
    uuid=UUID,
)
_FAMILY_ENROLMENTS = PreparedQuery(
    lambda uuid: (
        Enrolment.objects.filter(pupil__in=Pupil.objects.filter(_family_of(uuid)).values("pk")).select_related("school")
    ),
    uuid=UUID,
)
_GUARDIANS = PreparedQuery(
    lambda pupil_id: Guardian.objects.filter(pupils=pupil_id).order_by("family_name", "given_name", "pk"),
    pupil_id=int,
)


def pupil_dossier(*, user: User, uuid: UUID, purpose: str = "leerlingdossier") -> PupilDossier:
    """What the pupil page and the API show: the pupil, the enrolments the user may see, guardians, the
    siblings the user may see and how many siblings stay hidden (no names). The pupil and its family come
    in one query and all their enrolments in a second; which of them the user may see is decided on those rows
    by `sees_enrolment`. The pupil and the visible siblings are logged in one statement, the siblings for the
    gezinsaanpak. A pupil the user may not see is refused as in `pupil_get`."""
    people = _FAMILY.fetch(uuid=uuid)
    enrolments = _FAMILY_ENROLMENTS.fetch(uuid=uuid) if people else []
    scope, on = access_scope(user=user), timezone.localdate()
    homes = {person.pk: person.home_municipality_id for person in people}
    seen = [e for e in enrolments if sees_enrolment(scope, e, homes[e.pupil_id], on)]
    visible = {e.pupil_id for e in seen}
    pupil = next((person for person in people if person.uuid == uuid), None)
    if pupil is None or pupil.pk not in visible:
        _refuse(user=user, uuid=uuid, purpose=purpose, event_type="pupil.view", exists=pupil is not None)
    # Every enrolment of the pupil at a school where the user sees the pupil now, former ones included.
    schools = {e.school_id for e in seen if e.pupil_id == pupil.pk}
    pupil_enrolments = sorted(
        (e for e in enrolments if e.pupil_id == pupil.pk and e.school_id in schools),
        key=lambda e: (e.enrolled_from, e.pk),
        reverse=True,
    )
    siblings = [person for person in people if person.pk in visible and person is not pupil]
    authorisation = _authorisation_for(user)
    access_log_write_each(
        user=user,
        event_type="pupil.view",
        action=Action.READ,
        object_type="pupil",
        purpose=purpose,
        objects=[
            LoggedObject(str(pupil.uuid), pupil.uuid, authorisation),
            *(
                LoggedObject(
                    str(sibling.uuid), sibling.uuid, authorisation, event_type="pupil.view_sibling",
                    purpose="gezinsaanpak",
                )
                for sibling in siblings
            ),
        ],
    )
    return PupilDossier(
        pupil=pupil,
        enrolments=pupil_enrolments,
        guardians=_GUARDIANS.fetch(pupil_id=pupil.pk),
        siblings=siblings,
        hidden_siblings=len(people) - 1 - len(siblings),
        may_view_access_log=can_view_pupil_access_log(user, pupil),
    )
