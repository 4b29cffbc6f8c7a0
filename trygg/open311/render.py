"""GeoReport v2 output: XML without a namespace (Spark convention: lists are wrapped, JSON lists are bare arrays)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from xml.etree import ElementTree as ET

from django.http import HttpResponse, JsonResponse

from trygg.core.geo import STOCKHOLM

# Container element → its item element.
ITEM_TAG = {
    "services": "service", "service_requests": "request", "attributes": "attribute", "values": "value",
    "endpoints": "endpoint", "formats": "format", "errors": "error", "service_request_updates": "request_update",
}
CONTENT_TYPE = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}


def w3c(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(STOCKHOLM).isoformat(timespec="seconds") if moment else None


def _fill(element: ET.Element, tag: str, value: Any) -> None:
    if isinstance(value, list):
        item_tag = ITEM_TAG[tag]
        for item in value:
            _fill(ET.SubElement(element, item_tag), item_tag, item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _fill(ET.SubElement(element, key), key, item)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)


def to_xml(root: str, data: Any) -> bytes:
    element = ET.Element(root)
    _fill(element, root, data)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element, encoding="utf-8", xml_declaration=False)


# Data, never rendered as a page: nothing may load or frame it.
API_POLICY = "default-src 'none'; frame-ancestors 'none'"


def respond(fmt: str, root: str, data: Any, status: int = 200) -> HttpResponse:
    response: HttpResponse
    if fmt == "xml":
        response = HttpResponse(to_xml(root, data), content_type=CONTENT_TYPE["xml"], status=status)
    else:
        response = JsonResponse(data, safe=False, status=status, content_type=CONTENT_TYPE["json"],
                                json_dumps_params={"ensure_ascii": False})
    response["Content-Security-Policy"] = API_POLICY
    return response


def errors(fmt: str, status: int, *descriptions: str, code: int | None = None) -> HttpResponse:
    return respond(fmt, "errors", [{"code": code or status, "description": d} for d in descriptions], status=status)
