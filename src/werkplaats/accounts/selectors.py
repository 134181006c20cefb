"""Which school locations and municipalities a user works for: the base of every access decision."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from werkplaats.core import request_cache
from werkplaats.core.prepared import PreparedQuery
from werkplaats.organisations.models import Municipality, School

from .models import AGGREGATE_ONLY_ROLES, Membership, Role, User


def memberships_active(*, user: User, on: date | None = None) -> QuerySet[Membership]:
    return _valid_on(Membership.objects.filter(user=user), on)


def memberships_active_of(*, user_ids: list[int], on: date | None = None) -> QuerySet[Membership]:
    """`memberships_active` of several users at once."""
    return _valid_on(Membership.objects.filter(user__in=user_ids), on)


def _valid_on(memberships: QuerySet[Membership], on: date | None) -> QuerySet[Membership]:
    on = on or timezone.localdate()
    return memberships.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on))


# Every request of a signed-in user runs it: compiled once (see core.prepared).
_MEMBERSHIPS_ON = PreparedQuery(
    lambda user_id, on: memberships_active(user=User(pk=user_id), on=on)
    .select_related("school", "organisation")
    .order_by("id"),
    user_id=int,
    on=date,
)


def memberships_today(*, user: User) -> list[Membership]:
    """The user's memberships valid today with their school and organisation: one query per request,
    shared by the roles, the access scope and the access log's description of the actor."""
    if not user.is_authenticated:
        return []
    return request_cache.memoise(
        ("memberships_today", user.pk),
        lambda: _MEMBERSHIPS_ON.fetch(user_id=user.pk, on=timezone.localdate()),
    )


def user_roles(*, user: User) -> set[str]:
    cached = getattr(user, "_roles", None)
    if cached is None:
        cached = {membership.role for membership in memberships_today(user=user)}
        user._roles = cached  # type: ignore[attr-defined]
    return cached


def pupil_memberships(*, user: User) -> QuerySet[Membership]:
    """Memberships that give access to individual pupils (never policy or admin roles)."""
    return memberships_active(user=user).exclude(role__in=AGGREGATE_ONLY_ROLES)


@dataclass(frozen=True)
class AccessScope:
    """Where a user's relationships reach, as plain ids, so every pupil query filters on indexed
    columns: whole school locations, school locations limited to some groups (teachers), and the
    municipalities whose resident pupils an attendance officer follows."""

    school_ids: frozenset[int] = frozenset()
    group_restrictions: dict[int, frozenset[str]] = field(default_factory=dict)
    municipality_ids: frozenset[int] = frozenset()

    @property
    def is_empty(self) -> bool:
        return not (self.school_ids or self.group_restrictions or self.municipality_ids)


def access_scope(*, user: User) -> AccessScope:
    """The user's access scope today (two small queries, once per request); empty for anonymous users
    and aggregate roles."""
    if not user.is_authenticated:
        return AccessScope()
    return request_cache.memoise(("access_scope", user.pk), lambda: _access_scope(user))


def _access_scope(user: User) -> AccessScope:
    school_ids: set[int] = set()
    groups: dict[int, set[str]] = {}
    organisation_ids: set[int] = set()
    municipality_ids: set[int] = set()
    for membership in memberships_today(user=user):
        if membership.role in AGGREGATE_ONLY_ROLES:
            continue
        if membership.role == Role.ATTENDANCE_OFFICER:
            if membership.organisation and membership.organisation.municipality_id:
                municipality_ids.add(membership.organisation.municipality_id)
        elif membership.school_id and membership.role == Role.TEACHER and membership.groups:
            groups.setdefault(membership.school_id, set()).update(membership.groups)
        elif membership.school_id:
            school_ids.add(membership.school_id)
        elif membership.organisation_id:
            organisation_ids.add(membership.organisation_id)
    if organisation_ids:
        school_ids.update(
            School.partners.through.objects.filter(organisation_id__in=organisation_ids).values_list(
                "school_id", flat=True
            )
        )
    return AccessScope(
        school_ids=frozenset(school_ids),
        group_restrictions={s: frozenset(g) for s, g in groups.items() if s not in school_ids},
        municipality_ids=frozenset(municipality_ids),
    )


def schools_for_user(*, user: User) -> QuerySet[School]:
    """School locations where the user works: as staff of the school, or through an organisation that
    works there. Policy and admin roles get none."""
    scope = access_scope(user=user)
    return School.objects.filter(pk__in=sorted(scope.school_ids | scope.group_restrictions.keys()))


def attendance_municipalities_for_user(*, user: User) -> QuerySet[Municipality]:
    """Municipalities whose resident pupils an attendance officer follows."""
    return Municipality.objects.filter(pk__in=sorted(access_scope(user=user).municipality_ids))
