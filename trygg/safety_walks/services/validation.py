"""Field validation shared by the walk services. Every message is Swedish and tied to a field."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from trygg.incidents.services import validate_point

from ..models import MAX_PARTICIPANTS, AgeBand, SafetyWalk

MAX_ROUTE_POINTS = 500
MAX_BAND_COUNT = 200


def clean_route(route: Any) -> dict[str, Any] | None:
    """A GeoJSON LineString ([lon, lat] pairs) inside the municipality, or None for no route."""
    if route in (None, "", {}):
        return None
    if not isinstance(route, dict) or route.get("type") != "LineString" or not isinstance(
        route.get("coordinates"), list
    ):
        raise ValidationError({"route": _("Slingan måste vara en linje (GeoJSON LineString).")}, code="route_type")
    coords = route["coordinates"]
    if len(coords) < 2:
        raise ValidationError({"route": _("Rita minst två punkter för slingan.")}, code="route_short")
    if len(coords) > MAX_ROUTE_POINTS:
        raise ValidationError({"route": _("Slingan har för många punkter (högst %(n)d).") % {"n": MAX_ROUTE_POINTS}},
                              code="route_long")
    cleaned = []
    for pair in coords:
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise ValidationError({"route": _("Slingan innehåller en ogiltig punkt.")}, code="route_point")
        try:
            lat, lon = validate_point(pair[1], pair[0])
        except ValidationError as exc:
            raise ValidationError(
                {"route": _("En punkt på slingan ligger utanför Eskilstuna kommun.")}, code="route_outside"
            ) from exc
        cleaned.append([round(lon, 6), round(lat, 6)])
    return {"type": "LineString", "coordinates": cleaned}


def clean_participant_counts(counts: Any) -> dict[str, int]:
    if not counts:
        return {}
    if not isinstance(counts, dict):
        raise ValidationError({"participant_counts": _("Ogiltiga deltagarantal.")}, code="counts")
    valid = {band.value for band in AgeBand}
    out: dict[str, int] = {}
    for band, value in counts.items():
        if band not in valid:
            raise ValidationError({"participant_counts": _("Okänd åldersgrupp.")}, code="band")
        if value in (None, ""):
            continue
        try:
            number = int(value)
        except (TypeError, ValueError) as exc:
            raise ValidationError({"participant_counts": _("Ange antal deltagare som heltal.")}, code="int") from exc
        if not 0 <= number <= MAX_BAND_COUNT:
            raise ValidationError(
                {"participant_counts": _("Antalet per åldersgrupp måste vara mellan 0 och %(n)d.")
                 % {"n": MAX_BAND_COUNT}},
                code="range",
            )
        if number:
            out[band] = number
    return out


def check_walk(walk: SafetyWalk) -> None:
    """Dates in order and a group small enough to walk together (the method says at most 20)."""
    errors: dict[str, str] = {}
    if walk.premeeting_at and walk.walk_at and walk.premeeting_at > walk.walk_at:
        errors["premeeting_at"] = _("Förmötet ska vara före vandringen.")
    if walk.followup_at and walk.walk_at and walk.followup_at < walk.walk_at:
        errors["followup_at"] = _("Det uppföljande mötet ska vara efter vandringen.")
    if not 1 <= (walk.max_participants or 0) <= MAX_PARTICIPANTS:
        errors["max_participants"] = _(
            "En vandring har högst %(n)d deltagare. Dela upp gruppen i flera vandringar."
        ) % {"n": MAX_PARTICIPANTS}
    if errors:
        raise ValidationError(errors)


def check_organisers(organisers: Any) -> list[Any]:
    organisers = list(organisers)
    if any(not user.memberships.exists() for user in organisers):
        raise ValidationError({"organisers": _("Arrangörer måste ha ett konto hos en aktör.")}, code="organisers")
    return organisers
