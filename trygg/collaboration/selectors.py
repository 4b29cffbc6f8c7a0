"""Use-case reads: goal values, the current promise, the steering-group overview."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from .models import Goal, Meeting, Promise, PromiseActivity


@dataclass(frozen=True)
class GoalValue:
    value: Any
    measured_on: dt.date | None
    computed: bool


def goal_current_value(*, goal: Goal, user: Any) -> GoalValue | None:
    """Observation count for the goal's category (and area) over the last 12 months within the agreement period,
    counted over what the user may see in a lägesbild; else the latest manually recorded follow-up value."""
    if goal.category_id is not None:
        from trygg.incidents.models import Observation

        agreement = goal.agreement
        today = timezone.localdate()
        end = min(agreement.period_end, today) + dt.timedelta(days=1)
        tz = timezone.get_current_timezone()
        first_day = max(agreement.period_start, today - dt.timedelta(days=365))
        start = dt.datetime.combine(first_day, dt.time.min, tzinfo=tz)
        qs = Observation.objects.for_picture(user).filter(category_id=goal.category_id).between(
            start, dt.datetime.combine(end, dt.time.min, tzinfo=tz))
        if goal.area_id is not None:
            qs = qs.filter(area_id=goal.area_id)
        return GoalValue(value=qs.count(), measured_on=today, computed=True)
    latest = goal.follow_ups.first()
    if latest is None:
        return None
    return GoalValue(value=latest.value, measured_on=latest.measured_on, computed=False)


def current_public_promise(*, year: int | None = None) -> Promise | None:
    """This year's published promise (the latest published one if none this year)."""
    year = year or timezone.localdate().year
    qs = Promise.objects.public().select_related("area").prefetch_related("activities")
    return qs.filter(year=year).first() or qs.filter(year__lte=year).order_by("-year").first()


def promises_for_area(*, area: Any, year: int | None = None) -> list[Promise]:
    year = year or timezone.localdate().year
    return list(Promise.objects.filter(area=area, year__gte=year).order_by("year").prefetch_related(
        Prefetch("activities", queryset=PromiseActivity.objects.order_by("id"))))


def steering_overview(*, user: Any) -> list[dict[str, Any]]:
    """One block per prioritised area: its promises (with activities) — others add panels to the page."""
    from trygg.areas.models import Area

    return [{"area": area, "promises": promises_for_area(area=area)} for area in Area.objects.prioritised()]


def meetings_for(*, user: Any) -> dict[str, list[Meeting]]:
    qs = Meeting.objects.visible_to(user).select_related("network")
    now = timezone.now()
    return {"upcoming": list(qs.filter(starts_at__gte=now).order_by("starts_at")[:20]),
            "past": list(qs.filter(starts_at__lt=now).order_by("-starts_at")[:20])}
