"""EST reporting in a real browser: a reporter files a report on a phone; axe on every EST page."""

import pytest

from conftest import axe_violations, browser_sign_in
from trygg.accounts.tests.factories import MembershipFactory, OrganisationFactory
from trygg.incidents.models import Observation
from trygg.incidents.tests.factories import ObservationFactory

pytestmark = pytest.mark.browser


def _open_report_form(page, make_member, settings):
    """Sign in as a housing company's rapportör and open the report form with its map drawn."""
    settings.TRYGG_REQUIRE_MFA = False
    make_member(role="rapportor", kind="bostadsbolag", username="kim")
    browser_sign_in(page, page.base_url, "kim")
    page.goto(page.base_url + "/org/observations/new/")
    page.wait_for_selector("#picker-map.leaflet-container")


def test_reporter__files_report_by_tapping_map_on_phone__sees_it_in_week_view(phone_page, make_member, settings):
    page = phone_page
    _open_report_form(page, make_member, settings)
    assert axe_violations(page) == []
    page.select_option("#id_category", "klotter")
    page.locator("#picker-map").scroll_into_view_if_needed()
    page.locator("#picker-map").tap()  # the map is centred on Fristadstorget, inside the municipality
    assert page.input_value("#id_lat") != ""
    assert "Vald plats" in page.text_content("#picker-status")
    page.fill("#id_description", "Nytt klotter på gångtunnelns västra vägg.")
    with page.expect_navigation():
        page.click("form.observation-form button[type=submit]")
    assert "/org/observations/week/" in page.url
    assert "Tack! Observationen är registrerad." in page.content()
    assert page.locator(".obs-list a", has_text="Klotter").count() == 1
    assert axe_violations(page) == []
    obs = Observation.objects.get()
    assert obs.area is not None


def test_report_form__keyboard_centre_button_and_errors_are_accessible(browser_page, make_member, settings):
    page = browser_page
    _open_report_form(page, make_member, settings)
    with page.expect_navigation():
        page.click("form.observation-form button[type=submit]")  # nothing chosen
    assert "Välj platsen på kartan eller skriv namnet på en känd plats" in page.content()
    assert axe_violations(page) == []
    page.focus("#centre-marker")
    page.keyboard.press("Enter")
    assert page.input_value("#id_lat") != ""
    assert Observation.objects.count() == 0


def test_est_pages__list_detail_week_and_moderation_have_no_wcag_violations(browser_page, make_member, settings):
    settings.TRYGG_REQUIRE_MFA = False
    page = browser_page
    samordnare = make_member(role="samordnare", kind="forvaltning", username="sara")
    MembershipFactory(user=samordnare, organisation=samordnare.memberships.get().organisation, role="moderator")
    housing = OrganisationFactory(name="Kfast")
    MembershipFactory(organisation=housing, role="rapportor")
    obs = ObservationFactory(organisation=samordnare.memberships.first().organisation, reporter=samordnare,
                             description="Krossad ruta, ring 070-1234567")
    ObservationFactory.create_for_moderation(description="Stökigt vid kiosken varje kväll")
    browser_sign_in(page, page.base_url, "sara")
    for path in ["/org/observations/", f"/org/observations/{obs.pk}/", "/org/observations/week/",
                 "/org/observations/moderation/"]:
        page.goto(page.base_url + path)
        assert axe_violations(page) == [], path
    assert "saknas" in page.goto(page.base_url + "/org/observations/week/").text()
