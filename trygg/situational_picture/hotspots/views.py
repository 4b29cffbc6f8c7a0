"""The hotspot map page (/org/hotspots/)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from trygg.accounts.decorators import require
from trygg.areas.geometry import current_index
from trygg.areas.models import Area
from trygg.areas.selectors import areas_geojson
from trygg.core.geo import iso_week_of, parse_week_label, week_label

from .permissions import can_see_hotspots
from .selectors import COLD_COLOUR, DENSITY_COLOURS, HOT_COLOURS, hotspot_picture_cached

WEEK_CHOICES = (1, 2, 4, 8, 12)


def _period(request: HttpRequest) -> tuple[int, int, int, dict[str, str]]:
    errors: dict[str, str] = {}
    year, week = iso_week_of(dt.datetime.now(tz=dt.UTC))
    raw = request.GET.get("week", "").strip()
    if raw:
        try:
            year, week = parse_week_label(raw)
        except ValueError:
            errors["week"] = _("Ange veckan som år och vecka, till exempel 2026-W07.")
    weeks = 4
    raw_weeks = request.GET.get("weeks", "").strip()
    if raw_weeks:
        if raw_weeks.isdigit() and int(raw_weeks) in WEEK_CHOICES:
            weeks = int(raw_weeks)
        else:
            errors["weeks"] = _("Välj ett av de föreslagna antalen veckor.")
    return year, week, weeks, errors


@require(can_see_hotspots)
def hotspot_map(request: HttpRequest) -> HttpResponse:
    year, week, weeks, errors = _period(request)
    picture = hotspot_picture_cached(user=request.user, year=year, week=week, weeks=weeks)
    if picture is None:  # compute=True always returns a picture
        raise RuntimeError("hotspot picture missing")
    index = current_index()
    names = dict(Area.objects.values_list("id", "name"))
    rows = []
    for cell in picture.cells:
        area_id = index.lookup(cell.lat, cell.lon)
        rows.append({"cell": cell, "area": names.get(area_id, _("utanför områdena")) if area_id else
                     _("utanför områdena")})
    return render(request, "situational_picture/hotspots/map.html", {
        "picture": picture,
        "rows": rows,
        "week_value": week_label(year, week),
        "weeks": weeks,
        "week_choices": WEEK_CHOICES,
        "errors": errors,
        "areas_geojson": areas_geojson(),
        "hot_colours": HOT_COLOURS,
        "cold_colour": COLD_COLOUR,
        "density_colours": DENSITY_COLOURS,
    })
