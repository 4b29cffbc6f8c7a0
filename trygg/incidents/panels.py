"""Panels the EST pages contribute to shared pages (core.panels): the dashboard and the area page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from trygg.accounts import permissions

from . import selectors


def dashboard(request: HttpRequest, obj: Any = None) -> dict[str, Any] | None:
    if not permissions.is_member(request.user):
        return None
    return selectors.dashboard_summary(user=request.user)


def area(request: HttpRequest, obj: Any) -> dict[str, Any] | None:
    if obj is None or not permissions.is_member(request.user):
        return None
    return {"area": obj, **selectors.area_recent_counts(user=request.user, area=obj)}
