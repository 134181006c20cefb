"""Collective arrangements: saving one, and its cost allocation."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.arrangements.builders import enrol, indicate
from tests.factories import OrganisationFactory, SchoolFactory, municipality
from werkplaats.arrangements.allocation import AllocationError
from werkplaats.arrangements.models import AllocationKey, CollectiveArrangement, FundingSource
from werkplaats.arrangements.selectors import (
    collective_arrangement_allocation,
    collective_arrangement_get,
    collective_arrangements,
)
from werkplaats.arrangements.services import FundingSourceInput, collective_arrangement_create
from werkplaats.organisations.models import Organisation

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 8, 25)


def create(school, **kwargs) -> CollectiveArrangement:
    values = {
        "name": "Jeugdhulp in de klas", "legal_route": CollectiveArrangement.LegalRoute.SUBSIDY,
        "period_start": START, "period_end": datetime.date(2026, 7, 17), "budget_cents": 1_000_000,
    }
    return collective_arrangement_create(school=school, **{**values, **kwargs})


def test_create_with_providers_and_funding_sources():
    school = SchoolFactory()
    provider = OrganisationFactory(kind=Organisation.Kind.CARE_PROVIDER, code="12345678")
    board = OrganisationFactory(kind=Organisation.Kind.SCHOOL_BOARD)
    arrangement = create(
        school, description="Een jeugdhulpverlener twee dagen per week op school.", providers=[provider],
        legal_route=CollectiveArrangement.LegalRoute.TENDER, allocation_key=AllocationKey.INDICATED,
        funding_sources=[
            FundingSourceInput(kind=FundingSource.Kind.SCHOOL_BOARD, organisation=board, amount_cents=250_000),
            FundingSourceInput(kind=FundingSource.Kind.MUNICIPALITY_YOUTH_CARE, municipality=municipality("GM0153"),
                               amount_cents=750_000),
        ],
    )
    saved = collective_arrangement_get(uuid=arrangement.uuid)
    assert saved.reference_date == START  # defaults to the start of the period
    assert list(saved.providers.all()) == [provider]
    assert sorted((f.kind, f.amount_cents) for f in saved.funding_sources.all()) == [
        ("municipality_youth_care", 750_000), ("school_board", 250_000)]
    assert list(collective_arrangements(school=school)) == [saved]
    assert list(collective_arrangements(school=SchoolFactory())) == []


def test_create_rejects_a_period_that_ends_before_it_starts_and_saves_nothing():
    with pytest.raises(ValidationError):
        create(SchoolFactory(), period_end=START - datetime.timedelta(days=1))
    with pytest.raises(ValidationError):
        create(SchoolFactory(), legal_route="gift")
    assert CollectiveArrangement.objects.count() == 0


def test_a_funding_source_error_rolls_the_whole_arrangement_back():
    with pytest.raises(ValidationError):
        create(SchoolFactory(), funding_sources=[FundingSourceInput(kind="lottery")])
    assert CollectiveArrangement.objects.count() == 0


def test_allocation_uses_the_actual_cost_once_known_else_the_budget():
    school = SchoolFactory(code="12AB00")
    enrol(school, 180, home="GM0153", enrolled_from=START)
    enrol(school, 28, home="GM0158", enrolled_from=START)
    enrol(school, 4, home="GM0164", enrolled_from=START)
    arrangement = create(school)
    assert collective_arrangement_allocation(arrangement=arrangement) == {
        "school": "12AB00", "on": "2025-08-25", "key": "pupils", "cost": "10000.00",
        "allocation": [
            {"municipality": "GM0153", "weight": 180, "amount": "8490.57"},
            {"municipality": "GM0158", "weight": 28, "amount": "1320.75"},
            {"municipality": "GM0164", "weight": 4, "amount": "188.68"},
        ],
    }
    arrangement.actual_cost_cents = 212
    assert [row["amount"] for row in collective_arrangement_allocation(arrangement=arrangement)["allocation"]] == [
        "1.80", "0.28", "0.04"]


def test_allocation_of_an_arrangement_without_weights_raises():
    school = SchoolFactory()
    pupils = enrol(school, 2, enrolled_from=START)
    indicate(pupils, start=START + datetime.timedelta(days=10))
    arrangement = create(school, allocation_key=AllocationKey.INDICATED)
    with pytest.raises(AllocationError):
        collective_arrangement_allocation(arrangement=arrangement)
    arrangement.reference_date = START + datetime.timedelta(days=10)
    assert collective_arrangement_allocation(arrangement=arrangement)["allocation"] == [
        {"municipality": "GM0153", "weight": 2, "amount": "10000.00"}]
