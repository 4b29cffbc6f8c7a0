"""Exact kernel density (kde.py): against scikit-learn's KernelDensity, by hand, and method against method."""

from __future__ import annotations

import numpy as np
import pytest

from trygg.analysis.grid import Grid
from trygg.analysis.kde import _support_threshold, default_subdivisions, density

X0, Y0 = 580_000.0, 6_575_000.0
EPANECHNIKOV = 2.0 / np.pi


def clustered(n: int, width: float, height: float, seed: int, margin: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Half in two tight clusters (dense sub-cells), half uniform over the box widened by ``margin``."""
    rng = np.random.default_rng(seed)
    hot = np.vstack([rng.normal(size=(n // 4, 2)) * 0.05 * width + [0.3 * width, 0.4 * height],
                     rng.normal(size=(n // 4, 2)) * 0.02 * width + [0.7 * width, 0.6 * height]])
    bg = rng.uniform([-margin, -margin], [width + margin, height + margin], size=(n - len(hot), 2))
    xy = np.vstack([hot, bg])
    return X0 + xy[:, 0], Y0 + xy[:, 1]


def sklearn_density(x: np.ndarray, y: np.ndarray, grid: Grid, bandwidth: float) -> np.ndarray:
    neighbors = pytest.importorskip("sklearn.neighbors")
    kd = neighbors.KernelDensity(kernel="epanechnikov", bandwidth=bandwidth, algorithm="kd_tree", rtol=0, atol=0)
    cx, cy = grid.centres()
    return np.exp(kd.fit(np.column_stack([x, y])).score_samples(np.column_stack([cx, cy]))).reshape(grid.shape)


def brute_force_density(x: np.ndarray, y: np.ndarray, grid: Grid, bandwidth: float) -> np.ndarray:
    """Every point against every centre: the distance as sklearn takes it (``√d² < h``), summed pairwise."""
    cx, cy = grid.centres()
    h2 = bandwidth * bandwidth
    sums = np.empty(grid.n)
    for i in range(0, grid.n, 64):
        d2 = (x[None, :] - cx[i:i + 64, None]) ** 2 + (y[None, :] - cy[i:i + 64, None]) ** 2
        sums[i:i + 64] = np.where(np.sqrt(d2) < bandwidth, h2 - d2, 0.0).sum(axis=1)
    return (sums / h2 * (EPANECHNIKOV / h2 / len(x))).reshape(grid.shape)


def assert_exact(ours: np.ndarray, x: np.ndarray, y: np.ndarray, grid: Grid, bandwidth: float,
                 rtol: float = 1e-12) -> None:
    """The same zero cells as the brute force, and every positive cell within ``rtol`` of it."""
    exact = brute_force_density(x, y, grid, bandwidth)
    positive = exact > 0
    assert np.array_equal(ours > 0, positive), "the zero cells differ"
    assert np.all(ours[~positive] == 0)
    assert np.abs(ours[positive] / exact[positive] - 1).max(initial=0.0) <= rtol


def assert_as_sklearn(ours: np.ndarray, x: np.ndarray, y: np.ndarray, grid: Grid, bandwidth: float) -> None:
    """Within 1e-9 of sklearn. Its log-space bounds leave ~1e-13 of the peak in a few cells where no point
    is within h (returning the middle of [0, rounding]); those count as zero."""
    theirs = sklearn_density(x, y, grid, bandwidth)
    noise = 1e-12 * theirs.max()
    assert np.all(np.abs(ours - theirs) <= 1e-9 * theirs + noise)
    clear = theirs > 1e-6 * theirs.max()
    assert np.abs(ours[clear] / theirs[clear] - 1).max() <= 1e-9


@pytest.mark.parametrize(("cell", "bandwidth"), [(250.0, 500.0), (100.0, 500.0), (250.0, 60.0), (100.0, 730.0),
                                                 (40.0, 500.0), (500.0, 90.0)])
@pytest.mark.parametrize("subdivisions", [None, 1, 2, 3, 5, 8])
def test_density__moments__equals_sklearn_kernel_density(cell: float, bandwidth: float,
                                                          subdivisions: int | None) -> None:
    grid = Grid(X0, Y0, cell, 23, 17)  # not square
    x, y = clustered(6_000, grid.nx * cell, grid.ny * cell, seed=int(cell + bandwidth), margin=2 * bandwidth)
    ours = density(x, y, grid, bandwidth, method="moments", subdivisions=subdivisions)
    assert_exact(ours, x, y, grid, bandwidth)
    assert_as_sklearn(ours, x, y, grid, bandwidth)


@pytest.mark.parametrize(("cell", "bandwidth"), [(250.0, 500.0), (100.0, 730.0), (500.0, 90.0)])
def test_density__scatter__equals_sklearn_kernel_density(cell: float, bandwidth: float) -> None:
    grid = Grid(X0, Y0, cell, 19, 26)
    x, y = clustered(5_000, grid.nx * cell, grid.ny * cell, seed=3, margin=bandwidth)
    ours = density(x, y, grid, bandwidth, method="scatter")
    assert_exact(ours, x, y, grid, bandwidth)
    assert_as_sklearn(ours, x, y, grid, bandwidth)


@pytest.mark.parametrize("origin", [(X0, Y0), (0.0, 0.0), (-3e5, 2e4)])
@pytest.mark.parametrize("subdivisions", [None, 1, 2, 3, 4, 5, 7])
def test_density__points_on_cell_and_sub_cell_edges__exact(origin: tuple[float, float],
                                                           subdivisions: int | None) -> None:
    grid = Grid(origin[0], origin[1], 200.0, 12, 9)
    rng = np.random.default_rng(11)
    # every edge of 2, 3, 4, 5 and 7 sub-cells per cell, nudged by up to 4 units in the last place
    edges = np.unique(np.concatenate([np.arange(-3 * m, 15 * m + 1) * (200.0 / m) for m in (2, 3, 4, 5, 7)]))
    ex, ey = grid.x0 + rng.choice(edges, 3_000), grid.y0 + rng.choice(edges, 3_000)
    for _ in range(4):
        ex = np.where(rng.random(3_000) < 0.3, np.nextafter(ex, rng.choice([-np.inf, np.inf], 3_000)), ex)
        ey = np.where(rng.random(3_000) < 0.3, np.nextafter(ey, rng.choice([-np.inf, np.inf], 3_000)), ey)
    ours = density(ex, ey, grid, 500.0, method="moments", subdivisions=subdivisions)
    assert_exact(ours, ex, ey, grid, 500.0)
    assert_as_sklearn(ours, ex, ey, grid, 500.0)


@pytest.mark.parametrize("subdivisions", [1, 2, 3, 5])
def test_density__point_binned_across_an_edge_by_rounding__still_counts(subdivisions: int) -> None:
    # x = −1e-13 rounds onto the sub-cell edge x = 0 when binned, so it lands in the sub-cell [0, s], whose
    # near side is exactly 500 m from the centre (−500, −500); the point itself is 500 − 1e-13 m away.
    grid = Grid(-600.0, -600.0, 200.0, 6, 6)
    x, y = np.array([-1e-13]), np.array([-500.0])
    ours = density(x, y, grid, 500.0, method="moments", subdivisions=subdivisions)
    assert ours[0, 0] > 0
    assert_exact(ours, x, y, grid, 500.0)


@pytest.mark.parametrize("subdivisions", [3, 5, 9])
def test_density__crowd_just_outside_next_to_a_lone_point_inside__exact(subdivisions: int) -> None:
    # 100,000 reports at one spot 600 m west of a centre, in the same sub-row of the same cell as a lone
    # report 450 m west: the centre's density is the lone report's alone, and must not inherit the crowd's
    # rounding (sub-row sums taken as differences of running totals would).
    grid = Grid(X0, 590_000.0, 250.0, 10, 9)
    cx, cy = X0 + 6.5 * 250.0, 590_000.0 + 4.5 * 250.0
    rng = np.random.default_rng(2)
    x = np.append(cx - 600.0 + rng.uniform(-5, 5, 100_000), cx - 450.123456789)
    y = np.append(cy + rng.uniform(-5, 5, 100_000), cy + 3.3)
    ours = density(x, y, grid, 500.0, method="moments", subdivisions=subdivisions)
    d2 = (x[-1] - cx) ** 2 + (y[-1] - cy) ** 2
    assert ours[4, 6] == pytest.approx(EPANECHNIKOV / 500.0**2 * (1 - d2 / 500.0**2) / len(x), rel=1e-12)
    assert_exact(ours, x, y, grid, 500.0)


@pytest.mark.parametrize("bandwidth", [500.0, 500.00000001])
@pytest.mark.parametrize("subdivisions", [2, 4, 6])
def test_density__lone_point_in_a_sub_cell_whose_corner_is_at_the_bandwidth__exact(subdivisions: int,
                                                                                    bandwidth: float) -> None:
    # 200 m cells in 100 m (or 50 m, 33 m) sub-cells: the sub-cell [200, 300] × [300, 400] east-north of a
    # centre has its far corner (300, 400) 500 m away, on or just inside the circle. Its one point, 0.1 mm
    # inside, adds 1 − u ≈ 4e-7, which the moment formula would lose to rounding; it must go point by point.
    grid = Grid(X0, 590_000.0, 200.0, 7, 7)
    cx, cy = X0 + 3.5 * 200.0, 590_000.0 + 3.5 * 200.0
    x, y = np.array([cx + 299.99994, cx - 299.99994]), np.array([cy + 399.99992, cy - 399.99992])
    ours = density(x, y, grid, bandwidth, method="moments", subdivisions=subdivisions)
    assert 0 < ours[3, 3] < 2e-12
    assert_exact(ours, x, y, grid, bandwidth)


@pytest.mark.parametrize("method", ["moments", "scatter"])
def test_density__points_exactly_at_the_bandwidth__add_nothing(method: str) -> None:
    grid = Grid(X0, Y0, 250.0, 9, 7)
    cx, cy = X0 + 4.5 * 250.0, Y0 + 3.5 * 250.0  # the centre of cell (3, 4)
    # 3-4-5 triangles: 300² + 400² = 500² exactly; every point is at exactly 500 m from that centre
    dx = np.array([500.0, -500.0, 0.0, 0.0, 300.0, -300.0, 300.0, -400.0])
    dy = np.array([0.0, 0.0, 500.0, -500.0, 400.0, 400.0, -400.0, -300.0])
    x, y = cx + dx, cy + dy
    ours = density(x, y, grid, 500.0, method=method)
    assert ours[3, 4] == 0.0
    assert_exact(ours, x, y, grid, 500.0)
    assert_as_sklearn(ours, x, y, grid, 500.0)
    # one more point 0.1 mm inside: only it counts at that centre
    x, y = np.append(x, cx + 499.9999), np.append(y, cy)
    inside = density(x, y, grid, 500.0, method=method)
    assert inside[3, 4] == pytest.approx(EPANECHNIKOV / 500.0**2 * (1 - 499.9999**2 / 500.0**2) / 9, rel=1e-6)
    assert_exact(inside, x, y, grid, 500.0)


@pytest.mark.parametrize("method", ["moments", "scatter"])
def test_density__distance_rounding_to_the_bandwidth__adds_nothing_as_in_sklearn(method: str) -> None:
    # h = 333.3: d² = 111088.89 is below h·h (111088.89000000001) but √d² == h, so sklearn's `dist < h` fails
    grid = Grid(X0, 590_000.0, 250.0, 6, 5)
    cx, cy = X0 + 2.5 * 250.0, 590_000.0 + 1.5 * 250.0
    x, y = np.array([cx + 320.5229617089499]), np.array([cy + 91.39978674659505])
    assert (x[0] - cx) ** 2 + (y[0] - cy) ** 2 < 333.3 * 333.3
    ours = density(x, y, grid, 333.3, method=method)
    assert ours[1, 2] == 0.0
    assert_exact(ours, x, y, grid, 333.3)
    assert_as_sklearn(ours, x, y, grid, 333.3)


def test_density__one_point__hand_computed() -> None:
    grid = Grid(0.0, 0.0, 100.0, 5, 4)
    x, y = np.array([230.0]), np.array([140.0])
    ours = density(x, y, grid, 150.0, method="moments", subdivisions=3)
    cx, cy = grid.centres()
    u = ((cx - 230.0) ** 2 + (cy - 140.0) ** 2) / 150.0**2
    expected = np.where(u < 1, EPANECHNIKOV / 150.0**2 * (1 - u), 0.0).reshape(grid.shape)
    np.testing.assert_allclose(ours, expected, rtol=1e-13, atol=0)
    # within 150 m: (150|250|350, 150), (150|250, 50), (150|250, 250); (350, 50) is exactly 150 m away
    assert (ours > 0).sum() == 7 and ours[0, 3] == 0.0


def test_density__points_outside_the_grid__count_only_within_reach() -> None:
    grid = Grid(X0, Y0, 250.0, 8, 8)
    x = np.array([X0 - 400.0, X0 - 600.0, X0 + 1e7, np.nan, X0 + 1000.0])
    y = np.array([Y0 + 125.0, Y0 + 125.0, Y0, Y0, Y0 - 374.0])
    ours = density(x, y, grid, 500.0, method="moments", subdivisions=5)
    # (X0 - 400) is 525 m from the first centre: nothing; (X0 + 1000, Y0 - 374) reaches row 0 only
    assert ours[1:].max() == 0.0
    u = ((X0 + np.arange(8) * 250.0 + 125.0 - (X0 + 1000.0)) ** 2 + 499.0**2) / 500.0**2
    expected = np.where(u < 1, EPANECHNIKOV / 500.0**2 * (1 - u) / len(x), 0.0)
    np.testing.assert_allclose(ours[0], expected, rtol=1e-12, atol=0)


@pytest.mark.parametrize("method", ["auto", "moments", "scatter"])
def test_density__no_points_or_none_within_reach__zeros(method: str) -> None:
    grid = Grid(X0, Y0, 250.0, 6, 5)
    assert np.array_equal(density(np.array([]), np.array([]), grid, 500.0, method=method), np.zeros((5, 6)))
    far = np.array([X0 - 1e4, X0 + 2e4, X0 + 750.0])
    assert np.array_equal(density(far, np.array([Y0, Y0, Y0 - 500.0]), grid, 500.0, method=method), np.zeros((5, 6)))


def test_density__moments_and_scatter__agree_on_many_grids() -> None:
    rng = np.random.default_rng(5)
    for case in range(12):
        cell = float(rng.choice([50.0, 100.0, 125.0, 250.0, 333.0]))
        bandwidth = float(cell * rng.choice([0.3, 0.9, 1.0, 2.0, 2.5, 4.0, 6.3]))
        grid = Grid(float(rng.uniform(-1e6, 1e6)), float(rng.uniform(6e6, 7e6)), cell,
                    int(rng.integers(3, 30)), int(rng.integers(3, 30)))
        n = int(rng.integers(1, 3_000))
        x = grid.x0 + rng.uniform(-bandwidth, grid.nx * cell + bandwidth, n)
        y = grid.y0 + rng.uniform(-bandwidth, grid.ny * cell + bandwidth, n)
        scatter = density(x, y, grid, bandwidth, method="scatter")
        for m in (None, 1, 2, int(rng.integers(3, 16))):
            moments = density(x, y, grid, bandwidth, method="moments", subdivisions=m)
            assert np.array_equal(moments > 0, scatter > 0), (case, m)
            positive = scatter > 0
            assert np.abs(moments[positive] / scatter[positive] - 1).max(initial=0) <= 1e-11, (case, m)


def test_density__quartic__hand_computed_and_normalised() -> None:
    grid = Grid(-1000.0, -1000.0, 10.0, 200, 200)
    ours = density(np.array([3.0]), np.array([-7.0]), grid, 300.0, kernel="quartic")
    cx, cy = grid.centres()
    u = ((cx - 3.0) ** 2 + (cy + 7.0) ** 2) / 300.0**2
    expected = np.where(u < 1, 3 / (np.pi * 300.0**2) * (1 - u) ** 2, 0.0).reshape(grid.shape)
    np.testing.assert_allclose(ours, expected, rtol=1e-12, atol=0)
    assert ours.sum() * 100.0 == pytest.approx(1.0, rel=1e-3)  # integrates to one


def test_density__bad_arguments__raise() -> None:
    grid = Grid(0.0, 0.0, 100.0, 3, 3)
    x = y = np.array([50.0])
    for kwargs in ({"method": "fft"}, {"kernel": "gaussian"}, {"kernel": "quartic", "method": "moments"},
                   {"method": "moments", "subdivisions": 0}, {"method": "moments", "subdivisions": 16}):
        with pytest.raises(ValueError):
            density(x, y, grid, 100.0, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        density(x, y, grid, 0.0)


def test_support_threshold__is_where_sqrt_reaches_the_bandwidth() -> None:
    for h in (500.0, 0.1, 0.3, 1 / 3, 2 / 3, np.pi, 730.0, 0.39998999999999996, 1e6 / 7):
        t = _support_threshold(h)
        assert np.sqrt(t) >= h > np.sqrt(np.nextafter(t, 0.0))
    assert _support_threshold(0.1) < 0.1 * 0.1  # √(0.1·0.1 rounded down) is already 0.1


def test_default_subdivisions__more_points__finer_sub_cells() -> None:
    grid = Grid(X0, Y0, 250.0, 80, 80)
    chosen = [default_subdivisions(grid, 500.0, n) for n in (100, 100_000, 1_000_000)]
    assert chosen == sorted(chosen) and chosen[0] == 1 and chosen[-1] > 1
