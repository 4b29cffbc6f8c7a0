"""Public information pages and the public map of approved residents' reports."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from trygg.areas.models import Area
from trygg.areas.selectors import areas_geojson
from trygg.core.exports import csv_response
from trygg.incidents.models import OPEN_STATUSES
from trygg.incidents.residents import selectors

MAP_LIMIT = 1000


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "public/home.html", {"prioritised": Area.objects.prioritised()})


@require_GET
def safety_work(request: HttpRequest) -> HttpResponse:
    return render(request, "public/safety_work.html", {"prioritised": Area.objects.prioritised()})


@require_GET
def contact(request: HttpRequest) -> HttpResponse:
    return render(request, "public/contact.html")


def _filtered(request: HttpRequest):  # type: ignore[no-untyped-def]
    reports = selectors.public_reports()
    state = request.GET.get("status", "")
    if state == "open":
        reports = reports.filter(status__in=OPEN_STATUSES)
    elif state == "closed":
        reports = reports.exclude(status__in=OPEN_STATUSES)
    category = request.GET.get("kategori", "")
    if category.isdigit():
        reports = reports.filter(category_id=int(category))
    return reports, state, category


@require_GET
def public_map(request: HttpRequest) -> HttpResponse:
    reports, state, category = _filtered(request)
    page = Paginator(reports, 25).get_page(request.GET.get("sida"))
    rows = [{"o": o, "text": selectors.public_text(o), "address": selectors.public_address(o)} for o in page]
    return render(request, "public/map.html", {
        "page": page,
        "rows": rows,
        "points_geojson": selectors.public_geojson(reports[:MAP_LIMIT]),
        "areas_geojson": areas_geojson(areas=Area.objects.prioritised()),
        "categories": selectors.resident_categories(),
        "state": state,
        "category": category,
    })


@require_GET
def public_geojson(request: HttpRequest) -> JsonResponse:
    reports, _state, _category = _filtered(request)
    return JsonResponse(selectors.public_geojson(reports[:MAP_LIMIT]))


@require_GET
def public_csv(request: HttpRequest) -> HttpResponse:
    """Open data: approved reports with coarsened coordinates and redacted text (formula-neutralised)."""
    reports, _state, _category = _filtered(request)

    def rows():  # type: ignore[no-untyped-def]
        for o in reports.iterator():
            lat, lon = selectors.public_point(o)
            yield [str(o.public_id), o.category.name, o.get_status_display(), o.observed_at.date().isoformat(),
                   o.area.name if o.area else "", lat, lon, selectors.public_text(o)]

    return csv_response("invanarrapporter.csv",
                        ["id", "kategori", "status", "datum", "område", "lat", "long", "beskrivning"], rows())
