"""Navigation registry: each app registers its menu entries in its AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    label: Any  # lazy translation
    url_name: str
    section: str = "org"  # "org" (signed-in staff) or "public"
    order: int = 100
    allowed: Callable[[Any], bool] | None = field(default=None, compare=False)


_ITEMS: list[NavItem] = []


def register(*items: NavItem) -> None:
    for item in items:
        if item not in _ITEMS:
            _ITEMS.append(item)


def items_for(user: Any, section: str) -> list[dict[str, str]]:
    out = []
    for item in sorted(_ITEMS, key=lambda i: (i.order, str(i.label))):
        if item.section != section:
            continue
        if item.allowed is not None and not item.allowed(user):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        out.append({"label": str(item.label), "url": url, "name": item.url_name})
    return out
