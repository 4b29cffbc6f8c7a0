"""Which organisation is responsible for an observation. Every ingest path routes through here.

The samordnare configures RoutingRule rows (category, optionally one area → organisation); a rule for the
area wins over a rule for the whole municipality, which wins over the category's default_responsible. The
rules are read on every report, so they are held per process (trygg.core.reference) and reloaded when a rule,
a category or an organisation changes.
"""

from __future__ import annotations

import copy
from typing import Any

from trygg.core.reference import ReferenceCache

Routing = tuple[dict[tuple[int, int | None], Any], dict[int, Any]]


def _load() -> Routing:
    from .models import Category
    from .residents.models import RoutingRule

    rules = {(rule.category_id, rule.area_id): rule.organisation
             for rule in RoutingRule.objects.filter(organisation__is_active=True).select_related("organisation")}
    defaults = {category.pk: category.default_responsible
                for category in Category.objects.select_related("default_responsible")}
    return rules, defaults


_routing = ReferenceCache("routing", _load, depends_on=["incidents.RoutingRule", "incidents.Category",
                                                        "accounts.Organisation"])


def responsible_for(*, category: Any, area: Any = None) -> Any:
    """The organisation that should act on an observation of this category in this area, or None."""
    rules, defaults = _routing.get()
    organisation = None
    if area is not None:
        organisation = rules.get((category.pk, area.pk))
    if organisation is None:
        organisation = rules.get((category.pk, None))
    if organisation is None:
        organisation = defaults.get(category.pk)
    return copy.copy(organisation)  # callers get their own instance; the cached one stays as loaded
