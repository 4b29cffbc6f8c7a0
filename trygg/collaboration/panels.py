"""Panels this app contributes: the current medborgarlöfte on the public "Så jobbar vi för trygghet" page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from . import selectors


def public_safety_work(request: HttpRequest, obj: Any) -> dict[str, Any] | None:
    promise = selectors.current_public_promise()
    if promise is None:
        return None
    return {"promise": promise, "activities": list(promise.activities.all())}
