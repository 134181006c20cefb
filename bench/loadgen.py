"""Load generators for the benchmarks: wrk when it is installed (apt-get install wrk), otherwise a small Python
one (one process per connection, http.client with keep-alive). Both report throughput and p50/p95/p99, and
both send either GETs or, given a form body, POSTs of that body."""

import http.client
import json
import multiprocessing
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

WRK_SCRIPT = Path(__file__).with_name("wrk_report.lua")
# gunicorn sync workers: one per CPU core. PostgreSQL and the load generator share these cores, so more workers
# only take turns on them: on this 2-core machine 4 workers (one per connection) gave the case page 115-121
# req/s at p95 49-61 ms, 2 workers 112-126 req/s at p95 42-45 ms (bench/pages_README.md, eighth sitting).
DEFAULT_WORKERS = os.cpu_count() or 2


@dataclass(frozen=True)
class LoadResult:
    tool: str
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int  # socket errors and responses other than 2xx/3xx

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, float | int | str]:
        return {**asdict(self), "rps": round(self.rps, 1)}


def available_tool(preference: str) -> str:
    if preference == "auto":
        return "wrk" if shutil.which("wrk") else "python"
    return preference


def load(url: str, headers: dict[str, str], *, connections: int, seconds: float, tool: str,
         body: str = "") -> LoadResult:
    """Load `url` for `seconds` over `connections` keep-alive connections: GETs, or POSTs of the form `body`."""
    if body:
        headers = {**headers, "Content-Type": "application/x-www-form-urlencoded"}
    runner = _wrk if tool == "wrk" else _python
    return runner(url, headers, body, connections=connections, seconds=seconds)


def _wrk(url: str, headers: dict[str, str], body: str, *, connections: int, seconds: float) -> LoadResult:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", encoding="utf-8") as script:
        if body:
            script.write(f'wrk.method = "POST"\nwrk.body = {json.dumps(body)}\n')
        script.write(WRK_SCRIPT.read_text(encoding="utf-8"))
        script.flush()
        # wrk takes whole seconds only ("2.7s" is refused).
        command = ["wrk", "-t", str(min(2, connections)), "-c", str(connections), "-d",
                   f"{max(1, round(seconds))}s", "--timeout", "10s", "-s", script.name]
        for name, value in headers.items():
            command += ["-H", f"{name}: {value}"]
        output = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    figures = json.loads(next(line for line in output.splitlines() if line.startswith("JSON:"))[5:])
    return LoadResult(
        tool="wrk", requests=figures["requests"], seconds=figures["duration_us"] / 1e6,
        p50_ms=figures["p50_us"] / 1000, p95_ms=figures["p95_us"] / 1000, p99_ms=figures["p99_us"] / 1000,
        errors=figures["socket_errors"] + figures["non_2xx"],
    )


def _connection_worker(job: tuple[str, int, str, dict[str, str], str, float]) -> tuple[list[float], int]:
    host, port, path, headers, body, seconds = job
    connection = http.client.HTTPConnection(host, port, timeout=30)
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        try:
            connection.request("POST" if body else "GET", path, body=body or None, headers=headers)
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            errors += 1
            connection.close()
            continue
        latencies.append(time.perf_counter() - started)
        if response.status >= 400:
            errors += 1
    connection.close()
    return latencies, errors


def _python(url: str, headers: dict[str, str], body: str, *, connections: int, seconds: float) -> LoadResult:
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    job = (parts.hostname or "127.0.0.1", parts.port or 80, path, headers, body, seconds)
    with multiprocessing.get_context("fork").Pool(connections) as pool:
        results = pool.map(_connection_worker, [job] * connections)
    latencies = sorted(latency for worker, _errors in results for latency in worker)

    def percentile(q: float) -> float:
        return latencies[round(q * (len(latencies) - 1))] * 1000 if latencies else 0.0

    return LoadResult(
        tool="python", requests=len(latencies), seconds=seconds,
        p50_ms=percentile(0.50), p95_ms=percentile(0.95), p99_ms=percentile(0.99),
        errors=sum(errors for _worker, errors in results),
    )
