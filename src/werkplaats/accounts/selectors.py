"""Which school locations and municipalities a user works for: the base of every access decision."""

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from werkplaats.organisations.models import Municipality, School

from .models import AGGREGATE_ONLY_ROLES, Membership, Role, User


def memberships_active(*, user: User, on: date | None = None) -> QuerySet[Membership]:
    on = on or timezone.localdate()
    return (
        Membership.objects.filter(user=user)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
    )


def user_roles(*, user: User) -> set[str]:
    cached = getattr(user, "_roles", None)
    if cached is None:
        cached = set(memberships_active(user=user).values_list("role", flat=True)) if user.is_authenticated else set()
        user._roles = cached  # type: ignore[attr-defined]
    return cached


def pupil_memberships(*, user: User) -> QuerySet[Membership]:
    """Memberships that give access to individual pupils (never policy or admin roles)."""
    return memberships_active(user=user).exclude(role__in=AGGREGATE_ONLY_ROLES)


def schools_for_user(*, user: User) -> QuerySet[School]:
    """School locations where the user works: as staff of the school, or through an organisation that
    works there. Policy and admin roles get none."""
    if not user.is_authenticated:
        return School.objects.none()
    memberships = pupil_memberships(user=user).exclude(role=Role.ATTENDANCE_OFFICER)
    return School.objects.filter(
        Q(pk__in=memberships.filter(school__isnull=False).values("school"))
        | Q(partners__in=memberships.filter(organisation__isnull=False).values("organisation"))
    ).distinct()


def attendance_municipalities_for_user(*, user: User) -> QuerySet[Municipality]:
    """Municipalities whose resident pupils an attendance officer follows."""
    if not user.is_authenticated:
        return Municipality.objects.none()
    memberships = pupil_memberships(user=user).filter(role=Role.ATTENDANCE_OFFICER, organisation__isnull=False)
    return Municipality.objects.filter(pk__in=memberships.values("organisation__municipality"))
