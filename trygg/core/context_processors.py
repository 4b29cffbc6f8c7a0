from django.conf import settings
from django.http import HttpRequest

from . import nav


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "nav_public": nav.items_for(user, "public"),
        "nav_org": nav.items_for(user, "org") if signed_in else [],
        "map_config": {
            "center": list(settings.TRYGG_MAP_CENTER),
            "tileUrl": settings.TRYGG_TILE_URL,
            "attribution": settings.TRYGG_TILE_ATTRIBUTION,
        },
    }
