"""Residents' public pages in a real browser: filing a report on a phone, the map, feedback, accessibility."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest

from conftest import axe_violations, browser_sign_in, save_screenshot
from trygg.incidents.models import Category, Moderation, Observation
from trygg.incidents.residents.categories import seed_resident_categories

pytestmark = pytest.mark.browser

SHOTS = Path(tempfile.gettempdir())  # screenshots to look at by hand


@pytest.fixture
def resident_categories(reference_data: None) -> None:
    seed_resident_categories(Category)


def test_report__phone__file_with_my_position_and_see_receipt(phone_page: Any, resident_categories: None) -> None:
    page = phone_page
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 59.3520, "longitude": 16.4760})
    page.goto(page.base_url + "/rapportera/")
    page.wait_for_selector(".report-map.leaflet-container")
    assert axe_violations(page) == []
    page.get_by_label("Mörk plats/trasig belysning").check()
    page.get_by_role("button", name="Använd min position").click()
    page.wait_for_selector("#pick-status:has-text('Vald plats')")
    page.get_by_label("Beskriv vad som är otryggt").fill("Gångtunneln är helt mörk, ring 070-123 45 67.")
    page.get_by_label("Din e-post (valfritt)").fill("boende@example.se")
    save_screenshot(page, SHOTS / "residents-phone-form.png")
    page.wait_for_timeout(3000)  # the minimum fill time: faster submissions are treated as bots
    page.get_by_role("button", name="Skicka rapporten").click()
    page.wait_for_selector("text=Tack för din rapport!")
    observation = Observation.objects.get()
    assert str(observation.public_id) in page.content()
    assert abs(observation.lat - 59.3520) < 1e-4 and observation.moderation == Moderation.PENDING
    save_screenshot(page, SHOTS / "residents-phone-receipt.png")
    assert axe_violations(page) == []


def test_public_pages__map_feedback_and_accessibility(browser_page: Any, resident_categories: None) -> None:
    from trygg.public.tests.factories import ResidentReportFactory

    first = ResidentReportFactory.create_public()
    ResidentReportFactory.create_public(status="fixed", lat=59.3706, lon=16.5128)
    page = browser_page
    page.goto(f"{page.base_url}/rapporter/{first.public_id}/")
    page.wait_for_selector(".leaflet-overlay-pane path")  # the coarsened point, centred
    save_screenshot(page, SHOTS / "residents-desktop-status.png")
    assert axe_violations(page) == []
    for path, name in [("/", "home"), ("/sa-jobbar-vi/", "safety"), ("/kontakt/", "contact"),
                       ("/rapporter/", "map")]:
        page.goto(page.base_url + path)
        if path == "/rapporter/":
            page.wait_for_selector(".leaflet-overlay-pane path")
            assert page.locator(".leaflet-overlay-pane path").count() >= 2
        save_screenshot(page, SHOTS / f"residents-desktop-{name}.png")
        assert axe_violations(page) == [], path
    page.goto(page.base_url + "/kontakt/")
    page.get_by_label("Vad kan vi göra bättre? (valfritt)").fill("Bra sida")
    page.get_by_role("button", name="Ja", exact=True).click()
    page.wait_for_selector("text=Tack för ditt svar!")
    assert axe_violations(page) == []


def test_department_queue__detail_accessible(browser_page: Any, resident_categories: None, make_member: Any,
                                              settings: Any) -> None:
    from trygg.public.tests.factories import ResidentReportFactory

    settings.TRYGG_REQUIRE_MFA = False
    handler = make_member(role="atgardsansvarig", username="eva")
    report = ResidentReportFactory.create_public(responsible_organisation=handler.memberships.get().organisation)
    page = browser_page
    browser_sign_in(page, page.base_url, "eva")
    page.goto(f"{page.base_url}/org/reports/")
    assert axe_violations(page) == []
    page.goto(f"{page.base_url}/org/reports/{report.pk}/")
    page.wait_for_selector(".leaflet-overlay-pane path")
    save_screenshot(page, SHOTS / "residents-desktop-queue-detail.png")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Markera som åtgärdad").click()
    page.wait_for_selector("text=Rapporten är uppdaterad.")
    report.refresh_from_db()
    assert report.status == "fixed"
