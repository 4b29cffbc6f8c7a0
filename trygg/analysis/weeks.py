"""Local dates, ISO weeks and the area × category × week count cube.

Timestamps come in as UTC instants: ``datetime64`` values (taken as UTC) or integer epoch seconds. They are
converted to Europe/Stockholm local dates (the municipality's calendar, so a report at 00:30 on a Monday in
summer belongs to that Monday's week) by adding the zone's UTC offset in force at that instant. The offsets
come from the IANA database through ``zoneinfo``: for each calendar year in the data the transition instants
are found (a daily scan, then a bisection to the second around each change) and looked up per instant.

The week of a local day number ``d`` (days since 1970-01-01, a Thursday) is ``(d + 3) // 7``: week 0 starts
on Monday 1969-12-29, so every Monday-based week gets one integer. The ISO year of a week is the year of
its Thursday (day ``7 * w``), the ISO week number is ``(day of year of that Thursday) // 7 + 1``.

The cube (``weekly_cube``) computes the same week with integer arithmetic only, in uint32 relative to the
data's first week (see ``_WeekFrame`` for why that is exact and when it falls back to int64), a block of
rows at a time.
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
_WEEK = 7 * _DAY
_MONDAY = 3 * _DAY  # 1970-01-01 is a Thursday: seconds + 3 days count from Monday 1969-12-29 00:00
_FIRST_YEAR, _LAST_YEAR = 2, 9_997  # instants whose zone tables (year − 1 … year + 1) datetime can build
_BLOCK = 1 << 17  # rows per block in the cube: a block's temporaries (~3 MB) stay in the CPU cache


def epoch_seconds(timestamps: NDArray[np.generic]) -> NDArray[np.int64]:
    """datetime64 (any unit, taken as UTC) or integer epoch seconds -> int64 epoch seconds."""
    ts = np.asarray(timestamps)
    if np.issubdtype(ts.dtype, np.datetime64):
        return ts.astype("datetime64[s]", copy=False).view(np.int64)
    return ts.astype(np.int64, copy=False)


@lru_cache(maxsize=512)
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


def _year(instant: int) -> int:
    """The UTC calendar year of an epoch second; ValueError outside the years the zone tables cover."""
    try:
        year = (dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=instant)).year
    except OverflowError:
        year = 0
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        raise ValueError(f"instant {instant} is outside the years {_FIRST_YEAR}–{_LAST_YEAR} (NaT?)")
    return year


def _table(zone: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The zone's transitions around [lo, hi], sorted; the first one is at or before ``lo``."""
    return sorted({t for year in range(_year(lo) - 1, _year(hi) + 2) for t in _transitions(zone, year)})


def _offsets_between(zone: str, lo: int, hi: int) -> list[int]:
    """Every UTC offset in force at some instant of [lo, hi] (the one at ``lo``, then each change up to ``hi``)."""
    if zone == "UTC":
        return [0]
    table = _table(zone, lo, hi)
    at_lo = [off for instant, off in table if instant <= lo][-1]
    return [at_lo] + [off for instant, off in table if lo < instant <= hi]


def utc_offsets(seconds: NDArray[np.int64], zone: str = STOCKHOLM) -> NDArray[np.int64]:
    """UTC offset in seconds at each instant."""
    if len(seconds) == 0:
        return np.zeros(0, dtype=np.int64)
    lo, hi = int(seconds.min()), int(seconds.max())
    if zone == "UTC":
        return np.zeros(len(seconds), dtype=np.int64)
    table = _table(zone, lo, hi)
    base = [off for instant, off in table if instant <= lo][-1]
    changes = [(instant, off) for instant, off in table if lo < instant <= hi]
    if len(changes) > 8:  # many years: one searchsorted over the transitions
        instants = np.array([instant for instant, _ in changes], dtype=np.int64)
        values = np.array([base] + [off for _, off in changes], dtype=np.int64)
        return values[np.searchsorted(instants, seconds, side="right")]
    # the offset in force at the earliest instant, then one comparison per transition inside the data's range
    # (a handful: cheaper than a searchsorted over a million instants)
    out = np.full(len(seconds), base, dtype=np.int64)
    previous = base
    for instant, offset in changes:
        if offset != previous:
            out += (seconds >= instant) * np.int64(offset - previous)
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


def local_weeks(timestamps: NDArray[np.generic], zone: str = STOCKHOLM) -> NDArray[np.int64]:
    """Week ordinal of each instant's local date, the plain way: ``(s + offset(s) + 3 days) // 7 days``."""
    s = epoch_seconds(timestamps)
    return (s + utc_offsets(s, zone) + _MONDAY) // _WEEK


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


@dataclass(frozen=True)
class _WeekFrame:
    """How the instants of one data set map to local weeks: ``week(s) = start + frame.weeks(s)``.

    The local week is ``W(s) = (s + off(s) + 3 days) // P`` (P = one week in seconds), where the offsets in
    force over the data's range [lo, hi] lie in [m, m + spread]. With ``start = (lo + m + 3 days) // P`` and
    ``origin = start·P − m − 3 days`` (when week ``start`` would begin if m were in force), ``u = s − origin``
    gives ``W(s) − start = (u + (off(s) − m)) // P`` with ``0 <= off(s) − m <= spread``, so

    - ``u // P`` is the answer for every instant with ``u mod P < P − spread`` (adding at most ``spread``
      cannot reach the next multiple of P). With a single offset over the range (UTC, or winter-only data)
      spread is 0 and that is every instant.
    - the others (local time within ``spread`` — one hour for Stockholm — of a Monday 00:00; ~0.6 % of
      uniform data) are redone one by one with their exact offset.

    ``0 <= u`` and ``u + spread <= hi − origin + spread < 2**32`` when the data span less than ~136 years
    (``narrow``), so ``u`` is computed in uint32: ``s.astype(uint32)`` is ``s mod 2**32`` (a C conversion to an
    unsigned type, also for negative/pre-1970 ``s``), and uint32 subtraction wraps modulo 2**32, so
    ``(s mod 2**32 − origin mod 2**32) mod 2**32 = s − origin`` exactly. Division, multiplication
    (``(u // P)·P <= u``) and comparison in uint32 are then exact integer operations: no floating point
    anywhere. Wider spans use int64 and the exact offset of every instant.
    """

    zone: str
    start: int  # the earliest week any instant can fall in
    n: int  # weeks start … start + n − 1 hold every instant
    origin: int
    spread: int
    narrow: bool

    @classmethod
    def covering(cls, s: NDArray[np.int64], zone: str) -> _WeekFrame:
        lo, hi = int(s.min()), int(s.max())
        offsets = _offsets_between(zone, lo, hi)
        smallest, spread = min(offsets), max(offsets) - min(offsets)
        start = (lo + smallest + _MONDAY) // _WEEK
        origin = start * _WEEK - smallest - _MONDAY
        span = hi - origin + spread  # the largest u + (off − m)
        return cls(zone, start, span // _WEEK + 1, origin, spread, span < 2**32)

    def weeks(self, s: NDArray[np.int64]) -> NDArray[Any]:
        """Week of each instant relative to ``start``: uint32 when ``narrow``, else int64."""
        if not self.narrow:
            return local_weeks(s, self.zone) - self.start
        u = s.astype(np.uint32)
        u -= np.uint32(self.origin % 2**32)
        rel = u // np.uint32(_WEEK)
        if self.spread:
            rest = rel * np.uint32(_WEEK)
            np.subtract(u, rest, out=rest)  # u mod P
            near = np.flatnonzero(rest >= np.uint32(_WEEK - self.spread))
            if len(near):
                rel[near] = local_weeks(s[near], self.zone) - self.start
        return rel


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
    """Counts per area × category × local ISO week, as a dense cube (a ``bincount`` per block of rows).

    Rows with a negative area or category (or one ≥ ``n_areas``/``n_categories``), or outside
    [first_week, first_week + n_weeks), are not counted. By default the weeks run from the first to the last
    week of any row (counted or not). The counts may be a view into a slightly larger array.
    """
    s = epoch_seconds(timestamps)
    a, c = np.asarray(area), np.asarray(category)
    groups = n_areas * n_categories
    if len(s) == 0:
        first_week = 0 if first_week is None else first_week
        return WeeklyCube(np.zeros((n_areas, n_categories, n_weeks or 0), dtype=np.int64), first_week)
    frame = _WeekFrame.covering(s, zone)
    start, n = frame.start, frame.n
    # rows with an area or category outside the cube are counted in one extra group, then dropped
    bad = None
    if not (a.min() >= 0 and a.max() < n_areas and c.min() >= 0 and c.max() < n_categories):
        bad = (a < 0) | (a >= n_areas) | (c < 0) | (c >= n_categories)
    rows = groups + (bad is not None)
    kind: type[np.unsignedinteger[Any] | np.signedinteger[Any]] = (
        np.uint32 if frame.narrow and rows * n <= 2**32 else np.int64)
    small = bad is None and rows < 2**15  # every id in the cube, and a · n_c + c < 2**15: exact in int16
    counts = np.zeros((rows, n), dtype=np.intp)
    flat = counts.reshape(-1)  # a view
    for first in range(0, len(s), _BLOCK):  # a block at a time: its temporaries stay in the CPU cache
        block = slice(first, first + _BLOCK)
        key: NDArray[Any]
        if small:
            group = a[block].astype(np.int16, copy=False) * np.int16(n_categories)
            group += c[block].astype(np.int16)
            key = group.astype(kind)
        else:
            key = a[block].astype(kind)
            if bad is not None:
                np.putmask(key, bad[block], 0)
            key *= kind(n_categories)
            key += c[block].astype(kind)
            if bad is not None:
                np.putmask(key, bad[block], groups)
        key *= kind(n)
        key += frame.weeks(s[block]).astype(kind, copy=False)  # < rows · n: no overflow
        flat += np.bincount(key.astype(np.intp, copy=False), minlength=rows * n)
    if first_week is None or n_weeks is None:
        filled = np.flatnonzero(counts.any(axis=0))  # every row was counted somewhere
        first_week = start + int(filled[0]) if first_week is None else first_week
        n_weeks = max(start + int(filled[-1]) - first_week + 1, 0) if n_weeks is None else n_weeks
    lo = first_week - start
    if lo >= 0 and lo + n_weeks <= n:
        window = counts[:groups, lo:lo + n_weeks]
    else:  # the requested weeks reach beyond the data: zeros there
        window = np.zeros((groups, n_weeks), dtype=np.int64)
        a0, a1 = max(lo, 0), min(lo + n_weeks, n)
        if a0 < a1:
            window[:, a0 - lo:a1 - lo] = counts[:groups, a0:a1]
    return WeeklyCube(window.reshape(n_areas, n_categories, n_weeks), first_week)
