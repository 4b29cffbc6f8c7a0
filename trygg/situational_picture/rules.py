"""The lägesbild's two rules, kept pure so they are tested on their own (ADR 0003).

Trend: this week against the mean of the four weeks before it (while the week is under way, against the
same share of that mean as the share of the week that has passed).
Fel riktning: a prioritised area's last four weeks against the mean four-week total of the twelve weeks
before them (while the week is under way: the last four complete weeks).
"""

from __future__ import annotations

from collections.abc import Sequence

# Trend arrows: a change counts when it is at least 25 % of the baseline and at least 2 observations.
TREND_RELATIVE = 0.25
TREND_ABSOLUTE = 2
TREND_BASE_WEEKS = 4

# "Fel riktning": the last four weeks are at least 25 % and at least 5 observations above the baseline.
FLAG_RECENT_WEEKS = 4
FLAG_BASE_WEEKS = 12
FLAG_RELATIVE = 0.25
FLAG_ABSOLUTE = 5

# Tertial: an area needs larger efforts when it rose by at least 25 % and at least 10 observations.
TERTIAL_RELATIVE = 0.25
TERTIAL_ABSOLUTE = 10

# No trend in the first day of a week: a few hours say nothing about the week.
TREND_MIN_ELAPSED = 1 / 7

UP, DOWN, FLAT, EARLY = "up", "down", "flat", "early"


def mean(values: Sequence[int]) -> float:
    return sum(values) / len(values) if values else 0.0


def trend(current: int, previous: Sequence[int], elapsed: float = 1.0) -> str:
    """'up', 'down' or 'flat' for this week's count against the mean of the previous weeks; ``elapsed`` is the
    share of the week that has passed (the baseline is scaled to it), 'early' in its first day."""
    if elapsed < TREND_MIN_ELAPSED:
        return EARLY
    baseline = mean(previous) * min(elapsed, 1.0)
    margin = max(TREND_ABSOLUTE, TREND_RELATIVE * baseline)
    if current >= baseline + margin:
        return UP
    if current <= baseline - margin:
        return DOWN
    return FLAT


def flag_baseline(base_weeks: Sequence[int]) -> float:
    """Mean four-week total over the base period (12 weeks -> total / 3)."""
    return sum(base_weeks) * FLAG_RECENT_WEEKS / len(base_weeks) if base_weeks else 0.0


def wrong_direction(recent_weeks: Sequence[int], base_weeks: Sequence[int]) -> bool:
    """True when the recent four-week total is ≥ 25 % and ≥ 5 observations above the baseline."""
    recent = sum(recent_weeks)
    baseline = flag_baseline(base_weeks)
    return recent - baseline >= FLAG_ABSOLUTE and recent >= baseline * (1 + FLAG_RELATIVE)


def needs_larger_efforts(current: int, previous: int) -> bool:
    """Tertial rule: ≥ 25 % and ≥ 10 observations more than the same tertial last year."""
    return current - previous >= TERTIAL_ABSOLUTE and current >= previous * (1 + TERTIAL_RELATIVE)


def change_percent(current: float, previous: float) -> int | None:
    """Rounded percentage change, or None when there is nothing to compare with."""
    if previous <= 0:
        return None
    return round((current - previous) * 100 / previous)
