"""Public pages, the page feedback widget and the editors' statistics."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory
from django.urls import reverse

from trygg.core.panels import render_panels
from trygg.public.models import PageFeedback

from .factories import feedback

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["public:home", "public:safety_work", "public:contact", "public:report",
                                  "public:map"])
def test_public_page__renders_with_feedback_widget(client: Any, name: str) -> None:
    response = client.get(reverse(name))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Hjälpte informationen på den här sidan dig?" in body
    assert f'name="path" value="{reverse(name)}"' in body


def test_contact_page__has_address_and_opening_hours(client: Any) -> None:
    body = client.get(reverse("public:contact")).content.decode()
    for text in ("Stadshuset, Fristadstorget", "631 86 Eskilstuna", "måndag–fredag 08:00–17:00"):
        assert text in body


def test_safety_work__lists_prioritised_areas_and_renders_panel_slot(client: Any) -> None:
    from trygg.areas.models import Area

    body = client.get(reverse("public:safety_work")).content.decode()
    for area in Area.objects.prioritised():
        assert area.name in body


def test_public_nav__items_in_order(client: Any) -> None:
    body = client.get(reverse("public:home")).content.decode()
    positions = [body.index(label) for label in ("Rapportera otrygg plats", "Rapporter på kartan",
                                                 "Så jobbar vi för trygghet", "Kontakt")]
    assert positions == sorted(positions)


@pytest.mark.parametrize("path", ["/org/", "/org/reports/", "/accounts/login/"])
def test_feedback_panel__org_and_account_pages__hidden(path: str) -> None:
    request = RequestFactory().get(path)
    assert render_panels("page_footer", request) == []


def test_feedback_panel__public_page__rendered_and_thanks_after_answer() -> None:
    request = RequestFactory().get("/kontakt/")
    [html] = render_panels("page_footer", request)
    assert "Hjälpte informationen" in html and 'value="yes"' in html
    thanked = RequestFactory().get("/kontakt/?sidrespons=tack")
    [html] = render_panels("page_footer", thanked)
    assert "Tack för ditt svar!" in html and 'value="yes"' not in html


def test_feedback__post_without_js__stored_redacted_and_redirects_with_thanks(client: Any) -> None:
    response = client.post(reverse("public:feedback"), {"path": "/kontakt/?x=1", "helpful": "no",
                                                        "comment": "Ring mig 070-123 45 67, anna@example.se"},
                           REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 302 and response["Location"] == "/kontakt/?sidrespons=tack#sidrespons"
    row = PageFeedback.objects.get()
    assert (row.path, row.helpful) == ("/kontakt/", False)
    assert "070-123 45 67" not in row.comment and "anna@example.se" not in row.comment
    assert "198.51.100.9" not in str(PageFeedback.objects.values().get())
    assert "Tack för ditt svar!" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("path", ["https://evil.example/", "//evil.example/", "/org/reports/"])
def test_feedback__foreign_or_org_path__stored_as_home(client: Any, path: str) -> None:
    response = client.post(reverse("public:feedback"), {"path": path, "helpful": "yes"})
    assert response["Location"].startswith("/?sidrespons=tack")
    assert PageFeedback.objects.get().path == "/"


def test_feedback__missing_answer__400_nothing_stored(client: Any) -> None:
    response = client.post(reverse("public:feedback"), {"path": "/", "helpful": "maybe"})
    assert response.status_code == 400
    assert not PageFeedback.objects.exists()


def test_feedback__rate_limited__429(client: Any, settings: Any) -> None:
    settings.TRYGG_FEEDBACK_RATE = "2/h"
    codes = [client.post(reverse("public:feedback"), {"path": "/", "helpful": "yes"}).status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert PageFeedback.objects.count() == 2


def test_feedback_stats__samordnare__sees_counts_per_page(make_member: Any, login: Any) -> None:
    feedback("/kontakt/", True)
    feedback("/kontakt/", False, "Saknar telefonnummer")
    feedback("/", True)
    response = login(make_member(role="samordnare")).get(reverse("public_org:feedback_stats"))
    assert response.status_code == 200
    rows = {r["path"]: (r["yes"], r["no"], r["share_yes"]) for r in response.context["rows"]}
    assert rows == {"/kontakt/": (1, 1, 50), "/": (1, 0, 100)}
    assert "Saknar telefonnummer" in response.content.decode()


def test_feedback_stats__anonymous__login_redirect(client: Any) -> None:
    response = client.get(reverse("public_org:feedback_stats"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(("role", "kind"), [("rapportor", "forvaltning"), ("samordnare", "bostadsbolag")])
def test_feedback_stats__wrong_role__403(make_member: Any, login: Any, role: str, kind: str) -> None:
    assert login(make_member(role=role, kind=kind)).get(reverse("public_org:feedback_stats")).status_code == 403
