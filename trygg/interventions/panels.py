"""Panels this app adds to other apps' pages (see trygg.core.panels). Each checks permissions itself."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse

from trygg.accounts import permissions

from .models import OPEN_STATUSES, Intervention

PANEL_LIMIT = 5


def dashboard(request: HttpRequest, obj: Any = None) -> dict[str, Any] | None:
    """My organisations' open and overdue interventions."""
    user = request.user
    if not permissions.is_member(user):
        return None
    mine = Intervention.objects.visible_to(user).mine(user).open().select_related("owner", "responsible")
    overdue = list(mine.overdue().order_by("due_date", "id")[:PANEL_LIMIT])
    return {
        "open_count": mine.count(),
        "overdue_count": mine.overdue().count(),
        "overdue": overdue,
        "upcoming": list(mine.exclude(pk__in=[i.pk for i in overdue]).order_by("due_date", "id")[:PANEL_LIMIT]),
        "list_url": reverse("interventions:list") + "?" + urlencode({"mine": "on", "status": "open"}),
    }


def area(request: HttpRequest, obj: Any) -> dict[str, Any] | None:
    """Interventions in this area: open ones first, then the latest finished."""
    user = request.user
    if obj is None or not permissions.is_member(user):
        return None
    in_area = Intervention.objects.visible_to(user).in_area(obj).select_related("owner", "responsible")
    return {
        "area": obj,
        "open": list(in_area.open().order_by("due_date", "id")[:10]),
        "open_count": in_area.open().count(),
        "finished": list(in_area.exclude(status__in=OPEN_STATUSES).order_by("-modified_at")[:PANEL_LIMIT]),
        "list_url": reverse("interventions:list") + "?" + urlencode({"area": obj.slug}),
        "create_url": reverse("interventions:create") + "?" + urlencode({"area": obj.slug}),
    }


def observation(request: HttpRequest, obj: Any) -> dict[str, Any] | None:
    """Interventions that came from this observation, and a link to create one from it."""
    from trygg.incidents.models import Observation

    user = request.user
    if obj is None or not Observation.objects.visible_to(user).filter(pk=obj.pk).exists():
        return None
    return {
        "interventions": list(Intervention.objects.visible_to(user).originating_from(obj)
                              .select_related("owner").order_by("due_date", "id")),
        "create_url": reverse("interventions:create") + "?" + urlencode(
            {"origin_type": "incidents.observation", "origin_id": obj.pk}),
    }


def steering_area(request: HttpRequest, obj: Any) -> dict[str, Any] | None:
    """For the steering group: open and overdue interventions in one prioritised area."""
    user = request.user
    if obj is None or not permissions.is_member(user):
        return None
    open_qs = Intervention.objects.visible_to(user).in_area(obj).open()
    return {
        "area": obj,
        "open_count": open_qs.count(),
        "overdue_count": open_qs.overdue().count(),
        "overdue": list(open_qs.overdue().select_related("owner").order_by("due_date", "id")[:10]),
        "list_url": reverse("interventions:list") + "?" + urlencode({"area": obj.slug, "status": "open"}),
    }
