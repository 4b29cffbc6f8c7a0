"""Reads for areas."""

from __future__ import annotations

import copy
from typing import Any

from .geometry import current_index
from .models import Area


def area_for_point(*, lat: float, lon: float) -> Area | None:
    index = current_index()
    area_id = index.lookup(lat, lon)
    return copy.copy(index.areas[area_id]) if area_id is not None else None


def point_in_municipality(*, lat: float, lon: float) -> bool:
    return current_index().contains(lat, lon)


def areas_geojson(*, areas: Any = None, properties: dict[int, dict[str, Any]] | None = None) -> dict[str, Any]:
    areas = Area.objects.all() if areas is None else areas
    properties = properties or {}
    return {
        "type": "FeatureCollection",
        "features": [a.geojson_feature(**properties.get(a.pk, {})) for a in areas],
    }
