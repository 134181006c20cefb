"""School days and scheduled minutes of a school location (contract §2), computed from its holiday
calendar (the region's default unless the school has its own), its own days off and its timetable
(the defaults of its school type unless it set its own). Pure reads; `CalendarCache` keeps what one
import or one status computation needs in memory."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from werkplaats.organisations.models import School

from .models import CalendarHoliday, HolidayCalendar, SchoolCalendar, SchoolDayOff, SchoolTimetable

PO_MINUTES = (330, 330, 210, 330, 330)
VO_MINUTES = (360, 360, 360, 360, 360)
# Scheduled minutes per weekday (Monday–Friday) by school type. IKC follows PO (its school part is a
# primary school); a KDV (childcare) has no compulsory school time, but pupils of a KDV listed in the
# registry are treated like PO's youngest so that the figures stay defined.
DEFAULT_MINUTES: dict[str, tuple[int, int, int, int, int]] = {
    School.Type.PO: PO_MINUTES,
    School.Type.SBO: PO_MINUTES,
    School.Type.SO: PO_MINUTES,
    School.Type.IKC: PO_MINUTES,
    School.Type.KDV: PO_MINUTES,
    School.Type.VO: VO_MINUTES,
    School.Type.VSO: VO_MINUTES,
    School.Type.PRO: VO_MINUTES,
    School.Type.MBO: VO_MINUTES,
}
ONE_DAY = timedelta(days=1)
ONE_WEEK = timedelta(days=7)


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def school_year_start(day: date) -> date:
    """1 August of the school year that contains `day`."""
    return date(day.year if day.month >= 8 else day.year - 1, 8, 1)


def school_year_end(day: date) -> date:
    return date(school_year_start(day).year + 1, 7, 31)


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def _expand(ranges: Iterable[tuple[date, date]]) -> set[date]:
    days: set[date] = set()
    for first, last in ranges:
        day = first
        while day <= last:
            days.add(day)
            day += ONE_DAY
    return days


@dataclass
class SchoolDays:
    """The school days of one school location: Monday–Friday minus the holidays of its calendar and its
    own days off, with the scheduled minutes of each (a weekday with 0 scheduled minutes is no school day)."""

    school_id: int
    code: str
    closed: set[date]
    timetables: list[tuple[date, tuple[int, int, int, int, int]]]  # (valid_from, minutes) sorted; first from MIN
    _minutes: dict[date, int] = field(default_factory=dict, repr=False)
    _week_index: dict[date, int] = field(default_factory=dict, repr=False)
    _weeks: list[date] = field(default_factory=list, repr=False)
    _weeks_range: tuple[date, date] | None = field(default=None, repr=False)
    _cumulative_by_year: dict[date, dict[date, int]] = field(default_factory=dict, repr=False)

    def minutes_on(self, day: date) -> int:
        minutes = self._minutes.get(day)
        if minutes is None:
            weekday = day.weekday()
            if weekday >= 5 or day in self.closed:
                minutes = 0
            else:
                index = bisect.bisect_right(self.timetables, (day, (10_000,) * 5)) - 1
                minutes = self.timetables[max(index, 0)][1][weekday]
            self._minutes[day] = minutes
        return minutes

    def is_school_day(self, day: date) -> bool:
        return self.minutes_on(day) > 0

    def days(self, first: date, last: date) -> Iterator[date]:
        day = first
        while day <= last:
            if self.minutes_on(day):
                yield day
            day += ONE_DAY

    def scheduled_minutes(self, first: date, last: date) -> int:
        """Scheduled minutes of the school days from `first` to `last` (inclusive), from per-school-year
        running totals: a region's pupils cost one pass over each school's year."""
        total = 0
        while first <= last:
            year_end = school_year_end(first)
            end = min(last, year_end)
            table = self._year_totals(school_year_start(first))
            total += table[end] - (table[first - ONE_DAY] if first.month != 8 or first.day != 1 else 0)
            first = year_end + ONE_DAY
        return total

    def _year_totals(self, year_start: date) -> dict[date, int]:
        """Running totals of scheduled minutes from 1 August up to each day of that school year."""
        table = self._cumulative_by_year.get(year_start)
        if table is None:
            table, total, day, end = {}, 0, year_start, school_year_end(year_start)
            while day <= end:
                total += self.minutes_on(day)
                table[day] = total
                day += ONE_DAY
            self._cumulative_by_year[year_start] = table
        return table

    def previous_school_day(self, day: date, *, floor: date | None = None) -> date | None:
        """The last school day on or before `day` (not before `floor`, default two years back)."""
        floor = floor or day - timedelta(days=730)
        while day >= floor:
            if self.minutes_on(day):
                return day
            day -= ONE_DAY
        return None

    def next_school_day(self, day: date, *, ceiling: date | None = None) -> date | None:
        """The first school day after `day`."""
        ceiling = ceiling or day + timedelta(days=730)
        day += ONE_DAY
        while day <= ceiling:
            if self.minutes_on(day):
                return day
            day += ONE_DAY
        return None

    def is_school_week(self, week_start: date) -> bool:
        return any(self.minutes_on(week_start + timedelta(days=i)) for i in range(5))

    def _index_weeks(self, first: date, last: date) -> None:
        first, last = monday(first), monday(last)
        if self._weeks_range and self._weeks_range[0] <= first and last <= self._weeks_range[1]:
            return
        # Index generously (a year either side), so that one school's many pupils reuse one index.
        first, last = first - timedelta(days=364), last + timedelta(days=364)
        if self._weeks_range:
            first, last = min(first, self._weeks_range[0]), max(last, self._weeks_range[1])
        self._weeks = []
        week = first
        while week <= last:
            if self.is_school_week(week):
                self._weeks.append(week)
            week += ONE_WEEK
        self._week_index = {week: index for index, week in enumerate(self._weeks)}
        self._weeks_range = (first, last)

    def school_week_number(self, day: date, *, around: tuple[date, date]) -> int | None:
        """A running number of the school week of `day` (consecutive school weeks differ by 1), valid
        for days within `around`; None when the week of `day` has no school day."""
        self._index_weeks(*around)
        return self._week_index.get(monday(day))

    def window_start(self, day: date, weeks: int = 4) -> date:
        """The Monday of the first of the `weeks` school weeks that end with the school week of `day`
        (or, when that week has no school day, with the last school week before it)."""
        week = monday(day)
        found = 0
        floor = week - timedelta(days=weeks * 7 + 730)
        while week >= floor:
            if self.is_school_week(week):
                found += 1
                if found == weeks:
                    return week
            week -= ONE_WEEK
        return week


class CalendarCache:
    """Loads each calendar, school and timetable once; use one per import, computation or request."""

    def __init__(self) -> None:
        self._calendars: dict[int, set[date]] = {}
        self._schools: dict[int, SchoolDays] = {}
        self._default_id: int | None = None
        self._memos: dict[tuple, tuple[dict[date, int], dict[date, dict[date, int]]]] = {}

    def _calendar_days(self, calendar_id: int | None) -> set[date]:
        if calendar_id is None:
            if self._default_id is None:
                default = HolidayCalendar.objects.filter(is_default=True).values_list("id", flat=True).first()
                self._default_id = default or 0
            calendar_id = self._default_id
        if calendar_id not in self._calendars:
            self._calendars[calendar_id] = _expand(
                CalendarHoliday.objects.filter(calendar_id=calendar_id).values_list("first_day", "last_day")
            )
        return self._calendars[calendar_id]

    def prefetch(self, schools: Iterable[School]) -> None:
        """Load many schools in a few queries (region-wide computations)."""
        wanted = {school.pk: school for school in schools if school.pk not in self._schools}
        if not wanted:
            return
        calendars = dict(SchoolCalendar.objects.filter(school_id__in=wanted).values_list("school_id", "calendar_id"))
        days_off: dict[int, list[tuple[date, date]]] = {}
        for school_id, first, last in SchoolDayOff.objects.filter(school_id__in=wanted).values_list(
            "school_id", "first_day", "last_day"
        ):
            days_off.setdefault(school_id, []).append((first, last))
        timetables: dict[int, list[tuple[date, tuple[int, int, int, int, int]]]] = {}
        for timetable in SchoolTimetable.objects.filter(school_id__in=wanted).order_by("valid_from"):
            timetables.setdefault(timetable.school_id, []).append((timetable.valid_from, timetable.minutes))
        for school_id, school in wanted.items():
            calendar_id = calendars.get(school_id)
            holidays = self._calendar_days(calendar_id)
            closed = holidays | _expand(days_off[school_id]) if school_id in days_off else holidays
            defaults = DEFAULT_MINUTES.get(school.type, PO_MINUTES)
            schedule = [(date.min, defaults), *timetables.get(school_id, [])]
            # Schools with the same calendar, days off and timetables share their memos of minutes per day
            # and running totals: a region of 400 schools has only a few distinct school-day patterns.
            profile = (calendar_id, tuple(sorted(days_off.get(school_id, ()))), tuple(schedule))
            minutes, totals = self._memos.setdefault(profile, ({}, {}))
            self._schools[school_id] = SchoolDays(
                school_id=school_id,
                code=school.code,
                closed=closed,
                timetables=schedule,
                _minutes=minutes,
                _cumulative_by_year=totals,
            )

    def for_school(self, school: School) -> SchoolDays:
        if school.pk not in self._schools:
            self.prefetch([school])
        return self._schools[school.pk]
