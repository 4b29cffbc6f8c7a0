"""Interoperability: the `georeport` client from PyPI reads our services and requests (JSON and XML)."""

from __future__ import annotations

from typing import Any

import pytest
from georeport import GeoReport

from trygg.incidents.models import Category
from trygg.incidents.residents.categories import seed_resident_categories
from trygg.public.tests.factories import ResidentReportFactory


@pytest.fixture
def reports(live_server: Any, reference_data: None) -> list[Any]:
    seed_resident_categories(Category)
    return [ResidentReportFactory.create_public(), ResidentReportFactory.create_public(status="fixed"),
            ResidentReportFactory.create_pending()]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_georeport_client__reads_services_and_requests(live_server: Any, reports: list[Any], fmt: str) -> None:
    client = GeoReport(f"{live_server.url}/open311/v2", jurisdiction="eskilstuna.se", output_format=fmt)
    services = client.get_service_list()
    assert {s["service_code"] for s in services} >= {"inv-belysning", "inv-klotter"}
    definition = client.get_service_definition("inv-belysning")
    assert definition["service_code"] == "inv-belysning"
    requests = client.get_service_requests()
    requests = requests if isinstance(requests, list) else [requests]  # xmltodict: one element is a dict
    assert {r["service_request_id"] for r in requests} == {str(reports[0].public_id), str(reports[1].public_id)}
    open_only = client.get_service_requests(status="open")
    open_only = open_only if isinstance(open_only, list) else [open_only]
    assert [r["service_request_id"] for r in open_only] == [str(reports[0].public_id)]
    one = client.get_service_request(str(reports[1].public_id))
    assert one["status"] == "closed" and one["service_code"] == "inv-belysning"
