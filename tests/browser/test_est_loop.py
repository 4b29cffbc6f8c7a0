"""The EST loop end to end in a real browser: report on the map -> lägesbild -> intervention -> follow-up."""

import datetime as dt

import pytest
from django.utils import timezone

from conftest import axe_violations, browser_sign_in, click_transition
from trygg.accounts.tests.factories import MembershipFactory
from trygg.incidents.models import Observation
from trygg.interventions.models import Intervention, Status

pytestmark = pytest.mark.browser


def test_est_loop__report_on_map__seen_in_lagesbild__intervention__follow_up(_browser, live_server, settings,
                                                                             make_member):
    settings.TRYGG_REQUIRE_MFA = False
    settings.TRYGG_TILE_URL = ""
    reporter = make_member(role="rapportor", kind="forvaltning", username="omar")
    coordinator = make_member(role="samordnare", kind="forvaltning", username="sara")
    MembershipFactory(user=coordinator, organisation=reporter.memberships.get().organisation, role="atgardsansvarig")

    # 1. The rapportör files an observation by clicking the map.
    context = _browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    page = context.new_page()
    browser_sign_in(page, live_server.url, "omar")
    page.goto(live_server.url + "/org/observations/new/")
    page.wait_for_selector("#picker-map.leaflet-container")
    page.select_option("#id_category", "klotter")
    page.locator("#picker-map").click()  # centred on Fristadstorget, inside the municipality
    assert page.input_value("#id_lat") != ""
    page.fill("#id_description", "Nytt klotter på busshållplatsens glasväggar.")
    with page.expect_navigation():
        page.click("form.observation-form button[type=submit]")
    assert "Tack! Observationen är registrerad." in page.content()
    observation = Observation.objects.get()
    area_name = observation.area.name

    # 2. It is in this week's lägesbild: the category table, the area table and a point on the map.
    page.goto(live_server.url + "/org/situation/")
    category_row = page.locator("table.category-table tr", has_text="Klotter")
    assert category_row.count() == 1 and "1" in category_row.inner_text()
    assert page.locator("table.area-table tr", has_text=area_name).count() == 1
    page.wait_for_selector(".leaflet-marker-pane *, .leaflet-overlay-pane path")
    assert axe_violations(page) == []
    context.close()

    # 3. The samordnare turns the observation into an intervention and follows it up.
    context = _browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    page = context.new_page()
    browser_sign_in(page, live_server.url, "sara")
    page.goto(f"{live_server.url}/org/observations/{observation.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Skapa insats från observationen").click()
    page.fill("#id_title", "Sanera klottret och sätt upp klotterskydd")
    page.fill("#id_due_date", (timezone.localdate() + dt.timedelta(days=14)).isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Skapa insatsen").click()
    intervention = Intervention.objects.get()
    assert intervention.origin == observation
    click_transition(page, "Ändra till Planerad")
    click_transition(page, "Ändra till Pågår")
    click_transition(page, "Ändra till Genomförd")
    click_transition(page, "Ändra till Uppföljd", "Klottret borta inom två dagar; inga nya rapporter.")
    intervention.refresh_from_db()
    assert intervention.status == Status.FOLLOWED_UP
    # The follow-up is visible from the observation the loop started with.
    page.goto(f"{live_server.url}/org/observations/{observation.pk}/")
    assert page.get_by_text("Sanera klottret och sätt upp klotterskydd").count() >= 1
    assert axe_violations(page) == []
    context.close()
