"""Trend per series (Mann–Kendall) and emerging-hotspot labels from weekly Gi* series.

Mann–Kendall on the last T values of each series (vectorised over every area × category):
``S = Σ_{i<j} sign(x_j − x_i)``, ``Var S = [T(T−1)(2T+5) − Σ_ties t(t−1)(2t+5)] / 18``, ``z = S / √Var S``
(no continuity correction, so p equals ``scipy.stats.kendalltau(time, x)``'s asymptotic p-value), two-sided
``p = 2 Φ(−|z|)``. Sen's slope (median of pairwise slopes) gives the size of the change per week.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

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


@lru_cache(maxsize=32)
def _lags(t: int) -> NDArray[np.float64]:
    """The lag j − i of each pair, in the order ``mann_kendall`` stores them (lag 1 first), as a column."""
    lags = np.repeat(np.arange(1.0, t), np.arange(t - 1, 0, -1))[:, None]
    lags.flags.writeable = False  # shared between calls
    return lags


def mann_kendall(series: NDArray[np.float64]) -> Trend:
    """Mann–Kendall test along the last axis of ``series`` (any leading shape).

    Vectorised across series: the values are laid out time-major (t × series), so every numpy call works on
    rows as long as the number of series instead of 480 tiny ones, and the t(t−1)/2 pairwise differences are
    written lag by lag into one array. S, the tie sums, z and p are the textbook formulas (integer sums, exact);
    Sen's slope is the median of the pairwise slopes, taken from one sort per series (the two middle values
    averaged as ``np.median`` does; NaN if any slope is NaN, as ``np.median``).
    """
    x = np.asarray(series, dtype=np.float64)
    t = x.shape[-1]
    if t < 3:
        raise ValueError("a trend needs at least three values")
    lead = x.shape[:-1]
    xt = np.ascontiguousarray(x.reshape(-1, t).T)  # (t, series)
    pairs = t * (t - 1) // 2
    diff = np.empty((pairs, xt.shape[1]))
    row = 0
    for lag in range(1, t):  # x[j] − x[i] for every i < j, lag j − i at a time
        np.subtract(xt[lag:], xt[:-lag], out=diff[row:row + t - lag])
        row += t - lag
    s = np.sign(diff).sum(axis=0)
    equal = (xt[:, None, :] == xt[None, :, :]).sum(axis=1)  # size of each value's tie group
    ties = ((equal - 1) * (2 * equal + 5)).sum(axis=0)
    var = (t * (t - 1) * (2 * t + 5) - ties) / 18.0
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(var > 0, s / np.sqrt(var), 0.0)
    p = 2.0 * ndtr(-np.abs(z))
    np.divide(diff, _lags(t), out=diff)  # pairwise slopes
    slopes = diff.T.copy()  # (series, pairs): each series' slopes contiguous for the sort
    slopes.sort(axis=-1)  # NaN last
    middle = pairs // 2
    slope = slopes[:, middle].copy() if pairs % 2 else (slopes[:, middle - 1] + slopes[:, middle]) / 2
    slope[np.isnan(slopes[:, -1])] = np.nan
    return Trend(s.reshape(lead), z.reshape(lead), p.reshape(lead), slope.reshape(lead))


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
