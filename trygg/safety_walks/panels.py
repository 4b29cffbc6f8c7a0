"""Panels this app adds to shared pages: the area page and the organisers' dashboard."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from trygg.accounts import permissions

from . import selectors
from .models import SafetyWalk
from .permissions import can_plan


def area_panel(request: HttpRequest, area: Any) -> dict[str, Any] | None:
    """Past walks in the area and how many of their problems were fixed."""
    if area is None or not permissions.is_member(request.user):
        return None
    return {"area": area, "rows": selectors.area_walk_summary(area=area, user=request.user),
            "can_plan": can_plan(request.user)}


def dashboard_panel(request: HttpRequest, obj: Any = None) -> dict[str, Any] | None:
    """Upcoming walks for their organisers (all upcoming walks for samordnare); hidden when there are none."""
    if not can_plan(request.user):
        return None
    qs = SafetyWalk.objects.editable_by(request.user).upcoming(timezone.now()).select_related("area")[:5]
    walks = list(qs)
    return {"walks": walks} if walks else None
