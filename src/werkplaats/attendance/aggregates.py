"""The per-pupil per-school-week aggregates (`AttendanceWeek`), recomputed from the registrations for
the weeks an import or a calendar change touched. Called by services only, inside their transaction."""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from django.db import connection

from werkplaats.organisations.models import School
from werkplaats.pupils.models import Enrolment

from .calendars import CalendarCache, monday
from .models import HOME_REASONS, UNAUTHORISED_REASONS, AbsenceRegistration, AttendanceWeek, PendingDerivation

CHUNK = 2000
LARGE_REFRESH = 20_000  # (enrolment, week) pairs from which the set-based refresh hashes instead of probing
WEEK_FIELDS = (
    "enrolment_id",
    "school_id",
    "week_start",
    "week_end",
    "scheduled_minutes",
    "absent_minutes",
    "unauthorised_minutes",
    "home_days",
    "luxe_days",
    "absent_1",
    "absent_2",
    "absent_3",
    "absent_4",
    "absent_5",
    "unauthorised_1",
    "unauthorised_2",
    "unauthorised_3",
    "unauthorised_4",
    "unauthorised_5",
    "home_mask",
    "luxe_mask",
)
UNAUTHORISED = frozenset(str(reason) for reason in UNAUTHORISED_REASONS)
HOME = frozenset(str(reason) for reason in HOME_REASONS)
LUXE = "luxe"


def _week_rows(
    enrolment: tuple[int, int, date, date | None],
    registrations: list[tuple[date, str, int]],
    cache: CalendarCache,
    schools: dict[int, School],
) -> list[tuple]:
    """The AttendanceWeek rows (as tuples in WEEK_FIELDS order) of one enrolment's registrations."""
    enrolment_id, school_id, enrolled_from, enrolled_until = enrolment
    days = cache.for_school(schools[school_id])
    by_day: dict[date, list[int]] = {}  # day -> [all, unauthorised, home, luxe]
    for day, reason, minutes in registrations:
        totals = by_day.get(day)
        if totals is None:
            totals = by_day[day] = [0, 0, 0, 0]
        totals[0] += minutes
        if reason in UNAUTHORISED:
            totals[1] += minutes
        if reason in HOME:
            totals[2] += minutes
        if reason == LUXE:
            totals[3] = 1
    weeks: dict[date, list[int]] = {}
    for day, (total, unauthorised, home, luxe) in by_day.items():
        scheduled = days.minutes_on(day)
        if not scheduled:
            continue  # only registrations on school days count
        week = monday(day)
        values = weeks.get(week)
        if values is None:
            values = weeks[week] = [0] * 14  # absent 1-5, unauthorised 1-5, home mask, luxe mask, home, luxe days
        index = day.weekday()
        values[index] = total
        values[5 + index] = unauthorised
        if home >= scheduled:
            values[10] |= 1 << index
            values[12] += 1
        if luxe:
            values[11] |= 1 << index
            values[13] += 1
    rows = []
    for week, values in weeks.items():
        scheduled = 0
        for offset in range(5):
            day = week + timedelta(days=offset)
            if day >= enrolled_from and (enrolled_until is None or day <= enrolled_until):
                scheduled += days.minutes_on(day)
        rows.append(
            (
                enrolment_id,
                school_id,
                week,
                week + timedelta(days=6),
                scheduled,
                sum(values[0:5]),
                sum(values[5:10]),
                values[12],
                values[13],
                *values[0:10],
                values[10],
                values[11],
            )
        )
    return rows


def weeks_refresh(*, enrolment_ids: Iterable[int], first: date, last: date, cache: CalendarCache | None = None) -> int:
    """Recompute the weeks from the week of `first` to the week of `last` of these enrolments; returns
    how many week rows now exist for them in that span."""
    cache = cache or CalendarCache()
    week_first, week_last = monday(first), monday(last)
    ids = sorted(set(enrolment_ids))
    written = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        enrolments = {
            row[0]: row
            for row in Enrolment.objects.filter(pk__in=chunk).values_list(
                "id", "school_id", "enrolled_from", "enrolled_until"
            )
        }
        schools = {s.pk: s for s in School.objects.filter(pk__in={e[1] for e in enrolments.values()})}
        cache.prefetch(schools.values())
        registrations: dict[int, list[tuple[date, str, int]]] = defaultdict(list)
        for enrolment_id, day, reason, minutes in (
            AbsenceRegistration.objects.filter(
                enrolment_id__in=chunk, date__gte=week_first, date__lte=week_last + timedelta(days=6)
            )
            .values_list("enrolment_id", "date", "reason", "minutes")
            .iterator(chunk_size=20_000)
        ):
            registrations[enrolment_id].append((day, reason, minutes))
        rows: list[tuple] = []
        for enrolment_id, items in registrations.items():
            if enrolment_id in enrolments:
                rows.extend(_week_rows(enrolments[enrolment_id], items, cache, schools))
        AttendanceWeek.objects.filter(
            enrolment_id__in=chunk, week_start__gte=week_first, week_start__lte=week_last
        ).delete()
        weeks_insert(rows)
        PendingDerivation.objects.bulk_create(
            [PendingDerivation(enrolment_id=pk) for pk in enrolments], ignore_conflicts=True, batch_size=1000
        )
        written += len(rows)
    return written


def weeks_insert(rows: list[tuple]) -> None:
    """Insert week rows (tuples in WEEK_FIELDS order): COPY on PostgreSQL, bulk_create elsewhere."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        buffer = io.StringIO()
        for row in rows:
            buffer.write("\t".join(str(value) for value in row))
            buffer.write("\n")
        table = AttendanceWeek._meta.db_table
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({', '.join(WEEK_FIELDS)}) FROM STDIN") as copy,
        ):
            copy.write(buffer.getvalue())
        return
    AttendanceWeek.objects.bulk_create(
        [AttendanceWeek(**dict(zip(WEEK_FIELDS, row, strict=True))) for row in rows], batch_size=1000
    )


def weeks_refresh_changed(*, changed_table: str, cache: CalendarCache) -> int:
    """PostgreSQL, inside the import's transaction: recompute, set-based, the weeks of the (enrolment_id,
    date) pairs in the temporary table `changed_table`. The same rules as `_week_rows` (the Python path
    of other databases and of calendar changes; tests/attendance check that both agree)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE attendance_pairs ON COMMIT DROP AS SELECT DISTINCT enrolment_id, "
            f"(date - (extract(isodow FROM date)::int - 1)) AS week FROM {changed_table}"
        )
        cursor.execute("SELECT min(week), max(week) FROM attendance_pairs")
        first, last = cursor.fetchone()
        if first is None:
            return 0
        cursor.execute(
            "SELECT DISTINCT e.school_id FROM attendance_pairs p JOIN pupils_enrolment e ON e.id = p.enrolment_id"
        )
        school_ids = [row[0] for row in cursor.fetchall()]
    schools = list(School.objects.filter(pk__in=school_ids))
    cache.prefetch(schools)
    buffer = io.StringIO()
    for school in schools:
        days = cache.for_school(school)
        week = first
        while week <= last:
            minutes = [days.minutes_on(week + timedelta(days=offset)) for offset in range(5)]
            if any(minutes):
                buffer.write(f"{school.pk}\t{week.isoformat()}\t" + "\t".join(map(str, minutes)) + "\n")
            week += timedelta(days=7)
    table = AttendanceWeek._meta.db_table
    unauthorised = ", ".join(f"'{reason}'" for reason in sorted(UNAUTHORISED))
    home = ", ".join(f"'{reason}'" for reason in sorted(HOME))
    enrolled = [
        f"CASE WHEN d.week + {offset} >= e.enrolled_from AND (e.enrolled_until IS NULL OR "
        f"d.week + {offset} <= e.enrolled_until) THEN w.m{offset + 1} ELSE 0 END"
        for offset in range(5)
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE attendance_school_weeks (school_id bigint, week date, m1 int, m2 int, m3 int, "
            "m4 int, m5 int, PRIMARY KEY (school_id, week)) ON COMMIT DROP"
        )
        with cursor.cursor.copy("COPY attendance_school_weeks FROM STDIN") as copy:
            copy.write(buffer.getvalue())
        cursor.execute("ANALYZE attendance_pairs; ANALYZE attendance_school_weeks")
        cursor.execute("SELECT count(*) FROM attendance_pairs")
        large = cursor.fetchone()[0] > LARGE_REFRESH
        if large:
            # The planner underestimates these joins; for many weeks, hashing beats a million index probes.
            cursor.execute("SET LOCAL enable_nestloop = off")
        cursor.execute(
            f"DELETE FROM {table} t USING attendance_pairs p WHERE t.enrolment_id = p.enrolment_id "
            f"AND t.week_start = p.week"
        )
        # Three steps, each grouped on as few keys as possible: registrations to days (enrolment, date),
        # days to school days (other days dropped), school days to weeks.
        cursor.execute(f"""
            WITH days AS (
                SELECT r.enrolment_id, min(r.school_id) AS school_id, p.week, r.date - p.week + 1 AS dow,
                       sum(r.minutes) AS total,
                       coalesce(sum(r.minutes) FILTER (WHERE r.reason IN ({unauthorised})), 0) AS unauthorised,
                       coalesce(sum(r.minutes) FILTER (WHERE r.reason IN ({home})), 0) AS home_minutes,
                       bool_or(r.reason = '{LUXE}') AS luxe
                FROM attendance_pairs p
                JOIN attendance_absenceregistration r
                     ON r.enrolment_id = p.enrolment_id AND r.date - (extract(isodow FROM r.date)::int - 1) = p.week
                GROUP BY r.enrolment_id, p.week, r.date
            ),
            school_days AS (
                SELECT d.enrolment_id, d.school_id, d.week, d.dow, d.total AS absent,
                       d.unauthorised, d.home_minutes >= s.minutes AS home, d.luxe
                FROM days d
                JOIN attendance_school_weeks w ON w.school_id = d.school_id AND w.week = d.week
                CROSS JOIN LATERAL (SELECT (ARRAY[w.m1, w.m2, w.m3, w.m4, w.m5])[d.dow] AS minutes) s
                WHERE s.minutes > 0
            ),
            weeks AS (
                SELECT enrolment_id, min(school_id) AS school_id, week,
                       sum(absent) AS absent, sum(unauthorised) AS unauthorised,
                       count(*) FILTER (WHERE home) AS home_days, count(*) FILTER (WHERE luxe) AS luxe_days,
                       {", ".join(f"coalesce(sum(absent) FILTER (WHERE dow = {i}), 0) AS a{i}" for i in range(1, 6))},
                       {
            ", ".join(f"coalesce(sum(unauthorised) FILTER (WHERE dow = {i}), 0) AS u{i}" for i in range(1, 6))
        },
                       coalesce(sum(1 << (dow - 1)) FILTER (WHERE home), 0) AS home_mask,
                       coalesce(sum(1 << (dow - 1)) FILTER (WHERE luxe), 0) AS luxe_mask
                FROM school_days
                GROUP BY enrolment_id, week
            )
            INSERT INTO {table} ({", ".join(WEEK_FIELDS)})
            SELECT d.enrolment_id, d.school_id, d.week, d.week + 6, {" + ".join(enrolled)},
                   d.absent, d.unauthorised, d.home_days, d.luxe_days, d.a1, d.a2, d.a3, d.a4, d.a5,
                   d.u1, d.u2, d.u3, d.u4, d.u5, d.home_mask, d.luxe_mask
            FROM weeks d
            JOIN attendance_school_weeks w ON w.school_id = d.school_id AND w.week = d.week
            JOIN pupils_enrolment e ON e.id = d.enrolment_id
        """)
        written = cursor.rowcount
        cursor.execute(
            f"INSERT INTO {PendingDerivation._meta.db_table} (enrolment_id) "
            f"SELECT DISTINCT enrolment_id FROM attendance_pairs ON CONFLICT DO NOTHING"
        )
        if large:
            cursor.execute("SET LOCAL enable_nestloop = on")
        cursor.execute("DROP TABLE attendance_pairs; DROP TABLE attendance_school_weeks")
    return written


def weeks_refresh_school(*, school: School, first: date, last: date) -> int:
    """After a calendar or timetable change: recompute every enrolment of the school in that span."""
    ids = list(Enrolment.objects.filter(school=school).values_list("pk", flat=True))
    return weeks_refresh(enrolment_ids=ids, first=first, last=last)
