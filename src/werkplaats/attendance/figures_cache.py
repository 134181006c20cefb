"""Attendance figures cache: the tiers of a school's pupils on a date, and the thuiszitters among the pupils
living in a municipality, computed once per state of the data behind them.

The key holds a cheap fingerprint of that data (one query: counts and last ids/changes of the week aggregates,
reports, enrolments, pupils and calendars in scope), so an import, a derived or closed report, an enrolment or
pupil change or a calendar change gives a new key: the cached figures are always the ones computed without the
cache. Only enrolment and pupil ids, pupil numbers and figures are cached, never names; callers filter them by
what the user may see today and read the pupils they show through the access layer (and log them)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import QuerySet

from werkplaats.organisations.models import School
from werkplaats.pupils.models import Enrolment, Pupil

from .calendars import CalendarCache
from .derivations import Thresholds, absence_rate
from .models import (
    AbsenceReport,
    AttendanceWeek,
    CalendarHoliday,
    HolidayCalendar,
    SchoolCalendar,
    SchoolDayOff,
    SchoolTimetable,
)
from .selectors import (
    PupilStatus,
    compute_statuses,
    compute_tiers,
    early_warnings,
    enrolled_on,
    home_candidates,
    school_enrolments,
    thuiszitters_of,
)

# A bound for changes no fingerprint can see (none known: every write path changes a counted table).
CACHE_SECONDS = 15 * 60
CALENDAR_MODELS = (HolidayCalendar, CalendarHoliday, SchoolCalendar, SchoolDayOff, SchoolTimetable, School)


def _table(model: type) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _fingerprint(enrolment_filter: str | None, params: list[object], *, with_reports: bool = False) -> str:
    """One query over the data behind the figures of the enrolments matching `enrolment_filter` (SQL on the
    enrolment `e`): their count, last id and change, their pupils' last change, the reports of these
    enrolments (`with_reports`), the last week aggregate and the calendars. Week aggregates are only ever
    inserted (a refresh deletes and inserts with new ids), reports inserted or updated (closing one bumps
    `updated`); rows deleted without a new one go with an enrolment or a calendar change, both counted."""
    enrolment, pupil = _table(Enrolment), _table(Pupil)
    # Each part is an aggregate over a table, so exactly one row: their cross join is the one row of figures
    # (in SQL that PostgreSQL and SQLite both run; `make run` serves the demo from SQLite).
    parts = [f"(SELECT MAX(id) FROM {_table(AttendanceWeek)})"]
    if enrolment_filter:
        # the pupil's change per enrolment (a correlated lookup: cheaper than a join over every pupil)
        parts.append(
            f"(SELECT COUNT(*), MAX(e.id), MAX(e.updated), MAX((SELECT p.updated FROM {pupil} p "
            f"WHERE p.id = e.pupil_id)) FROM {enrolment} e WHERE {enrolment_filter})"
        )
    if enrolment_filter and with_reports:
        parts.append(
            f"(SELECT COUNT(*), MAX(r.id), MAX(r.updated) FROM {_table(AbsenceReport)} r "
            f"WHERE r.enrolment_id IN (SELECT e.id FROM {enrolment} e WHERE {enrolment_filter}))"
        )
        params = params + params
    parts += [f"(SELECT COUNT(*), MAX(id), MAX(updated) FROM {_table(model)})" for model in CALENDAR_MODELS]
    with connection.cursor() as cursor:
        tables = ", ".join(f"{part} AS f{number}" for number, part in enumerate(parts))
        cursor.execute(f"SELECT * FROM {tables}", params)
        return repr(cursor.fetchone())


def _key(kind: str, *parts: object) -> str:
    rules = (Thresholds.from_settings(), getattr(settings, "ATTENDANCE_EARLY_WARNING_RISE", None))
    text = "|".join(str(part) for part in (*parts, rules))
    return f"attendance:{kind}:" + hashlib.sha256(text.encode()).hexdigest()


Row = tuple[int, int, str, str, int, int, int, int, bool]


@dataclass(frozen=True)
class SchoolFigures:
    """Every pupil (enrolment) of a school enrolled on `on`, by pupil number, as plain tuples (enrolment id,
    pupil id, pupil uuid, pupil number, tier, absent minutes, scheduled minutes, unauthorised minutes of the
    4-week window, thuiszitter); the enrolment ids with an early warning; and {enrolment id: tier on `since`}
    of those in tier 2 or 3 on `on` who were enrolled on `since` (only they can have gone to a higher tier;
    empty without `since`)."""

    rows: list[Row]
    warned: frozenset[int]
    before: dict[int, int]

    @staticmethod
    def status(row: Row) -> PupilStatus:
        pk, pupil_id, pupil_uuid, number, tier, absent, scheduled, unauthorised, thuiszitter = row
        return PupilStatus(
            enrolment_id=pk,
            pupil_id=pupil_id,
            pupil_uuid=UUID(pupil_uuid),
            pupil_number=number,
            tier=tier,
            absence_rate=absence_rate(absent, scheduled),
            unauthorised_minutes_4w=unauthorised,
            thuiszitter=thuiszitter,
            absent_minutes=absent,
            scheduled_minutes=scheduled,
        )

    def row_of(self, enrolment_id: int) -> Row | None:
        return next((row for row in self.rows if row[0] == enrolment_id), None)


def _school_rows(*, school: School, on: date) -> tuple[list[Row], frozenset[int]]:
    calendars = CalendarCache()
    statuses = compute_statuses(
        enrolments=school_enrolments(school=school, on=on), on=on, with_reports=False, cache=calendars
    )
    warned = frozenset(w.enrolment_id for w in early_warnings(school=school, on=on, statuses=statuses, cache=calendars))
    rows = [
        (
            s.enrolment_id,
            s.pupil_id,
            str(s.pupil_uuid),
            s.pupil_number,
            s.tier,
            s.absent_minutes,
            s.scheduled_minutes,
            s.unauthorised_minutes_4w,
            s.thuiszitter,
        )
        for s in statuses
    ]
    return rows, warned


def _tiers_before(*, rows: list[Row], since: date) -> dict[int, int]:
    risen = Enrolment.objects.filter(pk__in=[row[0] for row in rows if row[4] > 1]).filter(enrolled_on(since))
    return compute_tiers(enrolments=risen, on=since)


def school_figures(*, school: School, on: date, since: date | None = None) -> SchoolFigures:
    """The figures of every pupil of the school on `on` (see SchoolFigures), computed from the week aggregates
    without the cache. Reports must have been derived first. System level, not logged."""
    rows, warned = _school_rows(school=school, on=on)
    return SchoolFigures(rows, warned, _tiers_before(rows=rows, since=since) if since else {})


def school_figures_cached(*, school: School, on: date, since: date | None = None) -> SchoolFigures:
    """`school_figures` after deriving the school's pending reports: the figures on `on` once per school, date
    and state of the data (see `_fingerprint`), the tiers on `since` once per date pair and state."""
    from .services import reports_derive

    reports_derive(enrolments=school_enrolments(school=school, on=on))
    version = _fingerprint("e.school_id = %s", [school.pk], with_reports=True)
    key = _key("school", school.pk, on, version)
    found = cache.get(key)
    if found is None:
        found = _school_rows(school=school, on=on)
        cache.set(key, found, CACHE_SECONDS)
    rows, warned = found
    before: dict[int, int] = {}
    if since is not None:
        key = _key("school-before", school.pk, on, since, version)
        before = cache.get(key)
        if before is None:
            before = _tiers_before(rows=rows, since=since)
            cache.set(key, before, CACHE_SECONDS)
    return SchoolFigures(rows, warned, before)


def thuiszitters_among_cached(*, enrolments: QuerySet[Enrolment], on: date) -> set[int]:
    """`selectors.thuiszitters_among`, cached in two steps: the region's candidates (20 home days in the
    lookback; they follow from the week aggregates alone) once per date and state of the weeks and calendars,
    and the day-by-day check of the candidates among `enrolments` once per candidate set, date and state of
    their data. System level, not logged."""
    key = _key("home-candidates", on, _fingerprint(None, []))
    region = cache.get(key)
    if region is None:
        region = home_candidates(on=on)
        cache.set(key, region, CACHE_SECONDS)
    candidates = sorted(enrolments.filter(pk__in=region).values_list("pk", flat=True))
    if not candidates:
        return set()
    key = _key("thuiszitters", candidates, on, _fingerprint("e.id = ANY(%s)", [candidates]))
    found = cache.get(key)
    if found is None:
        found = thuiszitters_of(candidates=candidates, on=on)
        cache.set(key, found, CACHE_SECONDS)
    return found
