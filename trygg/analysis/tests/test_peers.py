"""The analysis package against the peer libraries on small data (skipped where the bench extras are missing)."""

from __future__ import annotations

import importlib.util
import warnings

import numpy as np
import pytest
import shapely

from trygg.analysis.gistar import (
    distance_band_kernel,
    gistar,
    permutation_pvalues,
    permutation_pvalues_reference,
    queen_kernel,
)
from trygg.analysis.grid import Grid
from trygg.analysis.kde import density
from trygg.analysis.raster import RasterIndex
from trygg.analysis.weeks import weekly_cube

X0, Y0 = 580_000.0, 6_575_000.0


def sample(n: int = 20_000, side: float = 5_000.0, seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    hot = rng.normal(size=(n // 2, 2)) * 300 + side * 0.4
    bg = rng.uniform(0, side, size=(n - n // 2, 2))
    xy = np.clip(np.vstack([hot, bg]), 0, side - 1e-6)
    return X0 + xy[:, 0], Y0 + xy[:, 1]


def voronoi_districts(count: int = 12, side: float = 5_000.0, seed: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    box = shapely.box(X0, Y0, X0 + side, Y0 + side)
    seeds = shapely.multipoints(np.column_stack([X0 + rng.uniform(0, side, count), Y0 + rng.uniform(0, side, count)]))
    cells = shapely.intersection(shapely.get_parts(shapely.voronoi_polygons(seeds, extend_to=box)), box)
    return shapely.segmentize(cells[~shapely.is_empty(cells)], 40.0)


def test_raster_index__lookup__labels_identical_to_geopandas_sjoin_within() -> None:
    gpd = pytest.importorskip("geopandas")
    x, y = sample()
    polys = voronoi_districts()
    # add points exactly on shared vertices and edges: within no polygon
    edge = shapely.get_coordinates(shapely.boundary(polys))[::7]
    x = np.concatenate([x, edge[:, 0], [X0 - 10.0]])
    y = np.concatenate([y, edge[:, 1], [Y0 - 10.0]])
    ours = RasterIndex.build(polys, cell=50.0).lookup(x, y)
    districts = gpd.GeoDataFrame({"district": np.arange(len(polys))}, geometry=polys, crs=3006)
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(x, y), crs=3006)
    joined = gpd.sjoin(points, districts, predicate="within", how="left")
    assert joined.index.is_unique  # a tessellation: at most one match per point
    theirs = joined["district"].fillna(-1).to_numpy().astype(np.int32)
    assert np.array_equal(ours, theirs)
    assert (ours == -1).sum() >= len(edge)  # boundary points are within no district


def test_weekly_cube__counts__identical_to_pandas_groupby_in_stockholm_time() -> None:
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(11)
    n = 50_000
    area = rng.integers(0, 6, n)
    cat = rng.integers(0, 4, n)
    start = np.datetime64("2024-12-20T00:00:00", "s").astype(np.int64)
    ts = (start + rng.integers(0, 400 * 86_400, n)).astype("datetime64[s]")
    cube = weekly_cube(area, cat, ts, n_areas=6, n_categories=4)
    local = pd.Series(ts).dt.tz_localize("UTC").dt.tz_convert("Europe/Stockholm")
    iso = local.dt.isocalendar()
    groups = pd.DataFrame({"a": area, "c": cat, "y": iso["year"].to_numpy(), "w": iso["week"].to_numpy()})
    expected = groups.groupby(["a", "c", "y", "w"]).size()
    labels = cube.labels()
    ours = {(a, c, *map(int, labels[k].split("-W"))): int(cube.counts[a, c, k])
            for a, c, k in zip(*np.nonzero(cube.counts), strict=True)}
    theirs = {tuple(int(v) for v in key): int(count) for key, count in expected.items()}
    assert ours == theirs
    assert cube.counts.sum() == n


def esda_weights(kind: str, nx: int, cell: float):
    libpysal = pytest.importorskip("libpysal")
    if kind == "queen":
        return libpysal.weights.lat2W(nx, nx, rook=False)
    g = Grid(X0, Y0, cell, nx, nx)
    cx, cy = g.centres()
    return libpysal.weights.DistanceBand(np.column_stack([cx, cy]), threshold=500.0, binary=True,
                                         silence_warnings=True)


@pytest.mark.parametrize("kind", ["queen", "band"])
def test_gistar__z__within_1e9_of_esda_g_local_star_binary(kind: str) -> None:
    esda = pytest.importorskip("esda")
    x, y = sample()
    grid = Grid(X0, Y0, 250.0, 20, 20)
    counts = grid.counts(x, y)
    kernel = queen_kernel() if kind == "queen" else distance_band_kernel(250.0, 500.0)
    ours = gistar(counts, kernel)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = esda.G_Local(counts.ravel(), esda_weights(kind, 20, 250.0), transform="B", star=True,
                              permutations=0)
    assert np.abs(ours.z.ravel() - theirs.Zs).max() <= 1e-9


@pytest.mark.parametrize("kind", ["queen", "band"])
def test_gistar__reference_permutations__p_sim_bit_identical_to_esda(kind: str) -> None:
    esda = pytest.importorskip("esda")
    from esda.crand import vec_permutations

    x, y = sample(n=3_000)
    grid = Grid(X0, Y0, 250.0, 20, 20)
    counts = grid.counts(x, y)
    kernel = queen_kernel() if kind == "queen" else distance_band_kernel(250.0, 500.0)
    ours = gistar(counts, kernel)
    seed, permutations = 12345, 199
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = esda.G_Local(counts.ravel(), esda_weights(kind, 20, 250.0), transform="B", star=True,
                              permutations=permutations, seed=seed, n_jobs=1)
    kother = int(ours.cardinality.max()) - 1
    ids = vec_permutations(kother, counts.size, permutations, seed)
    numba = importlib.util.find_spec("numba") is not None  # esda's fastmath path divides by multiplying
    replica = permutation_pvalues_reference(counts, ours, ids, esda_rounding=numba)
    assert np.array_equal(replica.p_sim.astype(np.float32), theirs.p_sim.astype(np.float32))
    exact = permutation_pvalues_reference(counts, ours, ids, esda_rounding=False)
    assert np.all(np.abs(exact.p_sim - theirs.p_sim) <= 1.0)  # same draws, only ties may be settled differently
    assert np.corrcoef(exact.z_sim, theirs.z_sim)[0, 1] > 0.999


def test_gistar__fast_permutations__agree_with_esda_like_esda_agrees_with_itself() -> None:
    esda = pytest.importorskip("esda")
    x, y = sample(n=3_000)
    grid = Grid(X0, Y0, 250.0, 20, 20)
    counts = grid.counts(x, y)
    ours = gistar(counts, queen_kernel())
    fast = permutation_pvalues(counts, ours, permutations=999, seed=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = esda_weights("queen", 20, 250.0)
        a = esda.G_Local(counts.ravel(), w, transform="B", star=True, permutations=999, seed=1, n_jobs=1)
        b = esda.G_Local(counts.ravel(), w, transform="B", star=True, permutations=999, seed=2, n_jobs=1)
    esda_self = np.mean((a.p_sim < 0.05) == (b.p_sim < 0.05))
    ours_vs = np.mean((fast.p_sim < 0.05) == (a.p_sim < 0.05))
    assert ours_vs >= esda_self - 0.05
    assert np.corrcoef(fast.z_sim, a.z_sim)[0, 1] > 0.99


@pytest.mark.parametrize("method", ["scatter", "moments"])
def test_density__epanechnikov__within_1e9_of_sklearn_kernel_density(method: str) -> None:
    neighbors = pytest.importorskip("sklearn.neighbors")
    x, y = sample(n=30_000)
    grid = Grid(X0, Y0, 250.0, 20, 20)
    ours = density(x, y, grid, 500.0, kernel="epanechnikov", method=method).ravel()
    cx, cy = grid.centres()
    kd = neighbors.KernelDensity(kernel="epanechnikov", bandwidth=500.0, algorithm="kd_tree", rtol=0, atol=0)
    theirs = np.exp(kd.fit(np.column_stack([x, y])).score_samples(np.column_stack([cx, cy])))
    positive = theirs > 0
    assert np.array_equal(ours > 0, positive)
    assert np.abs(ours[positive] / theirs[positive] - 1).max() <= 1e-9


@pytest.mark.parametrize("spread", ["overdispersed", "poisson"])
def test_rate_ratio_did__quasi_poisson__equals_statsmodels_glm_with_pearson_scale(spread: str) -> None:
    sm = pytest.importorskip("statsmodels.api")
    from trygg.analysis.effect import dispersion, rate_ratio_did

    rng = np.random.default_rng(11)
    means = {("treated", 0): 30.0, ("treated", 1): 18.0, ("comparison", 0): 90.0, ("comparison", 1): 85.0}
    weeks = {("treated", 0): 12, ("treated", 1): 9, ("comparison", 0): 12, ("comparison", 1): 9}
    series = {}
    for key, mean in means.items():
        if spread == "overdispersed":  # negative binomial, variance = mean + mean² / 4
            series[key] = rng.negative_binomial(4, 4 / (4 + mean), size=weeks[key])
        else:
            series[key] = rng.poisson(mean, size=weeks[key])
    y = np.concatenate(list(series.values()))
    treated = np.concatenate([np.full(len(v), k[0] == "treated", dtype=float) for k, v in series.items()])
    after = np.concatenate([np.full(len(v), k[1], dtype=float) for k, v in series.items()])
    design = np.column_stack([np.ones_like(y, dtype=float), treated, after, treated * after])
    fit = sm.GLM(y, design, family=sm.families.Poisson()).fit(scale="X2")
    phi = dispersion([series[k].tolist() for k in means])
    totals = {k: int(v.sum()) for k, v in series.items()}
    effect = rate_ratio_did(treated_before=totals[("treated", 0)], treated_after=totals[("treated", 1)],
                            comparison_before=totals[("comparison", 0)], comparison_after=totals[("comparison", 1)],
                            dispersion=phi)
    assert effect.rate_ratio is not None and effect.ci_low is not None and effect.ci_high is not None
    # both groups share the periods (12 weeks before, 9 after), so the period lengths cancel in the ratio
    assert np.log(effect.rate_ratio) == pytest.approx(fit.params[3], abs=1e-9)
    se = np.log(effect.ci_high / effect.ci_low) / (2 * 1.959963984540054)
    if spread == "overdispersed":
        assert phi > 2 and phi == pytest.approx(fit.scale, rel=1e-9)
        assert se == pytest.approx(fit.bse[3], rel=1e-9)
    else:  # statsmodels' scale may fall below 1; ours stays at 1 (never narrower than the Poisson interval)
        assert phi == max(1.0, fit.scale)
        assert se == pytest.approx(fit.bse[3] / np.sqrt(fit.scale) * np.sqrt(phi), rel=1e-9)
