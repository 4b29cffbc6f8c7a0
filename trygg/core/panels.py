"""Panels other apps contribute to shared pages (the area page, the dashboard) without editing them.

An app registers in its AppConfig.ready():
    panels.register("area", "interventions/panels/area.html", interventions_for_area_panel)
where the callable takes (request, obj) and returns a context dict, or None to hide the panel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Panel:
    page: str
    template: str
    context: Callable[[HttpRequest, Any], dict[str, Any] | None]
    order: int = 100


_PANELS: list[Panel] = []


def register(page: str, template: str, context: Callable[[HttpRequest, Any], dict[str, Any] | None],
             order: int = 100) -> None:
    panel = Panel(page, template, context, order)
    if all((p.page, p.template) != (page, template) for p in _PANELS):
        _PANELS.append(panel)


def render_panels(page: str, request: HttpRequest, obj: Any = None) -> list[SafeString]:
    out = []
    for panel in sorted((p for p in _PANELS if p.page == page), key=lambda p: p.order):
        ctx = panel.context(request, obj)
        if ctx is not None:
            out.append(mark_safe(render_to_string(panel.template, ctx, request=request)))  # noqa: S308
    return out
