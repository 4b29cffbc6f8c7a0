"""Getis-Ord Gi* hotspots on a lattice, with permutation p-values and false-discovery-rate control.

The statistic is the classic Gi* (binary weights, self-weight 1), identical to
``esda.G_Local(y, w, transform='B', star=True)`` on the same cells: with ``lag = Σ_j w_ij y_j`` (j = i
included), ``k = Σ_j w_ij``, ``S = Σ y``, ``n`` cells, ``ȳ = S/n`` and ``s² = Σy²/n − ȳ²``:

    G = lag / S,  E[G] = k / n,  V[G] = k (n − k) / (n − 1) / n² · s² / ȳ²,  z = (G − E[G]) / √V[G].

Lag and k come from ``scipy.ndimage.correlate`` with a kernel (3 × 3 for queen contiguity, a disk for a
distance band); no weights object is built.

Permutation p-values use esda's conditional randomisation (the cell keeps its value, its k − 1 neighbours
are drawn without replacement from the other n − 1 cells) and esda's folded ("directed") pseudo p-value
``(min(larger, P − larger) + 1) / (P + 1)`` where ``larger`` counts random lags ≥ the observed lag.
Ties are compared exactly: with integer counts both lags are exact integer sums, and a tie counts as
"larger" (``p_sim``, esda-compatible). Because the folded p-value turns "every random lag ties with the
observed one" into the most extreme result, the product uses ``p_directed`` instead, in which a tie counts
against significance in both tails. (esda compiled with numba compares ``sum × (1/S) ≥ lag / S``
instead, which settles some ties by a one-ulp rounding difference;
``permutation_pvalues_reference(..., esda_rounding=True)`` reproduces that bit for bit for checking.)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.ndimage as ndi
from numpy.typing import NDArray


def queen_kernel() -> NDArray[np.float64]:
    return np.ones((3, 3))


def distance_band_kernel(cell: float, distance: float) -> NDArray[np.float64]:
    """Binary kernel of the cells whose centres lie within ``distance`` of the centre cell (itself included),
    as ``libpysal.weights.DistanceBand(centres, threshold=distance, binary=True)`` plus the self-weight."""
    r = int(distance // cell)
    o = np.arange(-r, r + 1)
    return ((o[:, None] ** 2 + o[None, :] ** 2) * cell**2 <= distance**2).astype(np.float64)


@dataclass(frozen=True)
class GiStar:
    z: NDArray[np.float64]  # (ny, nx)
    lag: NDArray[np.float64]  # Σ w_ij y_j, self included
    cardinality: NDArray[np.float64]  # Σ w_ij, self included

    def p_normal(self) -> NDArray[np.float64]:
        """Two-sided p-value of z under the normal approximation."""
        from scipy.special import ndtr

        return np.asarray(2.0 * ndtr(-np.abs(self.z)), dtype=np.float64)


def gistar(counts: NDArray[np.float64], kernel: NDArray[np.float64]) -> GiStar:
    """Analytic Gi* z-scores for a (ny, nx) grid of values (cells outside the grid do not exist)."""
    y = np.asarray(counts, dtype=np.float64)
    lag = ndi.correlate(y, kernel, mode="constant", cval=0.0)
    card = ndi.correlate(np.ones_like(y), kernel, mode="constant", cval=0.0)
    n = y.size
    total = y.sum()
    mean = total / n
    var = (y**2).sum() / n - mean**2
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = card / n
        variance = card * (n - card) / (n - 1) * (1.0 / n**2) * var / mean**2
        z = (lag / total - expected) / np.sqrt(variance)
    if total == 0 or var == 0:
        z = np.zeros_like(y)
    return GiStar(z, lag, card)


@dataclass(frozen=True)
class Permutations:
    p_sim: NDArray[np.float64]  # folded pseudo p-value per cell, flat in cell-id order
    z_sim: NDArray[np.float64]  # (lag − mean of random lags) / their standard deviation
    larger: NDArray[np.int64]  # random lags ≥ the observed lag (before folding)
    permutations: int
    at_most: NDArray[np.int64] | None = None  # random lags ≤ the observed lag

    @property
    def p_hot(self) -> NDArray[np.float64]:
        """One-sided: (#{random ≥ observed} + 1) / (P + 1)."""
        return np.asarray((self.larger + 1.0) / (self.permutations + 1.0), dtype=np.float64)

    @property
    def p_cold(self) -> NDArray[np.float64]:
        """One-sided: (#{random ≤ observed} + 1) / (P + 1)."""
        if self.at_most is None:
            raise ValueError("computed without the lower tail")
        return np.asarray((self.at_most + 1.0) / (self.permutations + 1.0), dtype=np.float64)

    @property
    def p_directed(self) -> NDArray[np.float64]:
        """The smaller one-sided p-value (the tail the observed lag lies in), ties counted against significance
        in both tails: a cell whose observed lag equals every random lag gets p = 1, not 1 / (P + 1) as with
        the folded ``p_sim``."""
        return np.minimum(self.p_hot, self.p_cold)

    @property
    def p_two_sided(self) -> NDArray[np.float64]:
        """min(1, 2 × min(p_hot, p_cold)): ties count against significance on both sides, so a cell whose
        observed lag equals every random lag (common with sparse counts) gets p = 1, not 1 / (P + 1)."""
        return np.minimum(1.0, 2.0 * np.minimum(self.p_hot, self.p_cold))


def _fold(larger: NDArray[np.int64], permutations: int) -> NDArray[np.float64]:
    folded = np.where(permutations - larger < larger, permutations - larger, larger)
    return (folded + 1.0) / (permutations + 1.0)


def _draw_rows(n: int, big_k: int, permutations: int, seed: int) -> NDArray[np.int64]:
    """P rows of K distinct cell ids (rows with a repeated id are redrawn without replacement)."""
    rng = np.random.default_rng(seed)
    perm = rng.integers(0, n, (permutations, big_k))
    ordered = np.sort(perm, axis=1)
    for row in np.flatnonzero((ordered[:, 1:] == ordered[:, :-1]).any(axis=1)):
        perm[row] = rng.choice(n, big_k, replace=False)
    return perm


def _shared_draws(counts: np.ndarray, result: GiStar, permutations: int, seed: int) -> tuple[
        np.ndarray, np.ndarray, np.ndarray, int, int, np.ndarray, np.ndarray, np.ndarray]:
    """Counts, observed lags, neighbour counts k_i − 1, the P × K rows of distinct cell ids shared by all
    cells, the drawn values and their row prefix sums: the randomisation both counting methods use."""
    y = np.asarray(counts, dtype=np.float64).ravel()
    lag = result.lag.ravel()
    kother = (result.cardinality.ravel() - 1).astype(np.int64)
    n = y.size
    big_k = int(kother.max()) + 1
    if big_k > n:
        raise ValueError("more neighbours than cells")
    perm = _draw_rows(n, big_k, permutations, seed)
    drawn = y[perm]
    prefix = np.zeros((permutations, big_k + 1))
    np.cumsum(drawn, axis=1, out=prefix[:, 1:])
    return y, lag, kother, n, big_k, perm, drawn, prefix


def permutation_pvalues(counts: NDArray[np.float64], result: GiStar, permutations: int = 999,
                        seed: int = 0) -> Permutations:
    """Fast conditional randomisation with prefix sums over shared permutation rows.

    Each row p draws K = k_max distinct cell ids once for all cells. Cell i's random neighbours are the first
    k_i − 1 ids of the row; when i itself is among them it is replaced by the id at position k_i − 1, which
    gives a uniform (k_i − 1)-subset of the other cells: the same null distribution as esda's, drawn
    differently. The random lag is then ``prefix[p, k_i − 1] + y_i``, plus that one correction.

    Counting needs no n × P matrix: cells sharing a k compare against the same column of prefix sums, so
    ``#{p: prefix[p, k] + y_i ≥ lag_i}`` is a ``searchsorted`` in that sorted column, and the few (p, i) pairs
    with a correction are adjusted afterwards. O((n + P·K) log P). With integer counts every comparison is
    between exact integer sums; the result equals ``permutation_pvalues_dense`` with the same seed.
    """
    y, lag, kother, n, big_k, perm, drawn, prefix = _shared_draws(counts, result, permutations, seed)
    larger = np.zeros(n, dtype=np.int64)
    at_most = np.zeros(n, dtype=np.int64)
    s1 = np.zeros(n)
    s2 = np.zeros(n)
    threshold = lag - y
    for k in np.unique(kother).tolist():
        cells = np.flatnonzero(kother == k)
        column = prefix[:, k]
        ordered = np.sort(column)
        larger[cells] = permutations - np.searchsorted(ordered, threshold[cells], side="left")
        at_most[cells] = np.searchsorted(ordered, threshold[cells], side="right")
        total, squares = column.sum(), (column * column).sum()
        yc = y[cells]
        s1[cells] = total + permutations * yc
        s2[cells] = squares + 2.0 * yc * total + permutations * yc * yc
    rows, cols = np.nonzero(np.arange(big_k)[None, :] < kother[perm])
    if len(rows):
        cells = perm[rows, cols]
        base = prefix[rows, kother[cells]] + y[cells]
        new = base + (drawn[rows, kother[cells]] - y[cells])
        target = lag[cells]
        larger += np.bincount(cells, weights=(new >= target).astype(np.int64) - (base >= target),
                              minlength=n).astype(np.int64)
        at_most += np.bincount(cells, weights=(new <= target).astype(np.int64) - (base <= target),
                               minlength=n).astype(np.int64)
        s1 += np.bincount(cells, weights=new - base, minlength=n)
        s2 += np.bincount(cells, weights=new * new - base * base, minlength=n)
    mean = s1 / permutations
    sd = np.sqrt(np.maximum(s2 / permutations - mean**2, 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        z_sim = np.where(sd > 0, (lag - mean) / sd, 0.0)
    return Permutations(_fold(larger, permutations), z_sim, larger, permutations, at_most)


def permutation_pvalues_dense(counts: NDArray[np.float64], result: GiStar, permutations: int = 999,
                              seed: int = 0) -> Permutations:
    """The same randomisation as ``permutation_pvalues``, written out as an n × P matrix of random lags
    (O(n × P); the research method, kept as the readable reference for the fast one).

    Each row p draws K = k_max distinct cell ids once for all cells. Cell i's random neighbours are the first
    k_i − 1 ids of the row; when i itself is among them it is replaced by the id at position k_i − 1, which
    gives a uniform (k_i − 1)-subset of the other cells: the same null distribution as esda's, drawn
    differently. The random lag is then a prefix sum plus the cell's own value, plus that one correction.
    """
    y, lag, kother, n, big_k, perm, drawn, prefix = _shared_draws(counts, result, permutations, seed)
    rows, cols = np.nonzero(np.arange(big_k)[None, :] < kother[perm])
    cells = perm[rows, cols]
    correction = drawn[rows, kother[cells]] - y[cells]
    larger = np.zeros(n, dtype=np.int64)
    at_most = np.zeros(n, dtype=np.int64)
    s1 = np.zeros(n)
    s2 = np.zeros(n)
    chunk = max(1, 4_000_000 // n)
    for p0 in range(0, permutations, chunk):
        p1 = min(permutations, p0 + chunk)
        random_lag = prefix[p0:p1][:, kother] + y[None, :]
        inside = (rows >= p0) & (rows < p1)
        np.add.at(random_lag, (rows[inside] - p0, cells[inside]), correction[inside])
        larger += (random_lag >= lag[None, :]).sum(axis=0)
        at_most += (random_lag <= lag[None, :]).sum(axis=0)
        s1 += random_lag.sum(axis=0)
        s2 += (random_lag * random_lag).sum(axis=0)
    mean = s1 / permutations
    sd = np.sqrt(np.maximum(s2 / permutations - mean**2, 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        z_sim = np.where(sd > 0, (lag - mean) / sd, 0.0)
    return Permutations(_fold(larger, permutations), z_sim, larger, permutations, at_most)


def permutation_pvalues_reference(counts: NDArray[np.float64], result: GiStar, permuted_ids: NDArray[np.int64],
                                  esda_rounding: bool = False) -> Permutations:
    """esda's own algorithm, vectorised, from esda's permutation ids (``esda.crand.vec_permutations``).

    Row p's ids index the n − 1 cells other than i (ids ≥ i shift up by one) and the first k_i − 1 are used.
    ``esda_rounding=True`` compares ``random_sum × (1/S) ≥ lag / S`` as esda's numba code does, which
    reproduces its ``p_sim`` bit for bit; the default compares the integer sums exactly.
    """
    y = np.asarray(counts, dtype=np.float64).ravel()
    lag = result.lag.ravel()
    kother = (result.cardinality.ravel() - 1).astype(np.int64)
    permutations, kmax = permuted_ids.shape
    n = y.size
    total = y.sum()
    inverse = 1.0 / total
    larger = np.empty(n, dtype=np.int64)
    at_most = np.empty(n, dtype=np.int64)
    s1 = np.empty(n)
    s2 = np.empty(n)
    cols = np.arange(kmax)
    block = max(1, 2_000_000 // (permutations * kmax))
    for start in range(0, n, block):
        cells = np.arange(start, min(n, start + block))
        idx = permuted_ids[None] + (permuted_ids[None] >= cells[:, None, None])
        random_lag = np.where(cols[None, None] < kother[cells, None, None], y[idx], 0.0).sum(-1) + y[cells, None]
        hit = random_lag * inverse >= (lag[cells] / total)[:, None] if esda_rounding else random_lag >= lag[cells, None]
        larger[cells] = hit.sum(axis=1)
        at_most[cells] = (random_lag <= lag[cells, None]).sum(axis=1)
        s1[cells] = random_lag.mean(axis=1)
        s2[cells] = random_lag.std(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        z_sim = np.where(s2 > 0, (lag - s1) / s2, 0.0)
    p = _fold(larger, permutations)
    return Permutations(p.astype(np.float32).astype(np.float64) if esda_rounding else p, z_sim, larger,
                        permutations, at_most)


def fdr_bh(p_values: NDArray[np.float64], q: float = 0.05) -> NDArray[np.bool_]:
    """Benjamini–Hochberg: which hypotheses are rejected at false-discovery rate q (step-up procedure)."""
    p = np.asarray(p_values, dtype=np.float64)
    flat = p.ravel()
    m = flat.size
    if m == 0:
        return np.zeros(p.shape, dtype=bool)
    order = np.argsort(flat, kind="stable")
    below = flat[order] <= q * np.arange(1, m + 1) / m
    reject = np.zeros(m, dtype=bool)
    if below.any():
        reject[order[: np.flatnonzero(below).max() + 1]] = True
    return reject.reshape(p.shape)


def fdr_bh_adjusted(p_values: NDArray[np.float64]) -> NDArray[np.float64]:
    """Benjamini–Hochberg adjusted p-values (q-values): reject where adjusted ≤ q."""
    p = np.asarray(p_values, dtype=np.float64)
    flat = p.ravel()
    m = flat.size
    order = np.argsort(flat, kind="stable")
    scaled = flat[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(scaled[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(adjusted, 1.0)
    return out.reshape(p.shape)
