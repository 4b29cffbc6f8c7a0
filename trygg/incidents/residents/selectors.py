"""Reads for residents' reports: what the public may see, nearby duplicates, the department queue."""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet

from trygg.accounts import permissions
from trygg.accounts.models import Role
from trygg.core.geo import coarsen, distance_metres
from trygg.core.redact import redact

from ..models import OPEN_STATUSES, Category, Moderation, Observation, Source

SIMILAR_RADIUS_METRES = 150
HANDLER_ROLES = (Role.ATGARDSANSVARIG, Role.SAMORDNARE)


def resident_categories() -> QuerySet[Category]:
    return Category.objects.filter(is_est=False, is_public_reportable=True, is_sensitive=False)


def public_reports() -> QuerySet[Observation]:
    """Residents' reports the public may see: approved, never sensitive or from shelters, not hidden or merged."""
    return Observation.objects.public().filter(source=Source.RESIDENT).select_related("category", "area")


def public_report(public_id: Any) -> Observation | None:
    return public_reports().filter(public_id=public_id).first()


def report_for_status_page(public_id: Any) -> Observation | None:
    """The reporter's receipt link: any resident report that was not hidden or deleted (merged ones included)."""
    return (
        Observation.objects.filter(source=Source.RESIDENT, public_id=public_id, deleted_at__isnull=True)
        .exclude(moderation=Moderation.HIDDEN)
        .select_related("category", "merged_into")
        .first()
    )


def is_public(observation: Observation) -> bool:
    return public_reports().filter(pk=observation.pk).exists()


def public_point(observation: Observation) -> tuple[float, float]:
    """Coarsened coordinates: the public never sees the exact place (reliability F5)."""
    return coarsen(observation.lat, observation.lon, settings.TRYGG_PUBLIC_GRID_METRES)


def public_text(observation: Observation) -> str:
    return observation.description_redacted


def public_address(observation: Observation) -> str:
    return redact(observation.address)


def is_open(observation: Observation) -> bool:
    return observation.status in OPEN_STATUSES


def nearby_similar(*, category: Category, lat: float, lon: float, limit: int = 5) -> list[Observation]:
    """Open public reports of the same category within SIMILAR_RADIUS_METRES, nearest first."""
    dlat = SIMILAR_RADIUS_METRES / 111_000
    dlon = SIMILAR_RADIUS_METRES / (111_000 * max(math.cos(math.radians(lat)), 0.01))
    candidates = public_reports().filter(
        category=category, status__in=OPEN_STATUSES,
        lat__range=(lat - dlat, lat + dlat), lon__range=(lon - dlon, lon + dlon),
    )[:50]
    scored = [(distance_metres(lat, lon, o.lat, o.lon), o) for o in candidates]
    return [o for d, o in sorted(scored, key=lambda t: t[0]) if d <= SIMILAR_RADIUS_METRES][:limit]


def public_geojson(reports: Any) -> dict[str, Any]:
    features = []
    for o in reports:
        lat, lon = public_point(o)
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {
                "id": str(o.public_id),
                "label": f"{o.category.name}: {o.get_status_display()}",
                "status": o.status,
                "color": "#1b6e32" if o.status == "fixed" else ("#5c6670" if not is_open(o) else "#c2410c"),
            },
        })
    return {"type": "FeatureCollection", "features": features}


# ---- the department queue ------------------------------------------------------------------------------------


def is_coordinator(user: Any) -> bool:
    """A samordnare in the municipality or the police: sees and handles every resident report."""
    return permissions.is_authority(user) and permissions.is_samordnare(user)


def can_use_queue(user: Any) -> bool:
    return is_coordinator(user) or permissions.has_role(user, *HANDLER_ROLES)


def queue_for(user: Any) -> QuerySet[Observation]:
    """Residents' reports the user's organisation is responsible for (all of them for a coordinator)."""
    if not can_use_queue(user):
        return Observation.objects.none()
    qs = Observation.objects.alive().filter(source=Source.RESIDENT).select_related(
        "category", "area", "responsible_organisation")
    if is_coordinator(user):
        return qs
    return qs.filter(responsible_organisation_id__in=permissions.organisation_ids(user, *HANDLER_ROLES))


def can_handle(user: Any, observation: Observation) -> bool:
    if is_coordinator(user):
        return True
    return observation.responsible_organisation_id in permissions.organisation_ids(user, *HANDLER_ROLES)


def sees_raw_text(user: Any) -> bool:
    """Raw text only for authorities (GDPR art. 10); others read the redacted version (reliability I1)."""
    return permissions.is_authority(user)


def merge_candidates(observation: Observation, user: Any) -> list[Observation]:
    """Open reports in the user's queue near this one (any category), nearest first."""
    dlat = SIMILAR_RADIUS_METRES * 2 / 111_000
    dlon = dlat * 2
    qs = queue_for(user).exclude(pk=observation.pk).filter(
        Q(status__in=OPEN_STATUSES),
        lat__range=(observation.lat - dlat, observation.lat + dlat),
        lon__range=(observation.lon - dlon, observation.lon + dlon),
    )[:30]
    scored = sorted(((distance_metres(observation.lat, observation.lon, o.lat, o.lon), o) for o in qs),
                    key=lambda t: t[0])
    return [o for d, o in scored if d <= SIMILAR_RADIUS_METRES * 2][:10]
