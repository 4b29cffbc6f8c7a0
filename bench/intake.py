"""Report intake over HTTP: residents' reports POSTed to Open311 under gunicorn (2 sync workers, SQLite WAL in a
throwaway directory), against a plain WSGI hello-world on the same machine. Checks that nothing is lost:
every 2xx the load generator saw is a stored row, and no idempotency key is stored twice.

    python -m bench intake          (or: python -m bench.intake [--quick])
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import tempfile
import textwrap
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.http_harness import ROOT, gunicorn, median, run_wrk

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
from trygg.incidents.models import Observation
from django.db.models import Count
qs = Observation.objects.filter(source="resident")
dupes = qs.exclude(idempotency_key=None).values("idempotency_key").annotate(n=Count("id")).filter(n__gt=1).count()
print(qs.count(), dupes)
"""


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


def run(quick: bool = False) -> str:
    seconds = 5 if quick else 15
    rounds = 1 if quick else 3
    connections = 8
    with tempfile.TemporaryDirectory(prefix="trygg-bench-intake-") as tmp:
        Path(tmp, "bench_intake_settings.py").write_text(SETTINGS)
        env = {**os.environ, "TRYGG_VAR_DIR": tmp, "DJANGO_SETTINGS_MODULE": "bench_intake_settings",
               "PYTHONPATH": os.pathsep.join([str(ROOT), tmp]), "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
               "TRYGG_TILE_URL": ""}
        env.pop("REDIS_URL", None)
        _manage(["migrate", "-v0"], env)
        api_key = secrets.token_urlsafe(24)
        _manage(["shell", "-c", SETUP_KEY % api_key], env)
        gunicorn_env = {k: env[k] for k in ("TRYGG_VAR_DIR", "DJANGO_SETTINGS_MODULE", "DATABASE_URL",
                                            "TRYGG_TILE_URL")}

        hello, intake, read = [], [], []
        acked = failed = 0
        with gunicorn("bench.http_harness:hello_app") as base:
            warm(base + "/")
            for _ in range(rounds):
                hello.append(run_wrk(base + "/", seconds=seconds, connections=connections))
        with gunicorn("config.wsgi:application", env=gunicorn_env, pythonpath=[tmp]) as base:
            warm(base + "/open311/v2/services.json")
            tokens = same_key_burst(base, api_key)  # also warms the intake path in both workers
            for i in range(rounds):
                read.append(run_wrk(base + "/open311/v2/services.json", seconds=seconds, connections=connections))
                script = Path(tmp, f"intake-{i}.lua")
                script.write_text(LUA % {"prefix": f"r{i}-{secrets.token_hex(4)}", "key": api_key})
                result = run_wrk(base + "/", seconds=seconds, connections=connections, script=str(script))
                intake.append(result)
                for line in result.output.splitlines():
                    if line.startswith("ACKED"):
                        parts = line.split()
                        acked += int(parts[1])
                        failed += int(parts[3])
        rows, duplicate_keys = (int(v) for v in _manage(["shell", "-c", COUNT], env).strip().splitlines()[-1].split())

    def med(results: list, attr: str) -> float:  # type: ignore[type-arg]
        return median([getattr(r, attr) for r in results])

    hello_rps, hello_p99 = med(hello, "requests_per_s"), med(hello, "p99_ms")
    intake_rps, read_rps, read_p99 = med(intake, "requests_per_s"), med(read, "requests_per_s"), med(read, "p99_ms")

    def row(label: str, results: list) -> str:  # type: ignore[type-arg]
        rps, p50, p99 = med(results, "requests_per_s"), med(results, "p50_ms"), med(results, "p99_ms")
        return f"| {label} | {rps:,.0f} | {p50:.2f} | {p99:.2f} | {rps / hello_rps:.2f} | {p99 / hello_p99:.2f} |"

    load = os.getloadavg()[0]
    rows -= 1  # the same-key burst stored exactly one row if len(tokens) == 1 (checked below)
    in_flight = rows - acked
    nothing_lost = acked <= rows and in_flight <= connections * rounds and duplicate_keys == 0 and len(tokens) == 1
    read_met = read_rps >= 0.5 * hello_rps and read_p99 <= 2 * hello_p99
    table = "\n".join([
        "| endpoint | requests/s | p50 ms | p99 ms | req/s vs hello | p99 vs hello |",
        "|---|---:|---:|---:|---:|---:|",
        row("WSGI hello-world (peer)", hello),
        row("`GET /open311/v2/services.json` (public read)", read),
        row("`POST /open311/v2/requests.json` (intake)", intake),
    ])
    return textwrap.dedent(f"""\
        ## {TITLE}

        gunicorn, 2 sync workers, 127.0.0.1; wrk -t2 -c{connections} -d{seconds}s --latency, median of {rounds}
        run(s); load average at the end {load:.1f} on {os.cpu_count()} CPUs. Throwaway SQLite (WAL) database.
        Intake = `POST /open311/v2/requests.json` with an API key and a unique `Idempotency-Key` per request
        (wrk Lua script): validation, point → area, routing, moderation state, audit entries and the
        after-commit notification, all in one transaction per report.

        """) + table + textwrap.dedent(f"""

        Correctness: 2xx responses seen by wrk = {acked:,}; non-2xx = {failed:,}; rows stored = {rows:,}
        (rows − 2xx = {in_flight}, requests still in flight when wrk stopped, at most {connections} per run);
        idempotency keys stored twice = {duplicate_keys}; 16 simultaneous POSTs with one `Idempotency-Key`
        answered {len(tokens)} distinct report(s). **Nothing lost: {"yes" if nothing_lost else "NO"}.**
        Targets (DESIGN.md): intake ≥ 500 req/s: {"met" if intake_rps >= 500 else "not met"};
        public read ≥ 0.5× hello req/s with p99 ≤ 2× hello: {"met" if read_met else "not met"}.
        """)


if __name__ == "__main__":
    print(run(quick="--quick" in sys.argv))
