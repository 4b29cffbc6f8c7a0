"""The tertial view: counts per area × category for a tertial against the same tertial last year."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from trygg.areas.models import Area
from trygg.core.geo import STOCKHOLM, local_date, tertial_bounds
from trygg.incidents.models import Observation

from .. import rules
from .weekly import picture_categories


def _year_earlier(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28) + dt.timedelta(days=1)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=STOCKHOLM)


def tertial_periods(year: int, tertial: int, today: dt.date | None = None) -> dict[str, Any]:
    """This tertial (up to today if it is under way) and the same span one year earlier."""
    start, end = tertial_bounds(year, tertial)
    today = today or local_date(timezone.now())
    partial = start <= today < end
    current_end = today + dt.timedelta(days=1) if partial else end
    return {
        "start": start, "end": current_end, "partial": partial, "future": today < start,
        "previous_start": _year_earlier(start), "previous_end": _year_earlier(current_end),
    }


def tertial_picture(*, user: Any, year: int, tertial: int, today: dt.date | None = None) -> dict[str, Any]:
    period = tertial_periods(year, tertial, today)
    cur = Q(observed_at__gte=_midnight(period["start"]), observed_at__lt=_midnight(period["end"]))
    prev = Q(observed_at__gte=_midnight(period["previous_start"]), observed_at__lt=_midnight(period["previous_end"]))
    rows = (
        Observation.objects.for_picture(user).filter(cur | prev)
        .values("area_id", "category_id")
        .annotate(current=Count("id", filter=cur), previous=Count("id", filter=prev))
        .order_by()
    )
    cells: dict[int | None, dict[int, tuple[int, int]]] = defaultdict(dict)
    categories, counted_as = picture_categories()
    for row in rows:  # a residents' category is counted under its EST category
        category_id = counted_as.get(row["category_id"], row["category_id"])
        current, previous = cells[row["area_id"]].get(category_id, (0, 0))
        cells[row["area_id"]][category_id] = (current + row["current"], previous + row["previous"])
    used = [c for c in categories if any(c.pk in per_area for per_area in cells.values())]

    def summarise(current: int, previous: int) -> dict[str, Any]:
        return {"current": current, "previous": previous, "change": current - previous,
                "change_pct": rules.change_percent(current, previous),
                "needs_efforts": rules.needs_larger_efforts(current, previous)}

    areas = []
    for area in Area.objects.only("id", "slug", "name", "is_prioritised"):
        per = cells.get(area.pk, {})
        cur_total = sum(c for c, _ in per.values())
        prev_total = sum(p for _, p in per.values())
        areas.append({
            "slug": area.slug, "name": area.name, "prioritised": area.is_prioritised,
            **summarise(cur_total, prev_total),
            "cells": [per.get(c.pk, (0, 0)) for c in used],
        })
    areas.sort(key=lambda a: (not a["prioritised"], -a["current"], a["name"]))
    category_rows = []
    for cat in used:
        cur_total = sum(per.get(cat.pk, (0, 0))[0] for per in cells.values())
        prev_total = sum(per.get(cat.pk, (0, 0))[1] for per in cells.values())
        category_rows.append({"code": cat.code, "name": cat.name, **summarise(cur_total, prev_total)})
    category_rows.sort(key=lambda r: (-r["current"], r["name"]))
    cur_total = sum(a["current"] for a in areas) + sum(c for c, _ in cells.get(None, {}).values())
    prev_total = sum(a["previous"] for a in areas) + sum(p for _, p in cells.get(None, {}).values())
    return {
        "year": year, "tertial": tertial, **period,
        "areas": areas,
        "categories": category_rows,
        "matrix_categories": [{"code": c.code, "name": c.name} for c in used],
        "total": summarise(cur_total, prev_total),
        "needs_efforts": [a for a in areas if a["needs_efforts"]],
    }
