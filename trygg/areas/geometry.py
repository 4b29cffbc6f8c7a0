"""Point -> area lookup with shapely (no GDAL). The index is rebuilt when areas change."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry import shape


def shape_of(geojson_geometry: dict[str, Any]) -> Any:
    return shape(geojson_geometry)


@dataclass(frozen=True)
class AreaIndex:
    version: tuple[int, str]
    ids: np.ndarray
    polygons: np.ndarray
    tree: shapely.STRtree
    municipality: Any

    def lookup(self, lat: float, lon: float) -> int | None:
        point = shapely.Point(lon, lat)
        hits = self.tree.query(point, predicate="intersects")
        if len(hits) == 0:
            return None
        return int(self.ids[min(hits)])

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
        return bool(self.municipality.intersects(shapely.Point(lon, lat)))


_lock = threading.Lock()
_cache: dict[str, AreaIndex] = {}


def build_index(rows: list[tuple[int, dict[str, Any]]], version: tuple[int, str]) -> AreaIndex:
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    polygons = np.array([shape_of(r[1]) for r in rows], dtype=object)
    shapely.prepare(polygons)
    municipality = shapely.union_all(polygons) if len(polygons) else shapely.Polygon()
    shapely.prepare(municipality)
    return AreaIndex(version, ids, polygons, shapely.STRtree(polygons), municipality)


def current_index() -> AreaIndex:
    from django.db.models import Count, Max

    from .models import Area

    agg = Area.objects.aggregate(n=Count("id"), m=Max("modified_at"))
    version = (agg["n"], str(agg["m"]))
    with _lock:
        index = _cache.get("areas")
        if index is None or index.version != version:
            rows = list(Area.objects.order_by("id").values_list("id", "geometry"))
            index = build_index(rows, version)
            _cache["areas"] = index
    return index
