"""Build eskilstuna_areas.geojson: approximate district polygons for the demo and the tests.

The centres come from ../../../shared/research/domain.md (section 6) and are estimates; the polygons are
a Voronoi tessellation of those centres clipped to an approximate municipality outline, made in
SWEREF99 TM. Replace the file with SCB RegSO boundaries (CC BY 4.0, "Källa: SCB") for production:
`manage.py import_areas path/to/regso.geojson`.

Run: python trygg/areas/data/build_areas.py
"""

import json
from pathlib import Path

import numpy as np
import shapely
from pyproj import Transformer

# name, lat, lon, prioritised
CENTRES = [
    ("Centrum", 59.3706, 16.5128, False),
    ("Skiftinge", 59.3931, 16.5411, True),
    ("Årby", 59.3950, 16.5000, True),
    ("Lagersberg", 59.3520, 16.4760, True),
    ("Råbergstorp", 59.3560, 16.4930, False),
    ("Fröslunda", 59.3570, 16.5250, True),
    ("Nyfors", 59.3780, 16.5300, False),
    ("Torshälla", 59.4170, 16.4740, False),
    ("Stenby", 59.3840, 16.4800, False),
    ("Myrtorp", 59.3830, 16.5560, False),
    ("Slagsta", 59.3440, 16.5480, False),
    ("Skogsängen", 59.3660, 16.4680, False),
    ("Hällbybrunn", 59.3950, 16.4180, False),
    ("Skogstorp", 59.3270, 16.4850, False),
    ("Kjula", 59.3450, 16.7400, False),
    ("Ärla", 59.2700, 16.6800, False),
    ("Kvicksund", 59.4500, 16.3200, False),
    ("Vilsta", 59.3560, 16.5100, False),
    ("Norr", 59.3830, 16.5150, False),
    ("Väster", 59.3740, 16.4930, False),
    ("Mesta", 59.3420, 16.5150, False),
    ("Tumbo", 59.4300, 16.2400, False),
    ("Gillberga", 59.3200, 16.3200, False),
]

# Approximate outline of Eskilstuna kommun (lon, lat), clockwise from the north-west.
OUTLINE = [
    (16.17, 59.47), (16.30, 59.50), (16.45, 59.47), (16.55, 59.43), (16.70, 59.42), (16.90, 59.38),
    (16.95, 59.32), (16.86, 59.24), (16.72, 59.19), (16.55, 59.20), (16.40, 59.24), (16.25, 59.27),
    (16.18, 59.33), (16.15, 59.40), (16.17, 59.47),
]


def slugify(name: str) -> str:
    return name.lower().replace("å", "a").replace("ä", "a").replace("ö", "o").replace(" ", "-")


def main() -> None:
    fwd = Transformer.from_crs("EPSG:4326", "EPSG:3006", always_xy=True)
    back = Transformer.from_crs("EPSG:3006", "EPSG:4326", always_xy=True)
    ox, oy = fwd.transform([p[0] for p in OUTLINE], [p[1] for p in OUTLINE])
    outline = shapely.Polygon(np.column_stack([ox, oy]))
    cx, cy = fwd.transform([c[2] for c in CENTRES], [c[1] for c in CENTRES])
    seeds = shapely.MultiPoint(np.column_stack([cx, cy]))
    cells = shapely.get_parts(shapely.voronoi_polygons(seeds, extend_to=outline))
    features = []
    for name, lat, lon, prioritised in CENTRES:
        x, y = fwd.transform(lon, lat)
        cell = next(c for c in cells if c.contains(shapely.Point(x, y)))
        poly = shapely.intersection(cell, outline).simplify(5)
        coords = np.asarray(poly.exterior.coords)
        lon_s, lat_s = back.transform(coords[:, 0], coords[:, 1])
        ring = [[round(a, 6), round(b, 6)] for a, b in zip(lon_s, lat_s, strict=True)]
        features.append({
            "type": "Feature",
            "properties": {"name": name, "slug": slugify(name), "prioritised": prioritised, "kind": "stadsdel",
                           "centre": [lat, lon]},
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        })
    out = {"type": "FeatureCollection", "name": "eskilstuna_areas", "features": features}
    path = Path(__file__).with_name("eskilstuna_areas.geojson")
    path.write_text(json.dumps(out, ensure_ascii=False, indent=None) + "\n", encoding="utf-8")
    print(f"wrote {len(features)} areas to {path}")  # noqa: T201


if __name__ == "__main__":
    main()
