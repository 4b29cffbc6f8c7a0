"""The residents' panel on the observation detail page: routing and status history of a resident's report."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from ..models import Observation, Source
from .selectors import can_handle, queue_for


def observation_panel(request: HttpRequest, obj: Any) -> dict[str, Any] | None:
    if not isinstance(obj, Observation) or obj.source != Source.RESIDENT:
        return None
    if not queue_for(request.user).filter(pk=obj.pk).exists():
        return None
    return {"observation": obj, "updates": obj.status_updates.all(), "can_handle": can_handle(request.user, obj)}
