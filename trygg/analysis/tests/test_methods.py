"""Hand-computed cases for the analysis package (no peers, no database)."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
import scipy.stats
import shapely

from trygg.analysis.effect import dispersion, rate_ratio_did
from trygg.analysis.gistar import fdr_bh, fdr_bh_adjusted, gistar, permutation_pvalues, queen_kernel
from trygg.analysis.grid import Grid
from trygg.analysis.raster import RasterIndex
from trygg.analysis.trend import DIMINISHING, INTENSIFYING, NEW, NONE, PERSISTENT, emerging_hotspots, mann_kendall
from trygg.analysis.weeks import iso_year_week, local_days, week_numbers, week_of, weekly_cube


def test_raster_index__two_squares__boundary_and_outside_points_get_no_area() -> None:
    left, right = shapely.box(0, 0, 100, 100), shapely.box(100, 0, 200, 100)
    index = RasterIndex.build([left, right], cell=10.0)
    x = np.array([50.0, 150.0, 100.0, 0.0, 250.0, 99.999])
    y = np.array([50.0, 50.0, 50.0, 50.0, 50.0, 1.0])
    assert index.lookup(x, y).tolist() == [0, 1, -1, -1, -1, 0]
    assert [index.lookup_one(float(a), float(b)) for a, b in zip(x, y, strict=True)] == [0, 1, -1, -1, -1, 0]


def test_local_days__dst_change__uses_stockholm_offset() -> None:
    # 2025-03-30 01:00 UTC clocks go to summer time: 00:30 UTC is 01:30 local, 23:30 UTC on 29 March is 00:30
    moments = [dt.datetime(2025, 3, 29, 23, 30, tzinfo=dt.UTC), dt.datetime(2025, 10, 26, 22, 30, tzinfo=dt.UTC),
               dt.datetime(2025, 6, 1, 22, 30, tzinfo=dt.UTC), dt.datetime(2025, 12, 31, 23, 30, tzinfo=dt.UTC)]
    seconds = np.array([int(m.timestamp()) for m in moments])
    expected = [(m.astimezone(dt.timezone(dt.timedelta(hours=1 if m.month in (3, 10, 12) else 2))).date()
                 - dt.date(1970, 1, 1)).days for m in moments]
    assert local_days(seconds).tolist() == expected


def test_iso_year_week__year_boundaries__match_python_isocalendar() -> None:
    epoch = dt.date(1970, 1, 1)
    days = np.arange((dt.date(2019, 12, 20) - epoch).days, (dt.date(2027, 1, 10) - epoch).days)
    years, weeks = iso_year_week(week_numbers(days))
    expected = [(dt.date(1970, 1, 1) + dt.timedelta(days=int(d))).isocalendar()[:2] for d in days]
    assert list(zip(years.tolist(), weeks.tolist(), strict=True)) == expected
    assert week_of(2026, 1) == week_numbers(np.array([(dt.date(2025, 12, 29) - dt.date(1970, 1, 1)).days]))[0]


def test_weekly_cube__rows_outside_range__are_not_counted() -> None:
    ts = np.array(["2025-01-06T12:00", "2025-01-06T13:00", "2025-01-13T12:00", "2025-01-13T12:00"],
                  dtype="datetime64[s]")
    cube = weekly_cube(np.array([0, 0, 1, -1]), np.array([1, 1, 0, 0]), ts, n_areas=2, n_categories=2)
    assert cube.labels() == ["2025-W02", "2025-W03"]
    assert cube.counts[0, 1].tolist() == [2, 0] and cube.counts[1, 0].tolist() == [0, 1]
    assert cube.counts.sum() == 3


def test_gistar__single_hot_cell__hand_computed_z() -> None:
    y = np.zeros((3, 3))
    y[1, 1] = 9.0
    result = gistar(y, queen_kernel())
    # centre: lag 9, k 9, n 9 -> G = 1, E = 1, V = 0: z undefined (nan); a corner: lag 9, k 4
    n, s, mean = 9, 9.0, 1.0
    var = 81 / 9 - 1
    v = 4 * (n - 4) / (n - 1) / n**2 * var / mean**2
    assert result.z[0, 0] == pytest.approx((9 / s - 4 / n) / math.sqrt(v))
    assert result.cardinality[0, 0] == 4 and result.lag[0, 0] == 9


def test_permutation_pvalues__constant_field__every_p_is_one() -> None:
    y = np.full((6, 6), 2.0)
    res = permutation_pvalues(y, gistar(y, queen_kernel()), permutations=99, seed=0)
    # every random lag equals the observed lag: all ties count as "larger", folded to P - P = 0 -> p = 1/100
    assert np.all(res.larger == 99)
    assert np.allclose(res.p_sim, 1 / 100)


def test_fdr_bh__textbook_example__rejects_the_first_two() -> None:
    p = np.array([0.01, 0.02, 0.03, 0.04, 0.05, 0.5])
    # q = .05: thresholds q*i/m = .0083 .0167 .025 .0333 .0417 .05, every p_(i) is above its threshold;
    # q = .10: thresholds .0167 .0333 .05 .0667 .0833 .1, the largest i with p_(i) <= threshold is 5
    assert fdr_bh(p, 0.1).tolist() == [True, True, True, True, True, False]
    assert not fdr_bh(p, 0.05).any()
    assert np.allclose(fdr_bh_adjusted(p), [0.06, 0.06, 0.06, 0.06, 0.06, 0.5])


def test_mann_kendall__matches_scipy_kendalltau_with_ties() -> None:
    rng = np.random.default_rng(3)
    series = rng.poisson(3.0, size=(5, 12)).astype(float) + np.arange(12) * np.array([[0.0], [0.5], [0], [-0.4], [1]])
    result = mann_kendall(series)
    for row, p in zip(series, result.p, strict=True):
        ref = scipy.stats.kendalltau(np.arange(12), row, method="asymptotic")
        assert p == pytest.approx(ref.pvalue, rel=1e-12)
    assert mann_kendall(np.arange(10.0)).slope == pytest.approx(1.0)


def test_emerging_hotspots__four_patterns__labelled_by_the_documented_rules() -> None:
    z = np.array([
        [0, 0, 0, 0, 0, 0, 0, 3.0],  # new
        [2, 2.5, 3, 3.5, 4, 4.5, 5, 6],  # intensifying
        [3, 3.2, 2.9, 3.1, 3.0, 3.3, 2.8, 3.1],  # persistent
        [6, 5.5, 5, 4.5, 4, 3.5, 3, 0.5],  # diminishing (not hot in the last week)
        [3, 0, 3, 0, 0, 0, 0, 0],  # sporadic
    ])
    significant = z > 1.96
    assert emerging_hotspots(z, significant).tolist() == [NEW, INTENSIFYING, PERSISTENT, DIMINISHING, NONE]


def test_rate_ratio_did__hand_computed_interval() -> None:
    effect = rate_ratio_did(treated_before=40, treated_after=20, comparison_before=100, comparison_after=100)
    se = math.sqrt(1 / 40 + 1 / 20 + 1 / 100 + 1 / 100)
    assert effect.rate_ratio == pytest.approx(0.5)
    assert effect.ci_low == pytest.approx(0.5 * math.exp(-1.959963984540054 * se))
    assert effect.ci_high == pytest.approx(0.5 * math.exp(1.959963984540054 * se))
    assert effect.percent_change == pytest.approx(-50.0)
    assert effect.significant


def test_dispersion__hand_computed__never_below_one() -> None:
    # means 4 and 10: Pearson 8 / 4 + 72 / 10 = 9.2 over (4 - 1) + (3 - 1) = 5 degrees of freedom
    assert dispersion([[6, 2, 4, 4], [10, 4, 16]]) == pytest.approx(9.2 / 5)
    assert dispersion([[5, 5, 5], [3, 3]]) == 1.0  # less spread than Poisson: not narrower than Poisson
    assert dispersion([[7], [3]]) == 1.0  # one week per series: nothing to estimate from
    assert dispersion([[0, 0, 0], [10, 4, 16]]) == pytest.approx(7.2 / 4)  # weeks without reports are weeks too


def test_rate_ratio_did__dispersion__widens_the_interval_only() -> None:
    plain = rate_ratio_did(treated_before=40, treated_after=20, comparison_before=100, comparison_after=100)
    wide = rate_ratio_did(treated_before=40, treated_after=20, comparison_before=100, comparison_after=100,
                          dispersion=4.0)
    assert wide.rate_ratio == plain.rate_ratio and wide.dispersion == 4.0
    assert math.log(wide.ci_high / wide.ci_low) == pytest.approx(2 * math.log(plain.ci_high / plain.ci_low))
    assert wide.p_value > plain.p_value
    with pytest.raises(ValueError):
        rate_ratio_did(treated_before=40, treated_after=20, comparison_before=100, comparison_after=100,
                       dispersion=0.5)


def test_rate_ratio_did__small_counts__insufficient() -> None:
    effect = rate_ratio_did(treated_before=3, treated_after=1, comparison_before=50, comparison_after=40)
    assert not effect.sufficient and effect.rate_ratio is None and not effect.significant


def test_grid__covering_and_counts__half_open_cells() -> None:
    grid = Grid.covering(np.array([0.0, 99.0]), np.array([0.0, 49.0]), 50.0)
    assert (grid.nx, grid.ny) == (2, 1)
    assert grid.counts(np.array([0.0, 50.0, 99.0, 120.0]), np.array([0.0, 10.0, 49.0, 0.0])).tolist() == [[1.0, 2.0]]


def test_permutation_pvalues__sparse_field__ties_are_not_significant_two_sided() -> None:
    y = np.zeros((10, 10))
    y[4:7, 4:7] = 10.0  # a 3 × 3 cluster; every other cell is empty
    res = permutation_pvalues(y, gistar(y, queen_kernel()), permutations=199, seed=0)
    far = 0  # cell (0, 0): its lag is 0 and so is almost every random lag
    assert res.p_sim.ravel()[far] < 0.05  # esda-style folded p-value calls the tie extreme
    assert res.p_two_sided.ravel()[far] == 1.0
    assert res.p_two_sided.reshape(10, 10)[5, 5] < 0.05  # the real cluster stays significant


@pytest.mark.parametrize("kernel", ["queen", "band"])
def test_permutation_pvalues__sorted_counting__equals_dense_matrix(kernel: str) -> None:
    from trygg.analysis.gistar import distance_band_kernel, permutation_pvalues_dense

    rng = np.random.default_rng(9)
    y = rng.poisson(1.5, size=(25, 30)).astype(float)
    y[10:14, 5:9] += 6
    k = queen_kernel() if kernel == "queen" else distance_band_kernel(250.0, 500.0)
    res = gistar(y, k)
    fast = permutation_pvalues(y, res, permutations=499, seed=3)
    dense = permutation_pvalues_dense(y, res, permutations=499, seed=3)
    assert np.array_equal(fast.larger, dense.larger) and np.array_equal(fast.at_most, dense.at_most)
    assert np.array_equal(fast.p_sim, dense.p_sim)
    assert np.allclose(fast.z_sim, dense.z_sim, rtol=1e-9, atol=1e-9)
