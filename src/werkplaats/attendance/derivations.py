"""The rules of contract §3, as pure functions over one enrolment's week aggregates (AttendanceWeek rows
as `WeekData`) and its school's `SchoolDays`. No database access: selectors and services load the data
and write the results."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.conf import settings

from .calendars import SchoolDays, age_on

SIXTEEN_HOURS = 960
THUISZITTER_DAYS = 20
STATUTORY_AGE_LIMIT = 18  # reports only for pupils younger than 18 on the threshold date
THUISZITTER_MIN_AGE, THUISZITTER_MAX_AGE = 5, 17
FOUR_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class WeekData:
    week_start: date
    absent: tuple[int, ...]
    unauthorised: tuple[int, ...]
    home_mask: int
    luxe_mask: int

    def days(self) -> list[tuple[date, int, int, bool, bool]]:
        """(day, absent, unauthorised, home, luxe) for each weekday with any absence."""
        out = []
        for index in range(5):
            absent, unauthorised = self.absent[index], self.unauthorised[index]
            home, luxe = bool(self.home_mask >> index & 1), bool(self.luxe_mask >> index & 1)
            if absent or unauthorised or home or luxe:
                out.append((self.week_start + timedelta(days=index), absent, unauthorised, home, luxe))
        return out


@dataclass(frozen=True)
class ExistingReport:
    reason: str
    start_date: date
    threshold_date: date
    is_open: bool


@dataclass(frozen=True)
class NewReport:
    reason: str
    start_date: date
    threshold_date: date


def absence_rate(absent_minutes: int, scheduled_minutes: int) -> Decimal:
    """Absent / scheduled minutes, rounded half up to 4 decimals; 0 when nothing was scheduled."""
    if scheduled_minutes <= 0:
        return Decimal("0.0000")
    rate = (Decimal(absent_minutes) / Decimal(scheduled_minutes)).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)
    return min(rate, Decimal("1.0000"))


@dataclass(frozen=True)
class Thresholds:
    """The region's tier settings (conf/base.py), read once per computation."""

    tier3_rate: Decimal
    tier2_rate: Decimal
    tier2_unauthorised_minutes_4w: int

    @cached_property
    def tier3_points(self) -> int:
        return basis_points(self.tier3_rate)

    @cached_property
    def tier2_points(self) -> int:
        return basis_points(self.tier2_rate)

    @classmethod
    def from_settings(cls) -> Thresholds:
        return cls(
            tier3_rate=Decimal(str(settings.ATTENDANCE_TIER3_RATE)),
            tier2_rate=Decimal(str(settings.ATTENDANCE_TIER2_RATE)),
            tier2_unauthorised_minutes_4w=int(settings.ATTENDANCE_TIER2_UNAUTHORISED_MINUTES_4W),
        )


def basis_points(threshold: Decimal) -> int:
    """The smallest rate in basis points (rounded to 4 decimals, as `absence_rate`) that reaches `threshold`."""
    return math.ceil(threshold * 10_000)


def rate_reaches(absent_minutes: int, scheduled_minutes: int, points: int) -> bool:
    """`absence_rate(absent_minutes, scheduled_minutes) >= points / 10⁴` in integers, for region-wide loops:
    the rate rounded half up to 4 decimals reaches K basis points exactly when 20000 · absent ≥ (2K − 1) ·
    scheduled (a rate is at most 1, and 0 when nothing was scheduled)."""
    if scheduled_minutes <= 0:
        return points <= 0
    if points > 10_000:
        return False
    return 20_000 * absent_minutes >= (2 * points - 1) * scheduled_minutes


def tier_from_minutes(
    *,
    absent_minutes: int,
    scheduled_minutes: int,
    unauthorised_minutes_4w: int,
    report_open: bool,
    thuiszitter: bool,
    thresholds: Thresholds,
) -> int:
    """`tier` of the rate absent / scheduled without building it: the same rule (see rate_reaches)."""
    if report_open or thuiszitter or rate_reaches(absent_minutes, scheduled_minutes, thresholds.tier3_points):
        return 3
    if unauthorised_minutes_4w >= thresholds.tier2_unauthorised_minutes_4w or rate_reaches(
        absent_minutes, scheduled_minutes, thresholds.tier2_points
    ):
        return 2
    return 1


def _runs(days: list[date], calendar: SchoolDays) -> list[list[date]]:
    """Split sorted school days into runs of consecutive school days."""
    runs: list[list[date]] = []
    for day in days:
        if runs and calendar.next_school_day(runs[-1][-1], ceiling=day) == day:
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


def home_run_ending(
    *, home_days: set[date], last_day: date, calendar: SchoolDays, floor: date, needed: int = THUISZITTER_DAYS
) -> int:
    """How many consecutive school days, ending with `last_day`, are home days (counting stops at
    `needed` or at `floor`)."""
    count = 0
    day: date | None = last_day
    while day is not None and day >= floor and day in home_days:
        count += 1
        if count >= needed:
            break
        day = calendar.previous_school_day(day - timedelta(days=1), floor=floor)
    return count


def is_thuiszitter(
    *, weeks: list[WeekData], on: date, birth_date: date, enrolled_from: date, calendar: SchoolDays
) -> bool:
    """Aged 5–17 on `on`, with ongeoorloofd or luxe covering all scheduled minutes of 20 or more
    consecutive school days up to `on` (the run ends with the last school day on or before `on`)."""
    if not THUISZITTER_MIN_AGE <= age_on(birth_date, on) <= THUISZITTER_MAX_AGE:
        return False
    last_day = calendar.previous_school_day(on, floor=enrolled_from)
    if last_day is None:
        return False
    home_days = {day for week in weeks for day, _a, _u, home, _l in week.days() if home and day <= on}
    return home_run_ending(home_days=home_days, last_day=last_day, calendar=calendar, floor=enrolled_from) >= (
        THUISZITTER_DAYS
    )


def reports_due(
    *, weeks: list[WeekData], birth_date: date, calendar: SchoolDays, existing: list[ExistingReport]
) -> list[NewReport]:
    """The reports to add to `existing` (contract §3 "Statutory report"): derived from all registrations;
    reports are kept, so runs and windows already reported are not reported again."""
    days = sorted(day for week in weeks for day in week.days())
    new: list[NewReport] = []
    new.extend(_sixteen_hours(days, birth_date, calendar, existing))
    new.extend(_luxe(days, birth_date, calendar, existing))
    new.extend(_long_term(days, birth_date, calendar, existing))
    return new


def _sixteen_hours(
    days: list[tuple[date, int, int, bool, bool]],
    birth_date: date,
    calendar: SchoolDays,
    existing: list[ExistingReport],
) -> list[NewReport]:
    reports = [r for r in existing if r.reason == "16_uur"]
    if any(r.is_open for r in reports):
        return []  # at most one open 16_uur report
    reset = max((r.threshold_date for r in reports), default=None)
    counted = [(day, minutes) for day, _a, minutes, _h, _l in days if minutes and (reset is None or day > reset)]
    if not counted:
        return []
    around = (counted[0][0], counted[-1][0])
    numbered = []
    for day, minutes in counted:
        number = calendar.school_week_number(day, around=around)
        if number is not None:
            numbered.append((day, minutes, number))
    window_sum = 0
    first = 0  # index of the first registration day inside the window
    for day, minutes, number in numbered:
        window_sum += minutes
        while numbered[first][2] < number - 3:
            window_sum -= numbered[first][1]
            first += 1
        if window_sum >= SIXTEEN_HOURS:
            if age_on(birth_date, day) >= STATUTORY_AGE_LIMIT:
                return []
            if any(r.start_date == numbered[first][0] for r in reports):
                return []
            return [NewReport("16_uur", numbered[first][0], day)]
    return []


def _luxe(
    days: list[tuple[date, int, int, bool, bool]],
    birth_date: date,
    calendar: SchoolDays,
    existing: list[ExistingReport],
) -> list[NewReport]:
    reported = [r.start_date for r in existing if r.reason == "luxe"]
    new = []
    for run in _runs([day for day, _a, _u, _h, luxe in days if luxe], calendar):
        if any(run[0] <= start <= run[-1] for start in reported):
            continue
        if age_on(birth_date, run[0]) >= STATUTORY_AGE_LIMIT:
            continue
        new.append(NewReport("luxe", run[0], run[0]))
    return new


def _long_term(
    days: list[tuple[date, int, int, bool, bool]],
    birth_date: date,
    calendar: SchoolDays,
    existing: list[ExistingReport],
) -> list[NewReport]:
    reported = [(r.start_date, r.threshold_date) for r in existing if r.reason == "langdurig"]
    new = []
    for run in _runs([day for day, _a, _u, home, _l in days if home], calendar):
        if len(run) < THUISZITTER_DAYS:
            continue
        if any(run[0] <= start <= run[-1] or run[0] <= threshold <= run[-1] for start, threshold in reported):
            continue
        threshold = run[THUISZITTER_DAYS - 1]
        if not THUISZITTER_MIN_AGE <= age_on(birth_date, threshold) <= THUISZITTER_MAX_AGE:
            continue
        new.append(NewReport("langdurig", run[0], threshold))
    return new
