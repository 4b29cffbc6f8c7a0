"""Reads for the lägesbild. `area_trend`, `weekly_summary` and `period_counts` are the contract other apps call."""

from .tertial import period_counts, tertial_periods, tertial_picture
from .weekly import (
    AUTHORITY,
    PARTNER,
    Audience,
    area_trend,
    audience_for,
    compute_picture,
    current_snapshot,
    focus_items,
    freeze_figures,
    picture_scope,
    week_dates,
    week_picture,
    week_points,
    weekly_counts,
    weekly_summary,
)
from .weeks import current_week, resolve_week, week_window, weeks_filter

__all__ = [
    "AUTHORITY", "PARTNER", "Audience", "area_trend", "audience_for", "compute_picture", "current_snapshot",
    "current_week", "focus_items", "freeze_figures", "period_counts", "picture_scope", "resolve_week",
    "tertial_periods", "tertial_picture", "week_dates", "week_picture", "week_points", "week_window",
    "weekly_counts", "weekly_summary", "weeks_filter",
]
