"""Attendance benchmark (not part of the test suite): a Twente-sized school year on its own PostgreSQL
database, and the figures of contracts/attendance.md measured through the real code paths.

    .venv/bin/python bench/attendance_bench.py [--database-url postgres://postgres@127.0.0.1:5432/wp_bench_attendance]
                                               [--pupils 95000] [--schools 400] [--reuse] [--no-load]
                                               [--seconds 5] [--warmup 2] [--connections 4]

It (re)creates the database, migrates it, seeds ~400 school locations and 95,000 pupils with COPY, generates
~1.5 M absence registrations of school year 2025-26 (most pupils < 5 %, a tail > 10 %, luxe verzuim, some
long-term absentees), loads a third directly (COPY + the aggregate refresh) and then measures:

1. the import of the other 1 M registrations from a CSV file through `registrations_import` (validation,
   COPY into a temporary table, upsert, week aggregates, access log, report derivation) — and a re-import
   of the same file (all unchanged);
2. `werkplaats attendance status` of the largest school in its own process (start-up included) and in this
   one;
3. the tier of every pupil of the region on one date (`region_tiers`, report derivation included);
4. the same tiers in DuckDB from the raw registrations exported to Parquet, with the same rules (rate with
   the same rounding, 4-week minutes, open reports, thuiszitters): the vectorised floor; both results are
   compared pupil by pupil;
5. the attendance pages of an IB'er and an attendance officer under load (gunicorn with bench.settings,
   wrk, 4 connections), each next to its floor view in bench/attendance_floor.py.

`--reuse` measures the database of an earlier run again (steps 2–5, no seeding, no import). Every figure is
printed with what it measured; nothing is asserted.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/wp_bench_attendance"
ON = date(2026, 6, 30)
YEAR_START = date(2025, 8, 1)
MUNICIPALITIES = [
    "GM0141",
    "GM0147",
    "GM1774",
    "GM0153",
    "GM0158",
    "GM0163",
    "GM0164",
    "GM1735",
    "GM0168",
    "GM0173",
    "GM1742",
    "GM0183",
    "GM1700",
    "GM0189",
]


def backend_cpu() -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend process (local server only)."""
    from django.db import connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


@contextmanager
def timed(label: str, results: list[tuple[str, float, float]]) -> Iterator[None]:
    """Wall-clock seconds, and CPU seconds of this process plus its database backend: on a machine that
    other work keeps busy, the CPU figure is what the same work costs on an idle one."""
    start, cpu, db = time.perf_counter(), time.process_time(), backend_cpu()
    yield
    seconds = time.perf_counter() - start
    used = time.process_time() - cpu + backend_cpu() - db
    results.append((label, seconds, used))
    print(f"  {seconds:8.2f} s wall {used:8.2f} s CPU  {label}", flush=True)


def recreate_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def setup_django(url: str) -> None:
    """The benchmark server's settings (bench.settings: production-like, DEBUG off), here and in gunicorn."""
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    sys.path[:0] = [str(ROOT), str(ROOT / "src")]
    import django

    django.setup()


def copy_rows(table: str, columns: list[str], rows: list[tuple]) -> None:
    from django.db import connection

    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if value is None else str(value) for value in row))
        buffer.write("\n")
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY {table} ({', '.join(f'{chr(34)}{column}{chr(34)}' for column in columns)}) FROM STDIN"
        ) as copy,
    ):
        copy.write(buffer.getvalue())


def school_plan(total_pupils: int, schools: int) -> list[tuple[str, str, int]]:
    """(code, type, pupils) for each school: one large VO school of 2,000 pupils, 40 VO schools, the
    special schools and the rest primary schools, adding up to `total_pupils`."""
    rng = random.Random(7)
    factor = min(1.0, total_pupils / 95_000)
    plan: list[tuple[str, int]] = [("VO", int(2000 * factor))]
    plan += [("VO", int(rng.randint(600, 1500) * factor)) for _ in range(int(40 * factor))]
    plan += [(rng.choice(["SBO", "SO", "VSO", "PRO"]), rng.randint(80, 180)) for _ in range(int(29 * factor))]
    rest = schools - len(plan)
    remaining = total_pupils - sum(size for _type, size in plan)
    sizes = [rng.randint(60, 400) for _ in range(rest)]
    scale = remaining / sum(sizes)
    sizes = [max(20, int(size * scale)) for size in sizes]
    sizes[-1] += remaining - sum(sizes)
    plan += [("PO", size) for size in sizes]
    return [(f"{10 + i // 100:02d}BN{i % 100:02d}", kind, size) for i, (kind, size) in enumerate(plan)]


def seed_registry(total_pupils: int, schools: int) -> tuple[dict[str, int], list[tuple]]:
    """Schools with COPY-free bulk_create, pupils and enrolments with COPY. Returns school ids by code and
    (enrolment id, school id, school code, pupil number, school type, birth date) per enrolment."""
    from django.db import connection
    from django.utils import timezone

    from werkplaats.organisations.models import Municipality, School
    from werkplaats.pupils.models import Enrolment, Pupil

    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=MUNICIPALITIES)}
    plan = school_plan(total_pupils, schools)
    rng = random.Random(11)
    School.objects.bulk_create(
        [
            School(
                code=code,
                name=f"School {code}",
                type=kind,
                municipality=municipalities[rng.choice(MUNICIPALITIES)],
                contact_municipality=municipalities[MUNICIPALITIES[0]],
            )
            for code, kind, _size in plan
        ]
    )
    school_ids = dict(School.objects.values_list("code", "id"))
    now = timezone.now().isoformat()
    pupils, enrolments = [], []
    municipality_ids = [m.pk for m in municipalities.values()]
    for code, kind, size in plan:
        for number in range(size):
            age = rng.randint(12, 17) if kind in ("VO", "VSO", "PRO") else rng.randint(4, 12)
            born = date(2026 - age, rng.randint(1, 12), rng.randint(1, 28))
            pupils.append(
                (
                    str(uuid.uuid4()),
                    now,
                    now,
                    "Leerling",
                    f"{code}-{number}",
                    born.isoformat(),
                    rng.choice(municipality_ids),
                )
            )
            start = date(2025, 8, 18) if rng.random() < 0.97 else date(2025, rng.choice([9, 10, 11, 1, 2]), 1)
            enrolments.append((code, str(100000 + number), kind, born, start))
    copy_rows(
        Pupil._meta.db_table,
        ["uuid", "created", "updated", "given_name", "family_name", "birth_date", "home_municipality_id"],
        pupils,
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {Pupil._meta.db_table} ORDER BY id")
        pupil_ids = [row[0] for row in cursor.fetchall()]
    copy_rows(
        Enrolment._meta.db_table,
        ["uuid", "created", "updated", "pupil_id", "school_id", "pupil_number", "group", "enrolled_from"],
        [
            (str(uuid.uuid4()), now, now, pupil_id, school_ids[code], number, "1A", start.isoformat())
            for pupil_id, (code, number, _kind, _born, start) in zip(pupil_ids, enrolments, strict=True)
        ],
    )
    ids = {
        (school_id, number): pk
        for pk, school_id, number in Enrolment.objects.values_list("id", "school_id", "pupil_number")
    }
    rows = [
        (ids[(school_ids[code], number)], school_ids[code], code, number, kind, born, start)
        for code, number, kind, born, start in enrolments
    ]
    return school_ids, rows


def generate_registrations(enrolments: list[tuple], target: int) -> list[tuple]:
    """(code, pupil number, date, minutes, reason, school id, enrolment id) rows of school year 2025-26
    up to ON, with a realistic spread: most pupils below 5 %, a tail above 10 %."""
    from werkplaats.attendance.calendars import CalendarCache
    from werkplaats.organisations.models import School

    rng = random.Random(3)
    cache = CalendarCache()
    schools = {s.pk: s for s in School.objects.all()}
    cache.prefetch(schools.values())
    days_of: dict[int, list[tuple[date, int]]] = {}
    for pk, school in schools.items():
        calendar = cache.for_school(school)
        days_of[pk] = [(day, calendar.minutes_on(day)) for day in calendar.days(date(2025, 8, 25), ON)]
    rows: list[tuple] = []
    for enrolment_id, school_id, code, number, _kind, _born, start in enrolments:
        days = [(day, minutes) for day, minutes in days_of[school_id] if day >= start]
        if not days:
            continue
        draw = rng.random()
        seen: set[tuple[date, str]] = set()
        pupil = (code, number, school_id, enrolment_id)

        def add(day: date, minutes: int, reason: str, seen: set = seen, pupil: tuple = pupil) -> None:
            if (day, reason) not in seen:
                seen.add((day, reason))
                rows.append((pupil[0], pupil[1], day, minutes, reason, pupil[2], pupil[3]))

        sick = int(rng.expovariate(1 / 4))  # days ill (most full days)
        late = int(rng.expovariate(1 / 9))
        authorised = int(rng.expovariate(1 / 2.5))
        unauthorised = 0
        if draw > 0.85:  # a tail: more absence, some of it unauthorised
            sick += rng.randint(5, 10)
            unauthorised = rng.randint(0, 3)
        if draw > 0.95:
            sick += rng.randint(8, 18)
            unauthorised += rng.randint(2, 8)
        while sick > 0:  # illness comes in episodes of 1–4 consecutive school days
            length = min(sick, rng.randint(1, 4))
            index = rng.randrange(len(days))
            for day, minutes in days[index : index + length]:
                add(day, minutes if rng.random() < 0.85 else rng.randint(60, minutes), "ziek")
            sick -= length
        for _ in range(late):
            add(rng.choice(days)[0], rng.randint(5, 45), "te_laat")
        for _ in range(authorised):
            day, minutes = rng.choice(days)
            add(day, rng.randint(60, minutes), "geoorloofd")
        for _ in range(unauthorised):
            day, minutes = rng.choice(days)
            add(day, minutes, "ongeoorloofd")
        if rng.random() < 0.015:  # luxe verzuim: two or three days before a holiday
            index = rng.randrange(len(days) - 3)
            for day, minutes in days[index : index + rng.randint(2, 3)]:
                add(day, minutes, "luxe")
        if rng.random() < 0.004:  # long-term absentee: a run of 20–60 school days at home
            index = rng.randrange(max(1, len(days) - 60))
            for day, minutes in days[index : index + rng.randint(20, 60)]:
                add(day, minutes, "ongeoorloofd")
        if rng.random() < 0.003:
            day, minutes = rng.choice(days)
            add(day, minutes, "schorsing")
    rng.shuffle(rows)
    return rows[:target]


def write_csv(rows: list[tuple], path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["school", "pupil", "date", "minutes", "reason", "note"])
        for code, number, day, minutes, reason, _school_id, _enrolment_id in rows:
            writer.writerow([code, number, day.isoformat(), minutes, reason, ""])


def load_direct(rows: list[tuple]) -> None:
    """Registrations straight into the table (COPY), then the week aggregates set-based, as the import
    does (aggregates.weeks_refresh_changed)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from werkplaats.attendance.aggregates import weeks_refresh_changed
    from werkplaats.attendance.calendars import CalendarCache
    from werkplaats.attendance.models import AbsenceRegistration

    now = timezone.now().isoformat()
    with transaction.atomic():
        copy_rows(
            AbsenceRegistration._meta.db_table,
            ["enrolment_id", "school_id", "date", "reason", "minutes", "note", "created", "updated"],
            [(e, s, day.isoformat(), reason, minutes, "", now, now) for _c, _n, day, minutes, reason, s, e in rows],
        )
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '256MB'")
            cursor.execute("CREATE TEMPORARY TABLE bench_changed (enrolment_id bigint, date date) ON COMMIT DROP")
        copy_rows("bench_changed", ["enrolment_id", "date"], [(row[6], row[2].isoformat()) for row in rows])
        weeks_refresh_changed(changed_table="bench_changed", cache=CalendarCache())


def duckdb_floor(folder: Path, results: list[tuple[str, float, float]]) -> dict[int, int]:
    """Export the registrations, enrolments (with birth dates), reports and school days to Parquet and compute
    the tier of every pupil in DuckDB from the raw registrations: the same rules as `region_tiers` (absence
    rate with the same rounding, 4-week unauthorised minutes, open reports, thuiszitters)."""
    import duckdb
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq
    from django.db import connection

    from werkplaats.attendance.calendars import CalendarCache
    from werkplaats.attendance.derivations import THUISZITTER_DAYS, Thresholds
    from werkplaats.attendance.selectors import THUISZITTER_LOOKBACK
    from werkplaats.organisations.models import School

    with timed("export to Parquet (registrations, enrolments, reports, school days)", results):
        for name, query in (
            (
                "registrations",
                "SELECT enrolment_id, school_id, date, reason, minutes FROM attendance_absenceregistration",
            ),
            (
                "enrolments",
                "SELECT e.id, e.school_id, e.enrolled_from, e.enrolled_until, p.birth_date "
                "FROM pupils_enrolment e JOIN pupils_pupil p ON p.id = e.pupil_id",
            ),
            ("reports", "SELECT enrolment_id, threshold_date, status FROM attendance_absencereport"),
        ):
            buffer = io.BytesIO()
            with (
                connection.cursor() as cursor,
                cursor.cursor.copy(f"COPY ({query}) TO STDOUT (FORMAT csv, HEADER)") as copy,
            ):
                for block in copy:
                    buffer.write(block)
            buffer.seek(0)
            types = {"enrolled_until": pa.date32()} if name == "enrolments" else {}
            table = pacsv.read_csv(buffer, convert_options=pacsv.ConvertOptions(column_types=types))
            pq.write_table(table, folder / f"{name}.parquet")
        cache = CalendarCache()
        schools = list(School.objects.all())
        cache.prefetch(schools)
        windows = {school.pk: cache.for_school(school).window_start(ON) for school in schools}
        first = min(YEAR_START, ON - THUISZITTER_LOOKBACK, *windows.values())
        school_days: dict[str, list] = {"school_id": [], "date": [], "minutes": []}
        for school in schools:
            calendar = cache.for_school(school)
            for day in calendar.days(first, ON):
                school_days["school_id"].append(school.pk)
                school_days["date"].append(day)
                school_days["minutes"].append(calendar.minutes_on(day))
        pq.write_table(pa.table(school_days), folder / "school_days.parquet")
        table = {"school_id": list(windows), "window_start": list(windows.values())}
        pq.write_table(pa.table(table), folder / "windows.parquet")
    limits = Thresholds.from_settings()
    query = f"""
        WITH enrolled AS (
            SELECT id, school_id, greatest(enrolled_from, DATE '{YEAR_START}') AS low,
                   coalesce(least(enrolled_until, DATE '{ON}'), DATE '{ON}') AS last, enrolled_from, birth_date
            FROM '{folder}/enrolments.parquet'
            WHERE enrolled_from <= DATE '{ON}' AND (enrolled_until IS NULL OR enrolled_until >= DATE '{ON}')),
        numbered AS (
            SELECT *, row_number() OVER (PARTITION BY school_id ORDER BY date) AS n
            FROM '{folder}/school_days.parquet'),
        last_day AS (SELECT school_id, max(n) AS n FROM numbered GROUP BY ALL),
        days AS (
            SELECT r.enrolment_id, r.date, s.minutes AS scheduled, s.n, sum(r.minutes) AS total,
                   coalesce(sum(r.minutes) FILTER (WHERE r.reason IN ('ongeoorloofd', 'te_laat', 'luxe')), 0)
                       AS unauthorised,
                   coalesce(sum(r.minutes) FILTER (WHERE r.reason IN ('ongeoorloofd', 'luxe')), 0) AS home
            FROM '{folder}/registrations.parquet' r
            JOIN numbered s ON s.school_id = r.school_id AND s.date = r.date
            WHERE r.date <= DATE '{ON}'
            GROUP BY ALL),
        per_pupil AS (
            SELECT e.id,
                   coalesce(sum(d.total) FILTER (WHERE d.date >= e.low), 0) AS absent,
                   coalesce(sum(d.unauthorised) FILTER (WHERE d.date >= w.window_start), 0) AS unauthorised_4w,
                   count(*) FILTER (WHERE d.home >= d.scheduled AND d.n > l.n - {THUISZITTER_DAYS}
                                    AND d.date >= e.enrolled_from) AS home_run
            FROM enrolled e
            JOIN days d ON d.enrolment_id = e.id
            JOIN '{folder}/windows.parquet' w ON w.school_id = e.school_id
            JOIN last_day l ON l.school_id = e.school_id
            GROUP BY ALL),
        scheduled AS (
            SELECT e.id, sum(s.minutes) AS scheduled
            FROM enrolled e JOIN numbered s ON s.school_id = e.school_id AND s.date BETWEEN e.low AND e.last
            GROUP BY ALL),
        reported AS (
            SELECT DISTINCT enrolment_id FROM '{folder}/reports.parquet'
            WHERE status = 'open' AND threshold_date <= DATE '{ON}'),
        figures AS (
            SELECT e.id, coalesce(c.scheduled, 0) AS scheduled, coalesce(p.absent, 0) AS absent,
                   coalesce(p.unauthorised_4w, 0) AS unauthorised_4w, r.enrolment_id IS NOT NULL AS report_open,
                   coalesce(p.home_run, 0) = {THUISZITTER_DAYS}
                       AND date_sub('year', e.birth_date, DATE '{ON}') BETWEEN 5 AND 17 AS thuiszitter
            FROM enrolled e
            LEFT JOIN scheduled c ON c.id = e.id
            LEFT JOIN per_pupil p ON p.id = e.id
            LEFT JOIN reported r ON r.enrolment_id = e.id)
        SELECT id, CASE
            WHEN report_open OR thuiszitter OR {reaches("tier3_points", limits)} THEN 3
            WHEN unauthorised_4w >= {limits.tier2_unauthorised_minutes_4w} OR {reaches("tier2_points", limits)} THEN 2
            ELSE 1 END
        FROM figures
    """
    with timed("DuckDB over Parquet: tier of every pupil from the raw registrations (the vectorised floor)", results):
        tiers = dict(duckdb.connect().execute(query).fetchall())
    return tiers


def reaches(points: str, limits: object) -> str:
    """SQL of attendance.derivations.rate_reaches: the rate rounded half up to 4 decimals reaches K basis
    points exactly when 20000 · absent ≥ (2K − 1) · scheduled (and nothing scheduled is a rate of 0)."""
    k = getattr(limits, points)
    if k > 10_000:
        return "false"
    return f"(CASE WHEN scheduled > 0 THEN 20000 * absent >= {2 * k - 1} * scheduled ELSE {str(k <= 0).lower()} END)"


PAGES = (
    # name, application path, floor path, user
    (
        "school tiers page",
        "/aanwezigheid/{school}/?op={on}",
        "/bench/floor/attendance/school/{school}/?op={on}",
        "coordinator",
    ),
    (
        "reports list",
        "/aanwezigheid/{school}/meldingen/?op={on}",
        "/bench/floor/attendance/reports/{school}/?op={on}",
        "coordinator",
    ),
    (
        "pupil page + chart",
        "/aanwezigheid/leerling/{pupil}/?op={on}",
        "/bench/floor/attendance/pupil/{pupil}/?op={on}",
        "coordinator",
    ),
    (
        "attendance officer",
        "/aanwezigheid/?op={on}",
        "/bench/floor/attendance/officer/{municipality}/?op={on}",
        "officer",
    ),
)


def prepare_users(school: object) -> dict[str, object]:
    """An IB'er (care coordinator) of the largest school, an attendance officer of the municipality where
    most of its pupils live, and a pupil of that school with a statutory report."""
    from django.db.models import Count

    from bench.sessions import session_cookie
    from werkplaats.accounts.models import Membership, Role, User
    from werkplaats.attendance.models import AbsenceReport
    from werkplaats.organisations.models import Organisation
    from werkplaats.pupils.models import Enrolment

    municipality_id = (
        Enrolment.objects.filter(school=school)
        .values("pupil__home_municipality")
        .annotate(n=Count("id"))
        .order_by("-n", "pupil__home_municipality")
        .first()["pupil__home_municipality"]
    )
    office, _created = Organisation.objects.get_or_create(
        kind=Organisation.Kind.COMPULSORY_EDUCATION, name="Leerplicht (benchmark)", municipality_id=municipality_id
    )
    coordinator, _created = User.objects.get_or_create(username="bench-ib")
    Membership.objects.get_or_create(user=coordinator, role=Role.CARE_COORDINATOR, school=school)
    officer, _created = User.objects.get_or_create(username="bench-lpa")
    Membership.objects.get_or_create(user=officer, role=Role.ATTENDANCE_OFFICER, organisation=office)
    report = AbsenceReport.objects.filter(school=school, reason="16_uur").select_related("pupil").order_by("pk").first()
    return {
        "school": school.uuid,
        "pupil": report.pupil.uuid,
        "municipality": municipality_id,
        "coordinator": session_cookie(coordinator),
        "officer": session_cookie(officer),
        "residents": Enrolment.objects.filter(pupil__home_municipality_id=municipality_id).count(),
    }


def load_phase(args: argparse.Namespace, school: object) -> list[dict]:
    """Each attendance page next to its floor view (bench/attendance_floor.py), served by gunicorn with
    bench.settings and loaded with `args.connections` concurrent connections (bench/loadgen.py)."""
    from django.urls import set_urlconf

    from bench.loadgen import DEFAULT_WORKERS, available_tool
    from bench.run import TARGET_P95_MS, _row, gunicorn, measure_pair

    set_urlconf("bench.urls")
    target = prepare_users(school)
    tool = available_tool(args.loadgen)
    workers = args.workers or DEFAULT_WORKERS
    print(
        f"Load: {args.connections} connections, {args.seconds:g} s per page after {args.warmup:g} s warm-up, {tool}, "
        f"gunicorn {workers} sync workers; date {ON}; school {school.code} ({school.name}); officer of a "
        f"municipality with {target['residents']:,} resident pupils (target p95 < {TARGET_P95_MS:g} ms)",
        flush=True,
    )
    rows = []
    with gunicorn(workers, "sync") as base:
        for name, app_path, floor_path, user in PAGES:
            paths = [p.format(on=ON.isoformat(), **target) for p in (app_path, floor_path)]
            app, floor = measure_pair(base, paths, target[user], args, tool)
            ratio = round(app["rps"] / floor["rps"], 3) if "rps" in app and floor.get("rps") else None
            rows.append({"name": name, "app": app, "floor": floor, "ratio": ratio})
            print(_row(name, app, floor, ratio), flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_ATTENDANCE_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--pupils", type=int, default=95_000)
    parser.add_argument("--schools", type=int, default=400)
    parser.add_argument("--registrations", type=int, default=1_500_000)
    parser.add_argument("--import-rows", type=int, default=1_000_000)
    parser.add_argument(
        "--reuse", action="store_true", help="measure the database of an earlier run: no seeding and no import"
    )
    parser.add_argument("--no-load", action="store_true", help="leave out the load phase of the pages")
    parser.add_argument(
        "--pages-only", action="store_true", help="with --reuse: only the load phase (no engine figures, no DuckDB)"
    )
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=5.0, help="load per page")
    parser.add_argument(
        "--rounds", type=int, default=1, help="alternate application and floor in this many rounds of seconds/rounds"
    )
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: one per core, bench/loadgen.py)")
    parser.add_argument("--loadgen", choices=("auto", "wrk", "python"), default="auto")
    args = parser.parse_args()
    results: list[tuple[str, float, float]] = []

    print(
        f"Attendance benchmark on {args.database_url.rsplit('@', 1)[-1]} ({os.cpu_count()} CPU cores, "
        f"load average {os.getloadavg()[0]:.1f})"
    )
    if not args.reuse:
        recreate_database(args.database_url)
    setup_django(args.database_url)
    from django.core.management import call_command

    from werkplaats.attendance.selectors import region_tiers, school_status
    from werkplaats.attendance.services import reports_derive
    from werkplaats.organisations.models import School
    from werkplaats.pupils.models import Enrolment

    folder = Path(tempfile.mkdtemp(prefix="attendance-bench-"))
    if not args.reuse:
        seed_and_import(args, folder, results)

    largest = School.objects.get(code=school_plan(args.pupils, args.schools)[0][0])
    if args.pages_only:
        load_phase(args, largest)  # prints a line per page
        return
    pupils_largest = largest.enrolments.count()
    school_status(school=largest, on=ON)  # warm up (first derivation of this school's reports)
    command = ["attendance", "status", "--school", largest.code, "--on", ON.isoformat(), "--format", "json"]
    with timed(
        f"`werkplaats {' '.join(command)}` in its own process: start-up, {pupils_largest:,} pupils, access log "
        f"(CPU: the database backend's part is not counted)",
        results,
    ):
        subprocess.run(
            [str(Path(sys.executable).with_name("werkplaats")), *command],
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    with timed("the same command in this process (call_command: no start-up)", results):
        call_command("attendance_status", school=largest.code, on=ON.isoformat(), format="json", stdout=io.StringIO())
    with timed(f"school_status of the largest school ({pupils_largest:,} pupils, derivation included)", results):
        school_status(school=largest, on=ON)
    with timed("derive the reports of every pupil of the region from scratch (not only the changed ones)", results):
        reports_derive(enrolments=Enrolment.objects.all(), pending_only=False)
    with timed(f"tier of every pupil of the region on {ON} (region_tiers, pending derivations included)", results):
        tiers = region_tiers(on=ON)
    counts = {tier: sum(1 for value in tiers.values() if value == tier) for tier in (1, 2, 3)}
    total = sum(counts.values())
    print(
        f"             {total:,} pupils: tier 1 {counts[1]:,} ({counts[1] / total:.1%}), tier 2 {counts[2]:,} "
        f"({counts[2] / total:.1%}), tier 3 {counts[3]:,} ({counts[3] / total:.1%})"
    )
    with timed("tier of every pupil of the region, reports already derived (region_tiers(derive=False))", results):
        region_tiers(on=ON, derive=False)
    floor = duckdb_floor(folder, results)
    differ = sum(1 for pk, tier in tiers.items() if floor.get(pk) != tier) + len(floor.keys() - tiers.keys())
    print(f"             DuckDB and region_tiers disagree on {differ:,} of {len(tiers):,} pupils")
    page_rows = [] if args.no_load else load_phase(args, largest)
    print(f"\nSummary (seconds; load average at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores):")
    print("    wall      CPU  what")
    for label, seconds, used in results:
        print(f"{seconds:8.2f} {used:8.2f}  {label}")
    by_label = {label: seconds for label, seconds, _used in results}
    tiers_seconds = by_label["tier of every pupil of the region, reports already derived (region_tiers(derive=False))"]
    duck_seconds = next(seconds for label, seconds in by_label.items() if label.startswith("DuckDB"))
    print(f"region_tiers / DuckDB: {tiers_seconds / duck_seconds:.2f}× (target ≤ 3×)")
    if page_rows:
        from bench.run import _row

        print("pages (application | floor):")
        for row in page_rows:
            print("  " + _row(row["name"], row["app"], row["floor"], row["ratio"]))


def seed_and_import(args: argparse.Namespace, folder: Path, results: list[tuple[str, float, float]]) -> None:
    """Seed the region, load a third of the registrations directly and measure the import of the rest."""
    import logging

    from django.core.management import call_command
    from django.db import connection

    from werkplaats.attendance.models import AbsenceRegistration, AbsenceReport, AttendanceWeek
    from werkplaats.attendance.services import registrations_import

    phases = logging.getLogger("werkplaats.attendance.import")
    phases.setLevel(logging.INFO)
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("             phase: %(message)s"))
    phases.addHandler(handler)
    phases.propagate = False
    print("Seeding:")
    with timed("migrate an empty database", results):
        call_command("migrate", verbosity=0, skip_checks=True)
    with timed(f"seed {args.schools} schools and {args.pupils:,} pupils with enrolments (COPY)", results):
        _school_ids, enrolments = seed_registry(args.pupils, args.schools)
    with timed(f"generate ~{args.registrations:,} registrations in Python", results):
        rows = generate_registrations(enrolments, args.registrations)
    direct, imported = rows[args.import_rows :], rows[: args.import_rows]
    csv_path = folder / "registrations.csv"
    with timed(f"write the import file ({len(imported):,} rows)", results):
        write_csv(imported, csv_path)
    with timed(f"load {len(direct):,} registrations directly (COPY + week aggregates)", results):
        load_direct(direct)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would: index-only scans see the visibility map

    print("Measurements:")
    size_mb = csv_path.stat().st_size / 1e6
    with timed(f"import {len(imported):,} registrations ({size_mb:.0f} MB CSV) through registrations_import", results):
        result = registrations_import(csv_path)
    print(
        f"             created {result.created:,}, updated {result.updated:,}, unchanged {result.unchanged:,}, "
        f"rejected {result.rejected:,}"
    )
    with timed("re-import of the same file (every row unchanged)", results):
        again = registrations_import(csv_path)
    print(f"             created {again.created:,}, updated {again.updated:,}, unchanged {again.unchanged:,}")
    print(
        f"             {AbsenceRegistration.objects.count():,} registrations, "
        f"{AttendanceWeek.objects.count():,} pupil-week aggregates, {AbsenceReport.objects.count():,} reports"
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would: index-only scans see the visibility map


if __name__ == "__main__":
    main()
