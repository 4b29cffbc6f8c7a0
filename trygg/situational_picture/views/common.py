"""Shared view helpers: week parsing, the choropleth, trend words and links to other apps."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygg.areas.models import Area
from trygg.areas.selectors import areas_geojson
from trygg.core.geo import parse_week_label

from .. import rules
from ..selectors import current_week

# Fixed classes (not quantiles) so the colours mean the same thing from one week to the next.
BINS: list[tuple[int, int | None, str]] = [
    (0, 0, "#f7f7f7"), (1, 2, "#fee5d9"), (3, 5, "#fcae91"), (6, 10, "#fb6a4a"), (11, 20, "#de2d26"),
    (21, None, "#a50f15"),
]
PRIORITISED_STROKE = "#111111"

TREND_WORDS = {
    rules.UP: gettext_lazy("Ökar"),
    rules.DOWN: gettext_lazy("Minskar"),
    rules.FLAT: gettext_lazy("Oförändrat"),
    rules.EARLY: gettext_lazy("för tidigt"),
}


MIN_YEAR, MAX_YEAR = 2000, 2100


def parse_week(raw: str) -> tuple[int, int] | None:
    """'2026-W47' -> (2026, 47); None for anything else, including years outside 2000–2100."""
    try:
        year, week = parse_week_label(raw.strip())
    except (ValueError, TypeError, AttributeError):
        return None
    return (year, week) if MIN_YEAR <= year <= MAX_YEAR else None


def week_from_request(request: HttpRequest) -> tuple[int, int]:
    """?week=2026-W47 (also what <input type=week> sends); missing or invalid -> the current week."""
    raw = (request.GET.get("week") or "").strip()
    if raw:
        parsed = parse_week(raw)
        if parsed is not None:
            return parsed
        messages.error(request, _("Ogiltig vecka. Ange vecka som 2026-W47. Visar innevarande vecka."))
    return current_week()


def bin_colour(count: int) -> str:
    for low, high, colour in BINS:
        if count >= low and (high is None or count <= high):
            return colour
    return BINS[-1][2]


def legend() -> list[dict[str, str]]:
    out = []
    for low, high, colour in BINS:
        if high is None:
            text = _("%(n)d eller fler") % {"n": low}
        elif low == high:
            text = str(low)
        else:
            text = f"{low}–{high}"
        out.append({"colour": colour, "text": text, "css": f"bin-{BINS.index((low, high, colour))}"})
    return out


def choropleth(areas: list[Area], counts: dict[str, int]) -> dict[str, Any]:
    properties = {}
    for area in areas:
        n = counts.get(area.slug, 0)
        properties[area.pk] = {
            "fill": bin_colour(n), "fillOpacity": 0.6, "count": n,
            "stroke": PRIORITISED_STROKE if area.is_prioritised else "#4a5560",
            "label": _("%(name)s: %(n)d observationer") % {"name": area.name, "n": n},
        }
    return areas_geojson(areas=areas, properties=properties)


def trend_word(trend: str) -> str:
    return str(TREND_WORDS.get(trend, ""))


def intervention_create_url(item: Any) -> str:
    """Link to the interventions form, prefilled; "" while that form does not exist."""
    try:
        base = reverse("interventions:create")
    except NoReverseMatch:
        return ""
    params: dict[str, Any] = {
        "origin_type": "situational_picture.focusitem", "origin_id": item.pk, "area": item.area.slug,
        "title": _("Fokus %(area)s vecka %(week)d: %(note)s") % {
            "area": item.place.name if item.place_id else item.area.name, "week": item.iso_week,
            "note": item.note[:80]},
    }
    if item.place_id:
        params["place"] = item.place_id
    return f"{base}?{urlencode(params)}"
