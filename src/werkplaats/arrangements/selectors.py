"""Reads of indications and collective arrangements, and the cost allocation of contracts/finance.md.

`pupils_enrolled`, `indications_active` and `indications_of_enrolled` are building blocks for aggregates
(counts per school, per municipality; also used by the monitor): their rows are never shown to a user, so
they are not filtered by the access layer and not logged. Never return them to a view."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from uuid import UUID

from django.core.paginator import Page, Paginator
from django.db.models import Count, DecimalField, ExpressionWrapper, Q, QuerySet, Value
from django.db.models.functions import Cast
from django.http import Http404
from django.utils.translation import gettext as _

from werkplaats.accounts.models import Role, User
from werkplaats.accounts.selectors import memberships_active
from werkplaats.organisations.models import Municipality, Organisation, School
from werkplaats.pupils.models import Pupil

from .allocation import AllocationError, apportion, cents_format
from .models import AllocationKey, CollectiveArrangement, Indication


def pupils_enrolled(*, school: School, on: date) -> QuerySet[Pupil]:
    """Pupils enrolled at `school` on `on`: enrolled_from <= on and (no enrolled_until or enrolled_until >= on)."""
    return Pupil.objects.filter(
        Q(enrolments__enrolled_until__isnull=True) | Q(enrolments__enrolled_until__gte=on),
        enrolments__school=school, enrolments__enrolled_from__lte=on,
    ).distinct()


def indications_active(*, on: date) -> QuerySet[Indication]:
    """Indications active on `on`: start <= on and (no end or end >= on)."""
    return Indication.objects.filter(Q(end__isnull=True) | Q(end__gte=on), start__lte=on)


def indications_of_enrolled(*, school: School, on: date) -> QuerySet[Indication]:
    """Indications active on `on` of the pupils enrolled at `school` on `on` (matched by `bsn_hash`)."""
    hashes = Pupil.objects.filter(pk__in=pupils_enrolled(school=school, on=on).values("pk"), bsn_hash__isnull=False)
    return indications_active(on=on).filter(bsn_hash__in=hashes.values("bsn_hash"))


def allocation_weights(*, school: School, key: str, on: date) -> dict[str, int]:
    """Each municipality's weight (CBS code -> count) under an allocation key; municipalities with weight 0
    are left out.

    - pupils: pupils enrolled on `on`, by home municipality.
    - indicated: pupils enrolled on `on` with an indication active on `on`, by the municipality that pays it.
      A pupil counts once for each distinct paying municipality of their active indications: two active
      indications paid by one municipality count once there; paid by two municipalities, once in each.
    - contact: the school's contact municipality, weight 1: it carries the whole cost.
    """
    if key == AllocationKey.PUPILS:
        rows = (
            Pupil.objects.filter(pk__in=pupils_enrolled(school=school, on=on).values("pk"))
            .values_list("home_municipality__code").annotate(weight=Count("pk")).order_by()
        )
    elif key == AllocationKey.INDICATED:
        # bsn_hash is unique per pupil, so distinct hashes are distinct pupils.
        rows = (
            indications_of_enrolled(school=school, on=on)
            .values_list("municipality__code").annotate(weight=Count("bsn_hash", distinct=True)).order_by()
        )
    elif key == AllocationKey.CONTACT:
        return {school.contact_municipality.code: 1}
    else:
        raise ValueError(key)
    return {code: weight for code, weight in rows if weight}


def cost_allocation(*, school: School, cost_cents: int, key: str, on: date) -> dict[str, Any]:
    """The allocation of contracts/finance.md as its JSON object. Raises AllocationError (Dutch message)
    when every weight is zero."""
    weights = allocation_weights(school=school, key=key, on=on)
    if not weights:
        messages = {
            AllocationKey.PUPILS: _(
                "Op %(on)s staan geen leerlingen ingeschreven bij school %(school)s: met de sleutel pupils valt er "
                "niets te verdelen."
            ),
            AllocationKey.INDICATED: _(
                "Op %(on)s heeft geen enkele leerling van school %(school)s een actieve jeugdhulpindicatie: met de "
                "sleutel indicated valt er niets te verdelen. Kies een andere sleutel."
            ),
        }
        raise AllocationError(messages[AllocationKey(key)] % {"on": on.isoformat(), "school": school.code})
    amounts = apportion(cents=cost_cents, weights=weights)
    return {
        "school": school.code,
        "on": on.isoformat(),
        "key": str(key),
        "cost": cents_format(cost_cents),
        "allocation": [
            {"municipality": code, "weight": weights[code], "amount": cents_format(amounts[code])}
            for code in sorted(weights)
        ],
    }


def collective_arrangements(*, school: School | None = None) -> QuerySet[CollectiveArrangement]:
    """Collective arrangements (not personal data), optionally of one school location."""
    queryset = CollectiveArrangement.objects.select_related("school")
    return queryset.filter(school=school) if school is not None else queryset


def collective_arrangement_get(*, uuid: UUID) -> CollectiveArrangement:
    arrangement = collective_arrangements().prefetch_related("providers", "funding_sources").filter(uuid=uuid).first()
    if arrangement is None:
        raise Http404
    return arrangement


def collective_arrangement_allocation(*, arrangement: CollectiveArrangement) -> dict[str, Any]:
    """The arrangement's cost allocated by its own key on its reference date: the actual cost once it is
    known, the budget until then. Raises AllocationError like cost_allocation."""
    cost = arrangement.actual_cost_cents if arrangement.actual_cost_cents is not None else arrangement.budget_cents
    return cost_allocation(
        school=arrangement.school, cost_cents=cost, key=arrangement.allocation_key, on=arrangement.reference_date
    )


# --- For the pages of collective arrangements (/arrangementen/) ------------------------------------------------

PAGE_SIZE = 50
# Roles that organise support at the school locations where they work (teams.permissions.MANAGER_ROLES).
COORDINATOR_ROLES = (Role.CARE_COORDINATOR, Role.PROCESS_FACILITATOR)


def arrangement_schools_for(*, user: User) -> QuerySet[School]:
    """The school locations for which the user may set up a collective arrangement:
    - a policy adviser: every school location of the region;
    - staff of a samenwerkingsverband (a membership with an organisation of that kind): the school locations
      of that partnership;
    - an IB'er / care coordinator or process facilitator: the school locations where they work (as staff of
      the school, or through an organisation that works there).
    Nobody else (teachers, youth-care professionals, analysts, privacy officers, functional admins)."""
    if not user.is_authenticated:
        return School.objects.none()
    memberships = memberships_active(user=user)
    if memberships.filter(role=Role.POLICY_ADVISER).exists():
        return School.objects.all()
    partnerships = memberships.filter(
        organisation__kind=Organisation.Kind.PARTNERSHIP, organisation__partnership__isnull=False
    ).values("organisation__partnership")
    coordinators = memberships.filter(role__in=COORDINATOR_ROLES)
    return School.objects.filter(
        Q(partnership__in=partnerships)
        | Q(pk__in=coordinators.filter(school__isnull=False).values("school"))
        | Q(partners__in=coordinators.filter(organisation__isnull=False).values("organisation"))
    ).distinct()


def collective_arrangement_list(*, school_uuid: UUID | None = None, page: int | str = 1) -> Page:
    """Collective arrangements by school location, newest period first, 50 a page."""
    arrangements = (
        collective_arrangements().select_related("school__municipality")
        .annotate(budget=_euros("budget_cents"), actual_cost=_euros("actual_cost_cents"))
        .order_by("school__name", "-period_start", "name", "pk")
    )
    if school_uuid:
        arrangements = arrangements.filter(school__uuid=school_uuid)
    return Paginator(arrangements, PAGE_SIZE).get_page(page)


def _euros(field: str) -> ExpressionWrapper:
    """A column of euro cents as euros (an exact decimal)."""
    money = DecimalField(max_digits=16, decimal_places=2)
    return ExpressionWrapper(Cast(field, money) / Value(100, output_field=money), output_field=money)


def arrangement_school_choices() -> list[tuple[str, str]]:
    """The options of the list's school filter: every school location (also those without an arrangement, so
    that a link to a school's arrangements shows that it has none)."""
    return [(str(uuid), name) for uuid, name in School.objects.order_by("name").values_list("uuid", "name")]


@dataclass(frozen=True)
class AllocationLine:
    code: str
    name: str
    weight: int
    share: Decimal  # percent, 2 decimals
    amount: Decimal  # euros


@dataclass(frozen=True)
class AllocationView:
    cost: Decimal  # euros: the actual cost once known, the budget until then
    cost_is_actual: bool
    key_label: str
    lines: list[AllocationLine]
    error: str = ""  # the Dutch message when the key has nothing to divide (all weights zero)


@dataclass(frozen=True)
class FundingLine:
    kind: str
    payer: str  # the organisation or municipality, when named
    amount: Decimal | None


@dataclass(frozen=True)
class ArrangementDetail:
    arrangement: CollectiveArrangement
    budget: Decimal
    actual_cost: Decimal | None
    funding: list[FundingLine]
    funding_total: Decimal
    allocation: AllocationView


def collective_arrangement_detail(*, uuid: UUID) -> ArrangementDetail:
    """One arrangement with its amounts in euros, its funding sources and the allocation of its cost."""
    arrangement = collective_arrangement_get(uuid=uuid)
    sources = arrangement.funding_sources.select_related("organisation", "municipality").order_by("kind", "pk")
    funding = [
        FundingLine(
            kind=str(source.get_kind_display()),
            payer=str(source.organisation or source.municipality or ""),
            amount=None if source.amount_cents is None else Decimal(cents_format(source.amount_cents)),
        )
        for source in sources
    ]
    actual = arrangement.actual_cost_cents
    return ArrangementDetail(
        arrangement=arrangement, budget=Decimal(cents_format(arrangement.budget_cents)),
        actual_cost=None if actual is None else Decimal(cents_format(actual)), funding=funding,
        funding_total=sum((line.amount for line in funding if line.amount is not None), Decimal("0.00")),
        allocation=collective_arrangement_allocation_view(arrangement=arrangement),
    )


def collective_arrangement_allocation_view(*, arrangement: CollectiveArrangement) -> AllocationView:
    """The allocation of `collective_arrangement_allocation` with municipality names and each share in
    percent; with all weights zero, the error message instead of lines."""
    actual = arrangement.actual_cost_cents is not None
    cents = arrangement.actual_cost_cents if actual else arrangement.budget_cents
    base = {"cost": Decimal(cents_format(cents)), "cost_is_actual": actual,
            "key_label": str(arrangement.get_allocation_key_display())}
    try:
        allocation = collective_arrangement_allocation(arrangement=arrangement)
    except AllocationError as error:
        return AllocationView(**base, lines=[], error=str(error))
    rows = allocation["allocation"]
    codes = [row["municipality"] for row in rows]
    names = dict(Municipality.objects.filter(code__in=codes).values_list("code", "name"))
    total = sum(row["weight"] for row in rows)
    return AllocationView(**base, lines=[
        AllocationLine(
            code=row["municipality"], name=names.get(row["municipality"], row["municipality"]), weight=row["weight"],
            share=(Decimal(row["weight"] * 100) / total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
            amount=Decimal(row["amount"]),
        )
        for row in rows
    ])


def funding_organisation_choices() -> QuerySet[Organisation]:
    """Organisations that can pay part of a collective arrangement (school boards, the SWV, insurers, ...)."""
    return Organisation.objects.order_by("name")


def provider_choices() -> QuerySet[Organisation]:
    """Organisations that can provide a collective arrangement: youth care, youth health, welfare, youth work."""
    return Organisation.objects.filter(kind__in=[
        Organisation.Kind.CARE_PROVIDER, Organisation.Kind.YOUTH_HEALTH, Organisation.Kind.WELFARE,
        Organisation.Kind.YOUTH_WORK, Organisation.Kind.DISTRICT_TEAM, Organisation.Kind.CHILDCARE,
    ]).order_by("name")
