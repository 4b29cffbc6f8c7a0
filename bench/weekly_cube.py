"""T2: counts per district × category × ISO week from 1M timestamps. Peers: pandas groupby, duckdb SQL."""

from __future__ import annotations

import numpy as np

from trygg.analysis.raster import RasterIndex
from trygg.analysis.trend import mann_kendall
from trygg.analysis.weeks import weekly_cube

from ._common import data, size, table, timeit, verdict

TITLE = "T2 Weekly cube (district × category × ISO week)"
ORDER = 20


def run(quick: bool = False) -> str:
    import duckdb
    import pandas as pd
    import scipy.stats

    d = data(size(quick))
    district = RasterIndex.build(d.simple, cell=25.0).lookup(d.x, d.y).astype(np.int16)
    df = pd.DataFrame({"district": district, "cat": d.category, "ts": d.timestamps})
    runs = 5 if quick else 7
    rows = []
    checks = []
    ok_all = True
    con = duckdb.connect()
    con.register("df", df)
    for zone in ("UTC", "Europe/Stockholm"):
        if zone == "UTC":
            def pandas_cube() -> pd.Series:
                iso = df["ts"].dt.isocalendar()
                return df.groupby([df["district"], df["cat"], iso["year"], iso["week"]]).size()
            con.execute("SET TimeZone = 'UTC'")
            query = ("SELECT district, cat, isoyear(ts) AS y, week(ts) AS w, count(*) AS n FROM df GROUP BY ALL")
        else:
            def pandas_cube(zone: str = zone) -> pd.Series:
                iso = df["ts"].dt.tz_localize("UTC").dt.tz_convert(zone).dt.isocalendar()
                return df.groupby([df["district"], df["cat"], iso["year"], iso["week"]]).size()
            con.execute(f"SET TimeZone = '{zone}'")
            query = ("SELECT district, cat, isoyear(ts::TIMESTAMPTZ) AS y, week(ts::TIMESTAMPTZ) AS w, "
                     "count(*) AS n FROM (SELECT district, cat, timezone('UTC', ts) AS ts FROM df) GROUP BY ALL")
        pandas_t = timeit(pandas_cube, runs=runs)
        duck_t = timeit(lambda query=query: con.execute(query).fetchnumpy(), runs=runs)
        ours = timeit(lambda zone=zone: weekly_cube(district, d.category, d.timestamps, n_areas=60, n_categories=8,
                                                    zone=zone), runs=runs)
        cube = ours.result
        labels = cube.labels()
        mine = {(int(a), int(c), *map(int, labels[k].split("-W"))): int(cube.counts[a, c, k])
                for a, c, k in zip(*np.nonzero(cube.counts), strict=True)}
        theirs = {tuple(int(v) for v in key): int(count) for key, count in pandas_t.result.items() if key[0] >= 0}
        res = duck_t.result
        duck = {(int(a), int(c), int(yy), int(w)): int(cnt)
                for a, c, yy, w, cnt in zip(res["district"], res["cat"], res["y"], res["w"], res["n"], strict=True)
                if a >= 0}
        same_pd = mine == theirs
        same_dd = mine == duck
        r_pd = pandas_t.median / ours.median
        r_dd = duck_t.median / ours.median
        ok = r_pd >= 10 and r_dd >= 3 and same_pd and same_dd
        ok_all &= ok
        rows.append([zone, pandas_t.ms(), duck_t.ms(), ours.ms(), f"{r_pd:.1f}×", f"{r_dd:.1f}×",
                     "yes" if same_pd else "NO", "yes" if same_dd else "NO", verdict(ok)])
        checks.append(f"{zone}: {len(mine):,} non-empty groups, {cube.counts.shape[2]} weeks, "
                      f"total {int(cube.counts.sum()):,} points in districts.")
    series = cube.counts[..., -12:].astype(float)
    trend = timeit(lambda: mann_kendall(series), runs=runs)
    trend_ok = trend.median < 1e-3
    ok_all &= trend_ok
    # the trend's agreement with scipy: p = kendalltau's asymptotic p, slope = theilslopes (Sen's slope)
    steps = np.arange(12)
    rows_12 = series.reshape(-1, 12)
    with np.errstate(all="ignore"):
        p_ref = np.array([scipy.stats.kendalltau(steps, row, method="asymptotic").pvalue for row in rows_12])
    p_ours = trend.result.p.ravel()
    defined = ~np.isnan(p_ref)  # kendalltau gives NaN for a constant series; ours p = 1 (no trend)
    p_diff = float(np.max(np.abs(p_ours[defined] - p_ref[defined]) / p_ref[defined])) if defined.any() else 0.0
    sen_same = all(trend.result.slope.ravel()[k] == scipy.stats.theilslopes(row).slope
                   for k, row in enumerate(rows_12))
    out = [
        f"{len(df):,} rows. Each method derives the ISO (year, week) from the timestamps itself. Two variants: "
        "UTC weeks (as in the research) and Europe/Stockholm local weeks (what the product counts). Peers: pandas "
        "`dt.isocalendar()` + `groupby(...).size()`, duckdb `isoyear()/week() ... GROUP BY ALL` on the pandas "
        "frame (fetchnumpy). Target T2: ≥ 10× pandas, ≥ 3× duckdb, identical counts.",
        "",
        table(["weeks in", "peer: pandas", "peer: duckdb", "ours: numpy bincount cube", "vs pandas", "vs duckdb",
               "= pandas", "= duckdb", "T2"], rows),
        "",
        *[f"- {c}" for c in checks],
        f"- Mann–Kendall trend test on all {series.shape[0] * series.shape[1]} district × category series "
        f"(last 12 weeks): {trend.ms()} (target < 1 ms for trends: {verdict(trend_ok)}); p vs "
        f"`scipy.stats.kendalltau` (asymptotic): max relative difference {p_diff:.1e} over {int(defined.sum())} "
        f"non-constant series; Sen's slope identical to `scipy.stats.theilslopes`: {'yes' if sen_same else 'NO'}.",
        "- Ours runs single-threaded (numpy); duckdb uses its default thread count (one per core).",
        "",
        f"T2 overall (both variants and the trend): {verdict(ok_all)}.",
    ]
    return "\n".join(out)
