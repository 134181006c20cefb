"""The foundation benchmark (issue 2): prints its figures and writes bench/out/foundation.json; asserts nothing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/werkplaats_bench .venv/bin/python bench/run.py   (make bench)

Phase "import": (re)creates the database, migrates, writes registry CSV files of a synthetic region (schools,
100,000 pupil rows, indications) and times `werkplaats registry import schools|pupils|indications` through the
real command, then a second, idempotent import of the same files.
Phase "serve": (re)creates the database, migrates, seeds a 95,000-pupil region with `werkplaats demo seed`,
serves it with gunicorn (settings `bench.settings`) and loads the pupil pages and API endpoints and their bare
floor views (bench/floor.py) at 4 concurrent connections. The import phase runs in its own fresh database
because the BSN test range (~9,100 numbers) cannot serve both the seeded region and the import files.
"""

import argparse
import contextlib
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/werkplaats_bench")
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)

import django  # noqa: E402
import psycopg  # noqa: E402
from psycopg import sql  # noqa: E402
from psycopg.conninfo import conninfo_to_dict  # noqa: E402

from bench.loadgen import DEFAULT_WORKERS, LoadResult, available_tool, load  # noqa: E402
from bench.sessions import session_cookie, token_headers  # noqa: E402

TARGET_RATIO = 0.60
TARGET_P95_MS = 50.0
TARGET_IMPORT_SECONDS = 60.0
ENDPOINTS = (
    # name, application path, floor path, authentication
    ("pupil list page", "/leerlingen/?school={school}", "/bench/floor/leerlingen/?school={school}", "session"),
    ("pupil detail page", "/leerlingen/{pupil}/", "/bench/floor/leerlingen/{pupil}/", "session"),
    ("pupil list API", "/api/v1/pupils/?school={school}", "/bench/floor/api/pupils/?school={school}", "token"),
    ("pupil detail API", "/api/v1/pupils/{pupil}/", "/bench/floor/api/pupils/{pupil}/", "token"),
)


def _executable(name: str) -> str:
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found next to {sys.executable} or on PATH; run `make setup` first")
    return found


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _say(text: str = "") -> None:
    print(text, flush=True)


# --- database and commands ---------------------------------------------------------------------------------


def recreate_database() -> None:
    from django.db import connections

    connections.close_all()
    url = os.environ["DATABASE_URL"]
    name = conninfo_to_dict(url)["dbname"]
    with psycopg.connect(url, dbname="postgres", autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def werkplaats(*args: str, accept: tuple[int, ...] = (0,)) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Run the `werkplaats` console script; returns the wall-clock seconds and the finished process."""
    started = time.perf_counter()
    result = subprocess.run([_executable("werkplaats"), *args], capture_output=True, text=True, env=os.environ)
    elapsed = time.perf_counter() - started
    if result.returncode not in accept:
        raise SystemExit(f"werkplaats {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return elapsed, result


def vacuum_analyze() -> float:
    """After a bulk load, what autovacuum keeps up to date on a running server: the planner's statistics and the
    visibility map (which lets index-only scans skip the table). This machine's PostgreSQL runs with autovacuum
    off, so without this the benchmark would measure a database no production server has."""
    started = time.perf_counter()
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def fresh_database() -> float:
    recreate_database()
    seconds, _result = werkplaats("migrate", "--no-input", "-v", "0")
    return seconds


# --- phase 1: registry import ----------------------------------------------------------------------------


def import_phase(args: argparse.Namespace) -> dict[str, Any]:
    from bench.registry_files import write_registry_files
    from werkplaats.demo.services import demo_region_plan

    _say("== Registry import ==")
    migrate_seconds = fresh_database()
    started = time.perf_counter()
    region = demo_region_plan(pupils=args.import_pupils, seed=args.seed + 1)
    files = write_registry_files(region, OUT / "registry")
    generate_seconds = time.perf_counter() - started
    _say(f"database recreated and migrated in {migrate_seconds:.1f} s; CSV files written in {generate_seconds:.1f} s "
         f"({', '.join(f'{kind}: {rows:,} rows' for kind, (_path, rows) in files.items())})")
    rounds = []
    for label in ("first import", "re-import"):
        if label == "re-import":
            _say(f"VACUUM ANALYZE in {vacuum_analyze():.1f} s")
        for kind, (path, rows) in files.items():
            seconds, result = werkplaats("registry", "import", kind, str(path), "--format", "json", accept=(0, 1))
            counts = json.loads(result.stdout.strip().splitlines()[-1])
            counts["errors"] = len(counts["errors"])
            rounds.append({"round": label, "kind": kind, "rows": rows, "seconds": round(seconds, 2),
                           "accepted": result.returncode == 0, **counts})
            _say(f"{label:<13} {kind:<12} {rows:>8,} rows {seconds:7.1f} s  created {counts['created']:,}, "
                 f"updated {counts['updated']:,}, unchanged {counts['unchanged']:,}, rejected {counts['rejected']:,}, "
                 f"errors {counts['errors']:,}"
                 + (f" (target: 100,000 rows < {TARGET_IMPORT_SECONDS:g} s)" if kind == "pupils" else ""))
    return {"started": _now(), "migrate_seconds": round(migrate_seconds, 2),
            "generate_seconds": round(generate_seconds, 2), "imports": rounds}


# --- phase 2: seed and serve -------------------------------------------------------------------------------


def seed_region(args: argparse.Namespace) -> dict[str, Any]:
    _say("== Demo seed ==")
    migrate_seconds = fresh_database()
    seconds, result = werkplaats("demo", "seed", "--pupils", str(args.pupils), "--seed", str(args.seed))
    summary = result.stdout.split("\n\n")[0]
    _say(f"database recreated and migrated in {migrate_seconds:.1f} s; `werkplaats demo seed --pupils {args.pupils} "
         f"--seed {args.seed}` took {seconds:.1f} s (including start-up):\n{summary}\n"
         f"VACUUM ANALYZE in {vacuum_analyze():.1f} s")
    return {"started": _now(), "pupils": args.pupils, "seed": args.seed, "migrate_seconds": round(migrate_seconds, 2),
            "command_seconds": round(seconds, 2), "summary": summary}


def prepare_target() -> dict[str, Any]:
    """A care coordinator of the largest school with a verified session and an API token, and the pupils."""
    from django.db.models import Count, Q

    from werkplaats.accounts.models import Membership, Role, User
    from werkplaats.organisations.models import School
    from werkplaats.pupils.models import Enrolment, Pupil

    current = Q(enrolments__enrolled_until__isnull=True)
    school = School.objects.annotate(pupils=Count("enrolments", filter=current)).order_by("-pupils", "code").first()
    if school is None:
        raise SystemExit("no schools in the database: seed a region first (drop --reuse)")
    user, _created = User.objects.get_or_create(username="bench", defaults={"first_name": "Bench", "last_name": "Mark"})
    Membership.objects.get_or_create(user=user, role=Role.CARE_COORDINATOR, school=school)
    with_siblings = Pupil.objects.values("family").annotate(n=Count("id")).filter(n__gt=1).values("family")
    enrolment = (
        Enrolment.objects.filter(school=school, enrolled_until__isnull=True, pupil__family__in=with_siblings)
        .select_related("pupil").order_by("pupil__family_name", "pk").first()
    )
    return {
        "school": str(school.uuid), "school_name": school.name, "school_type": school.type,
        "school_pupils": school.pupils, "pupil": str(enrolment.pupil.uuid),
        "session": session_cookie(user),
        "token": token_headers(user),
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(workers: int, worker_class: str) -> Iterator[str]:
    port = _free_port()
    OUT.mkdir(parents=True, exist_ok=True)
    log = (OUT / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [_executable("gunicorn"), "werkplaats.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers",
         str(workers), "--worker-class", worker_class, "--chdir", str(ROOT), "--log-level", "warning"],
        env=os.environ, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn stopped; see {OUT / 'gunicorn.log'}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            if time.monotonic() > deadline:
                raise SystemExit("gunicorn did not start within 60 s")
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _status(base: str, path: str, headers: dict[str, str], body: str = "") -> int:
    """The HTTP status of one GET (or, with a form body, POST) of `path`."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        if body:
            form = {**headers, "Content-Type": "application/x-www-form-urlencoded"}
            connection.request("POST", path, body=body, headers=form)
        else:
            connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def _has_route(path: str) -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve(path.split("?")[0])
    except Resolver404:
        return False
    return True


def _probe(base: str, path: str, headers: dict[str, str], body: str = "") -> dict[str, Any] | None:
    """None when the path answers 200; otherwise what to report instead of figures."""
    if not _has_route(path):
        return {"path": path, "status": "missing", "detail": "no URL route"}
    status = _status(base, path, headers, body)
    if status != 200:
        hint = f" (see {(OUT / 'gunicorn.log').relative_to(ROOT)})" if status >= 500 else ""
        return {"path": path, "status": "error", "detail": f"HTTP {status} on the probe request{hint}"}
    return None


def _combined(path: str, rounds: list[LoadResult]) -> dict[str, Any]:
    """Rounds of one path as one figure: throughput over all rounds, the median round's latencies."""
    requests, seconds = sum(r.requests for r in rounds), sum(r.seconds for r in rounds)
    middle = sorted(rounds, key=lambda r: r.p95_ms)[len(rounds) // 2]
    return {"path": path, "status": "measured", "tool": middle.tool, "requests": requests, "seconds": round(seconds, 2),
            "rps": round(requests / seconds, 1) if seconds else 0.0, "p50_ms": middle.p50_ms, "p95_ms": middle.p95_ms,
            "p99_ms": middle.p99_ms, "errors": sum(r.errors for r in rounds), "rounds": len(rounds)}


def measure_pair(base: str, paths: list[str], headers: dict[str, str], args: argparse.Namespace,
                 tool: str, body: str = "") -> tuple[dict[str, Any], dict[str, Any]]:
    """The application path and its floor (GETs, or POSTs of the form `body`), loaded in alternating rounds
    (args.rounds × args.seconds / rounds each), so that a machine whose load changes during the run weighs on
    both alike."""
    problems = [_probe(base, path, headers, body) for path in paths]
    measurable = [path for path, problem in zip(paths, problems, strict=True) if problem is None]
    for path in measurable:
        load(base + path, headers, connections=args.connections, seconds=args.warmup, tool=tool, body=body)
    rounds: dict[str, list[LoadResult]] = {path: [] for path in measurable}
    for _round in range(args.rounds):
        for path in measurable:
            rounds[path].append(load(base + path, headers, connections=args.connections,
                                     seconds=args.seconds / args.rounds, tool=tool, body=body))
    app, floor = (problem or _combined(path, rounds[path]) for path, problem in zip(paths, problems, strict=True))
    return app, floor


def serve_phase(args: argparse.Namespace, tool: str) -> dict[str, Any]:
    target = prepare_target()
    _say(f"== Load: {args.connections} connections, {args.seconds:g} s per endpoint in {args.rounds} rounds "
         f"alternating with its floor, after {args.warmup:g} s warm-up, "
         f"{tool}, gunicorn {args.workers} {args.worker_class} workers ==")
    _say(f"list: {target['school_name']} ({target['school_type']}, {target['school_pupils']:,} pupils); "
         f"detail: a pupil of that school with siblings")
    endpoints = []
    with gunicorn(args.workers, args.worker_class) as base:
        for name, app_path, floor_path, auth in ENDPOINTS:
            headers = target[auth]
            paths = [p.format(school=target["school"], pupil=target["pupil"]) for p in (app_path, floor_path)]
            app, floor = measure_pair(base, paths, headers, args, tool)
            ratio = round(app["rps"] / floor["rps"], 3) if "rps" in app and floor.get("rps") else None
            endpoints.append({"name": name, "app": app, "floor": floor, "ratio": ratio})
            _say(_row(name, app, floor, ratio))
    return {"started": _now(), "tool": tool, "connections": args.connections, "seconds": args.seconds,
            "rounds": args.rounds, "warmup": args.warmup, "workers": args.workers, "worker_class": args.worker_class,
            "target": target["school_name"], "target_pupils": target["school_pupils"], "endpoints": endpoints}


def _figures(result: dict[str, Any]) -> str:
    if result["status"] != "measured":
        return f"{result['status'].upper()}: {result['detail']}".ljust(32)
    errors = f" ({result['errors']} errors)" if result["errors"] else ""
    return f"{result['rps']:7.1f} req/s p50 {result['p50_ms']:5.1f} ms p95 {result['p95_ms']:5.1f} ms{errors}"


def _row(name: str, app: dict[str, Any], floor: dict[str, Any], ratio: float | None) -> str:
    verdict = ""
    if ratio is not None:
        verdict = (f" | ratio {ratio:.0%} (target ≥ {TARGET_RATIO:.0%}), "
                   f"p95 {'<' if app['p95_ms'] < TARGET_P95_MS else '≥'} {TARGET_P95_MS:g} ms")
    return f"{name:<18} | app {_figures(app)} | floor {_figures(floor)}{verdict}"


# --- main --------------------------------------------------------------------------------------------------


def main() -> None:
    cpus = os.cpu_count() or 2
    parser = argparse.ArgumentParser(description="Werkplaats foundation benchmark (prints figures, asserts nothing)")
    parser.add_argument("--only", choices=("import", "serve"), help="run one phase only")
    parser.add_argument("--reuse", action="store_true", help="serve phase: load the region already in the database")
    parser.add_argument("--pupils", type=int, default=95_000, help="pupils of the seeded region")
    parser.add_argument("--import-pupils", type=int, default=100_000, help="pupil rows of the import files")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=15.0, help="load per endpoint")
    parser.add_argument("--rounds", type=int, default=3, help="alternate application and floor in this many rounds")
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="gunicorn workers (default: one per core)")
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--loadgen", choices=("auto", "wrk", "python"), default="auto")
    args = parser.parse_args()
    django.setup()
    tool = available_tool(args.loadgen)
    url = conninfo_to_dict(os.environ["DATABASE_URL"])
    with psycopg.connect(os.environ["DATABASE_URL"], dbname="postgres") as connection:
        server = connection.execute("SHOW server_version").fetchone()[0]
    report: dict[str, Any] = {
        "started": _now(),
        "machine": {"cpus": cpus, "python": platform.python_version(), "platform": platform.platform(),
                    "postgresql": server},
        "database": f"{url.get('host', '')}:{url.get('port', '5432')}/{url['dbname']}",
        "targets": {"page_to_floor_ratio": TARGET_RATIO, "p95_ms": TARGET_P95_MS,
                    "import_100k_pupils_seconds": TARGET_IMPORT_SECONDS},
    }
    _say(f"Werkplaats foundation benchmark — {report['started']}, {cpus} CPUs, PostgreSQL {server}, "
         f"database {report['database']}")
    if args.only in (None, "import"):
        report["registry_import"] = import_phase(args)
    if args.only in (None, "serve"):
        if not args.reuse:
            report["seed"] = seed_region(args)
        report["load"] = serve_phase(args, tool)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "foundation.json"
    if args.only and path.exists():  # one phase again: keep the other phases' figures of the last run
        report = {**json.loads(path.read_text(encoding="utf-8")), **report}
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    _say(f"Figures written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
