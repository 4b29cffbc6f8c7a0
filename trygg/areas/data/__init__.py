"""Reference area data shipped with Trygg."""

import json
from pathlib import Path
from typing import Any

AREAS_FILE = Path(__file__).with_name("eskilstuna_areas.geojson")


def load_areas(area_model: Any, path: Path = AREAS_FILE) -> int:
    """Create or update areas from a GeoJSON FeatureCollection (idempotent)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    for feature in data["features"]:
        p = feature["properties"]
        area_model.objects.update_or_create(
            slug=p["slug"],
            defaults={
                "name": p["name"],
                "kind": p.get("kind", "stadsdel"),
                "geometry": feature["geometry"],
                "centre_lat": p["centre"][0],
                "centre_lon": p["centre"][1],
                "is_prioritised": p.get("prioritised", False),
            },
        )
    return len(data["features"])
