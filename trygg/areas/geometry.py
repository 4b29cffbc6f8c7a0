"""Point -> area lookup with shapely (no GDAL). The index is rebuilt when areas change (trygg.core.reference)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from shapely.geometry import shape

from trygg.core.reference import ReferenceCache


def shape_of(geojson_geometry: dict[str, Any]) -> Any:
    return shape(geojson_geometry)


@dataclass(frozen=True)
class AreaIndex:
    ids: np.ndarray
    polygons: np.ndarray
    tree: shapely.STRtree
    municipality: Any
    areas: dict[int, Any] = field(default_factory=dict)  # id → Area as loaded (shared: copy before use)

    def lookup(self, lat: float, lon: float) -> int | None:
        # the polygons are prepared: testing the coordinates against each is cheaper than building a Point
        # and querying the tree, for the few dozen areas of a municipality
        hits = np.flatnonzero(shapely.intersects_xy(self.polygons, lon, lat))
        if len(hits) == 0:
            return None
        return int(self.ids[hits[0]])

    def lookup_many(self, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
        """Area id per point, -1 outside every area."""
        out = np.full(len(lats), -1, dtype=np.int64)
        points = shapely.points(lons, lats)
        pi, ti = self.tree.query(points, predicate="intersects")
        # the first area wins on a shared boundary, as in lookup()
        order = np.lexsort((ti, pi))
        pi, ti = pi[order], ti[order]
        first = np.unique(pi, return_index=True)[1]
        out[pi[first]] = self.ids[ti[first]]
        return out

    def contains(self, lat: float, lon: float) -> bool:
        return bool(shapely.intersects_xy(self.municipality, lon, lat))


def build_index(rows: list[tuple[int, dict[str, Any]]], areas: dict[int, Any] | None = None) -> AreaIndex:
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    polygons = np.array([shape_of(r[1]) for r in rows], dtype=object)
    shapely.prepare(polygons)
    municipality = shapely.union_all(polygons) if len(polygons) else shapely.Polygon()
    shapely.prepare(municipality)
    return AreaIndex(ids, polygons, shapely.STRtree(polygons), municipality, areas or {})


def _load_index() -> AreaIndex:
    from .models import Area

    areas = list(Area.objects.order_by("id"))
    return build_index([(a.pk, a.geometry) for a in areas], {a.pk: a for a in areas})


_index = ReferenceCache("areas", _load_index, depends_on=["areas.Area"])


def current_index() -> AreaIndex:
    """The point → area index of the current areas (rebuilt when an area is saved or deleted)."""
    return _index.get()
