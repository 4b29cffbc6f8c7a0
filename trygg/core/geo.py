"""Coordinates, ISO weeks and tertials. WGS84 for storage and maps, SWEREF99 TM (EPSG:3006) for metres."""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from pyproj import Transformer

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@lru_cache(maxsize=1)
def _to_sweref() -> Transformer:
    return Transformer.from_crs("EPSG:4326", "EPSG:3006", always_xy=True)


@lru_cache(maxsize=1)
def _to_wgs84() -> Transformer:
    return Transformer.from_crs("EPSG:3006", "EPSG:4326", always_xy=True)


def to_sweref(lat: Any, lon: Any) -> tuple[Any, Any]:
    """(lat, lon) in WGS84 -> (easting, northing) in metres; scalars or numpy arrays."""
    e, n = _to_sweref().transform(lon, lat)
    return e, n


def to_wgs84(easting: Any, northing: Any) -> tuple[Any, Any]:
    """(easting, northing) in SWEREF99 TM -> (lat, lon) in WGS84; scalars or numpy arrays."""
    lon, lat = _to_wgs84().transform(easting, northing)
    return lat, lon


def coarsen(lat: float, lon: float, grid_metres: float) -> tuple[float, float]:
    """Snap a point to the centre of its grid cell so the public never sees the exact place."""
    e, n = to_sweref(lat, lon)
    e = (math.floor(e / grid_metres) + 0.5) * grid_metres
    n = (math.floor(n / grid_metres) + 0.5) * grid_metres
    clat, clon = to_wgs84(e, n)
    return round(clat, 6), round(clon, 6)


def distance_metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    e1, n1 = to_sweref(lat1, lon1)
    e2, n2 = to_sweref(lat2, lon2)
    return math.hypot(e2 - e1, n2 - n1)


def is_valid_coordinate(lat: object, lon: object) -> bool:
    try:
        flat, flon = float(lat), float(lon)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return math.isfinite(flat) and math.isfinite(flon) and -90 <= flat <= 90 and -180 <= flon <= 180


# ---- weeks and tertials -------------------------------------------------------------------


def local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(STOCKHOLM).date()


def iso_week_of(moment: dt.datetime | dt.date) -> tuple[int, int]:
    day = local_date(moment) if isinstance(moment, dt.datetime) else moment
    year, week, _ = day.isocalendar()
    return year, week


def week_label(year: int, week: int) -> str:
    return f"{year}-W{week:02d}"


def parse_week_label(label: str) -> tuple[int, int]:
    """'2026-W07' -> (2026, 7); raises ValueError on anything else."""
    year_s, _, week_s = label.upper().partition("-W")
    year, week = int(year_s), int(week_s)
    dt.date.fromisocalendar(year, week, 1)  # validates week 53 etc.
    return year, week


def local_midnight(day: dt.date) -> dt.datetime:
    """The start of `day` in Stockholm time, as an aware datetime (for filtering by calendar days)."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=STOCKHOLM)


def whole_weeks(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date, list[tuple[int, int]]]:
    """The ISO weeks lying wholly within the days [start, end): the Monday the first begins, the Monday after the
    last (the same day when there are none), and their (year, week)."""
    first = start + dt.timedelta(days=(7 - start.weekday()) % 7)  # the first Monday on or after start
    count = max(0, (end - first).days // 7)
    return first, first + dt.timedelta(weeks=count), [iso_week_of(first + dt.timedelta(weeks=i)) for i in range(count)]


def week_start(year: int, week: int) -> dt.date:
    return dt.date.fromisocalendar(year, week, 1)


def week_bounds(year: int, week: int) -> tuple[dt.datetime, dt.datetime]:
    """[Monday 00:00, next Monday 00:00) in Stockholm time, as aware datetimes."""
    start = local_midnight(week_start(year, week))
    return start, start + dt.timedelta(days=7)


def shift_week(year: int, week: int, delta: int) -> tuple[int, int]:
    y, w, _ = (week_start(year, week) + dt.timedelta(weeks=delta)).isocalendar()
    return y, w


def tertial_of(day: dt.date) -> tuple[int, int]:
    """Tertial 1 = Jan-Apr, 2 = May-Aug, 3 = Sep-Dec."""
    return day.year, (day.month - 1) // 4 + 1


def tertial_bounds(year: int, tertial: int) -> tuple[dt.date, dt.date]:
    """[first day, first day of the next tertial)."""
    if tertial not in (1, 2, 3):
        raise ValueError("tertial must be 1, 2 or 3")
    start = dt.date(year, (tertial - 1) * 4 + 1, 1)
    end = dt.date(year + 1, 1, 1) if tertial == 3 else dt.date(year, tertial * 4 + 1, 1)
    return start, end
