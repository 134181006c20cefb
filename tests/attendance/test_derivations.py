"""Contract §3 with hand-computed expectations. School year 2025-26 of region Noord: the summer holiday
ends on Sunday 24 August 2025; the voorjaarsvakantie runs from 21 February to 1 March 2026."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory
from werkplaats.attendance.models import AbsenceReport
from werkplaats.attendance.selectors import (
    early_warnings,
    region_tiers,
    report_deadline,
    school_tier_counts,
    thuiszitters_among,
)
from werkplaats.attendance.services import report_close, reports_derive, school_day_off_add
from werkplaats.pupils.models import Enrolment

from .helpers import d, enrol, import_rows, reg, school, status, weekdays

pytestmark = pytest.mark.django_db

# PO, 25 August – 5 September 2025: two weeks of 4 × 330 + 210 minutes.
PO_TWO_WEEKS = 2 * (4 * 330 + 210)


def _ok(rows):
    result = import_rows(rows)
    assert result.accepted, result.errors
    return result


@pytest.fixture
def po():
    return school("12AB00")


@pytest.fixture
def vo():
    return school("34CD01", type="VO")


def test_absence_rate_and_tier_boundaries_exactly_at_005_and_010(po):
    for number in ("a", "b", "c", "e", "f"):
        enrol(po, number)
    _ok(
        [
            reg("12AB00", "a", "2025-09-01", 153, "ziek"),  # 153 / 3060 = 0.0500 -> tier 2
            reg("12AB00", "b", "2025-09-01", 152, "ziek"),  # 0.0497 -> tier 1
            reg("12AB00", "c", "2025-09-01", 306, "ziek"),  # 0.1000 -> tier 3
            reg("12AB00", "e", "2025-09-01", 305, "geoorloofd"),  # 0.0997 -> tier 2
            reg("12AB00", "f", "2025-08-25", 200, "schorsing"),  # suspension counts
            reg("12AB00", "f", "2025-09-02", 106, "ziek"),  # 306 -> 0.1000 -> tier 3
        ]
    )
    assert PO_TWO_WEEKS == 3060
    pupils = status(po, "2025-09-05")
    assert {n: (p["absence_rate"], p["tier"]) for n, p in pupils.items()} == {
        "a": (0.05, 2),
        "b": (0.0497, 1),
        "c": (0.1, 3),
        "e": (0.0997, 2),
        "f": (0.1, 3),
    }
    assert school_tier_counts(school=po, on=d("2025-09-05")) == {"1": 1, "2": 2, "3": 2}


def test_only_registrations_up_to_the_reference_date_count(po):
    enrol(po, "a")
    _ok([reg("12AB00", "a", "2025-09-01", 153, "ziek"), reg("12AB00", "a", "2025-09-04", 330, "ziek")])
    # Up to Tuesday 2 September: 7 school days = 5 × 330 + 210 + 330 = 2190 minutes.
    assert status(po, "2025-09-02")["a"]["absence_rate"] == round(153 / 2190, 4)


def test_enrolment_in_the_middle_of_the_year_counts_from_the_enrolment(po):
    enrol(po, "new", start="2025-09-01")
    enrol(po, "later", start="2025-09-08")
    _ok([reg("12AB00", "new", "2025-09-01", 153, "ziek")])
    pupils = status(po, "2025-09-05")
    assert pupils["new"]["absence_rate"] == 0.1  # 153 / 1530 (one week)
    assert pupils["new"]["tier"] == 3
    assert "later" not in pupils  # not enrolled on the reference date


def test_wednesday_has_fewer_minutes_and_every_registered_minute_counts(po):
    """Contract §3: absent minutes of all reasons divided by scheduled minutes, literally: registrations
    on one day are not capped at that day's schedule (only the rate as a whole is kept at most 1)."""
    enrol(po, "a")
    _ok([reg("12AB00", "a", "2025-09-03", 210, "ziek"), reg("12AB00", "a", "2025-09-03", 100, "geoorloofd")])
    # 2 weeks up to Friday 5 September: 2 × (4 × 330 + 210) = 3060 scheduled minutes.
    assert status(po, "2025-09-05")["a"]["absence_rate"] == round(310 / 3060, 4)


def test_a_schools_own_day_off_is_not_scheduled(po):
    enrol(po, "a")
    school_day_off_add(actor=None, school=po, first_day=d("2025-09-05"), name="studiedag")
    _ok([reg("12AB00", "a", "2025-09-04", 273, "ziek")])
    assert status(po, "2025-09-05")["a"]["absence_rate"] == 0.1  # 273 / (3060 - 330)


def test_unauthorised_minutes_of_4_school_weeks_skip_a_holiday(vo):
    enrol(vo, "a", born="2010-01-01")
    _ok(
        [
            reg("34CD01", "a", "2026-01-30", 120, "ongeoorloofd"),  # 5th school week back: outside
            reg("34CD01", "a", "2026-02-02", 100, "te_laat"),  # 4th school week back (voorjaarsvakantie skipped)
            reg("34CD01", "a", "2026-03-02", 200, "luxe"),
            reg("34CD01", "a", "2026-03-03", 30, "ziek"),  # not unauthorised
            reg("34CD01", "a", "2026-03-05", 50, "ongeoorloofd"),  # after the reference date
        ]
    )
    assert status(vo, "2026-03-04")["a"]["unauthorised_minutes_4w"] == 300
    # In the holiday the window is the 4 school weeks before it: 26 Jan – 20 Feb.
    assert status(vo, "2026-02-25")["a"]["unauthorised_minutes_4w"] == 220


def test_tier_2_from_480_unauthorised_minutes_in_4_weeks(vo):
    enrol(vo, "a", born="2010-01-01")
    enrol(vo, "b", born="2010-01-01")
    _ok([reg("34CD01", "a", "2026-03-02", 480, "ongeoorloofd"), reg("34CD01", "b", "2026-03-02", 479, "te_laat")])
    pupils = status(vo, "2026-03-04")
    assert pupils["a"]["absence_rate"] < 0.05 and pupils["b"]["absence_rate"] < 0.05
    assert (pupils["a"]["tier"], pupils["b"]["tier"]) == (2, 1)


SIXTEEN = [
    ("2026-02-02", 360, "ongeoorloofd"),
    ("2026-03-02", 360, "ongeoorloofd"),
    ("2026-03-03", 240, "te_laat"),
]


def test_16_hour_report_over_4_school_weeks_across_a_holiday(vo):
    enrol(vo, "a", born="2010-01-01")
    enrol(vo, "b", born="2010-01-01")
    _ok(
        [reg("34CD01", "a", day, minutes, reason) for day, minutes, reason in SIXTEEN]
        + [
            reg("34CD01", "b", "2026-01-30", 360, "ongeoorloofd"),
            reg("34CD01", "b", "2026-03-02", 360, "ongeoorloofd"),
            reg("34CD01", "b", "2026-03-03", 240, "ongeoorloofd"),
        ]
    )
    pupils = status(vo, "2026-03-03")
    assert pupils["a"]["reports"] == [
        {"reason": "16_uur", "start_date": "2026-02-02", "threshold_date": "2026-03-03", "status": "open"}
    ]
    assert pupils["a"]["tier"] == 3
    assert pupils["b"]["reports"] == []  # 30 January lies 5 school weeks back
    # The day before the threshold: no report yet; 720 unauthorised minutes make tier 2.
    before = status(vo, "2026-03-02")["a"]
    assert (before["reports"], before["tier"], before["unauthorised_minutes_4w"]) == ([], 2, 720)
    assert AbsenceReport.objects.count() == 1


def test_16_hour_reports_one_open_at_a_time_and_reset_after_close(vo):
    enrolment = enrol(vo, "a", born="2010-01-01")
    _ok([reg("34CD01", "a", day, minutes, reason) for day, minutes, reason in SIXTEEN])
    _ok(
        [
            reg("34CD01", "a", "2026-03-04", 360, "ongeoorloofd"),
            reg("34CD01", "a", "2026-03-05", 360, "ongeoorloofd"),
            reg("34CD01", "a", "2026-03-06", 240, "ongeoorloofd"),
        ]
    )
    assert [r["threshold_date"] for r in status(vo, "2026-03-06")["a"]["reports"]] == ["2026-03-03"]  # one open
    report = AbsenceReport.objects.get(enrolment=enrolment)
    user = UserFactory()
    report_close(actor=user, report=report)
    report.refresh_from_db()
    assert (report.status, report.closed_by) == ("closed", user)
    # Only registrations after 3 March count now: 360 + 360 + 240 = 960 on 6 March.
    assert status(vo, "2026-03-06")["a"]["reports"] == [
        {"reason": "16_uur", "start_date": "2026-02-02", "threshold_date": "2026-03-03", "status": "closed"},
        {"reason": "16_uur", "start_date": "2026-03-04", "threshold_date": "2026-03-06", "status": "open"},
    ]
    assert status(vo, "2026-03-05")["a"]["reports"] == [
        {"reason": "16_uur", "start_date": "2026-02-02", "threshold_date": "2026-03-03", "status": "closed"}
    ]
    with pytest.raises(Exception, match="al gemeld"):
        report_close(actor=user, report=report)


def test_a_closed_report_stays_and_nothing_is_duplicated_by_recomputation(vo):
    enrolment = enrol(vo, "a", born="2010-01-01")
    rows = [reg("34CD01", "a", day, minutes, reason) for day, minutes, reason in SIXTEEN]
    _ok(rows)
    status(vo, "2026-03-03")
    report_close(actor=UserFactory(), report=AbsenceReport.objects.get(enrolment=enrolment))
    _ok(rows)
    reports_derive(enrolments=Enrolment.objects.all())
    status(vo, "2026-03-03")
    assert list(AbsenceReport.objects.values_list("reason", "status")) == [("16_uur", "closed")]


def test_luxe_reports_per_run_of_consecutive_school_days(vo):
    enrol(vo, "a", born="2010-01-01")
    enrol(vo, "b", born="2010-01-01")
    enrol(vo, "c", born="2010-01-01")
    rows = [
        reg("34CD01", "a", "2026-01-12", 360, "luxe"),
        reg("34CD01", "a", "2026-01-13", 360, "luxe"),
        reg("34CD01", "a", "2026-01-15", 60, "luxe"),  # Wednesday in between: a new run
        reg("34CD01", "b", "2026-01-16", 360, "luxe"),
        reg("34CD01", "b", "2026-01-19", 360, "luxe"),  # weekend
        reg("34CD01", "c", "2026-02-20", 360, "luxe"),
        reg("34CD01", "c", "2026-03-02", 360, "luxe"),  # holiday
    ]
    _ok(rows)
    pupils = status(vo, "2026-03-06")
    assert [(r["reason"], r["start_date"], r["threshold_date"]) for r in pupils["a"]["reports"]] == [
        ("luxe", "2026-01-12", "2026-01-12"),
        ("luxe", "2026-01-15", "2026-01-15"),
    ]
    assert [r["start_date"] for r in pupils["b"]["reports"]] == ["2026-01-16"]
    assert [r["start_date"] for r in pupils["c"]["reports"]] == ["2026-02-20"]
    assert all(p["tier"] == 3 for p in pupils.values())
    _ok(rows)
    # A registration that joins two runs creates no new report: reports are kept.
    _ok([reg("34CD01", "a", "2026-01-14", 360, "luxe")])
    status(vo, "2026-03-06")
    assert AbsenceReport.objects.filter(reason="luxe").count() == 4


def test_reports_only_for_pupils_younger_than_18_on_the_threshold_date(vo):
    enrol(vo, "adult", born="2008-03-03")  # 18 on 3 March 2026
    enrol(vo, "minor", born="2008-03-04")  # still 17 on 3 March 2026
    _ok(
        [
            reg("34CD01", number, day, minutes, reason)
            for number in ("adult", "minor")
            for day, minutes, reason in SIXTEEN
        ]
        + [reg("34CD01", "adult", "2026-03-05", 60, "luxe"), reg("34CD01", "minor", "2026-03-02", 60, "luxe")]
    )
    pupils = status(vo, "2026-03-06")
    assert pupils["adult"]["reports"] == []
    assert [r["reason"] for r in pupils["minor"]["reports"]] == ["luxe", "16_uur"]  # oldest first


def test_thuiszitter_across_weekends_and_the_long_term_report(vo):
    enrol(vo, "a", born="2011-06-01")
    enrol(vo, "adult", born="2007-06-01")
    days = weekdays("2026-01-05", "2026-01-30")
    assert len(days) == 20
    rows = []
    for number in ("a", "adult"):
        for day in days:
            if day == "2026-01-21":  # a day covered by two reasons together
                rows += [reg("34CD01", number, day, 200, "ongeoorloofd"), reg("34CD01", number, day, 160, "luxe")]
            else:
                rows.append(reg("34CD01", number, day, 360, "ongeoorloofd"))
    _ok(rows)
    assert status(vo, "2026-01-29")["a"]["thuiszitter"] is False  # 19 school days
    on_20th = status(vo, "2026-01-30")
    assert on_20th["a"]["thuiszitter"] is True and on_20th["a"]["tier"] == 3
    assert on_20th["adult"]["thuiszitter"] is False  # 18 or older
    assert status(vo, "2026-01-31")["a"]["thuiszitter"] is True  # Saturday: the run up to Friday
    assert status(vo, "2026-02-02")["a"]["thuiszitter"] is False  # Monday without registration ends it
    reports = [(r["reason"], r["start_date"], r["threshold_date"]) for r in on_20th["a"]["reports"]]
    assert reports == [
        ("16_uur", "2026-01-05", "2026-01-07"),
        ("luxe", "2026-01-21", "2026-01-21"),
        ("langdurig", "2026-01-05", "2026-01-30"),
    ]
    assert [r["reason"] for r in on_20th["adult"]["reports"]] == []
    # The officer's page finds the same thuiszitters from the weeks with a home day only.
    enrolled = Enrolment.objects.filter(school=vo)
    assert thuiszitters_among(enrolments=enrolled, on=d("2026-01-30")) == {enrolled.get(pupil_number="a").pk}
    assert thuiszitters_among(enrolments=enrolled, on=d("2026-01-29")) == set()
    # The run goes on: still one long-term report.
    _ok([reg("34CD01", "a", day, 360, "ongeoorloofd") for day in weekdays("2026-02-02", "2026-02-06")])
    assert status(vo, "2026-02-06")["a"]["thuiszitter"] is True
    assert AbsenceReport.objects.filter(reason="langdurig").count() == 1


def test_a_day_not_fully_covered_breaks_the_thuiszitter_run(po):
    enrol(po, "a", born="2016-01-01")
    days = weekdays("2026-01-05", "2026-01-30")
    rows = [reg("12AB00", "a", day, 210 if d(day).weekday() == 2 else 330, "ongeoorloofd") for day in days]
    _ok(rows)
    assert status(po, "2026-01-30")["a"]["thuiszitter"] is True  # Wednesdays need only 210 minutes
    _ok([*rows[:10], reg("12AB00", "a", days[10], 300, "ongeoorloofd"), *rows[11:]])
    assert status(po, "2026-01-30")["a"]["thuiszitter"] is False


def test_pupil_younger_than_5_is_no_thuiszitter(po):
    enrol(po, "small", born="2021-03-01")
    _ok(
        [
            reg("12AB00", "small", day, 330, "ongeoorloofd")
            for day in weekdays("2026-01-05", "2026-01-30")
            if d(day).weekday() != 2
        ]
        + [
            reg("12AB00", "small", day, 210, "ongeoorloofd")
            for day in weekdays("2026-01-05", "2026-01-30")
            if d(day).weekday() == 2
        ]
    )
    pupil = status(po, "2026-01-30")["small"]
    assert pupil["thuiszitter"] is False
    assert "langdurig" not in [r["reason"] for r in pupil["reports"]]


def test_reports_of_an_earlier_school_year_are_not_listed(vo):
    enrol(vo, "a", born="2010-01-01", start="2024-08-20")
    _ok([reg("34CD01", "a", "2025-06-02", 60, "luxe")])
    assert status(vo, "2025-06-30")["a"]["reports"][0]["threshold_date"] == "2025-06-02"
    assert status(vo, "2025-09-05")["a"]["reports"] == []


def test_report_deadline_is_5_working_days_after_the_threshold():
    assert report_deadline(d("2026-03-03")) == d("2026-03-10")
    assert report_deadline(d("2026-04-02")) == d("2026-04-13")  # Good Friday and Easter Monday are not counted


def test_region_tiers_match_the_school_statuses(po, vo):
    enrol(po, "a")
    enrol(vo, "b", born="2010-01-01")
    _ok([reg("12AB00", "a", "2025-09-01", 306, "ziek"), reg("34CD01", "b", "2025-09-01", 60, "luxe")])
    tiers = region_tiers(on=d("2025-09-05"))
    assert sorted(tiers.values()) == [3, 3]


@override_settings(ATTENDANCE_EARLY_WARNING_RISE=0.10)
def test_early_warning_flags_a_steep_rise_before_tier_3(po):
    enrol(po, "rising")
    enrol(po, "steady")
    # The last 4 school weeks up to 3 October 2025 are 8 Sep – 3 Oct (6120 minutes); the 4 before are
    # 11 Aug – 5 Sep, of which 25 Aug – 5 Sep are school days. "rising": 660 / 6120 = 0.1078 recently,
    # 0 before, 660 / 9180 = 0.0719 over the year (tier 2). "steady": 0.0163 and 0.0327.
    _ok(
        [reg("12AB00", "rising", day, 330, "ziek") for day in ("2025-09-29", "2025-09-30")]
        + [reg("12AB00", "steady", "2025-09-01", 100, "ziek"), reg("12AB00", "steady", "2025-09-29", 100, "ziek")]
    )
    warnings = early_warnings(school=po, on=d("2025-10-03"))
    assert [w.pupil_number for w in warnings] == ["rising"]
    assert warnings[0].tier < 3


def test_reports_are_derived_from_the_queue_of_changed_enrolments(vo):
    from werkplaats.attendance.models import PendingDerivation

    enrolment = enrol(vo, "a", born="2010-01-01")
    _ok([reg("34CD01", "a", "2026-01-12", 60, "luxe")])
    assert PendingDerivation.objects.filter(enrolment=enrolment).exists()  # queued by the import
    assert reports_derive(enrolments=Enrolment.objects.all()) == 1
    assert not PendingDerivation.objects.exists()
    assert reports_derive(enrolments=Enrolment.objects.all()) == 0  # nothing new: nothing looked at
    with CaptureQueriesContext(connection) as queries:
        assert reports_derive(enrolments=Enrolment.objects.filter(pk=enrolment.pk)) == 0
    assert len(queries) == 1  # only the look at the queue: no transaction opened for nothing
    school_day_off_add(actor=None, school=vo, first_day=d("2026-01-13"), name="studiedag")
    assert PendingDerivation.objects.filter(enrolment=enrolment).exists()  # a calendar change queues too


def test_the_prepared_pending_read_equals_the_queryset_it_replaced(vo):
    """`reports_derive(enrolment_ids=...)` reads the queue in a prepared query: the same ids as the ORM read
    of the queue for `Enrolment.objects.filter(pk__in=ids)`, and it derives the same."""
    from werkplaats.attendance.models import PendingDerivation
    from werkplaats.attendance.services import _PENDING_OF_ENROLMENTS

    queued = [enrol(vo, name, born="2010-01-01") for name in ("a", "b", "c")]
    _ok([reg("34CD01", name, "2026-01-12", 60, "luxe") for name in ("a", "b")])
    other = enrol(vo, "d", born="2010-01-01")
    for ids in ([queued[0].pk], [queued[0].pk, queued[2].pk], [e.pk for e in queued] + [other.pk], [other.pk]):
        before = PendingDerivation.objects.filter(
            enrolment_id__in=Enrolment.objects.filter(pk__in=ids).values("pk")).values_list("enrolment_id", flat=True)
        assert sorted(pk for (pk,) in _PENDING_OF_ENROLMENTS.fetch(enrolment_ids=ids)) == sorted(before)
    with CaptureQueriesContext(connection) as queries:
        assert reports_derive(enrolment_ids=[other.pk]) == 0
    assert len(queries) == 1
    assert reports_derive(enrolment_ids=[queued[0].pk, queued[2].pk]) == 1
    assert list(PendingDerivation.objects.values_list("enrolment_id", flat=True)) == [queued[1].pk]
    assert reports_derive(enrolment_ids=[queued[1].pk]) == 1
    assert not PendingDerivation.objects.exists()
