"""Mann–Kendall against scipy (kendalltau's asymptotic p, theilslopes' Sen slope) and the textbook sums."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.stats
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from trygg.analysis.trend import mann_kendall


def textbook(row: np.ndarray) -> tuple[float, float, float]:
    """S, Var S and Sen's slope of one series, written out pair by pair."""
    t = len(row)
    pairs = [(i, j) for i in range(t) for j in range(i + 1, t)]
    s = float(sum(np.sign(row[j] - row[i]) for i, j in pairs))
    _, groups = np.unique(row, return_counts=True)
    var = (t * (t - 1) * (2 * t + 5) - sum(g * (g - 1) * (2 * g + 5) for g in groups)) / 18
    slope = float(np.median([(row[j] - row[i]) / (j - i) for i, j in pairs]))
    return s, var, slope


@given(series=hnp.arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(3, 16)),
                         elements=st.one_of(st.integers(0, 4).map(float),
                                            st.floats(-50, 50, allow_nan=False, width=32))))
@hypothesis_settings(max_examples=150, deadline=None)
def test_mann_kendall__random_series_with_ties__equal_scipy_and_textbook(series: np.ndarray) -> None:
    result = mann_kendall(series)
    t = series.shape[1]
    for k, row in enumerate(series):
        s, var, slope = textbook(row)
        assert result.s[k] == s
        assert result.slope[k] == slope  # the same median of the same quotients: bit for bit
        assert result.slope[k] == scipy.stats.theilslopes(row).slope
        if var > 0:
            assert result.z[k] == s / np.sqrt(var)
            ref = scipy.stats.kendalltau(np.arange(t), row, method="asymptotic").pvalue
            assert result.p[k] == pytest.approx(ref, rel=1e-12, abs=1e-300)
        else:  # a constant series: no trend
            assert result.z[k] == 0.0 and result.p[k] == 1.0


def test_mann_kendall__leading_shape_and_nan__kept() -> None:
    rng = np.random.default_rng(2)
    series = rng.poisson(3.0, size=(4, 3, 9)).astype(float)
    series[1, 2, 4] = np.nan
    result = mann_kendall(series)
    assert result.s.shape == result.z.shape == result.p.shape == result.slope.shape == (4, 3)
    assert np.isnan(result.s[1, 2]) and np.isnan(result.slope[1, 2])  # as np.sign / np.median give
    flat = mann_kendall(series.reshape(12, 9))
    assert np.array_equal(flat.slope.reshape(4, 3), result.slope, equal_nan=True)
    single = mann_kendall(series[0, 0])
    assert single.s.shape == () and single.slope == flat.slope[0]


def test_mann_kendall__odd_number_of_pairs__middle_slope() -> None:
    # t = 3: pairs (0,1), (0,2), (1,2) with slopes 2, 1.5, 1 -> median 1.5
    result = mann_kendall(np.array([0.0, 2.0, 3.0]))
    assert result.slope == 1.5 and result.s == 3.0
    with pytest.raises(ValueError, match="at least three"):
        mann_kendall(np.array([1.0, 2.0]))
