"""Trend per series (Mann–Kendall) and emerging-hotspot labels from weekly Gi* series.

Mann–Kendall on the last T values of each series (vectorised over every area × category):
``S = Σ_{i<j} sign(x_j − x_i)``, ``Var S = [T(T−1)(2T+5) − Σ_ties t(t−1)(2t+5)] / 18``, ``z = S / √Var S``
(no continuity correction, so p equals ``scipy.stats.kendalltau(time, x)``'s asymptotic p-value), two-sided
``p = 2 Φ(−|z|)``. Sen's slope (median of pairwise slopes) gives the size of the change per week.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.special import ndtr


@dataclass(frozen=True)
class Trend:
    s: NDArray[np.float64]
    z: NDArray[np.float64]
    p: NDArray[np.float64]
    slope: NDArray[np.float64]  # Sen's slope, units per step

    def direction(self, alpha: float = 0.05) -> NDArray[np.int8]:
        """+1 significant increase, −1 significant decrease, 0 no significant trend."""
        sig = self.p < alpha
        return (np.sign(self.s) * sig).astype(np.int8)


def mann_kendall(series: NDArray[np.float64]) -> Trend:
    """Mann–Kendall test along the last axis of ``series`` (any leading shape)."""
    x = np.asarray(series, dtype=np.float64)
    t = x.shape[-1]
    if t < 3:
        raise ValueError("a trend needs at least three values")
    i, j = np.triu_indices(t, k=1)
    diff = x[..., j] - x[..., i]
    s = np.sign(diff).sum(axis=-1)
    equal = (x[..., :, None] == x[..., None, :]).sum(axis=-1)  # size of each value's tie group
    ties = ((equal - 1) * (2 * equal + 5)).sum(axis=-1)
    var = (t * (t - 1) * (2 * t + 5) - ties) / 18.0
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(var > 0, s / np.sqrt(var), 0.0)
    p = 2.0 * ndtr(-np.abs(z))
    slope = np.median(diff / (j - i), axis=-1)
    return Trend(s.astype(np.float64), z, p, slope)


# ---- emerging hotspots ----------------------------------------------------------------------------------

NONE, NEW, INTENSIFYING, PERSISTENT, DIMINISHING = 0, 1, 2, 3, 4
LABELS = {NONE: "", NEW: "new", INTENSIFYING: "intensifying", PERSISTENT: "persistent", DIMINISHING: "diminishing"}


def emerging_hotspots(z_series: NDArray[np.float64], significant: NDArray[np.bool_], *,
                      persistent_share: float = 0.75, alpha: float = 0.05) -> NDArray[np.int8]:
    """Label each cell from its weekly Gi* series (last axis = weeks, oldest first).

    ``significant[..., w]`` marks a significant hot spot in week w (z > 0 and rejected after FDR). Rules,
    checked in this order, looking at the window of weeks given:

    - **new**: hot in the last week and in no earlier week;
    - **intensifying**: hot in ≥ ``persistent_share`` of the weeks including the last, and the z-series
      rises significantly (Mann–Kendall p < alpha);
    - **diminishing**: hot in ≥ ``persistent_share`` of the weeks, and the z-series falls significantly;
    - **persistent**: hot in ≥ ``persistent_share`` of the weeks including the last, without a significant
      trend.

    Everything else (including sporadic hot spots) gets no label.
    """
    z = np.asarray(z_series, dtype=np.float64)
    hot = np.asarray(significant, dtype=bool) & (z > 0)
    weeks = z.shape[-1]
    last = hot[..., -1]
    earlier = hot[..., :-1].any(axis=-1)
    share = hot.mean(axis=-1)
    mostly = share >= persistent_share
    direction = mann_kendall(z).direction(alpha) if weeks >= 3 else np.zeros(z.shape[:-1], dtype=np.int8)
    out = np.zeros(z.shape[:-1], dtype=np.int8)
    out[mostly & (direction < 0)] = DIMINISHING
    out[mostly & last & (direction == 0)] = PERSISTENT
    out[mostly & last & (direction > 0)] = INTENSIFYING
    out[last & ~earlier] = NEW
    return out
