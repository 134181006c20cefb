"""The school profile of contracts/registry.md "Monitor output", on hand-built schools."""

import datetime

import pytest

from tests.arrangements.builders import enrol, indicate
from tests.factories import OrganisationFactory, SchoolFactory, user_with_role
from tests.monitor.conftest import ON
from werkplaats.accounts.models import Role
from werkplaats.monitor.selectors import profile_disclosure_required, school_profile
from werkplaats.pupils.models import Enrolment

pytestmark = pytest.mark.django_db

CONTRACT_KEYS = ["school", "on", "pupils", "by_home_municipality", "with_indication", "share_with_indication",
                 "care_intensive", "by_provider", "by_referrer", "tiers"]


def test_contract_example_with_disclosure_control(contract_school):
    profile = school_profile(school=contract_school, on=ON, disclosure=True)
    assert list(profile) == CONTRACT_KEYS
    assert profile == {
        "school": "12AB00", "on": "2026-03-02", "pupils": 212,
        "by_home_municipality": {"GM0141": "<5", "GM0153": 180, "GM0158": 28, "GM0164": "<5"},
        "with_indication": 31, "share_with_indication": 0.1462, "care_intensive": False,
        "by_provider": {"12345678": 20, "87654321": 11},
        "by_referrer": {"gemeente": 14, "huisarts": 11, "jeugdarts": 6},
        "tiers": {"1": 212, "2": 0, "3": 0},  # no attendance registrations: everyone in tier 1
    }


def test_contract_example_without_disclosure_control(contract_school):
    profile = school_profile(school=contract_school, on=ON, disclosure=False)
    assert profile["by_home_municipality"] == {"GM0141": 1, "GM0153": 180, "GM0158": 28, "GM0164": 3}
    assert (profile["pupils"], profile["with_indication"], profile["share_with_indication"]) == (212, 31, 0.1462)


def test_one_small_municipality_takes_the_smallest_other_with_it():
    school = SchoolFactory()
    enrol(school, 40, home="GM0153")
    enrol(school, 9, home="GM0164")
    enrol(school, 7, home="GM0141")
    enrol(school, 2, home="GM0189")
    profile = school_profile(school=school, on=ON, disclosure=True)
    assert profile["pupils"] == 58
    assert profile["by_home_municipality"] == {"GM0141": "x", "GM0153": 40, "GM0164": 9, "GM0189": "<5"}
    assert profile["tiers"] == {"1": 58, "2": 0, "3": 0}


def test_providers_of_pupils_with_several_indications_overlap_and_get_no_secondary_suppression():
    school = SchoolFactory()
    pupils = enrol(school, 12)
    enrol(school, 30)
    indicate(pupils, provider="12345678", referrer="huisarts")
    indicate(pupils[:3], provider="87654321", referrer="huisarts", start=datetime.date(2025, 10, 1))
    profile = school_profile(school=school, on=ON, disclosure=True)
    assert profile["with_indication"] == 12  # pupils, not indications
    assert profile["by_provider"] == {"12345678": 12, "87654321": "<5"}  # 15 pupil-provider pairs: no "x"
    assert profile["by_referrer"] == {"huisarts": 12}


def test_providers_that_add_up_to_the_pupils_with_an_indication_get_secondary_suppression():
    school = SchoolFactory()
    pupils = enrol(school, 20)
    indicate(pupils[:3], provider="87654321", referrer="gi")
    indicate(pupils[3:10], provider="12345678", referrer="huisarts")
    indicate(pupils[10:18], provider="11111111", referrer="huisarts")
    profile = school_profile(school=school, on=ON, disclosure=True)
    assert profile["with_indication"] == 18
    assert profile["by_provider"] == {"11111111": 8, "12345678": "x", "87654321": "<5"}
    assert profile["by_referrer"] == {"gi": "<5", "huisarts": "x"}
    assert school_profile(school=school, on=ON, disclosure=False)["by_provider"] == {
        "11111111": 8, "12345678": 7, "87654321": 3}


def test_small_totals_are_suppressed_and_the_share_is_computed_from_the_exact_counts():
    school = SchoolFactory()
    pupils = enrol(school, 4, home="GM0164")
    indicate(pupils[:2], provider="12345678")
    enrol(school, 1, with_bsn=False)  # counts as a pupil, can never match an indication
    profile = school_profile(school=school, on=ON, disclosure=True)
    assert profile["pupils"] == 5
    assert profile["with_indication"] == "<5"
    assert profile["share_with_indication"] == 0.4
    assert profile["care_intensive"] is True  # 0.4 >= the default threshold 0.40
    assert profile["by_home_municipality"] == {"GM0153": "<5", "GM0164": "<5"}
    assert profile["by_provider"] == {"12345678": "<5"}


def test_care_intensive_follows_the_region_setting(settings):
    school = SchoolFactory()
    indicate(enrol(school, 2))
    enrol(school, 3)
    settings.CARE_INTENSIVE_THRESHOLD = 0.5
    assert school_profile(school=school, on=ON, disclosure=True)["care_intensive"] is False


def test_share_is_rounded_half_up_to_four_decimals():
    school = SchoolFactory()
    indicate(enrol(school, 1))
    enrol(school, 31)
    assert school_profile(school=school, on=ON, disclosure=False)["share_with_indication"] == 0.0313  # 1/32 = 0.03125


def test_school_without_pupils_has_share_zero():
    profile = school_profile(school=SchoolFactory(code="12AB09"), on=ON, disclosure=True)
    assert profile == {
        "school": "12AB09", "on": "2026-03-02", "pupils": 0, "by_home_municipality": {}, "with_indication": 0,
        "share_with_indication": 0.0, "care_intensive": False, "by_provider": {}, "by_referrer": {},
        "tiers": {"1": 0, "2": 0, "3": 0},
    }


def test_a_pupil_enrolled_twice_at_the_same_school_counts_once():
    school = SchoolFactory()
    pupil = enrol(school, 1)[0]
    Enrolment.objects.create(pupil=pupil, school=school, pupil_number="X1", group="groep 6",
                             enrolled_from=datetime.date(2023, 8, 1))
    indicate([pupil])
    profile = school_profile(school=school, on=ON, disclosure=False)
    assert (profile["pupils"], profile["with_indication"], profile["by_home_municipality"]) == (1, 1, {"GM0153": 1})


def test_who_gets_figures_without_disclosure_control():
    school = SchoolFactory()
    partner = OrganisationFactory()
    school.partners.add(partner)
    municipality_org = OrganisationFactory(kind="municipality")
    assert not profile_disclosure_required(user=user_with_role(Role.CARE_COORDINATOR, school=school), school=school)
    assert not profile_disclosure_required(user=user_with_role(Role.YOUTH_HEALTH, organisation=partner), school=school)
    for user in (
        user_with_role(Role.POLICY_ADVISER, school=school),
        user_with_role(Role.ANALYST, organisation=municipality_org),
        user_with_role(Role.CARE_COORDINATOR, school=SchoolFactory()),
        user_with_role(Role.ATTENDANCE_OFFICER, organisation=municipality_org),
    ):
        assert profile_disclosure_required(user=user, school=school)
