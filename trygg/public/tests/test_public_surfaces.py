"""Nothing pending, hidden, merged, sensitive or from a shelter reaches any public surface (reliability C6, F3, F5);
public text is redacted (F4) and public coordinates coarsened."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from trygg.accounts.models import OrganisationKind
from trygg.accounts.tests.factories import OrganisationFactory
from trygg.core.geo import coarsen
from trygg.incidents.models import Moderation
from trygg.incidents.services import observation_moderate

from .factories import ResidentReportFactory

pytestmark = pytest.mark.django_db

SECRET = "Hemlig-text-7731"


def surfaces(report: Any) -> dict[str, str]:
    return {
        "list": reverse("public:map"),
        "map_geojson": reverse("public:map_geojson"),
        "csv_export": reverse("public:map_csv"),
        "detail": reverse("public:report_status", args=[report.public_id]),
        "similar": reverse("public:similar") + f"?lat={report.lat}&lon={report.lon}&category={report.category_id}",
        "open311_json": reverse("open311:requests", args=["json"]),
        "open311_xml": reverse("open311:requests", args=["xml"]),
        "open311_one_json": reverse("open311:request", args=[report.public_id, "json"]),
        "open311_one_xml": reverse("open311:request", args=[report.public_id, "xml"]),
        "open311_by_id": reverse("open311:requests", args=["json"]) + f"?service_request_id={report.public_id}",
    }


SURFACES = ["list", "map_geojson", "csv_export", "detail", "similar", "open311_json", "open311_xml",
            "open311_one_json", "open311_one_xml", "open311_by_id"]


def make_hidden(moderator: Any) -> Any:
    report = ResidentReportFactory.create_public(description=SECRET)
    observation_moderate(observation=report, moderator=moderator, decision=Moderation.HIDDEN)
    return report


def make_pending(moderator: Any) -> Any:
    return ResidentReportFactory.create_pending(description=SECRET)


def make_merged(moderator: Any) -> Any:
    target = ResidentReportFactory.create_public()
    return ResidentReportFactory.create_public(description=SECRET, merged_into=target)


def make_shelter(moderator: Any) -> Any:
    return ResidentReportFactory.create_public(description=SECRET, never_public=True,
                                               organisation=OrganisationFactory(kind=OrganisationKind.JOUR))


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("make", [make_hidden, make_pending, make_merged, make_shelter],
                         ids=["hidden", "pending", "merged", "shelter"])
def test_report__not_public__absent_from_every_public_surface(client: Any, make_member: Any, surface: str,
                                                              make: Any) -> None:
    report = make(make_member(role="moderator"))
    assert set(surfaces(report)) == set(SURFACES)
    response = client.get(surfaces(report)[surface])
    body = response.content.decode()
    assert SECRET not in body
    # The reporter's own receipt link keeps working (status only, no text or place) unless the report was hidden.
    receipt_link = surface == "detail" and make is not make_hidden
    if surface in ("detail", "open311_one_json", "open311_one_xml") and not receipt_link:
        assert response.status_code == 404  # (an HTML 404 page echoes the requested path, nothing else)
    elif not receipt_link:
        assert str(report.public_id) not in body


@pytest.mark.parametrize("surface", ["list", "map_geojson", "csv_export", "detail", "open311_json", "open311_xml"])
def test_report__approved__present_with_redacted_text(client: Any, surface: str) -> None:
    report = ResidentReportFactory.create_public(description=f"{SECRET} ring 070-123 45 67")
    body = client.get(surfaces(report)[surface]).content.decode()
    assert str(report.public_id) in body
    assert "070-123 45 67" not in body


def test_report__hidden_after_approval__vanishes_from_detail(client: Any, make_member: Any) -> None:
    report = ResidentReportFactory.create_public(description=SECRET)
    assert SECRET in client.get(reverse("public:report_status", args=[report.public_id])).content.decode()
    observation_moderate(observation=report, moderator=make_member(role="moderator"), decision=Moderation.HIDDEN)
    assert client.get(reverse("public:report_status", args=[report.public_id])).status_code == 404


def test_report__public_coordinates__coarsened_to_grid(client: Any, settings: Any) -> None:
    report = ResidentReportFactory.create_public(lat=59.352123, lon=16.476543)
    feature = client.get(reverse("public:map_geojson")).json()["features"][0]
    lon, lat = feature["geometry"]["coordinates"]
    assert (lat, lon) == coarsen(report.lat, report.lon, settings.TRYGG_PUBLIC_GRID_METRES)
    assert (lat, lon) != (report.lat, report.lon)
    assert str(report.lat) not in client.get(reverse("open311:requests", args=["json"])).content.decode()


def test_public_map__query_count_does_not_grow_with_reports(client: Any, django_assert_max_num_queries: Any) -> None:
    ResidentReportFactory.create_batch(30)
    with django_assert_max_num_queries(12):
        client.get(reverse("public:map"))


personal = st.one_of(
    st.from_regex(r"[a-z]{2,8}\.[a-z]{2,8}@[a-z]{3,8}\.(se|com|nu)", fullmatch=True),
    st.from_regex(r"07[02369][- ]?\d{3} ?\d{2} ?\d{2}", fullmatch=True),
    st.from_regex(r"\+46 ?7\d ?\d{3} ?\d{2} ?\d{2}", fullmatch=True),
    st.from_regex(r"(19|20)?\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d)[-+]?\d{4}", fullmatch=True),
)
filler = st.sampled_from(["Mörkt vid tunneln", "ring", "eller", "skriv till", "lampan är trasig", "och", "."])


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=st.lists(personal, min_size=2, max_size=5), words=st.lists(filler, min_size=2, max_size=6))
def test_public_text__two_or_more_personal_items__none_survive(client: Any, items: list[str],
                                                              words: list[str]) -> None:
    parts = [w for pair in zip(words, items, strict=False) for w in pair] + items[len(words):]
    text = " ".join(parts)
    from trygg.incidents.residents.services import resident_report_submit

    from .factories import LAGERSBERG, resident_category

    report, _ = resident_report_submit(category=resident_category(), lat=LAGERSBERG[0], lon=LAGERSBERG[1],
                                       description=text)
    report.moderation = Moderation.APPROVED
    report.save(update_fields=["moderation"])
    body = client.get(reverse("public:report_status", args=[report.public_id])).content.decode()
    api = client.get(reverse("open311:request", args=[report.public_id, "json"])).json()[0]["description"]
    for item in items:
        assert item not in body
        assert item not in api
    report.delete()
