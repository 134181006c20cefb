"""Reads of the regional registry: municipalities, partnerships, school boards, school locations,
organisations and the professionals who work there. Registry data is not pupil data: any logged-in user
may read it, and reading it is not logged."""

from dataclasses import dataclass
from uuid import UUID

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from werkplaats.accounts.models import Membership, User

from .models import Municipality, Organisation, Partnership, School

PAGE_SIZE = 50


def _memberships_current() -> QuerySet[Membership]:
    """Memberships of all users valid today (accounts.selectors.memberships_active does this per user)."""
    today = timezone.localdate()
    return Membership.objects.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today)).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )


def municipality_list() -> QuerySet[Municipality]:
    """Municipalities of the region first, then those known from imports; with their school counts."""
    return Municipality.objects.annotate(school_count=Count("schools")).order_by("-in_region", "name")


def partnership_list() -> QuerySet[Partnership]:
    return (
        Partnership.objects.annotate(school_count=Count("schools"))
        .prefetch_related(Prefetch("municipalities", queryset=Municipality.objects.order_by("name")))
        .order_by("code")
    )


def school_board_list() -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(kind=Organisation.Kind.SCHOOL_BOARD)
        .annotate(school_count=Count("board_schools"))
        .order_by("name")
    )


@dataclass(frozen=True)
class SchoolFilter:
    type: str = ""
    municipality: UUID | None = None
    partnership: UUID | None = None


def school_list(*, school_filter: SchoolFilter = SchoolFilter(), page: int | str = 1) -> Page:
    """School locations by name, 50 a page; filtered by type, municipality (where the school is or its
    contact municipality) and partnership."""
    schools = School.objects.select_related("municipality", "contact_municipality", "partnership")
    if school_filter.type:
        schools = schools.filter(type=school_filter.type)
    if school_filter.municipality:
        schools = schools.filter(
            Q(municipality__uuid=school_filter.municipality) | Q(contact_municipality__uuid=school_filter.municipality)
        )
    if school_filter.partnership:
        schools = schools.filter(partnership__uuid=school_filter.partnership)
    return Paginator(schools.order_by("name", "pk"), PAGE_SIZE).get_page(page)


def school_filter_choices() -> dict[str, list[tuple[str, str]]]:
    """The options of the school filters: types, municipalities with schools, partnerships."""
    municipalities = Municipality.objects.filter(Q(schools__isnull=False) | Q(in_region=True)).distinct()
    return {
        "types": list(School.Type.choices),
        "municipalities": [(str(m.uuid), m.name) for m in municipalities.order_by("name")],
        "partnerships": [(str(p.uuid), f"{p.code} {p.name}") for p in Partnership.objects.order_by("code")],
    }


@dataclass(frozen=True)
class SchoolDetail:
    school: School
    partners: list[Organisation]
    memberships: list[Membership]


def school_get(*, uuid: UUID) -> SchoolDetail:
    """One school location with its partner organisations and the professionals working there: staff of
    the school itself and the people of the partner organisations."""
    school = (
        School.objects.select_related("municipality", "contact_municipality", "partnership", "board")
        .filter(uuid=uuid)
        .first()
    )
    if school is None:
        raise Http404
    partners = list(school.partners.order_by("kind", "name"))
    memberships = list(
        _memberships_current()
        .filter(Q(school=school) | Q(organisation__in=partners))
        .filter(user__is_active=True)
        .select_related("user", "school", "organisation")
        .order_by("user__last_name", "user__first_name", "role")
    )
    return SchoolDetail(school=school, partners=partners, memberships=memberships)


def organisation_kinds() -> list[tuple[str, str, int]]:
    """Kinds of organisation with how many of each there are (school boards have their own page)."""
    counts = dict(Organisation.objects.values_list("kind").annotate(n=Count("pk")).order_by())
    return [(kind, label, counts.get(kind, 0)) for kind, label in Organisation.Kind.choices]


def organisation_list(*, kind: str = "") -> QuerySet[Organisation]:
    organisations = Organisation.objects.select_related("municipality", "partnership").annotate(
        school_count=Count("partner_schools", distinct=True) + Count("board_schools", distinct=True)
    )
    if kind:
        organisations = organisations.filter(kind=kind)
    return organisations.order_by("name", "pk")


@dataclass(frozen=True)
class OrganisationDetail:
    organisation: Organisation
    schools: list[School]
    memberships: list[Membership]


def organisation_get(*, uuid: UUID) -> OrganisationDetail:
    organisation = Organisation.objects.select_related("municipality", "partnership").filter(uuid=uuid).first()
    if organisation is None:
        raise Http404
    schools = list(
        School.objects.filter(Q(partners=organisation) | Q(board=organisation))
        .select_related("municipality")
        .distinct()
        .order_by("name")
    )
    memberships = list(
        _memberships_current()
        .filter(organisation=organisation, user__is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "role")
    )
    return OrganisationDetail(organisation=organisation, schools=schools, memberships=memberships)


def professional_list(*, role: str = "", page: int | str = 1) -> Page:
    """Users with at least one current membership, with their roles and where they work; by name."""
    current = _memberships_current().select_related("school", "organisation").order_by("role")
    users = User.objects.filter(is_active=True, pk__in=current.values("user"))
    if role:
        users = users.filter(pk__in=current.filter(role=role).values("user"))
    users = users.prefetch_related(Prefetch("memberships", queryset=current, to_attr="current_memberships"))
    return Paginator(users.order_by("last_name", "first_name", "pk"), PAGE_SIZE).get_page(page)
