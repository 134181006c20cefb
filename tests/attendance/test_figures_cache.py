"""The attendance figures cache (figures_cache.py): the cached figures are the ones computed without the cache,
and every kind of change to the data behind them (an import, a closed report, an enrolment or pupil change, a
day off, a timetable) gives figures computed again. School year 2025-26 of region Noord; reference date Friday
30 January 2026, the risers since Friday 2 January."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from tests.factories import UserFactory, user_with_role
from werkplaats.accounts.models import Role
from werkplaats.attendance import figures_cache, pages
from werkplaats.attendance.figures_cache import school_figures, school_figures_cached, thuiszitters_among_cached
from werkplaats.attendance.models import AbsenceReport
from werkplaats.attendance.selectors import pupil_attendance_status, school_enrolments, thuiszitters_among
from werkplaats.attendance.services import report_close, reports_derive, school_day_off_add, school_timetable_set
from werkplaats.pupils.models import Enrolment

from .helpers import d, enrol, import_rows, reg, school, weekdays

pytestmark = pytest.mark.django_db

ON, SINCE = d("2026-01-30"), d("2026-01-02")
NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def _ok(rows):
    result = import_rows(rows)
    assert result.accepted, result.errors


@pytest.fixture
def vo():
    """a: at home every school day of January (thuiszitter, tier 3); b: ill on 6 days (tier 2); c: no absence;
    d: 3 unauthorised days (a 16-hour report, tier 3)."""
    location = school("34CD01", type="VO")
    for number in ("a", "b", "c", "d"):
        enrol(location, number, born="2011-06-01")
    rows = [reg("34CD01", "a", day, 360, "ongeoorloofd") for day in weekdays("2026-01-05", "2026-01-30")]
    rows += [reg("34CD01", "b", day, 360, "ziek") for day in weekdays("2026-01-19", "2026-01-26")]
    rows += [reg("34CD01", "d", day, 360, "ongeoorloofd") for day in weekdays("2026-01-12", "2026-01-14")]
    _ok(rows)
    return location


def _computed(location):
    reports_derive(enrolments=school_enrolments(school=location, on=ON))
    return school_figures(school=location, on=ON, since=SINCE)


def _tiers(figures):
    return {row[3]: row[4] for row in figures.rows}


def test_cached_figures_are_the_computed_ones_and_computed_once(vo, monkeypatch):
    cached = school_figures_cached(school=vo, on=ON, since=SINCE)
    assert cached == _computed(vo)
    assert _tiers(cached) == {"a": 3, "b": 2, "c": 1, "d": 3}
    assert cached.before  # the tier 2 and 3 pupils' tiers on SINCE
    monkeypatch.setattr(figures_cache, "_school_rows", lambda **kwargs: pytest.fail("computed again"))
    monkeypatch.setattr(figures_cache, "_tiers_before", lambda **kwargs: pytest.fail("computed again"))
    assert school_figures_cached(school=vo, on=ON, since=SINCE) == cached


def _import(location):
    _ok([reg("34CD01", "c", "2026-01-29", 360, "ziek")])


def _close_report(location):
    report = AbsenceReport.objects.get(enrolment__pupil_number="d", reason="16_uur")
    report_close(actor=UserFactory(), report=report)


def _leave(location):
    enrolment = Enrolment.objects.get(school=location, pupil_number="b")
    enrolment.enrolled_until = d("2026-01-20")
    enrolment.save()


def _new_enrolment(location):
    enrol(location, "e", born="2012-01-01")


def _birthday_correction(location):
    pupil = Enrolment.objects.get(school=location, pupil_number="a").pupil
    pupil.birth_date = d("2007-06-01")  # 18: no thuiszitter any more
    pupil.save()


def _day_off(location):
    school_day_off_add(actor=None, school=location, first_day=d("2026-01-29"), name="Studiedag")


def _timetable(location):
    school_timetable_set(actor=None, school=location, valid_from=d("2026-01-05"), minutes=(300, 300, 300, 300, 300))


@pytest.mark.parametrize(
    "change",
    [_import, _close_report, _leave, _new_enrolment, _birthday_correction, _day_off, _timetable],
    ids=lambda change: change.__name__.strip("_"),
)
def test_a_change_of_the_data_gives_the_figures_computed_again(vo, change):
    before = school_figures_cached(school=vo, on=ON, since=SINCE)
    change(vo)
    after = school_figures_cached(school=vo, on=ON, since=SINCE)
    assert after != before  # the change matters for the figures...
    assert after == _computed(vo)  # ...and the cache gives the figures computed without it


def test_cached_thuiszitters_are_the_computed_ones_and_follow_changes(vo):
    enrolments = Enrolment.objects.filter(school=vo)
    a = enrolments.get(pupil_number="a")
    assert thuiszitters_among_cached(enrolments=enrolments, on=ON) == {a.pk}
    assert thuiszitters_among(enrolments=enrolments, on=ON) == {a.pk}
    assert thuiszitters_among_cached(enrolments=enrolments.exclude(pk=a.pk), on=ON) == set()
    other = enrol(vo, "f", born="2012-01-01")
    _ok([reg("34CD01", "f", day, 360, "ongeoorloofd") for day in weekdays("2026-01-05", "2026-01-30")])
    assert thuiszitters_among_cached(enrolments=enrolments, on=ON) == {a.pk, other.pk}
    _birthday_correction(vo)
    assert thuiszitters_among_cached(enrolments=enrolments, on=ON) == {other.pk}
    _day_off(vo)  # a day off on 29 January: 19 school days at home up to 30 January
    assert thuiszitters_among_cached(enrolments=enrolments, on=ON) == set()
    assert thuiszitters_among(enrolments=enrolments, on=ON) == set()


def _overview(user, location, group=""):
    overview = pages.school_overview(user=user, school=location, on=ON, since=SINCE, group=group)
    rows = [
        (row.enrolment.pk, row.status, row.rate, row.early_warning, row.tier_before, row.pupil_name)
        for row in [*overview.rows, *overview.crossed]
    ]
    return rows, overview.tiers, overview.total, overview.groups, overview.next_after


def test_school_page_and_pupil_page_are_the_same_with_and_without_the_cache(vo):
    coordinator = user_with_role(Role.CARE_COORDINATOR, school=vo)
    cached = _overview(coordinator, vo)
    assert _overview(coordinator, vo) == cached  # from the cache
    with override_settings(CACHES=NO_CACHE):
        assert _overview(coordinator, vo) == cached
    a = Enrolment.objects.get(school=vo, pupil_number="a")
    page = pages.pupil_page(user=coordinator, uuid=a.pupil.uuid, on=ON)
    computed = pupil_attendance_status(user=coordinator, pupil_uuid=a.pupil.uuid, on=ON)

    def figures(statuses):
        return [(s.enrolment_id, s.tier, s.absence_rate, s.unauthorised_minutes_4w, s.thuiszitter) for s in statuses]

    assert figures(status for _enrolment, status, _rate in page.statuses) == figures(computed)


def test_a_teacher_sees_only_own_group_from_the_same_cached_figures(vo):
    Enrolment.objects.filter(school=vo, pupil_number__in=["a", "b"]).update(group="1A")
    coordinator = user_with_role(Role.CARE_COORDINATOR, school=vo)
    teacher = user_with_role(Role.TEACHER, school=vo, groups=["1A"])
    everyone = _overview(coordinator, vo)
    own = _overview(teacher, vo)
    assert everyone[2] == 4 and own[2] == 2
    assert {row[5] for row in own[0]} <= {row[5] for row in everyone[0]}
    assert own[1] == {"1": 0, "2": 1, "3": 1}
