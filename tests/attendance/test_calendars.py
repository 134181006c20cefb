"""Contract §2: the region's default calendar (data migration) against the reference CSVs, the
timetable defaults by school type, a school's own days off and timetable."""

import csv
import datetime
from pathlib import Path

import pytest

import werkplaats.core
from werkplaats.attendance.calendars import DEFAULT_MINUTES, CalendarCache, school_year_start
from werkplaats.attendance.models import CalendarHoliday, HolidayCalendar, SchoolCalendar
from werkplaats.attendance.services import school_calendar_set, school_day_off_add, school_timetable_set
from werkplaats.organisations.models import School

from .helpers import d, enrol, import_rows, reg, school, status

pytestmark = pytest.mark.django_db

FIXTURES = Path(werkplaats.core.__file__).parent / "fixtures"
FIRST, LAST = d("2024-09-02"), d("2028-07-14")  # after summer 2024 up to summer 2028: what the CSVs cover


def _csv(name: str) -> list[dict[str, str]]:
    with open(FIXTURES / name, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _closed_by_calendar() -> set[datetime.date]:
    calendar = HolidayCalendar.objects.get(is_default=True)
    closed = set()
    for holiday in CalendarHoliday.objects.filter(calendar=calendar):
        day = holiday.first_day
        while day <= holiday.last_day:
            if FIRST <= day <= LAST:
                closed.add(day)
            day += datetime.timedelta(days=1)
    return closed


def test_default_calendar_is_there_after_migrate_and_matches_the_reference_csvs_exactly():
    expected: set[datetime.date] = set()
    for row in _csv("schoolvakanties.csv"):
        assert row["region"] == "noord"
        day = d(row["first_day"])
        while day <= d(row["last_day"]):
            if FIRST <= day <= LAST:
                expected.add(day)
            day += datetime.timedelta(days=1)
    public = _csv("feestdagen.csv")
    closing = [row for row in public if row["name"] != "Goede Vrijdag"]
    expected |= {d(row["date"]) for row in closing if FIRST <= d(row["date"]) <= LAST}
    assert _closed_by_calendar() == expected


def test_every_school_holiday_of_the_csv_is_one_holiday_with_the_same_days():
    calendar = HolidayCalendar.objects.get(is_default=True)
    for row in _csv("schoolvakanties.csv"):
        holiday = CalendarHoliday.objects.get(calendar=calendar, kind="school_holiday", first_day=d(row["first_day"]))
        assert (holiday.name, holiday.last_day) == (row["kind"], d(row["last_day"]))


def test_calendar_covers_school_years_up_to_2029_30_with_liberation_day_every_year():
    days = CalendarCache().for_school(school())
    for year in range(2025, 2031):
        assert not days.is_school_day(datetime.date(year, 5, 5))
    summer_2030 = CalendarHoliday.objects.filter(kind="school_holiday", name="zomervakantie", first_day__year=2030)
    assert summer_2030.exists()


def test_good_friday_and_the_day_after_ascension_are_school_days_and_public_closing_days_are_not():
    days = CalendarCache().for_school(school())
    assert days.is_school_day(d("2026-04-03"))  # Goede Vrijdag
    assert days.is_school_day(d("2026-05-15"))  # vrijdag na Hemelvaart
    for closed in ("2026-04-06", "2026-05-05", "2026-05-14", "2026-05-25", "2028-04-27"):
        assert not days.is_school_day(d(closed)), closed
    assert not days.is_school_day(d("2026-01-10"))  # Saturday


@pytest.mark.parametrize(
    ("school_type", "minutes"),
    [
        ("PO", (330, 330, 210, 330, 330)),
        ("SBO", (330, 330, 210, 330, 330)),
        ("SO", (330, 330, 210, 330, 330)),
        ("IKC", (330, 330, 210, 330, 330)),
        ("VO", (360,) * 5),
        ("VSO", (360,) * 5),
        ("PRO", (360,) * 5),
        ("MBO", (360,) * 5),
    ],
)
def test_scheduled_minutes_default_by_school_type(school_type, minutes):
    assert DEFAULT_MINUTES[school_type] == minutes
    location = school(type=school_type)
    days = CalendarCache().for_school(location)
    week = [days.minutes_on(d("2026-01-12") + datetime.timedelta(days=i)) for i in range(5)]
    assert tuple(week) == minutes


def test_every_school_type_has_defaults():
    assert set(DEFAULT_MINUTES) == set(School.Type.values)


def test_school_day_off_and_own_timetable_change_school_days_and_figures():
    location = school()
    enrol(location, "1001")
    assert import_rows([reg("12AB00", "1001", "2025-09-05", 165, "ziek")]).accepted
    # 25 Aug – 5 Sep 2025: two weeks of 4 × 330 + 210 = 3060 scheduled minutes.
    assert status(location, "2025-09-05")["1001"]["absence_rate"] == pytest.approx(165 / 3060, abs=1e-4)
    school_day_off_add(actor=None, school=location, first_day=d("2025-09-05"), name="studiedag")
    # The day off is no school day: its registration stops counting, and the day is not scheduled.
    assert status(location, "2025-09-05")["1001"]["absence_rate"] == 0
    result = import_rows([reg("12AB00", "1001", "2025-09-05", 60, "ziek")])
    assert result.errors[0].as_dict() == {
        "line": 2,
        "column": "date",
        "message": "2025-09-05 is geen schooldag van 12AB00",
    }
    assert import_rows([reg("12AB00", "1001", "2025-09-04", 165, "ziek")]).accepted
    assert status(location, "2025-09-05")["1001"]["absence_rate"] == pytest.approx(165 / 2730, abs=1e-4)
    # Own timetable: 300 minutes every day from 1 September on.
    school_timetable_set(actor=None, school=location, valid_from=d("2025-09-01"), minutes=(300, 300, 300, 300, 300))
    scheduled = 4 * 330 + 210 + 4 * 300  # week 1 (defaults) + Mon–Thu of week 2 (own, Friday off)
    assert status(location, "2025-09-05")["1001"]["absence_rate"] == pytest.approx(165 / scheduled, abs=1e-4)


def test_a_school_can_get_another_calendar():
    location = school()
    other = HolidayCalendar.objects.create(name="eigen kalender")
    CalendarHoliday.objects.create(
        calendar=other,
        kind="school_holiday",
        name="eigen vakantie",
        first_day=d("2026-01-12"),
        last_day=d("2026-01-16"),
    )
    school_calendar_set(actor=None, school=location, calendar=other)
    assert SchoolCalendar.objects.get(school=location).calendar == other
    days = CalendarCache().for_school(location)
    assert not days.is_school_day(d("2026-01-12"))
    assert days.is_school_day(d("2026-02-23"))  # voorjaarsvakantie of the default is not in this calendar
    school_calendar_set(actor=None, school=location, calendar=None)
    assert not SchoolCalendar.objects.filter(school=location).exists()


def test_school_year_starts_on_1_august():
    assert school_year_start(d("2026-07-31")) == d("2025-08-01")
    assert school_year_start(d("2026-08-01")) == d("2026-08-01")


def test_scheduled_minutes_from_running_totals_equal_the_day_by_day_sum():
    import random

    from werkplaats.attendance.calendars import SchoolDays

    closed = {d("2025-12-25"), d("2026-01-01"), d("2026-08-03")}
    days = SchoolDays(
        1,
        "12AB00",
        closed,
        [(datetime.date.min, (330, 330, 210, 330, 330)), (d("2026-02-01"), (300, 300, 300, 300, 300))],
    )
    rng = random.Random(1)
    for _ in range(2000):
        first = d("2024-01-01") + datetime.timedelta(days=rng.randint(0, 1500))
        last = first + datetime.timedelta(days=rng.randint(-5, 900))
        assert days.scheduled_minutes(first, last) == sum(days.minutes_on(day) for day in days.days(first, last))
