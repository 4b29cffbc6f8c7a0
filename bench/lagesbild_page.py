"""The lägesbild pages on 1M observations, on SQLite and PostgreSQL (throwaway databases).

Loads N observations with bulk inserts, rebuilds the weekly rollup, then times the real area-week and
municipality pages through Django for an authority user and a partner. PostgreSQL is used when a server
answers at TRYGG_BENCH_PG (default postgres://postgres@127.0.0.1:5432/postgres); a database is created and
dropped for the run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

TITLE = "Lägesbild pages on 1M observations (SQLite and PostgreSQL)"
ORDER = 60
ROOT = Path(__file__).resolve().parent.parent


def _worker(n: int, database_url: str, tmp: str) -> str:
    env = dict(os.environ, DATABASE_URL=database_url, TRYGG_VAR_DIR=tmp, DJANGO_SETTINGS_MODULE="config.settings.test")
    done = subprocess.run([sys.executable, "-m", "bench._lagesbild_worker", str(n)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=3600, check=False)
    if done.returncode != 0:
        return f"**Failed** (exit {done.returncode}):\n\n```\n{done.stderr[-3000:]}\n```\n"
    return done.stdout


def _postgres(n: int, tmp: str) -> str:
    import psycopg

    admin = os.environ.get("TRYGG_BENCH_PG", "postgres://postgres@127.0.0.1:5432/postgres")
    name = f"trygg_bench_{os.getpid()}"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        return f"PostgreSQL not measured: no server at {admin} ({exc.__class__.__name__}).\n"
    try:
        return _worker(n, admin.rsplit("/", 1)[0] + "/" + name, tmp)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(quick: bool = False) -> str:
    n = 100_000 if quick else 1_000_000
    with tempfile.TemporaryDirectory(prefix="trygg-bench-lagesbild-") as tmp:
        sqlite = _worker(n, f"sqlite:///{tmp}/bench.sqlite3", tmp)
        postgres = _postgres(n, tmp)
    return sqlite + "\n" + postgres
