"""Report intake and a public read over HTTP under gunicorn (2 sync workers), on SQLite (WAL) and PostgreSQL
(throwaway databases), against a plain WSGI hello-world under the same server and load generator. Checks that
nothing is lost: every 2xx the load generator saw is a stored row, and no idempotency key is stored twice.

    python -m bench intake          (or: python -m bench.intake [--quick])
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bench._common import verdict
from bench.http_harness import ROOT, WrkResult, gunicorn, median, run_wrk

TITLE = "HTTP: report intake (Open311 POST) and a public read endpoint vs a WSGI hello-world"

SETTINGS = """
from config.settings.base import *  # noqa
DEBUG = False
TRYGG_OPEN311_POST_RATE = "100000000/s"  # the benchmark measures intake, not the rate limiter
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
"""

LUA = """
local threads = {}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end
function init(args)
  n = 0
  ok = 0
  bad = 0
end
function request()
  n = n + 1
  local key = string.format("%(prefix)s-%%d-%%d", id, n)
  local body = "api_key=%(key)s&service_code=inv-belysning&lat=59.3520&long=16.4760&description=Bench+" .. key
  return wrk.format("POST", "/open311/v2/requests.json",
    {["Content-Type"] = "application/x-www-form-urlencoded", ["Idempotency-Key"] = key}, body)
end
function response(status, headers, body)
  if status >= 200 and status < 300 then ok = ok + 1 else bad = bad + 1 end
end
function done(summary, latency, requests)
  local total_ok, total_bad = 0, 0
  for _, t in ipairs(threads) do
    total_ok = total_ok + t:get("ok")
    total_bad = total_bad + t:get("bad")
  end
  io.write(string.format("ACKED %%d FAILED %%d\\n", total_ok, total_bad))
end
"""

SETUP_KEY = """
from trygg.accounts.models import Organisation
from trygg.open311.models import ApiKey, hash_key
org = Organisation.objects.create(name="Bench", slug="bench", kind="forvaltning")
ApiKey.objects.create(name="bench", organisation=org, key_hash=hash_key("%s"), prefix="bench")
"""

COUNT = """
from trygg.incidents.models import Observation, ReceivedReport
from django.db.models import Count
qs = Observation.objects.filter(source="resident")
dupes = qs.exclude(idempotency_key=None).values("idempotency_key").annotate(n=Count("id")).filter(n__gt=1).count()
received = ReceivedReport.objects
unmatched = received.exclude(token__in=qs.values("public_id")).count()
print(received.count(), qs.count(), dupes, unmatched, received.filter(attempts__gt=0).count())
"""

PENDING_SQL = "SELECT count(*) FROM incidents_receivedreport WHERE processed_at IS NULL"


def _pending(database_url: str) -> int:
    """Received reports not yet processed, read straight from the database (no Django in this process)."""
    if database_url.startswith("sqlite:///"):
        import sqlite3

        with contextlib.closing(sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=30)) as conn:
            return int(conn.execute(PENDING_SQL).fetchone()[0])
    import psycopg

    with psycopg.connect(database_url) as conn:
        row = conn.execute(PENDING_SQL).fetchone()
        return int(row[0]) if row else 0


def _drain(database_url: str, *, timeout: float = 300.0) -> float:
    """Seconds until every received report is processed (the task worker keeps running)."""
    start = time.perf_counter()
    while _pending(database_url):
        if time.perf_counter() - start > timeout:
            raise TimeoutError("received reports were not processed within the timeout")
        time.sleep(0.2)
    return time.perf_counter() - start


def same_key_burst(base: str, api_key: str, *, clients: int = 16) -> set[str]:
    """`clients` simultaneous POSTs with one Idempotency-Key; returns the distinct tokens answered (want 1)."""
    body = urllib.parse.urlencode({"api_key": api_key, "service_code": "inv-belysning", "lat": "59.3520",
                                   "long": "16.4760", "description": "Samma rapport, skickad många gånger"}).encode()
    key = secrets.token_hex(8)
    barrier = threading.Barrier(clients)

    def post() -> str:
        request = urllib.request.Request(base + "/open311/v2/requests.json", data=body, method="POST",  # noqa: S310
                                         headers={"Idempotency-Key": key})
        barrier.wait()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310  (127.0.0.1 only)
                return str(json.loads(response.read())[0]["token"])
        except urllib.error.HTTPError as exc:  # counted as a distinct answer, so the check fails visibly
            return f"HTTP {exc.code}"

    with ThreadPoolExecutor(max_workers=clients) as pool:
        return set(pool.map(lambda _i: post(), range(clients)))


def warm(url: str, *, requests: int = 20) -> None:
    """Sequential requests until both workers have imported and cached everything (first hits take seconds)."""
    for _ in range(requests):
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310  (127.0.0.1 only)
            response.read()


def _manage(args: list[str], env: dict[str, str]) -> str:
    completed = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                               text=True, check=True, timeout=600)
    return completed.stdout


def _postgres_database() -> tuple[str, str] | None:
    """A throwaway PostgreSQL database (admin URL, database URL), or None without a server."""
    try:
        import psycopg
    except ImportError:
        return None
    admin = os.environ.get("TRYGG_BENCH_PG", "postgres://postgres@127.0.0.1:5432/postgres")
    name = f"trygg_bench_intake_{os.getpid()}"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error:
        return None
    return admin, admin.rsplit("/", 1)[0] + "/" + name


def _drop_postgres(admin: str, url: str) -> None:
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


@dataclass
class Measured:
    database: str
    hello: list[WrkResult]
    read: list[WrkResult]
    intake: list[WrkResult]
    drain_s: list[float]
    acked: int
    failed: int
    received: int
    observations: int
    duplicate_keys: int
    unmatched: int
    failed_rows: int
    burst_tokens: int
    seconds: int


def _measure(database: str, database_url: str, tmp: str, *, seconds: int, rounds: int,
             connections: int) -> Measured:
    env = {**os.environ, "TRYGG_VAR_DIR": tmp, "DJANGO_SETTINGS_MODULE": "bench_intake_settings",
           "PYTHONPATH": os.pathsep.join([str(ROOT), tmp]), "DATABASE_URL": database_url, "TRYGG_TILE_URL": "",
           "TASKS_BACKEND": "django_tasks_db.DatabaseBackend"}  # as in production: a worker processes reports
    env.pop("REDIS_URL", None)
    _manage(["migrate", "-v0"], env)
    api_key = secrets.token_urlsafe(24)
    _manage(["shell", "-c", SETUP_KEY % api_key], env)
    gunicorn_env = {k: env[k] for k in ("TRYGG_VAR_DIR", "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "TRYGG_TILE_URL",
                                        "TASKS_BACKEND")}
    hello: list[WrkResult] = []
    read: list[WrkResult] = []
    intake: list[WrkResult] = []
    drain: list[float] = []
    acked = failed = 0
    with gunicorn("bench.http_harness:hello_app") as base:  # the peer, measured next to each database's run
        warm(base + "/")
        for _ in range(rounds):
            hello.append(run_wrk(base + "/", seconds=seconds, connections=connections))
    worker = subprocess.Popen([sys.executable, "manage.py", "db_worker", "--interval", "0.5", "--no-startup-delay"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with gunicorn("config.wsgi:application", env=gunicorn_env, pythonpath=[tmp]) as base:
            warm(base + "/open311/v2/services.json")
            tokens = same_key_burst(base, api_key)  # also warms the intake path in both workers
            drain.append(_drain(database_url))
            for i in range(rounds):
                read.append(run_wrk(base + "/open311/v2/services.json", seconds=seconds, connections=connections))
                script = Path(tmp, f"intake-{database}-{i}.lua")
                script.write_text(LUA % {"prefix": f"r{i}-{secrets.token_hex(4)}", "key": api_key})
                result = run_wrk(base + "/", seconds=seconds, connections=connections, script=str(script))
                intake.append(result)
                drain.append(_drain(database_url))
                for line in result.output.splitlines():
                    if line.startswith("ACKED"):
                        parts = line.split()
                        acked += int(parts[1])
                        failed += int(parts[3])
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    received, observations, dupes, unmatched, failed_rows = (
        int(v) for v in _manage(["shell", "-c", COUNT], env).strip().splitlines()[-1].split())
    return Measured(database, hello, read, intake, drain[1:], acked, failed, received - 1, observations - 1, dupes,
                    unmatched, failed_rows, len(tokens), seconds)


def _section(m: Measured, *, connections: int, rounds: int) -> tuple[str, bool, bool, bool]:
    def med(results: list[WrkResult], attr: str) -> float:
        return median([getattr(r, attr) for r in results])

    hello_rps, hello_p99 = med(m.hello, "requests_per_s"), med(m.hello, "p99_ms")
    intake_rps = med(m.intake, "requests_per_s")
    read_rps, read_p99 = med(m.read, "requests_per_s"), med(m.read, "p99_ms")

    def row(label: str, results: list[WrkResult]) -> str:
        rps, p50, p99 = med(results, "requests_per_s"), med(results, "p50_ms"), med(results, "p99_ms")
        return f"| {label} | {rps:,.0f} | {p50:.2f} | {p99:.2f} | {rps / hello_rps:.2f} | {p99 / hello_p99:.2f} |"

    in_flight = m.received - m.acked  # the burst stored exactly one row if burst_tokens == 1 (checked below)
    nothing_lost = (m.acked <= m.received and in_flight <= connections * rounds and m.duplicate_keys == 0
                    and m.burst_tokens == 1 and m.failed == 0 and m.observations == m.received and m.unmatched == 0
                    and m.failed_rows == 0)
    read_met = read_rps >= 0.5 * hello_rps and read_p99 <= 2 * hello_p99
    intake_met = intake_rps >= 500 and nothing_lost
    text = "\n".join([
        f"**{m.database}**",
        "",
        "| endpoint | requests/s | p50 ms | p99 ms | req/s vs hello | p99 vs hello |",
        "|---|---:|---:|---:|---:|---:|",
        row("WSGI hello-world (peer)", m.hello),
        row("`GET /open311/v2/services.json` (public read)", m.read),
        row("`POST /open311/v2/requests.json` (intake)", m.intake),
        "",
        f"Intake, accepted and processed: 2xx seen by wrk = {m.acked:,}; non-2xx = {m.failed:,}; reports "
        f"received = {m.received:,} (received − 2xx = {in_flight}: requests in flight when wrk stopped, at most "
        f"{connections} per run); observations made from them = {m.observations:,}, received reports without "
        f"their observation = {m.unmatched}, failed = {m.failed_rows}; the task worker (running beside "
        f"gunicorn throughout) finished the backlog {median(m.drain_s):.1f} s (median) after each run "
        f"ended; idempotency keys stored twice = {m.duplicate_keys}; 16 simultaneous POSTs with one "
        f"`Idempotency-Key` answered {m.burst_tokens} distinct token(s). Nothing lost: "
        f"**{'yes' if nothing_lost else 'NO'}**. Sustained (accepted and processed): "
        f"{m.received / (len(m.intake) * m.seconds + sum(m.drain_s)):,.0f} reports/s. Intake ≥ 500 "
        f"req/s: {verdict(intake_met)}; public read ≥ 0.5× hello req/s with p99 ≤ 2× hello: {verdict(read_met)}.",
    ])
    return text, read_met, intake_met, nothing_lost


def run(quick: bool = False) -> str:
    seconds = 5 if quick else 15
    rounds = 1 if quick else 3
    connections = 8
    sections = []
    verdicts = []
    with tempfile.TemporaryDirectory(prefix="trygg-bench-intake-") as tmp:
        Path(tmp, "bench_intake_settings.py").write_text(SETTINGS)
        measured = [_measure("SQLite (WAL)", f"sqlite:///{tmp}/bench.sqlite3", tmp, seconds=seconds, rounds=rounds,
                             connections=connections)]
        postgres = _postgres_database()
        if postgres is not None:
            admin, url = postgres
            try:
                measured.append(_measure("PostgreSQL", url, tmp, seconds=seconds, rounds=rounds,
                                         connections=connections))
            finally:
                _drop_postgres(admin, url)
    for m in measured:
        text, read_met, intake_met, _lost = _section(m, connections=connections, rounds=rounds)
        sections.append(text)
        verdicts.append((m.database, read_met, intake_met))
    load = os.getloadavg()[0]
    head = textwrap.dedent(f"""\
        gunicorn, 2 sync workers, 127.0.0.1; wrk -t2 -c{connections} -d{seconds}s --latency, median of {rounds}
        run(s) per endpoint; the hello-world peer is measured under the same server and load generator just
        before each database's runs; load average at the end {load:.1f} on {os.cpu_count()} CPUs. Throwaway
        databases. The public read is the Open311 service list, served to anonymous clients from the cache
        (`trygg.core.public_cache`). Intake = `POST /open311/v2/requests.json` with an API key and a unique
        `Idempotency-Key` per request (wrk Lua script): validated (category, point in the municipality,
        lengths) and stored as a received report, answered with its token; the database task worker
        (`manage.py db_worker`, on the same two CPUs) turns received reports into observations (area, routing,
        moderation state, weekly rollup, audit entry), 50 per transaction (ADR 0009).
        """)
    if postgres is None:
        head += "\nPostgreSQL not measured: no server answered at TRYGG_BENCH_PG.\n"
    summary = "; ".join(f"{db}: public read {verdict(r)}, intake {verdict(i)}" for db, r, i in verdicts)
    return head + "\n" + "\n\n".join(sections) + f"\n\nTargets (DESIGN.md): {summary}.\n"


if __name__ == "__main__":
    print(run(quick="--quick" in sys.argv))
