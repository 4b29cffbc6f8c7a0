"""The cube's local ISO weeks, instant by instant, against Python's zoneinfo (and pandas on random data).

``weekly_cube`` derives the week with uint32 integer arithmetic relative to the data's first week and redoes
only the instants near a week boundary with their exact offset (``weeks._WeekFrame``). These tests put
every instant in its own area, so the cube tells which week each one landed in, and compare that with
``datetime.astimezone(ZoneInfo(zone)).isocalendar()`` at the places where a shortcut would go wrong: every
local Monday 00:00 (± 1 s), every DST change (± 1 s, ± 1 h), year ends with ISO week 53 and week 1 starting
in December, pre-1970 instants, sub-second instants, and spans wider than the uint32 range.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from trygg.analysis.weeks import STOCKHOLM, _transitions, _WeekFrame, iso_year_week, local_weeks, weekly_cube

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
# Stockholm plus zones that stress the general case: no DST (UTC), odd offsets (+05:45, −03:30 with DST),
# a 30-minute DST (Lord Howe), DST changes at local midnight (Havana, Santiago, Tehran) and a skipped day
# (Apia, 2011-12-30: a 24-hour jump)
ZONES = [STOCKHOLM, "UTC", "Asia/Kathmandu", "America/St_Johns", "Australia/Lord_Howe", "America/Havana",
         "America/Santiago", "Asia/Tehran", "Pacific/Apia"]


def reference_weeks(seconds: list[int], zone: str) -> list[tuple[int, int]]:
    tz = ZoneInfo(zone)
    dates = [(EPOCH + dt.timedelta(seconds=v)).astimezone(tz).isocalendar() for v in seconds]
    return [(d.year, d.week) for d in dates]


def cube_weeks(seconds: list[int], zone: str) -> list[tuple[int, int]]:
    """The ISO (year, week) that weekly_cube counts each instant in (every instant is its own area)."""
    n = len(seconds)
    cube = weekly_cube(np.arange(n, dtype=np.int16), np.zeros(n, dtype=np.int8), np.array(seconds),
                       n_areas=n, n_categories=1, zone=zone)
    per_row = cube.counts[:, 0, :]
    assert per_row.sum(axis=1).tolist() == [1] * n
    years, weeks = iso_year_week(cube.first_week + per_row.argmax(axis=1))
    return list(zip(years.tolist(), weeks.tolist(), strict=True))


def local_mondays(year: int, zone: str) -> list[int]:
    """UTC instants of every local Monday 00:00 from the last one of ``year − 1`` to the first of ``year + 1``."""
    tz = ZoneInfo(zone)
    day = dt.date(year - 1, 12, 25)
    day += dt.timedelta(days=-day.weekday())
    out = []
    while day <= dt.date(year + 1, 1, 8):
        out.append(int(dt.datetime.combine(day, dt.time(0), tzinfo=tz).timestamp()))
        day += dt.timedelta(days=7)
    return out


def transitions(year: int, zone: str) -> list[int]:
    changes = []
    previous = None
    for instant, offset in _transitions(zone, year):
        if previous is not None and offset != previous:
            changes.append(instant)
        previous = offset
    return changes


@pytest.mark.parametrize("year", [1879, 1900, 1916, 1969, 1970, 1980, 1996, 2004, 2015, 2020, 2024, 2025, 2026,
                                  2027, 2037, 2048])
def test_cube_weeks__every_monday_midnight_and_dst_change__match_zoneinfo(year: int) -> None:
    # 2015, 2020, 2026 have an ISO week 53 (2026-W53 ends on Sunday 2027-01-03); 2025-12-29 is 2026-W01;
    # 1879 has the local mean time offset +01:12:12; 1916 and 1980 the first summer times; 2048 comes from the
    # zone's rule, not a table
    near = [b + d for b in local_mondays(year, STOCKHOLM) for d in (-3601, -3600, -1, 0, 1, 3599)]
    near += [t + d for t in transitions(year, STOCKHOLM) for d in (-7200, -3601, -3600, -1, 0, 1, 3600)]
    seconds = sorted(set(near))
    assert cube_weeks(seconds, STOCKHOLM) == reference_weeks(seconds, STOCKHOLM)


def test_cube_weeks__sunday_24_00_local__is_the_next_week() -> None:
    tz = ZoneInfo(STOCKHOLM)
    summer_monday = int(dt.datetime(2025, 6, 2, tzinfo=tz).timestamp())  # 2025-06-01 22:00 UTC
    winter_monday = int(dt.datetime(2025, 12, 29, tzinfo=tz).timestamp())  # 2025-12-28 23:00 UTC
    seconds = [summer_monday - 1, summer_monday, winter_monday - 1, winter_monday]
    assert cube_weeks(seconds, STOCKHOLM) == [(2025, 22), (2025, 23), (2025, 52), (2026, 1)]
    assert cube_weeks(seconds, "UTC") == [(2025, 22), (2025, 22), (2025, 52), (2025, 52)]


def test_cube_weeks__sub_second_instants_before_1970__are_floored() -> None:
    # Sunday 1969-12-28 23:59:59.5 local (22:59:59.5 UTC) is still in 1969-W52; half a second later it is W01
    monday = int(dt.datetime(1969, 12, 29, tzinfo=ZoneInfo(STOCKHOLM)).timestamp())
    ns = np.array([monday * 10**9 - 500_000_000, monday * 10**9], dtype="datetime64[ns]")
    cube = weekly_cube(np.array([0, 1]), np.array([0, 0]), ns, n_areas=2, n_categories=1)
    assert cube.labels() == ["1969-W52", "1970-W01"]
    assert cube.counts[:, 0].tolist() == [[1, 0], [0, 1]]


@given(zone=st.sampled_from(ZONES),
       base=st.integers(int(dt.datetime(1850, 1, 1, tzinfo=dt.UTC).timestamp()),
                        int(dt.datetime(2090, 1, 1, tzinfo=dt.UTC).timestamp())),
       span=st.sampled_from([3_600, 86_400, 7 * 86_400, 90 * 86_400, 400 * 86_400, 20 * 365 * 86_400]),
       steps=st.lists(st.floats(0, 1), min_size=1, max_size=60),
       snap=st.booleans())
@hypothesis_settings(max_examples=300, deadline=None)
def test_cube_weeks__random_instants_in_random_zones__match_zoneinfo(zone: str, base: int, span: int,
                                                                     steps: list[float], snap: bool) -> None:
    seconds = [base + int(f * span) for f in steps]
    if snap:  # pull every instant onto the nearest local Monday 00:00, ± a second or an hour
        tz = ZoneInfo(zone)
        snapped = []
        for k, v in enumerate(seconds):
            day = (EPOCH + dt.timedelta(seconds=v)).astimezone(tz).date()
            monday = dt.datetime.combine(day - dt.timedelta(days=day.weekday()), dt.time(0), tzinfo=tz)
            snapped.append(int(monday.timestamp()) + (-3600, -1, 0, 1, 1800)[k % 5])
        seconds = snapped
    assert cube_weeks(seconds, zone) == reference_weeks(seconds, zone)


def test_cube_weeks__span_beyond_uint32__int64_path_is_exact() -> None:
    # 1880 to 2030 is more than 2**32 seconds (136 years): the exact int64 path
    mondays = local_mondays(1880, STOCKHOLM)[:3] + local_mondays(2030, STOCKHOLM)[-3:]
    seconds = sorted({b + d for b in mondays for d in (-1, 0)})
    assert seconds[-1] - seconds[0] > 2**32
    assert cube_weeks(seconds, STOCKHOLM) == reference_weeks(seconds, STOCKHOLM)
    frame = _WeekFrame.covering(np.array(seconds, dtype=np.int64), STOCKHOLM)
    assert not frame.narrow and frame.weeks(np.array(seconds, dtype=np.int64)).dtype == np.int64


def test_week_frame__near_boundary_fix_up__is_what_makes_summer_mondays_right(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The fix-up is needed: with the offsets pretended constant, summer Monday 00:30 falls into Sunday's week."""
    from trygg.analysis import weeks

    tz = ZoneInfo(STOCKHOLM)
    seconds = [int(dt.datetime(2025, 1, 6, tzinfo=tz).timestamp()),
               int(dt.datetime(2025, 6, 2, 0, 30, tzinfo=tz).timestamp())]
    assert cube_weeks(seconds, STOCKHOLM) == [(2025, 2), (2025, 23)]
    monkeypatch.setattr(weeks, "_offsets_between", lambda zone, lo, hi: [3600])
    assert cube_weeks(seconds, STOCKHOLM) == [(2025, 2), (2025, 22)]


@pytest.mark.parametrize("zone", ["UTC", STOCKHOLM])
def test_weekly_cube__small_blocks__same_counts_as_one_block(zone: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from trygg.analysis import weeks

    rng = np.random.default_rng(8)
    n = 5_000
    start = int(dt.datetime(2025, 3, 1, tzinfo=dt.UTC).timestamp())
    seconds = start + rng.integers(0, 60 * 86_400, n)
    seconds[::3] = seconds[::3] // 86_400 * 86_400 - 7_200  # many instants at local midnight in summer
    area, category = rng.integers(-1, 5, n), rng.integers(0, 3, n)
    whole = weekly_cube(area, category, seconds, n_areas=4, n_categories=3, zone=zone)
    monkeypatch.setattr(weeks, "_BLOCK", 7)
    blocks = weekly_cube(area, category, seconds, n_areas=4, n_categories=3, zone=zone)
    assert np.array_equal(whole.counts, blocks.counts) and whole.first_week == blocks.first_week
    assert 0 < whole.counts.sum() < n


@pytest.mark.parametrize(("dtype", "n_areas"), [(np.int8, 100), (np.uint8, 200), (np.int16, 30), (np.int16, 5_000),
                                               (np.uint16, 40_000), (np.int32, 3), (np.int64, 70_000)])
def test_weekly_cube__id_dtypes_and_sizes__equal_the_plain_count(dtype: type, n_areas: int) -> None:
    # 5 000 × 8 groups no longer fit the int16 group arithmetic; uint16 ids may not fit int16 at all
    rng = np.random.default_rng(n_areas)
    n = 20_000
    area = rng.integers(0, n_areas, n).astype(dtype)
    category = rng.integers(0, 8, n).astype(dtype)
    start = int(dt.datetime(2025, 10, 1, tzinfo=dt.UTC).timestamp())
    seconds = start + rng.integers(0, 30 * 86_400, n)
    cube = weekly_cube(area, category, seconds, n_areas=n_areas, n_categories=8)
    weeks = local_weeks(seconds) - cube.first_week
    expected = np.zeros((n_areas, 8, int(weeks.max()) + 1), dtype=np.int64)
    np.add.at(expected, (area.astype(np.int64), category.astype(np.int64), weeks), 1)
    assert np.array_equal(cube.counts, expected)


def test_weekly_cube__invalid_rows__not_counted_but_define_the_weeks() -> None:
    tz = ZoneInfo(STOCKHOLM)
    seconds = np.array([int(dt.datetime(2025, 3, d, 12, tzinfo=tz).timestamp()) for d in (3, 10, 17, 24)])
    # an int64 area of 2**32 would wrap to area 0 in uint32 if it were not masked first
    area = np.array([-1, 0, 2**32, 1], dtype=np.int64)
    category = np.array([0, 1, 0, 5], dtype=np.int64)
    cube = weekly_cube(area, category, seconds, n_areas=2, n_categories=2)
    assert cube.labels() == ["2025-W10", "2025-W11", "2025-W12", "2025-W13"]
    assert cube.counts.sum() == 1 and cube.counts[0, 1, 1] == 1


def test_weekly_cube__explicit_window__cuts_and_pads_with_zeros() -> None:
    tz = ZoneInfo(STOCKHOLM)
    seconds = np.array([int(dt.datetime(2025, 3, d, 12, tzinfo=tz).timestamp()) for d in (3, 10, 17, 24)])
    area, category = np.zeros(4, dtype=np.int16), np.zeros(4, dtype=np.int8)
    full = weekly_cube(area, category, seconds, n_areas=1, n_categories=1)
    first = full.first_week
    assert full.counts[0, 0].tolist() == [1, 1, 1, 1]
    inside = weekly_cube(area, category, seconds, n_areas=1, n_categories=1, first_week=first + 1, n_weeks=2)
    assert inside.counts[0, 0].tolist() == [1, 1] and inside.labels() == ["2025-W11", "2025-W12"]
    around = weekly_cube(area, category, seconds, n_areas=1, n_categories=1, first_week=first - 2, n_weeks=9)
    assert around.counts[0, 0].tolist() == [0, 0, 1, 1, 1, 1, 0, 0, 0]
    after = weekly_cube(area, category, seconds, n_areas=1, n_categories=1, first_week=first + 10, n_weeks=3)
    assert after.counts.sum() == 0 and after.counts.shape == (1, 1, 3)
    tail = weekly_cube(area, category, seconds, n_areas=1, n_categories=1, first_week=first + 2)
    assert tail.counts[0, 0].tolist() == [1, 1]
    empty = weekly_cube(area[:0], category[:0], seconds[:0], n_areas=1, n_categories=1)
    assert empty.counts.shape == (1, 1, 0)


def test_weekly_cube__nat__is_refused() -> None:
    ts = np.array(["2025-01-06T12:00", "NaT"], dtype="datetime64[s]")
    with pytest.raises(ValueError, match="outside the years"):
        weekly_cube(np.array([0, 0]), np.array([0, 0]), ts, n_areas=1, n_categories=1)


@pytest.mark.parametrize("zone", ["UTC", STOCKHOLM])
@pytest.mark.parametrize("invalid", [False, True])
def test_weekly_cube__two_years_random_rows__identical_to_pandas_isocalendar_groupby(zone: str,
                                                                                     invalid: bool) -> None:
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(5)
    n = 200_000
    # with invalid rows: area -1 (outside every area) and 6 (beyond n_areas); without: the int16 key path
    area = rng.integers(-1, 7, n).astype(np.int16) if invalid else rng.integers(0, 6, n).astype(np.int16)
    category = rng.integers(0, 5, n).astype(np.int8)
    start = int(dt.datetime(2024, 12, 1, tzinfo=dt.UTC).timestamp())
    seconds = start + rng.integers(0, 2 * 365 * 86_400, n)
    seconds[::97] = seconds[::97] // 3600 * 3600  # many instants on the hour, i.e. on local midnights
    ts = seconds.astype("datetime64[s]")
    cube = weekly_cube(area, category, ts, n_areas=6, n_categories=4, zone=zone)
    local = pd.Series(ts).dt.tz_localize("UTC").dt.tz_convert(zone)
    iso = local.dt.isocalendar()
    frame = pd.DataFrame({"a": area, "c": category, "y": iso["year"].to_numpy(), "w": iso["week"].to_numpy()})
    kept = frame[(frame.a >= 0) & (frame.a < 6) & (frame.c < 4)]
    expected = kept.groupby(["a", "c", "y", "w"]).size()
    labels = cube.labels()
    ours = {(int(a), int(c), *map(int, labels[k].split("-W"))): int(cube.counts[a, c, k])
            for a, c, k in zip(*np.nonzero(cube.counts), strict=True)}
    theirs = {tuple(int(v) for v in key): int(count) for key, count in expected.items()}
    assert ours == theirs
    first = frame.sort_values(["y", "w"]).iloc[[0, -1]]
    assert labels[0] == f"{first.y.iloc[0]}-W{first.w.iloc[0]:02d}"
    assert labels[-1] == f"{first.y.iloc[1]}-W{first.w.iloc[1]:02d}"
