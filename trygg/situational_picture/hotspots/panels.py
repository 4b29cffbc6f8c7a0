"""Registers the hotspot nav entry and the "situation" panel (imported from the app's ready())."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from trygg.core import nav, panels
from trygg.core.geo import week_label

from .permissions import can_see_hotspots
from .selectors import hotspot_picture_cached


def situation_panel(request: HttpRequest, obj: Any) -> dict[str, Any] | None:
    """One line on the weekly lägesbild: how many significant hotspots (once computed), and a link to the map."""
    if not can_see_hotspots(request.user) or not isinstance(obj, dict):
        return None
    year, week = obj.get("year"), obj.get("week")
    if not isinstance(year, int) or not isinstance(week, int):
        return None
    # Only a summary the hotspot map has already computed: the lägesbild page never runs the permutations.
    picture = hotspot_picture_cached(user=request.user, year=year, week=week, weeks=4, compute=False)
    url = reverse("hotspots:map") + "?" + urlencode({"week": week_label(year, week), "weeks": "4"})
    return {"picture": picture, "url": url}


nav.register(nav.NavItem(label=_("Hotspots"), url_name="hotspots:map", order=35, allowed=can_see_hotspots))
panels.register("situation", "situational_picture/hotspots/panel.html", situation_panel, order=50)
