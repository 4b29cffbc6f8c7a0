"""The tertial view: counts per area × category for a tertial against the same tertial last year.

A tertial starts and ends on calendar days, not on ISO weeks. The whole ISO weeks inside a period are read from the
weekly rollup (incidents.WeeklyCount, through weekly_counts(), which applies the same visibility as
Observation.objects.for_picture()); the days before its first Monday and from its last Monday, and observations
outside every area (the rollup holds none), are counted from the observations. At a million observations this
reads a few hundred rollup rows and a few weeks of observations instead of eight months of them."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from trygg.accounts import permissions
from trygg.areas.models import Area
from trygg.core.geo import local_date, local_midnight, tertial_bounds, whole_weeks
from trygg.incidents.models import Observation

from .. import rules
from .weekly import audience_for, picture_categories, weekly_counts


def _year_earlier(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28) + dt.timedelta(days=1)


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


Cell = tuple[int | None, int]  # area (None: outside every area), category


def observed_counts(user: Any, q: Q) -> Counter[Cell]:
    """Observations the user may count, matching `q`, per (area, category), read from the observations."""
    rows = (Observation.objects.for_picture(user).filter(q).values("area_id", "category_id")
            .annotate(n=Count("id")).order_by())
    return Counter({(row["area_id"], row["category_id"]): row["n"] for row in rows})


def _days(start: dt.date, end: dt.date) -> Q:
    return Q(observed_at__gte=local_midnight(start), observed_at__lt=local_midnight(end))


def period_counts(user: Any, start: dt.date, end: dt.date) -> Counter[Cell]:
    """Observations the user may count per (area, category) observed on the days [start, end) (Swedish time):
    whole ISO weeks from the rollup, the rest from the observations (see the module docstring)."""
    first, last, weeks = whole_weeks(start, end)
    if not weeks or not permissions.is_member(user):
        return observed_counts(user, _days(start, end))
    counts = observed_counts(user, _days(start, first) | _days(last, end) | (Q(area__isnull=True) & _days(first, last)))
    for row in weekly_counts(audience_for(user), weeks):
        counts[(row["area_id"], row["category_id"])] += row["n"]
    return counts


def tertial_picture(*, user: Any, year: int, tertial: int, today: dt.date | None = None) -> dict[str, Any]:
    period = tertial_periods(year, tertial, today)
    current_counts = period_counts(user, period["start"], period["end"])
    previous_counts = period_counts(user, period["previous_start"], period["previous_end"])
    cells: dict[int | None, dict[int, tuple[int, int]]] = defaultdict(dict)
    categories, counted_as = picture_categories()
    for area_id, raw_category in current_counts.keys() | previous_counts.keys():
        # a residents' category is counted under its EST category
        category_id = counted_as.get(raw_category, raw_category)
        current, previous = cells[area_id].get(category_id, (0, 0))
        cells[area_id][category_id] = (current + current_counts[(area_id, raw_category)],
                                       previous + previous_counts[(area_id, raw_category)])
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
