"""Hotspot picture for a user and a week: arrays from the database, statistics from trygg.analysis."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.utils.translation import gettext_lazy as _

from trygg.analysis import gistar as gi
from trygg.analysis.grid import Grid
from trygg.analysis.kde import density
from trygg.analysis.trend import DIMINISHING, INTENSIFYING, NEW, PERSISTENT, emerging_hotspots
from trygg.core.geo import iso_week_of, shift_week, to_sweref, to_wgs84, week_bounds, week_label
from trygg.incidents.models import Observation

CELL = 250.0  # metres
BANDWIDTH = 500.0  # metres, density surface
PERMUTATIONS = 999
FDR_Q = 0.05
TREND_WEEKS = 8
MIN_POINTS = 20  # fewer observations than this: no statistics, say so

LABEL_TEXT = {
    NEW: _("ny"),
    INTENSIFYING: _("tilltagande"),
    PERSISTENT: _("ihållande"),
    DIMINISHING: _("avtagande"),
}
LABEL_EXPLANATION = {
    NEW: _("signifikant hotspot den senaste veckan men inte veckorna innan"),
    INTENSIFYING: _("hotspot de flesta veckorna och blir starkare"),
    PERSISTENT: _("hotspot de flesta veckorna, utan tydlig förändring"),
    DIMINISHING: _("hotspot de flesta veckorna men blir svagare"),
}


@dataclass
class HotspotCell:
    cell_id: int
    count: int
    z: float
    p: float
    significant: bool
    label: int
    lat: float
    lon: float

    @property
    def label_text(self) -> str:
        return str(LABEL_TEXT.get(self.label, ""))

    @property
    def kind_text(self) -> str:
        if not self.significant:
            return str(_("inte signifikant"))
        return str(_("hotspot (fler rapporter än väntat)") if self.z > 0 else _("coldspot (färre än väntat)"))


@dataclass
class HotspotPicture:
    year: int
    week: int
    weeks: int
    total: int
    enough: bool
    cells: list[HotspotCell] = field(default_factory=list)  # significant or labelled cells, strongest first
    hotspots_geojson: dict[str, Any] = field(default_factory=dict)
    density_geojson: dict[str, Any] = field(default_factory=dict)
    label_counts: dict[int, int] = field(default_factory=dict)

    @property
    def period_label(self) -> str:
        first = shift_week(self.year, self.week, -(self.weeks - 1))
        return f"{week_label(*first)} – {week_label(self.year, self.week)}"

    @property
    def hot_count(self) -> int:
        return sum(1 for c in self.cells if c.significant and c.z > 0)

    def labelled(self) -> list[tuple[str, str, int]]:
        return [(str(LABEL_TEXT[k]), str(LABEL_EXPLANATION[k]), self.label_counts.get(k, 0))
                for k in (NEW, INTENSIFYING, PERSISTENT, DIMINISHING)]


def _observations(user: Any, year: int, week: int, span: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """SWEREF99 TM coordinates of what ``user`` may see in the ``span`` ISO weeks ending with (year, week), and
    each one's week: 0 for the first of them. Weeks come from the stored ISO week (the Swedish calendar week
    of ``observed_at``): reading integers instead of timestamps halves the read at a million observations."""
    first = shift_week(year, week, -(span - 1))
    keys = np.array([y * 100 + w for y, w in (shift_week(*first, k) for k in range(span))])
    rows = list(Observation.objects.for_picture(user)
                .between(week_bounds(*first)[0], week_bounds(year, week)[1])
                .values_list("lat", "lon", "iso_year", "iso_week"))
    if not rows:
        return np.zeros(0), np.zeros(0), np.zeros(0, dtype=np.int64)
    table = np.array(rows, dtype=float)
    x, y = to_sweref(table[:, 0], table[:, 1])
    key = (table[:, 2] * 100 + table[:, 3]).astype(np.int64)
    index = np.minimum(np.searchsorted(keys, key), span - 1)
    return np.asarray(x), np.asarray(y), np.where(keys[index] == key, index, -1)  # -1: not in these weeks


def _cell_polygons(grid: Grid, ids: np.ndarray) -> list[list[list[float]]]:
    b = grid.cell_bounds(ids)
    xs = np.column_stack([b[:, 0], b[:, 2], b[:, 2], b[:, 0], b[:, 0]])
    ys = np.column_stack([b[:, 1], b[:, 1], b[:, 3], b[:, 3], b[:, 1]])
    lat, lon = to_wgs84(xs, ys)
    lon, lat = np.round(lon, 6), np.round(lat, 6)
    return [[[float(lon[i, k]), float(lat[i, k])] for k in range(5)] for i in range(len(ids))]


def _feature(ring: list[list[float]], **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "properties": properties, "geometry": {"type": "Polygon", "coordinates": [ring]}}


HOT_COLOURS = ("#fdae61", "#f46d43", "#d73027")  # significant hot: z 1.96–2.58, 2.58–3.29, ≥ 3.29
COLD_COLOUR = "#4575b4"
DENSITY_COLOURS = ("#fee8c8", "#fdbb84", "#e34a33", "#b30000")


def _hot_colour(z: float) -> str:
    if z < 0:
        return COLD_COLOUR
    return HOT_COLOURS[0] if z < 2.58 else HOT_COLOURS[1] if z < 3.29 else HOT_COLOURS[2]


def hotspot_picture(*, user: Any, year: int | None = None, week: int | None = None, weeks: int = 4) -> HotspotPicture:
    """Gi* hotspots over the ``weeks`` weeks ending with ISO week (year, week), for what ``user`` may see.

    Cells of 250 m (SWEREF99 TM), queen contiguity, 999 permutations (fixed seed, so a page is stable),
    directed tie-aware permutation p-values with Benjamini–Hochberg at q = 0.05 over the cells with a report
    in their neighbourhood; emerging labels from the weekly Gi* series of the last eight weeks;
    density surface with an Epanechnikov kernel of 500 m.
    """
    if year is None or week is None:
        year, week = iso_week_of(dt.datetime.now(tz=dt.UTC))
    span = max(weeks, TREND_WEEKS)
    x, y, week_index = _observations(user, year, week, span)
    in_window = week_index >= span - weeks
    picture = HotspotPicture(year, week, weeks, int(in_window.sum()), enough=int(in_window.sum()) >= MIN_POINTS)
    if not picture.enough:
        return picture
    grid = Grid.covering(x, y, CELL, margin=2 * CELL)
    counts = grid.counts(x[in_window], y[in_window])
    result = gi.gistar(counts, gi.queen_kernel())
    perm = gi.permutation_pvalues(counts, result, permutations=PERMUTATIONS, seed=20)
    # the test family: cells with at least one report in their neighbourhood (an empty neighbourhood can be
    # neither hot nor meaningfully cold); Benjamini–Hochberg over that family
    family = result.lag.ravel() > 0
    significant = np.zeros(grid.n, dtype=bool)
    significant[family] = gi.fdr_bh(perm.p_directed[family], FDR_Q)
    significant = significant.reshape(grid.shape)
    # emerging labels: one Gi* per week over the last TREND_WEEKS weeks (normal p-values, FDR per week)
    which = week_index - (span - TREND_WEEKS)
    z_series = np.zeros((*grid.shape, TREND_WEEKS))
    sig_series = np.zeros((*grid.shape, TREND_WEEKS), dtype=bool)
    for k in range(TREND_WEEKS):
        sel = which == k
        weekly = gi.gistar(grid.counts(x[sel], y[sel]), gi.queen_kernel())
        z_series[..., k] = weekly.z
        sig_series[..., k] = gi.fdr_bh(weekly.p_normal(), FDR_Q)
    labels = emerging_hotspots(z_series, sig_series)
    picture.label_counts = {k: int((labels == k).sum()) for k in (NEW, INTENSIFYING, PERSISTENT, DIMINISHING)}
    shown = np.flatnonzero((significant | (labels > 0)).ravel())
    z_flat, p_flat, c_flat, l_flat = result.z.ravel(), perm.p_directed, counts.ravel(), labels.ravel()
    rings = _cell_polygons(grid, shown)
    cx, cy = grid.centres()
    clat, clon = to_wgs84(cx[shown], cy[shown])
    features = []
    for i, cell_id in enumerate(shown.tolist()):
        cell = HotspotCell(cell_id, int(c_flat[cell_id]), float(z_flat[cell_id]), float(p_flat[cell_id]),
                           bool(significant.ravel()[cell_id]), int(l_flat[cell_id]),
                           round(float(clat[i]), 5), round(float(clon[i]), 5))
        picture.cells.append(cell)
        colour = _hot_colour(cell.z) if cell.significant else "#9e9e9e"
        label = f"{cell.kind_text}: {cell.count} {_('rapporter')}, z = {cell.z:.1f}"
        if cell.label_text:
            label += f" ({cell.label_text})"
        features.append(_feature(rings[i], fill=colour, stroke=colour, fillOpacity=0.55, label=label))
    picture.cells.sort(key=lambda c: -c.z)
    picture.hotspots_geojson = {"type": "FeatureCollection", "features": features}
    # density surface: four classes relative to the peak, cells below 5 % of the peak are left out
    surface = density(x[in_window], y[in_window], grid, BANDWIDTH) * picture.total * 1e6  # reports per km²
    peak = float(surface.max())
    dense = np.flatnonzero(surface.ravel() >= 0.05 * peak) if peak > 0 else np.zeros(0, dtype=np.int64)
    classes = np.minimum((surface.ravel()[dense] / peak * 4).astype(int), 3)
    rings = _cell_polygons(grid, dense)
    picture.density_geojson = {"type": "FeatureCollection", "features": [
        _feature(rings[i], fill=DENSITY_COLOURS[c], stroke=DENSITY_COLOURS[c], fillOpacity=0.5,
                 label=f"{surface.ravel()[cell_id]:.0f} {_('rapporter per km²')}")
        for i, (cell_id, c) in enumerate(zip(dense.tolist(), classes.tolist(), strict=True))
    ]}
    return picture


CACHE_SECONDS = 600


def hotspot_picture_cached(*, user: Any, year: int | None = None, week: int | None = None, weeks: int = 4,
                           compute: bool = True) -> HotspotPicture | None:
    """hotspot_picture() through the cache: the key holds the audience, the weeks and the weekly rollup's
    count for them, so a new, moderated or deleted report gives a fresh picture; at most 10 minutes old
    otherwise (a moved point keeps the count). With compute=False only a cached picture is returned (None
    when there is none): pages that merely summarise must not pay for the permutations."""
    from django.core.cache import cache

    from trygg.situational_picture.selectors import audience_for, week_window, weekly_counts

    if year is None or week is None:
        year, week = iso_week_of(dt.datetime.now(tz=dt.UTC))
    audience = audience_for(user)
    stamp = sum(row["n"] for row in weekly_counts(audience, week_window(year, week, max(weeks, TREND_WEEKS))))
    owners = ",".join(str(o) for o in sorted(audience.organisation_ids))
    key = f"trygg:hotspots:v1:{audience.scope}:{owners}:{year}:{week}:{weeks}:{stamp}"
    picture = cache.get(key)
    if picture is None and compute:
        picture = hotspot_picture(user=user, year=year, week=week, weeks=weeks)
        cache.set(key, picture, CACHE_SECONDS)
    return picture
