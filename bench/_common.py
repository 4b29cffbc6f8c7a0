"""Shared helpers for the analysis benchmarks: timing, markdown tables and the synthetic data (research gen.py)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import shapely

X0, Y0, SIDE = 580_000.0, 6_575_000.0, 20_000.0


@dataclass
class Timing:
    median: float  # seconds
    minimum: float
    runs: int
    result: Any

    def ms(self) -> str:
        return f"{self.median * 1e3:,.2f} ms" if self.median < 10 else f"{self.median:,.1f} s"


def timeit(fn: Callable[[], Any], runs: int = 5, warm: int = 1) -> Timing:
    out = None
    for _ in range(warm):
        out = fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return Timing(statistics.median(times), min(times), runs, out)


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(["---"] + ["---:"] * (len(header) - 1)) + " |"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def verdict(ok: bool) -> str:
    return "**met**" if ok else "**missed**"


@dataclass(frozen=True)
class Data:
    x: np.ndarray
    y: np.ndarray
    category: np.ndarray
    timestamps: np.ndarray  # datetime64[s], UTC
    simple: np.ndarray  # 60 Voronoi districts (shapely polygons)
    detailed: np.ndarray  # the same, densified to 20 m and warped (±60 m)


@lru_cache(maxsize=2)
def data(n: int = 1_000_000, seed: int = 42) -> Data:
    """The research generator (gen.py): 60 % from 8 Gaussian hot spots, 40 % uniform, in a 20 × 20 km box."""
    rng = np.random.default_rng(seed)
    hs = np.column_stack([rng.uniform(2e3, 18e3, 8), rng.uniform(2e3, 18e3, 8)])
    sig = rng.uniform(250, 1500, 8)
    wts = rng.dirichlet(np.ones(8))
    n_hot = int(0.6 * n)
    k = rng.choice(8, n_hot, p=wts)
    hot = hs[k] + rng.normal(size=(n_hot, 2)) * sig[k, None]
    bg = rng.uniform(0, SIDE, size=(n - n_hot, 2))
    xy = np.vstack([hot, bg])
    xy = xy[(xy >= 0).all(1) & (xy < SIDE).all(1)]
    while len(xy) < n:
        xy = np.vstack([xy, rng.uniform(0, SIDE, size=(n - len(xy), 2))])
    xy = xy[rng.permutation(n)]
    cat = rng.choice(8, n, p=[.25, .2, .15, .12, .1, .08, .06, .04]).astype(np.int8)
    t0 = np.datetime64("2025-01-01T00:00:00", "s").astype(np.int64)
    ts = (t0 + rng.integers(0, 365 * 86400, n)).astype("datetime64[s]")
    box = shapely.box(X0, Y0, X0 + SIDE, Y0 + SIDE)
    seeds = shapely.multipoints(np.column_stack([X0 + rng.uniform(0, SIDE, 60), Y0 + rng.uniform(0, SIDE, 60)]))
    polys = shapely.intersection(shapely.get_parts(shapely.voronoi_polygons(seeds, extend_to=box)), box)
    polys = polys[~shapely.is_empty(polys)]

    def warp(c: np.ndarray) -> np.ndarray:
        u = (c[:, 0] - X0) / SIDE
        v = (c[:, 1] - Y0) / SIDE
        env = np.sin(np.pi * u) * np.sin(np.pi * v)
        dx = 60 * env * np.sin(2 * np.pi * v * 37) * np.cos(2 * np.pi * u * 11)
        dy = 60 * env * np.sin(2 * np.pi * u * 41) * np.cos(2 * np.pi * v * 13)
        return np.column_stack([c[:, 0] + dx, c[:, 1] + dy])

    detailed = shapely.transform(shapely.segmentize(polys, 20.0), warp)
    return Data(X0 + xy[:, 0], Y0 + xy[:, 1], cat, ts, polys, detailed)


def size(quick: bool) -> int:
    return 100_000 if quick else 1_000_000
