"""Database settings from the environment: PostgreSQL with the pool by default, or one persistent, health-checked
connection per worker with DATABASE_POOL=false; SQLite keeps its connection."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
READ = ("import json, config.settings.base as s; d = s.DATABASES['default']; "
        "print(json.dumps([d['ENGINE'], d['OPTIONS'].get('pool'), d['CONN_MAX_AGE'], d.get('CONN_HEALTH_CHECKS')]))")


def _database_settings(**env: str) -> list:
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATABASE_POOL")}
    completed = subprocess.run([sys.executable, "-c", READ], cwd=ROOT, env={**environment, **env},  # noqa: S603
                               capture_output=True, text=True, check=True, timeout=60)
    return json.loads(completed.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("env", "expected"), [
    ({"DATABASE_URL": "postgres://u@db:5432/trygg"}, ["django.db.backends.postgresql", True, 0, False]),
    ({"DATABASE_URL": "postgres://u@db:5432/trygg", "DATABASE_POOL": "false"},
     ["django.db.backends.postgresql", False, None, True]),
    ({"DATABASE_URL": "sqlite:////tmp/trygg-settings-test.sqlite3"}, ["django.db.backends.sqlite3", None, None, True]),
])
def test_database_settings__from_the_environment(env: dict[str, str], expected: list) -> None:
    assert _database_settings(**env) == expected
