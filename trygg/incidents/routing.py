"""Which organisation is responsible for an observation. Every ingest path routes through here.

The samordnare configures RoutingRule rows (category, optionally one area → organisation); a rule for the
area wins over a rule for the whole municipality, which wins over the category's default_responsible.
"""

from __future__ import annotations

from typing import Any


def responsible_for(*, category: Any, area: Any = None) -> Any:
    """The organisation that should act on an observation of this category in this area, or None."""
    from .residents.models import RoutingRule

    rules = RoutingRule.objects.filter(category=category, organisation__is_active=True).select_related("organisation")
    if area is not None:
        rule = rules.filter(area=area).first()
        if rule is not None:
            return rule.organisation
    rule = rules.filter(area__isnull=True).first()
    if rule is not None:
        return rule.organisation
    return category.default_responsible
