"""ISO-week windows and the database filter that selects them through the obs_week_area index."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.db.models import Q
from django.utils import timezone

from trygg.core.geo import iso_week_of, shift_week

Week = tuple[int, int]


def current_week(now: dt.datetime | None = None) -> Week:
    return iso_week_of(now or timezone.now())


def resolve_week(until: Week | dt.date | dt.datetime | None) -> Week:
    """(year, week) from a week tuple, a date or a datetime; None is the current week."""
    if until is None:
        return current_week()
    if isinstance(until, tuple):
        return until
    return iso_week_of(until)


def week_window(year: int, week: int, count: int) -> list[Week]:
    """The `count` ISO weeks ending with (year, week), oldest first (crosses week 53 and New Year)."""
    return [shift_week(year, week, -offset) for offset in range(count - 1, -1, -1)]


def weeks_filter(weeks: list[Week]) -> Q:
    """One range per ISO year: iso_year = y AND iso_week BETWEEN a AND b (index obs_week_area)."""
    q = Q()
    for year, group in groupby(sorted(weeks), key=lambda w: w[0]):
        numbers = [w for _, w in group]
        q |= Q(iso_year=year, iso_week__gte=min(numbers), iso_week__lte=max(numbers))
    return q
