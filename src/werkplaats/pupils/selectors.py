"""Reads of pupils, all through the access layer. Every function that returns personal data writes
access-log entries in the same transaction; a missing and a forbidden pupil both raise Http404."""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from werkplaats.accounts.models import Role, User
from werkplaats.accounts.selectors import attendance_municipalities_for_user, pupil_memberships, schools_for_user
from werkplaats.audit.services import Action, Outcome, access_log_write

from .models import Enrolment, Pupil

AUTHORISATION_RELATIONSHIP = "relatie met de school van de leerling (lidmaatschap met rol)"
AUTHORISATION_MUNICIPALITY = "leerplicht: leerling woont in de gemeente van de gebruiker"


def _active_on(on: date) -> Q:
    """Enrolments current on `on`, or starting later (pupils who are already registered)."""
    return Q(enrolled_until__isnull=True) | Q(enrolled_until__gte=on)


def enrolments_visible_to(*, user: User, on: date | None = None) -> QuerySet[Enrolment]:
    """The enrolments a user may see. Not logged: callers that return pupil data log what they show."""
    if not user.is_authenticated:
        return Enrolment.objects.none()
    on = on or timezone.localdate()
    scope = Q(pk__in=[])
    restricted_teacher_schools: dict[int, set[str]] = {}
    for membership in pupil_memberships(user=user).filter(role=Role.TEACHER, school__isnull=False):
        if membership.groups:
            restricted_teacher_schools.setdefault(membership.school_id, set()).update(membership.groups)
    schools = schools_for_user(user=user)
    unrestricted = pupil_memberships(user=user).exclude(role=Role.TEACHER)
    if restricted_teacher_schools and not unrestricted.exists():
        for school_id, groups in restricted_teacher_schools.items():
            scope |= Q(school_id=school_id, group__in=sorted(groups))
        schools = schools.exclude(pk__in=list(restricted_teacher_schools))
    scope |= Q(school__in=schools)
    scope |= Q(pupil__home_municipality__in=attendance_municipalities_for_user(user=user))
    return Enrolment.objects.filter(scope).filter(_active_on(on))


def pupils_visible_to(*, user: User, on: date | None = None) -> QuerySet[Pupil]:
    """Pupils the user may see (not logged; see enrolments_visible_to)."""
    return Pupil.objects.filter(pk__in=enrolments_visible_to(user=user, on=on).values("pupil_id"))


def _authorisation_for(user: User) -> str:
    roles = {m.role for m in pupil_memberships(user=user)}
    if roles == {Role.ATTENDANCE_OFFICER}:
        return AUTHORISATION_MUNICIPALITY
    return AUTHORISATION_RELATIONSHIP


@dataclass(frozen=True)
class PupilPage:
    rows: list[Enrolment]
    next_cursor: str | None


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
    """A page of enrolments with their pupils, ordered by name, keyset-paginated on (name, id)."""
    enrolments = enrolments_visible_to(user=user).select_related("pupil", "school")
    if school_uuid:
        enrolments = enrolments.filter(school__uuid=school_uuid)
    if group:
        enrolments = enrolments.filter(group=group)
    if query:
        for word in query.split():
            enrolments = enrolments.filter(
                Q(pupil__family_name__icontains=word) | Q(pupil__given_name__icontains=word) | Q(pupil_number=word)
            )
    if after:
        family_name, _, raw_id = after.rpartition("|")
        if raw_id.isdigit():
            enrolments = enrolments.filter(
                Q(pupil__family_name__gt=family_name) | Q(pupil__family_name=family_name, pk__gt=int(raw_id))
            )
    rows = list(enrolments.order_by("pupil__family_name", "pk")[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = f"{rows[-1].pupil.family_name}|{rows[-1].pk}"
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
        access_log_write(
            user=user, event_type=event_type, action=Action.READ, object_type="pupil",
            object_ids=[(str(uuid), uuid if Pupil.objects.filter(uuid=uuid).exists() else None)],
            outcome=Outcome.REFUSED, purpose=purpose, authorisation="geen relatie met de leerling",
        )
        raise Http404
    access_log_write(
        user=user, event_type=event_type, action=Action.READ, object_type="pupil",
        object_ids=[(str(pupil.uuid), pupil.uuid)], purpose=purpose, authorisation=_authorisation_for(user),
    )
    return pupil


def pupil_enrolments(*, user: User, pupil: Pupil) -> list[Enrolment]:
    """The enrolments of a pupil that the user may see (the pupil itself was already logged)."""
    visible = enrolments_visible_to(user=user).filter(pupil=pupil).values("school_id")
    return list(pupil.enrolments.select_related("school").filter(school_id__in=visible).order_by("-enrolled_from"))


def pupil_siblings(*, user: User, pupil: Pupil) -> tuple[list[Pupil], int]:
    """Siblings the user may see, and the number of siblings the user may not see (no names)."""
    if pupil.family_id is None:
        return [], 0
    siblings = Pupil.objects.filter(family_id=pupil.family_id).exclude(pk=pupil.pk)
    visible = list(siblings.filter(pk__in=pupils_visible_to(user=user).values("pk")).order_by("birth_date"))
    hidden = siblings.count() - len(visible)
    if visible:
        access_log_write(
            user=user, event_type="pupil.view_sibling", action=Action.READ, object_type="pupil",
            object_ids=[(str(s.uuid), s.uuid) for s in visible], purpose="gezinsaanpak",
            authorisation=_authorisation_for(user),
        )
    return visible, hidden
