"""HTTP load harness for benchmarks: gunicorn (2 sync workers, 127.0.0.1 only) and wrk with latency.

    with gunicorn("config.wsgi:application", env={...}) as base_url:
        result = run_wrk(base_url + "/open311/v2/services.json", seconds=10)

The peer is a plain WSGI hello-world (`bench.http_harness:hello_app`) under the same gunicorn settings.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WRK = "/usr/bin/wrk"


def hello_app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    """The peer: the least work a WSGI server can be asked to do."""
    body = b"Hello, world!"
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(port: int, process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.1)
    raise TimeoutError("gunicorn did not start")


@contextlib.contextmanager
def gunicorn(app: str, *, env: dict[str, str] | None = None, workers: int = 2,
             pythonpath: list[str] | None = None) -> Iterator[str]:
    """Run `app` under gunicorn with sync workers on a free 127.0.0.1 port; yields the base URL."""
    port = free_port()
    environment = {**os.environ, **(env or {})}
    paths = [str(ROOT), *(pythonpath or [])]
    environment["PYTHONPATH"] = os.pathsep.join([*paths, environment.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--worker-class", "sync",
             "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "60", app],
            cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            _wait_for(port, process)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@dataclass
class WrkResult:
    requests: int
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    errors: int
    output: str


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(value: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value.strip())
    if not match:
        raise ValueError(f"unexpected wrk latency {value!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse_wrk(output: str) -> WrkResult:
    def latency(percent: str) -> float:
        match = re.search(rf"^\s+{percent}%\s+(\S+)", output, re.MULTILINE)
        return _ms(match.group(1)) if match else float("nan")

    requests = re.search(r"(\d+) requests in", output)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return WrkResult(
        requests=int(requests.group(1)) if requests else 0,
        requests_per_s=float(rps.group(1)) if rps else 0.0,
        p50_ms=latency("50"),
        p99_ms=latency("99"),
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        errors=sum(int(g) for g in socket_errors.groups()) if socket_errors else 0,
        output=output,
    )


def run_wrk(url: str, *, seconds: int = 10, connections: int = 8, threads: int = 2,
            script: str | None = None, timeout: str = "10s") -> WrkResult:
    """Bounded wrk run against a 127.0.0.1 URL, with the latency distribution."""
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError("benchmarks only load 127.0.0.1")
    command = [WRK, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", f"--timeout={timeout}"]
    if script:
        command += ["-s", script]
    completed = subprocess.run([*command, url], capture_output=True, text=True, timeout=seconds + 60, check=True)
    return parse_wrk(completed.stdout)


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
