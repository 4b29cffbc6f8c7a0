"""The anonymous "unsafe places" layer: per school, counts per kind of place and map cells, each shown only
with at least k answers and only for schools whose respondent group is published. No answers, no times."""

from __future__ import annotations

from collections import Counter
from typing import Any

from trygg.core.geo import coarsen, distance_metres

from ..models import Answer, Question, Survey
from .results import SurveyResults

PLACE_QUESTION = "otrygga-platser-var"
MAP_GRID_METRES = 100


NEAR_METRES = 150


def _nearest_place(lat: float, lon: float, school: Any) -> str:
    """The name of a known place (areas.Place) within 150 m of a map cell, to make the table readable."""
    from trygg.areas.models import Place

    best = min(((distance_metres(lat, lon, p.lat, p.lon), p.name) for p in Place.objects.filter(area=school.area)),
               default=None)
    return best[1] if best is not None and best[0] <= NEAR_METRES else ""


def place_layer(*, survey: Survey, schools: Any = None) -> dict[str, Any]:
    results = SurveyResults(survey, schools=schools)
    question = Question.objects.filter(code=PLACE_QUESTION).prefetch_related("scale__options").first()
    rows: list[dict[str, Any]] = []
    features: list[dict[str, Any]] = []
    for school in results.schools:
        published = ("school", school.pk) in results.published
        row: dict[str, Any] = {"school": school, "published": published, "categories": [], "cells": []}
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [school.lon, school.lat]},
                         "properties": {"label": str(school), "color": "#1f6fa8", "radius": 7}})
        if published and question is not None:
            answers = Answer.objects.filter(question=question, response__survey=survey, response__school=school)
            counts = Counter(answers.filter(value__gte=1).values_list("value", flat=True))
            row["categories"] = [(o.label, counts[o.value]) for o in question.options() if counts[o.value] >= results.k]
            picks = answers.filter(lat__isnull=False, lon__isnull=False).values_list("lat", "lon")
            cells = Counter(coarsen(float(lat or 0), float(lon or 0), MAP_GRID_METRES) for lat, lon in picks)
            for (lat, lon), n in sorted(cells.items()):
                if n >= results.k:
                    row["cells"].append((lat, lon, n, _nearest_place(lat, lon, school)))
                    features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                                     "properties": {"label": f"{school}: {n}", "radius": min(6 + n, 16)}})
        rows.append(row)
    return {"survey": survey, "k": results.k, "rows": rows, "preliminary": results.is_preliminary,
            "geojson": {"type": "FeatureCollection", "features": features}}
