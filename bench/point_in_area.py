"""T1: 1M points → 60 districts. Ours: raster index + exact fallback. Peers: geopandas.sjoin, shapely."""

from __future__ import annotations

import timeit as _timeit

import numpy as np
import shapely

from trygg.analysis.raster import RasterIndex

from ._common import data, size, table, timeit, verdict

TITLE = "T1 Point → area (raster index with exact fallback)"
ORDER = 10


def run(quick: bool = False) -> str:
    import geopandas as gpd

    d = data(size(quick))
    x, y, n = d.x, d.y, len(d.x)
    rows = []
    notes = []
    all_ok = True
    for name, polys in (("simple (median 6 vertices)", d.simple), ("detailed (median ~520 vertices)", d.detailed)):
        districts = gpd.GeoDataFrame({"district": np.arange(len(polys))}, geometry=polys, crs=3006)

        def sjoin(districts=districts) -> np.ndarray:
            points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(x, y), crs=3006)
            joined = gpd.sjoin(points, districts, predicate="within", how="left")
            return joined["district"].fillna(-1).to_numpy().astype(np.int32)

        peer = timeit(sjoin, runs=3 if quick else 5)
        prepared = np.array(polys, dtype=object)
        shapely.prepare(prepared)
        bounds = shapely.bounds(prepared)

        def contains_bbox(prepared=prepared, bounds=bounds) -> np.ndarray:
            lab = np.full(n, -1, np.int32)
            for i, p in enumerate(prepared):
                b = bounds[i]
                sel = np.flatnonzero((x >= b[0]) & (x <= b[2]) & (y >= b[1]) & (y <= b[3]))
                lab[sel[shapely.contains_xy(p, x[sel], y[sel])]] = i
            return lab

        shp = timeit(contains_bbox, runs=3 if quick else 5)
        build = timeit(lambda polys=polys: RasterIndex.build(polys, cell=25.0), runs=3, warm=1)
        index = build.result
        ours = timeit(lambda index=index: index.lookup(x, y), runs=5 if quick else 7)
        xs, ys = x[:1000].tolist(), y[:1000].tolist()
        def one_by_one(index=index, xs=xs, ys=ys) -> list[int]:
            return [index.lookup_one(a, b) for a, b in zip(xs, ys, strict=True)]

        single = min(_timeit.repeat(one_by_one, number=1, repeat=5)) / 1000
        mismatches = int((ours.result != peer.result).sum())
        mismatches_shp = int((shp.result != peer.result).sum())
        r_peer = peer.median / ours.median
        r_shp = shp.median / ours.median
        ok = r_peer >= 40 and r_shp >= 5 and mismatches == 0 and build.median <= 0.1 and single <= 20e-6
        all_ok &= ok
        rows.append([name, peer.ms(), shp.ms(), ours.ms(), f"{r_peer:.1f}×", f"{r_shp:.1f}×", str(mismatches),
                     f"{build.median * 1e3:.0f} ms", f"{single * 1e6:.1f} µs", verdict(ok)])
        notes.append(f"{name}: {index.boundary_share(x, y):.1%} of the points fell in boundary cells (exact test); "
                     f"shapely contains_xy+bbox mismatches vs sjoin: {mismatches_shp}; "
                     f"points within no district: {int((peer.result < 0).sum())}.")
    out = [
        f"{n:,} points, 60 Voronoi districts in a 20 × 20 km box (research gen.py, seed 42). Peer: "
        "`geopandas.sjoin(points, districts, predicate='within')` including building the points GeoDataFrame. "
        "Target T1: ≥ 40× sjoin, ≥ 5× shapely `contains_xy` + bbox, identical labels, index build ≤ 100 ms, "
        "single lookup ≤ 20 µs.",
        "",
        table(["districts", "peer: sjoin", "shapely contains_xy + bbox", "ours: raster 25 m + exact fallback",
               "vs sjoin", "vs shapely", "label mismatches vs sjoin", "index build", "one point", "T1"], rows),
        "",
        *[f"- {note}" for note in notes],
        "",
        f"T1 overall: {verdict(all_ok)}.",
    ]
    return "\n".join(out)
