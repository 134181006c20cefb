"""Cost allocation by the three keys of contracts/finance.md, on a hand-built school."""

import datetime

import pytest

from tests.arrangements.builders import enrol, indicate
from tests.factories import SchoolFactory, municipality
from werkplaats.arrangements.allocation import AllocationError
from werkplaats.arrangements.models import AllocationKey
from werkplaats.arrangements.selectors import allocation_weights, cost_allocation, pupils_enrolled
from werkplaats.pupils.models import Enrolment

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 3, 2)


@pytest.fixture
def school():
    """The contract's school: 180 pupils from Enschede, 28 from Haaksbergen, 4 from Hengelo on 2026-03-02."""
    school = SchoolFactory(code="12AB00", municipality=municipality("GM0153"),
                           contact_municipality=municipality("GM0164"))
    enrol(school, 180, home="GM0153")
    enrol(school, 28, home="GM0158")
    enrol(school, 3, home="GM0164")
    enrol(school, 1, home="GM0164", enrolled_from=ON, enrolled_until=ON)  # first and last day both count
    enrol(school, 5, home="GM0141", enrolled_until=ON - datetime.timedelta(days=1))  # left the day before
    enrol(school, 6, home="GM0141", enrolled_from=ON + datetime.timedelta(days=1))  # arrives the day after
    enrol(SchoolFactory(), 9, home="GM0189")  # another school
    return school


def test_contract_example_by_pupils(school):
    assert cost_allocation(school=school, cost_cents=1_000_000, key="pupils", on=ON) == {
        "school": "12AB00", "on": "2026-03-02", "key": "pupils", "cost": "10000.00",
        "allocation": [
            {"municipality": "GM0153", "weight": 180, "amount": "8490.57"},
            {"municipality": "GM0158", "weight": 28, "amount": "1320.75"},
            {"municipality": "GM0164", "weight": 4, "amount": "188.68"},
        ],
    }


def test_contact_municipality_carries_everything(school):
    assert cost_allocation(school=school, cost_cents=1_234_567, key=AllocationKey.CONTACT, on=ON) == {
        "school": "12AB00", "on": "2026-03-02", "key": "contact", "cost": "12345.67",
        "allocation": [{"municipality": "GM0164", "weight": 1, "amount": "12345.67"}],
    }


def test_indicated_counts_each_pupil_once_per_paying_municipality():
    school = SchoolFactory()
    twice_enschede, enschede_and_hengelo, hengelo_only, expired, future, no_indication = (
        enrol(school, home="GM0153") for _ in range(6))
    indicate(twice_enschede, municipality_code="GM0153", provider="11111111")
    indicate(twice_enschede, municipality_code="GM0153", provider="22222222")
    indicate(enschede_and_hengelo, municipality_code="GM0153")
    indicate(enschede_and_hengelo, municipality_code="GM0164", start=ON)  # starts on the reference date
    indicate(hengelo_only, municipality_code="GM0164", end=ON)  # ends on the reference date: still active
    indicate(expired, municipality_code="GM0189", end=ON - datetime.timedelta(days=1))
    indicate(future, municipality_code="GM0189", start=ON + datetime.timedelta(days=1))
    outside = enrol(SchoolFactory(), home="GM0153")  # a pupil of another school
    indicate(outside, municipality_code="GM0173")
    assert allocation_weights(school=school, key="indicated", on=ON) == {"GM0153": 2, "GM0164": 2}
    result = cost_allocation(school=school, cost_cents=100_001, key="indicated", on=ON)
    assert result["allocation"] == [
        {"municipality": "GM0153", "weight": 2, "amount": "500.01"},  # equal remainders: lower code gets the cent
        {"municipality": "GM0164", "weight": 2, "amount": "500.00"},
    ]


def test_indicated_ignores_pupils_without_bsn_and_indications_without_pupil():
    school = SchoolFactory()
    enrol(school, 3, with_bsn=False)
    pupils = enrol(school, 2, home="GM0158")
    indicate(pupils, municipality_code="GM0158")
    assert allocation_weights(school=school, key="indicated", on=ON) == {"GM0158": 2}


@pytest.mark.parametrize(("key", "message"), [
    ("pupils", "Op 2026-03-02 staan geen leerlingen ingeschreven bij school 12AB01"),
    ("indicated", "Op 2026-03-02 heeft geen enkele leerling van school 12AB01 een actieve jeugdhulpindicatie"),
])
def test_all_zero_weights_are_a_clear_error(key, message):
    school = SchoolFactory(code="12AB01")
    enrol(school, 2, enrolled_from=ON + datetime.timedelta(days=1))
    with pytest.raises(AllocationError, match=message):
        cost_allocation(school=school, cost_cents=100, key=key, on=ON)


def test_zero_cost_allocates_zero_everywhere(school):
    result = cost_allocation(school=school, cost_cents=0, key="pupils", on=ON)
    assert [row["amount"] for row in result["allocation"]] == ["0.00", "0.00", "0.00"]


def test_an_enrolment_counts_only_at_its_own_school_and_within_its_own_dates():
    """A pupil who left school A for school B, and one who left A and returns to A later."""
    school_a, school_b = SchoolFactory(), SchoolFactory()
    moved, returning = enrol(school_a, home="GM0141", enrolled_until=ON - datetime.timedelta(days=30)) + enrol(
        school_a, home="GM0164", enrolled_until=ON - datetime.timedelta(days=30))
    Enrolment.objects.create(pupil=moved, school=school_b, pupil_number="B1", group="1A",
                             enrolled_from=ON - datetime.timedelta(days=29))
    Enrolment.objects.create(pupil=returning, school=school_a, pupil_number="A2", group="groep 6",
                             enrolled_from=ON + datetime.timedelta(days=1))
    assert list(pupils_enrolled(school=school_a, on=ON)) == []
    assert list(pupils_enrolled(school=school_b, on=ON)) == [moved]
    assert allocation_weights(school=school_b, key="pupils", on=ON) == {"GM0141": 1}
