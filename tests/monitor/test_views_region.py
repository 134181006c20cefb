"""The figures behind the regional dashboard: one set-based computation for the whole region that must give
exactly what the school profile gives school by school, and the disclosure control of its totals."""

import random

import pytest
from django.core.cache import cache

from tests.attendance.helpers import d, import_rows, reg, weekdays
from tests.attendance.helpers import enrol as enrol_at
from tests.factories import SchoolFactory, municipality
from werkplaats.arrangements.models import Indication
from werkplaats.monitor.selectors import (
    _region_tiers_python,
    region_school_figures,
    region_school_figures_cached,
    school_profile,
    totals_publish,
)
from werkplaats.organisations.models import School

pytestmark = pytest.mark.django_db

DATES = ("2026-01-16", "2026-02-04", "2026-02-28", "2026-03-13")
SCHOOL_DAYS = weekdays("2026-01-05", "2026-03-13", skip=weekdays("2026-02-23", "2026-02-27"))  # spring holiday
REASONS = ("ziek", "geoorloofd", "ongeoorloofd", "te_laat", "luxe", "schorsing")


def region(seed: int) -> list[School]:
    """Two schools (PO and VO) with pupils in every attendance situation: a long-term absentee at home
    (thuiszitter, report), one ill for weeks (tier 3 by rate), one enrolled in the middle of a week, one who
    left, and pupils with random registrations."""
    rng = random.Random(seed)
    schools = [SchoolFactory(code=f"7{seed}AA01", type=School.Type.PO),
               SchoolFactory(code=f"7{seed}AA02", type=School.Type.VO, municipality=municipality("GM0164"))]
    rows = []
    for school in schools:
        minutes = 330 if school.type == School.Type.PO else 360
        enrol_at(school, "thuis", born="2013-04-01")
        rows += [reg(school.code, "thuis", day, minutes, "ongeoorloofd") for day in SCHOOL_DAYS[5:32]]
        enrol_at(school, "ziek", born="2014-04-01")
        rows += [reg(school.code, "ziek", day, minutes, "ziek") for day in SCHOOL_DAYS[10:30]]
        enrol_at(school, "nieuw", born="2014-04-01", start="2026-01-07")
        rows += [reg(school.code, "nieuw", day, 200, "ongeoorloofd") for day in SCHOOL_DAYS[2:6]]
        enrol_at(school, "weg", born="2014-04-01", until="2026-02-20")
        rows += [reg(school.code, "weg", day, 100, "ziek") for day in SCHOOL_DAYS[:8]]
        for number in range(8):
            enrol_at(school, f"p{number}", born="2012-06-01")
            days = rng.sample(SCHOOL_DAYS, rng.randint(0, 14))
            rows += [reg(school.code, f"p{number}", day, rng.randint(10, minutes), rng.choice(REASONS))
                     for day in days]
    result = import_rows(rows)
    assert result.accepted, result.errors
    return schools


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_region_figures_are_the_school_profiles(seed):
    schools = region(seed)
    for on in map(d, DATES):
        profiles = {school.pk: school_profile(school=school, on=on, disclosure=False) for school in schools}
        figures = region_school_figures(on=on)
        assert set(figures) == set(profiles)
        for pk, profile in profiles.items():
            assert figures[pk].pupils == profile["pupils"]
            assert figures[pk].with_indication == profile["with_indication"]
            assert figures[pk].tiers == profile["tiers"], (on, pk)
        assert _region_tiers_python(on=on) == {pk: numbers.tiers for pk, numbers in figures.items()}
    assert any(numbers.tiers["3"] >= 2 for numbers in region_school_figures(on=d("2026-03-13")).values())


def test_pupils_with_an_indication_and_a_school_without_pupils(contract_school):
    SchoolFactory()  # no pupils: not in the figures
    on = d("2026-03-02")
    figures = region_school_figures(on=on)
    assert (figures[contract_school.pk].pupils, figures[contract_school.pk].with_indication) == (212, 31)
    assert len(figures) == 2  # the contract school and the school of the pupils "elsewhere"


def test_the_cached_figures_follow_new_data(contract_school):
    cache.clear()
    on = d("2026-03-02")
    assert region_school_figures_cached(on=on)[contract_school.pk].with_indication == 31
    Indication.objects.filter(referrer="jeugdarts").update(end=d("2026-01-01"))  # no `updated`: as a raw change
    assert region_school_figures_cached(on=on)[contract_school.pk].with_indication == 31  # cached
    Indication.objects.filter(referrer="huisarts").first().save()  # a change the fingerprint sees
    assert region_school_figures_cached(on=on)[contract_school.pk].with_indication == 25


def test_one_suppressed_school_in_a_group_suppresses_the_group_total():
    cells = {1: 3, 2: 200, 3: 40}
    groups = {"gemeente:A": {1, 2}, "gemeente:B": {3}, "regio": {1, 2, 3}}
    assert totals_publish(cells=cells, unknown={1}, groups=groups, threshold=5) == {
        "gemeente:A": "x", "gemeente:B": 40, "regio": "x"}
    # Known to the viewer (their own school): nothing to protect.
    assert totals_publish(cells=cells, unknown=set(), groups=groups, threshold=5) == {
        "gemeente:A": 203, "gemeente:B": 40, "regio": 243}


def test_two_suppressed_schools_protect_each_other_unless_another_breakdown_separates_them():
    cells = {1: 3, 2: 2, 3: 50, 4: 60}
    municipalities = {"gemeente:A": {1, 2, 3}, "gemeente:B": {4}}
    assert totals_publish(cells=cells, unknown={1, 2}, groups={**municipalities, "regio": {1, 2, 3, 4}},
                          threshold=5) == {"gemeente:A": 55, "gemeente:B": 60, "regio": 115}
    # The partnerships split schools 1 and 2: the partnership total of school 1 would give it away (and with it
    # school 2): it is suppressed, and so is the other one that would give it back by subtraction.
    published = totals_publish(
        cells=cells, unknown={1, 2},
        groups={**municipalities, "swv:P1": {1, 3}, "swv:P2": {2, 4}, "regio": {1, 2, 3, 4}}, threshold=5,
    )
    assert published["swv:P1"] == "x" and published["swv:P2"] == "x"
    assert published["gemeente:A"] == 55 and published["regio"] == 115


def test_a_small_total_is_suppressed_as_a_small_count():
    assert totals_publish(cells={1: 2, 2: 0}, unknown={1}, groups={"regio": {1, 2}}, threshold=5) == {"regio": "<5"}
