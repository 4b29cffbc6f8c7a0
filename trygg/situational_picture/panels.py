"""Panels the lägesbild contributes to other apps' pages (see trygg.core.panels)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest

from trygg.accounts import permissions
from trygg.core.geo import iso_week_of, week_label

from .charts import sparkline
from .models import Snapshot
from .selectors import area_trend, current_week, weekly_summary


def dashboard_panel(request: HttpRequest, obj: Any) -> dict[str, Any] | None:
    if not permissions.is_member(request.user):
        return None
    year, week = current_week()
    return {"summary": weekly_summary(user=request.user, year=year, week=week)}


def area_trend_panel(request: HttpRequest, area: Any) -> dict[str, Any] | None:
    if area is None or not permissions.is_member(request.user):
        return None
    series = area_trend(area=area, user=request.user)
    counts = [n for _, n in series]
    return {
        "area": area, "series": series, "counts": counts, "spark": sparkline(counts, width=240, height=48),
        "label": series[-1][0], "heading_id": f"sp-trend-{area.slug}",
    }


def meeting_panel(request: HttpRequest, meeting: Any) -> dict[str, Any] | None:
    """The latest approved lägesbild on or before the meeting's week."""
    if meeting is None or not permissions.is_member(request.user):
        return None
    starts_at = getattr(meeting, "starts_at", None)
    if isinstance(starts_at, dt.datetime | dt.date):
        year, week = iso_week_of(starts_at)
    else:
        year, week = current_week()
    snapshot = (Snapshot.objects.filter(reopened_at__isnull=True)
                .filter(iso_year__lte=year).exclude(iso_year=year, iso_week__gt=week)
                .order_by("-iso_year", "-iso_week").first())
    if snapshot is None:
        return {"summary": None}
    summary = weekly_summary(user=request.user, year=snapshot.iso_year, week=snapshot.iso_week)
    return {"summary": summary, "label": week_label(snapshot.iso_year, snapshot.iso_week)}
