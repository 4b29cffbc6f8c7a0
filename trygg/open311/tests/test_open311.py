"""Open311 GeoReport v2: formats, errors, API keys, windows, idempotency, no reporter identity."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from trygg.accounts.tests.factories import OrganisationFactory
from trygg.core.models import AuditEntry
from trygg.incidents.models import Moderation, Observation, ReceivedReport, Source, Status
from trygg.open311.services import api_key_create
from trygg.public.tests.factories import LAGERSBERG, ResidentReportFactory, resident_category

pytestmark = pytest.mark.django_db

GET_FIELDS = {"service_request_id", "status", "status_notes", "service_name", "service_code", "description",
              "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
              "address", "address_id", "zipcode", "lat", "long", "media_url"}


@pytest.fixture
def api_key() -> str:
    _key, raw = api_key_create(name="FixaMinGata test", organisation=OrganisationFactory())
    return raw


def post_data(key: str | None, **overrides: Any) -> dict[str, Any]:
    data = {"service_code": "inv-belysning", "lat": LAGERSBERG[0], "long": LAGERSBERG[1],
            "description": "Trasig lampa vid busshållplatsen", "email": "boende@example.se",
            "first_name": "Anna", "last_name": "Andersson", "phone": "070-1234567", "device_id": "abc"}
    if key is not None:
        data["api_key"] = key
    data.update(overrides)
    return data


def test_discovery__json_and_xml__have_required_fields(client: Any) -> None:
    data = client.get(reverse("open311:discovery", args=["json"])).json()
    assert data["contact"] and data["key_service"] and data["changeset"]
    endpoint = data["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert "text/xml" in endpoint["formats"] and endpoint["url"].endswith("/open311/v2")
    response = client.get(reverse("open311:discovery", args=["xml"]))
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    assert ET.fromstring(response.content).find("endpoints/endpoint/formats/format").text == "text/xml"  # noqa: S314


def test_services__list__only_resident_categories(client: Any) -> None:
    codes = [s["service_code"] for s in client.get(reverse("open311:services", args=["json"])).json()]
    assert "inv-belysning" in codes and "narkotika-forsaljning" not in codes and len(codes) == 8


def test_service_definition__unknown_code__404_spec_error(client: Any) -> None:
    response = client.get(reverse("open311:service", args=["nope", "json"]))
    assert response.status_code == 404
    assert response.json()[0]["code"] == 404
    xml = client.get(reverse("open311:service", args=["nope", "xml"]))
    assert ET.fromstring(xml.content).tag == "errors"  # noqa: S314


def test_requests__post_without_key__403_nothing_stored(client: Any) -> None:
    response = client.post(reverse("open311:requests", args=["json"]), post_data(None))
    assert response.status_code == 403
    assert response.json() == [{"code": 403, "description": "api_key is missing or invalid"}]
    assert client.post(reverse("open311:requests", args=["xml"]), post_data("wrong")).status_code == 403
    assert not Observation.objects.exists()


def test_requests__post_key_of_inactive_organisation__403(client: Any) -> None:
    _key, raw = api_key_create(name="old", organisation=OrganisationFactory(is_active=False))
    assert client.post(reverse("open311:requests", args=["json"]), post_data(raw)).status_code == 403


def test_requests__post_with_key__received_then_processed_into_pending_report(
        client: Any, api_key: str, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("open311:requests", args=["json"]), post_data(api_key))
        assert response.status_code == 200
        body = response.json()[0]
        assert "service_request_id" not in body
        received = ReceivedReport.objects.get()
        assert str(received.token) == body["token"] and received.processed_at is None
        assert not Observation.objects.exists()  # accepted, not processed yet
        token = client.get(reverse("open311:token", args=[body["token"], "json"])).json()[0]
        assert token == {"token": body["token"]}
    assert callbacks[0].__name__ == "schedule_processing"  # the task, run by the immediate backend after commit
    observation = Observation.objects.get()
    assert body["token"] == str(observation.public_id)
    assert observation.source == Source.RESIDENT and observation.moderation == Moderation.PENDING
    assert observation.contact_email == "boende@example.se"
    received.refresh_from_db()
    assert received.processed_at is not None and received.payload == {}  # the content lives on the observation
    entry = AuditEntry.objects.get(object_type="incidents.observation", object_id=str(observation.pk))  # one entry
    assert entry.action == "observation.created" and entry.actor is None
    assert entry.detail == {"source": "resident", "category": "inv-belysning", "channel": "open311"}
    assert entry.organisation is not None and entry.organisation.api_keys.exists()
    token = client.get(reverse("open311:token", args=[body["token"], "json"])).json()[0]
    assert token == {"token": body["token"]}  # no id before moderation
    observation.moderation = Moderation.APPROVED
    observation.save()
    token = client.get(reverse("open311:token", args=[body["token"], "json"])).json()[0]
    assert token["service_request_id"] == str(observation.public_id)


def test_requests__post_errors__400_404(client: Any, api_key: str) -> None:
    url = reverse("open311:requests", args=["json"])
    assert client.post(url, post_data(api_key, service_code="nope")).status_code == 404
    response = client.post(url, post_data(api_key, lat="", long="", description="x" * 4001, email="not-an-email"))
    assert response.status_code == 400
    assert len(response.json()) == 3  # several errors at once
    assert client.post(url, post_data(api_key, lat="59.3293", long="18.0686")).status_code == 400
    assert client.post(url, post_data(api_key, lat="abc", long="nan")).status_code == 400
    assert client.post(url, post_data(api_key, **{"attribute[extent]": "always"})).status_code == 400
    assert client.post(url, post_data(api_key, jurisdiction_id="stockholm.se")).status_code == 404
    assert not Observation.objects.exists()


def test_requests__idempotency_key__retry_one_row_other_payload_422(
        client: Any, api_key: str, django_capture_on_commit_callbacks: Any) -> None:
    url = reverse("open311:requests", args=["json"])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, post_data(api_key), HTTP_IDEMPOTENCY_KEY="k-1")
        retry = client.post(url, post_data(api_key), HTTP_IDEMPOTENCY_KEY="k-1")  # before processing
        assert first.json() == retry.json()
    assert Observation.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, post_data(api_key), HTTP_IDEMPOTENCY_KEY="k-1")  # after processing
        other = client.post(url, post_data(api_key, description="Något annat"), HTTP_IDEMPOTENCY_KEY="k-1")
    assert again.json() == first.json()
    assert other.status_code == 422
    assert Observation.objects.count() == 1 and ReceivedReport.objects.count() == 1


def test_requests__get__never_exposes_reporter_identity(client: Any) -> None:
    ResidentReportFactory.create_public(contact_email="hemlig@example.se")
    rows = client.get(reverse("open311:requests", args=["json"])).json()
    assert len(rows) == 1
    assert set(rows[0]) <= GET_FIELDS
    assert "hemlig@example.se" not in client.get(reverse("open311:requests", args=["xml"])).content.decode()
    assert isinstance(rows[0]["service_request_id"], str)


def test_requests__window_over_90_days__400(client: Any) -> None:
    response = client.get(reverse("open311:requests", args=["json"]),
                          {"start_date": "2016-01-01T00:00:00Z", "end_date": "2026-01-01T00:00:00Z"})
    assert response.status_code == 400
    assert "90 days" in response.json()[0]["description"]
    bad = client.get(reverse("open311:requests", args=["json"]), {"start_date": "yesterday", "status": "maybe"})
    assert bad.status_code == 400 and len(bad.json()) == 2


def test_requests__default_window_and_filters(client: Any) -> None:
    now = timezone.now()
    recent = ResidentReportFactory.create_public(observed_at=now - dt.timedelta(days=3))
    ResidentReportFactory.create_public(observed_at=now - dt.timedelta(days=120))
    fixed = ResidentReportFactory.create_public(observed_at=now - dt.timedelta(days=2), status=Status.FIXED,
                                                category=resident_category("inv-klotter"))
    url = reverse("open311:requests", args=["json"])
    ids = {r["service_request_id"] for r in client.get(url).json()}
    assert ids == {str(recent.public_id), str(fixed.public_id)}
    assert [r["service_request_id"] for r in client.get(url, {"status": "closed"}).json()] == [str(fixed.public_id)]
    assert [r["service_request_id"] for r in client.get(url, {"service_code": "inv-belysning", "status": ""}).json()] \
        == [str(recent.public_id)]
    old_window = client.get(url, {"start_date": (now - dt.timedelta(days=130)).isoformat()}).json()
    assert len(old_window) == 1


def test_requests__empty_parameters__same_as_absent(client: Any) -> None:
    ResidentReportFactory.create_public()
    url = reverse("open311:requests", args=["json"])
    assert client.get(url, {"service_code": "", "status": "", "start_date": "", "jurisdiction_id": ""}).json() \
        == client.get(url).json()


def test_requests__post_rate_limited__429(client: Any, api_key: str, settings: Any) -> None:
    settings.TRYGG_OPEN311_POST_RATE = "2/m"
    url = reverse("open311:requests", args=["json"])
    codes = [client.post(url, post_data(api_key, description=f"lampa {i}")).status_code for i in range(3)]
    assert codes == [200, 200, 429]


def test_requests__wrong_method__405(client: Any) -> None:
    assert client.put(reverse("open311:services", args=["json"])).status_code == 405


junk = st.one_of(st.text(max_size=30), st.sampled_from(["", "open", "closed", "2026-01-01T00:00:00Z", "1e309",
                                                         "nan", "-91", ",", "inv-belysning"]))


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.dictionaries(st.sampled_from(["service_request_id", "service_code", "start_date", "end_date",
                                               "status", "jurisdiction_id", "lat", "long", "description",
                                               "email", "attribute[extent]"]), junk, max_size=6),
       fmt=st.sampled_from(["json", "xml"]))
def test_requests__arbitrary_parameters__never_5xx(client: Any, api_key: str, params: dict[str, str],
                                                   fmt: str) -> None:
    url = reverse("open311:requests", args=[fmt])
    assert client.get(url, params).status_code < 500
    body = {**params, "api_key": api_key, "service_code": params.get("service_code", "inv-belysning")}
    assert client.post(url, body).status_code < 500
