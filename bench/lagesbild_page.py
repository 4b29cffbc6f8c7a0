"""The lägesbild page's database work for one area-week on 1M observations (SQLite, throwaway DB under /tmp).

The lägesbild selectors (trygg/situational_picture/selectors.py) belong to another branch; this times the
equivalent ORM aggregations on Observation that an area-week page needs, through the same visibility
filter (``for_picture``): counts per category for the area and week, the area's 12-week trend, and the
per-area counts of the week (for the map). Rollups are not used here: this is the raw-table baseline.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

TITLE = "Lägesbild page queries on 1M observations (SQLite, no rollups)"
ORDER = 60
ROOT = Path(__file__).resolve().parent.parent


def run(quick: bool = False) -> str:
    n = 100_000 if quick else 1_000_000
    with tempfile.TemporaryDirectory(prefix="trygg-bench-lagesbild-") as tmp:
        env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3", TRYGG_VAR_DIR=tmp,
                   DJANGO_SETTINGS_MODULE="config.settings.test")
        done = subprocess.run([sys.executable, "-m", "bench._lagesbild_worker", str(n)], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=3600, check=False)
    if done.returncode != 0:
        return f"**Failed** (exit {done.returncode}):\n\n```\n{done.stderr[-3000:]}\n```"
    return done.stdout
