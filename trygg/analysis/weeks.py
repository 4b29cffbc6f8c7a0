"""Local dates, ISO weeks and the area × category × week count cube.

Timestamps come in as UTC instants: ``datetime64`` values (taken as UTC) or integer epoch seconds. They are
converted to Europe/Stockholm local dates (the municipality's calendar, so a report at 00:30 on a Monday in
summer belongs to that Monday's week) by adding the zone's UTC offset in force at that instant. The offsets
come from the IANA database through ``zoneinfo``: for each calendar year in the data the transition instants
are found (a daily scan, then an hourly one around each change) and looked up with ``searchsorted``.

The week of a local day number ``d`` (days since 1970-01-01, a Thursday) is ``(d + 3) // 7``: week 0 starts
on Monday 1969-12-29, so every Monday-based week gets one integer. The ISO year of a week is the year of
its Thursday (day ``7 * w``), the ISO week number is ``(day of year of that Thursday) // 7 + 1``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

STOCKHOLM = "Europe/Stockholm"
_DAY = 86_400


def epoch_seconds(timestamps: NDArray[np.generic]) -> NDArray[np.int64]:
    """datetime64 (any unit, taken as UTC) or integer epoch seconds -> int64 epoch seconds."""
    ts = np.asarray(timestamps)
    if np.issubdtype(ts.dtype, np.datetime64):
        return ts.astype("datetime64[s]", copy=False).view(np.int64)
    return ts.astype(np.int64, copy=False)


@lru_cache(maxsize=64)
def _transitions(zone: str, year: int) -> tuple[tuple[int, int], ...]:
    """((utc_instant, offset_seconds_from_then_on), ...) for one calendar year, starting at its 1 January."""
    tz = ZoneInfo(zone)

    def offset(instant: int) -> int:
        moment = dt.datetime.fromtimestamp(instant, tz=dt.UTC).astimezone(tz)
        return int(moment.utcoffset().total_seconds())  # type: ignore[union-attr]

    start = int(dt.datetime(year, 1, 1, tzinfo=dt.UTC).timestamp()) - 2 * _DAY
    days = int((dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days) + 4
    out = [(start, offset(start))]
    previous = out[0][1]
    for day in range(1, days + 1):
        instant = start + day * _DAY
        current = offset(instant)
        if current != previous:  # find the change to the second inside that day
            lo, hi = instant - _DAY, instant
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if offset(mid) == previous:
                    lo = mid
                else:
                    hi = mid
            out.append((hi, current))
            previous = current
    return tuple(out)


def utc_offsets(seconds: NDArray[np.int64], zone: str = STOCKHOLM) -> NDArray[np.int64]:
    """UTC offset in seconds at each instant."""
    if len(seconds) == 0:
        return np.zeros(0, dtype=np.int64)
    lo, hi = int(seconds.min()), int(seconds.max())
    first = dt.datetime.fromtimestamp(lo, tz=dt.UTC).year
    last = dt.datetime.fromtimestamp(hi, tz=dt.UTC).year
    table = sorted({t for year in range(first - 1, last + 2) for t in _transitions(zone, year)})
    # the offset in force at the earliest instant, then one comparison per transition inside the data's range
    # (a handful: cheaper than a searchsorted over a million instants)
    base = [off for instant, off in table if instant <= lo][-1]
    out = np.full(len(seconds), base, dtype=np.int64)
    previous = base
    for instant, offset in table:
        if lo < instant <= hi and offset != previous:
            out += (seconds >= instant) * np.int64(offset - previous)
        if instant <= hi:
            previous = offset
    return out


def local_days(timestamps: NDArray[np.generic], zone: str = STOCKHOLM) -> NDArray[np.int64]:
    """Local calendar day per instant, as days since 1970-01-01."""
    s = epoch_seconds(timestamps)
    if zone == "UTC":
        return s // _DAY
    return (s + utc_offsets(s, zone)) // _DAY


def week_numbers(days: NDArray[np.int64]) -> NDArray[np.int64]:
    """Monday-based week ordinal of each day number (week 0 starts on Monday 1969-12-29)."""
    return (np.asarray(days, dtype=np.int64) + 3) // 7


def iso_year_week(weeks: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """ISO (year, week) of each week ordinal."""
    thursday = (np.asarray(weeks, dtype=np.int64) * 7).astype("datetime64[D]")
    year = thursday.astype("datetime64[Y]")
    day_of_year = (thursday - year).astype(np.int64)
    return year.astype(np.int64) + 1970, day_of_year // 7 + 1


def week_of(year: int, week: int) -> int:
    """The week ordinal of an ISO (year, week)."""
    monday = dt.date.fromisocalendar(year, week, 1)
    return ((monday - dt.date(1970, 1, 1)).days + 3) // 7


def _local_weeks(s: NDArray[np.int64], zone: str) -> NDArray[np.int64]:
    """Week ordinal of each instant's local date: ((s + offset) // 86400 + 3) // 7, computed as
    (s + offset + 3 · 86400) // (7 · 86400) in one float64 division (exact here: |s| < 2**53, and an exact
    multiple stays exact) because an int64 division is much slower.

    The zone's offset only matters for instants whose local time lies within (max − min offset) of a week
    boundary (Sunday midnight): the week is computed with the smallest offset in force over the data's range,
    and only those few instants are redone with their exact offset.
    """
    week = 7 * _DAY
    if zone == "UTC" or len(s) == 0:
        return np.floor((s + 3 * _DAY) / week).astype(np.int64)
    lo, hi = int(s.min()), int(s.max())
    first = dt.datetime.fromtimestamp(lo, tz=dt.UTC).year
    last = dt.datetime.fromtimestamp(hi, tz=dt.UTC).year
    table = sorted({t for year in range(first - 1, last + 2) for t in _transitions(zone, year)})
    in_range = [off for instant, off in table if instant <= hi]
    base = min(in_range)
    spread = max(in_range) - base
    shifted = s + (base + 3 * _DAY)
    weeks = np.floor(shifted / week).astype(np.int64)
    if spread:
        near = np.flatnonzero(shifted - weeks * week >= week - spread)
        if len(near):
            exact = s[near] + utc_offsets(s[near], zone) + 3 * _DAY
            weeks[near] = np.floor(exact / week).astype(np.int64)
    return weeks


@dataclass(frozen=True)
class WeeklyCube:
    counts: NDArray[np.int64]  # (areas, categories, weeks)
    first_week: int  # week ordinal of counts[..., 0]

    @property
    def weeks(self) -> NDArray[np.int64]:
        return self.first_week + np.arange(self.counts.shape[2], dtype=np.int64)

    def labels(self) -> list[str]:
        years, numbers = iso_year_week(self.weeks)
        return [f"{y}-W{w:02d}" for y, w in zip(years.tolist(), numbers.tolist(), strict=True)]


def weekly_cube(area: NDArray[np.integer], category: NDArray[np.integer], timestamps: NDArray[np.generic], *,
                n_areas: int, n_categories: int, zone: str = STOCKHOLM,
                first_week: int | None = None, n_weeks: int | None = None) -> WeeklyCube:
    """Counts per area × category × local ISO week, as a dense cube (one ``bincount``).

    Rows with a negative area or category, or outside [first_week, first_week + n_weeks), are not counted.
    """
    weeks = _local_weeks(epoch_seconds(timestamps), zone)
    a = np.asarray(area)
    c = np.asarray(category)
    if first_week is None:
        first_week = int(weeks.min()) if len(weeks) else 0
    if n_weeks is None:
        n_weeks = int(weeks.max()) - first_week + 1 if len(weeks) else 0
    if len(weeks) and not (a.min() >= 0 and a.max() < n_areas and c.min() >= 0 and c.max() < n_categories
                       and int(weeks.min()) >= first_week and int(weeks.max()) < first_week + n_weeks):
        w = weeks - first_week
        keep = (a >= 0) & (a < n_areas) & (c >= 0) & (c < n_categories) & (w >= 0) & (w < n_weeks)
        a, c, weeks = a[keep], c[keep], weeks[keep]
    size = n_areas * n_categories * n_weeks
    small: type[np.signedinteger[Any]] = np.int32 if size < 2**31 else np.int64
    key: NDArray[np.signedinteger[Any]] = a.astype(small) * n_categories
    key += c.astype(small)
    key *= n_weeks
    key += (weeks - first_week).astype(small)
    counts = np.bincount(key, minlength=size)
    return WeeklyCube(counts.reshape(n_areas, n_categories, n_weeks).astype(np.int64), first_week)
