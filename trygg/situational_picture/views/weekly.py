"""The weekly lägesbild and its area drill-down."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from trygg.accounts import permissions
from trygg.accounts.decorators import member_required
from trygg.areas.models import Area
from trygg.core.geo import shift_week, week_label

from .. import rules
from ..charts import sparkline
from ..forms import FocusItemForm
from ..permissions import can_approve, can_set_focus
from ..selectors import current_week, focus_items, week_dates, week_picture, week_points
from .common import choropleth, intervention_create_url, legend, week_from_request


def _week_context(request: HttpRequest, year: int, week: int) -> dict[str, Any]:
    prev_y, prev_w = shift_week(year, week, -1)
    next_y, next_w = shift_week(year, week, 1)
    start, end = week_dates(year, week)
    return {
        "year": year, "week": week, "label": week_label(year, week), "start": start, "end": end,
        "prev_label": week_label(prev_y, prev_w), "next_label": week_label(next_y, next_w),
        "next_week": next_w, "next_year": next_y,
        "is_current": (year, week) == current_week(), "is_future": (year, week) > current_week(),
        "can_analyse": permissions.can_analyse(request.user),
        "can_approve": can_approve(request.user), "can_set_focus": can_set_focus(request.user),
        "is_authority": permissions.is_authority(request.user),
        "rules": {"trend_relative": round(rules.TREND_RELATIVE * 100), "trend_absolute": rules.TREND_ABSOLUTE,
                  "flag_relative": round(rules.FLAG_RELATIVE * 100), "flag_absolute": rules.FLAG_ABSOLUTE},
    }


def _with_sparklines(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**r, "spark": sparkline(r["series"]), "active": any(r["series"])} for r in rows]


def _focus(request: HttpRequest, year: int, week: int, area: Area | None = None) -> dict[str, Any]:
    next_week = shift_week(year, week, 1)
    items = focus_items(weeks=[(year, week), next_week], area=area)
    for item in items:
        item.intervention_url = intervention_create_url(item)  # type: ignore[attr-defined]
    return {
        "focus_now": [i for i in items if (i.iso_year, i.iso_week) == (year, week)],
        "focus_next": [i for i in items if (i.iso_year, i.iso_week) == next_week],
    }


def focus_form(data: Any = None) -> FocusItemForm:
    return FocusItemForm(data=data)


@member_required
def week_view(request: HttpRequest) -> HttpResponse:
    year, week = week_from_request(request)
    return render_week(request, year, week)


def render_week(request: HttpRequest, year: int, week: int, form: FocusItemForm | None = None,
                status: int = 200) -> HttpResponse:
    picture = week_picture(user=request.user, year=year, week=week)
    snapshot = picture["snapshot"]
    areas = list(Area.objects.all())
    ctx = _week_context(request, year, week)
    ctx.update(_focus(request, year, week))
    ctx.update({
        "picture": picture, "snapshot": snapshot,
        "area_rows": _with_sparklines(picture["areas"]),
        "quiet_areas": [a["name"] for a in picture["areas"] if not (a["prioritised"] or any(a["series"]))],
        "total_spark": sparkline(picture["total"]["series"], width=240, height=48),
        "flagged": [a for a in picture["areas"] if a["flag"]],
        "areas_geojson": choropleth(areas, {a["slug"]: a["count"] for a in picture["areas"]}),
        "points_geojson": week_points(user=request.user, year=year, week=week,
                                      created_before=snapshot.approved_at if snapshot else None),
        "legend": legend(),
        "focus_form": form or (focus_form() if ctx["can_set_focus"] else None),
        "panel_ctx": {"year": year, "week": week, "area": None},
    })
    return render(request, "situational_picture/week.html", ctx, status=status)


@member_required
def area_view(request: HttpRequest, slug: str) -> HttpResponse:
    area = get_object_or_404(Area, slug=slug)
    year, week = week_from_request(request)
    picture = week_picture(user=request.user, year=year, week=week, area=area)
    snapshot = picture["snapshot"]
    row = next((a for a in picture["areas"] if a["slug"] == area.slug), None)
    ctx = _week_context(request, year, week)
    ctx.update(_focus(request, year, week, area=area))
    ctx.update({
        "area": area, "picture": picture, "snapshot": snapshot, "row": row,
        "spark": sparkline(row["series"], width=480, height=96, pad=6) if row else None,
        "series": list(zip(picture["series_labels"], row["series"], strict=True)) if row else [],
        "areas_geojson": choropleth([area], {area.slug: row["count"] if row else 0}),
        "points_geojson": week_points(user=request.user, year=year, week=week, area=area,
                                      created_before=snapshot.approved_at if snapshot else None),
        "panel_ctx": {"year": year, "week": week, "area": area},
    })
    return render(request, "situational_picture/area.html", ctx)
