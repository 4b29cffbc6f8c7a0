"""Which organisation is responsible for an observation. Every ingest path routes through here.

The samordnare configures RoutingRule rows (category, optionally one area → organisation); a rule for the
area wins over a rule for the whole municipality, which wins over the category's default_responsible.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q


def responsible_for(*, category: Any, area: Any = None) -> Any:
    """The organisation that should act on an observation of this category in this area, or None."""
    from .residents.models import RoutingRule

    scope = Q(area__isnull=True) if area is None else Q(area=area) | Q(area__isnull=True)
    rules = list(RoutingRule.objects.filter(scope, category=category, organisation__is_active=True)
                 .select_related("organisation"))
    # One query: an area rule wins over a municipality-wide rule.
    rules.sort(key=lambda rule: rule.area_id is None)
    return rules[0].organisation if rules else category.default_responsible
