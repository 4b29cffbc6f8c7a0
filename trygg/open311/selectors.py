"""What Open311 exposes: residents' categories as services, approved public reports as requests."""

from __future__ import annotations

import copy
from typing import Any

from trygg.core.reference import ReferenceCache
from trygg.incidents.models import OPEN_STATUSES, Category, CategoryGroup, Extent, Observation
from trygg.incidents.residents import selectors as residents

from .render import w3c

JURISDICTION = "eskilstuna.se"
# The only attribute: how often it happens (optional).
EXTENT_ATTRIBUTE = "extent"


def _load_services() -> dict[str, Category]:
    return {category.code: category for category in residents.resident_categories()}


# read by every request (the service list, and the service code of every POST): held per process
_services = ReferenceCache("open311-services", _load_services, depends_on=["incidents.Category"])


def services() -> list[Category]:
    return [copy.copy(category) for category in _services.get().values()]


def service(code: str) -> Category | None:
    category = _services.get().get(code)
    return copy.copy(category) if category is not None else None


def service_dict(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.name,
        "metadata": True,
        "type": "batch",  # every report is moderated first: POST returns a token, the id resolves once public
        "keywords": "",
        "group": CategoryGroup(category.group).label,  # not get_group_display(): it hashes every choice
    }


def definition_dict(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "attributes": [{
            "variable": True,
            "code": EXTENT_ATTRIBUTE,
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": "",
            "order": 1,
            "description": "Hur ofta händer det? (Omfattning)",
            "values": [{"key": value, "name": str(label)} for value, label in Extent.choices],
        }],
    }


def request_dict(o: Observation) -> dict[str, Any]:
    """A public report in GeoReport fields. Never the reporter's identity or contact (reliability G1)."""
    lat, lon = residents.public_point(o)
    return {
        "service_request_id": str(o.public_id),
        "status": "open" if o.status in OPEN_STATUSES else "closed",
        "status_notes": o.status_note or o.get_status_display(),
        "service_name": o.category.name,
        "service_code": o.category.code,
        "description": residents.public_text(o),
        "agency_responsible": o.responsible_organisation.name if o.responsible_organisation else "",
        "service_notice": "",
        "requested_datetime": w3c(o.observed_at),
        "updated_datetime": w3c(o.modified_at),
        "expected_datetime": None,
        "address": residents.public_address(o) or (o.area.name if o.area else ""),
        "address_id": None,
        "zipcode": None,
        "lat": lat,
        "long": lon,
        "media_url": None,  # photos are never served publicly without a moderated rendition
    }


def public_requests() -> Any:
    return residents.public_reports().select_related("responsible_organisation")
