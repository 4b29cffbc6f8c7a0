"""Small template helpers shared by every app."""

from django import template

from trygg.core.geo import week_label

register = template.Library()


@register.filter
def week(obj: object) -> str:
    return week_label(obj.iso_year, obj.iso_week)  # type: ignore[attr-defined]


@register.filter
def trend_arrow(delta: float | None) -> str:
    if delta is None:
        return "–"
    if delta > 0:
        return "↑"
    if delta < 0:
        return "↓"
    return "→"


@register.filter
def get_item(mapping: dict, key: object) -> object:
    return mapping.get(key) if mapping else None
