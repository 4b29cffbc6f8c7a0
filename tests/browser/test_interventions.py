"""A samordnare runs an intervention through its whole workflow; axe-core on every interventions page."""

import datetime as dt

import pytest
from django.utils import timezone

from conftest import axe_violations, browser_sign_in, click_transition, save_screenshot
from trygg.areas.models import Area, Place
from trygg.interventions.models import Intervention, Status
from trygg.interventions.tests.factories import InterventionFactory

pytestmark = pytest.mark.browser

def _shoot(page, name):
    """TRYGG_SCREENSHOTS=<directory> keeps full-page screenshots to look at."""
    import os

    directory = os.environ.get("TRYGG_SCREENSHOTS")
    if directory:
        save_screenshot(page, f"{directory}/interventions-{name}.png")


def test_intervention__samordnare_creates_and_follows_up__accessible(browser_page, make_member, settings):
    settings.TRYGG_REQUIRE_MFA = False
    page = browser_page
    coordinator = make_member(role="samordnare", username="sara", first_name="Sara", last_name="Lind")
    org = coordinator.memberships.get().organisation
    Place.objects.create(name="Gångtunneln", area=Area.objects.get(slug="lagersberg"), lat=59.3508, lon=16.4731)
    InterventionFactory.create_overdue(owner=org, areas=[Area.objects.get(slug="skiftinge")], title="Sen insats")
    other = make_member(role="atgardsansvarig", username="other", first_name="Olle", last_name="Annan")
    browser_sign_in(page, page.base_url, "sara")

    page.goto(page.base_url + "/org/interventions/ny/?area=lagersberg&title=Ny%20belysning%20i%20tunneln")
    assert axe_violations(page) == []
    _shoot(page, "create")
    # Only the owner's people are offered as responsible.
    assert page.locator(f"#id_responsible option[value='{other.pk}']").is_disabled()
    assert page.locator(f"#id_responsible option[value='{coordinator.pk}']").is_enabled()
    due = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    page.fill("#id_due_date", (timezone.localdate() - dt.timedelta(days=400)).isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Skapa insatsen").click()
    assert page.locator("#id_due_date_error").inner_text() == "Slutdatum kan inte vara före startdatum."
    _shoot(page, "create-error")
    page.fill("#id_due_date", due)
    page.get_by_label("Gångtunneln (Lagersberg)").check()
    page.fill("#id_target_metric", "Färre rapporter om mörker")
    with page.expect_navigation():
        page.get_by_role("button", name="Skapa insatsen").click()
    assert page.locator("h1").inner_text() == "Ny belysning i tunneln"
    intervention = Intervention.objects.get(title="Ny belysning i tunneln")
    assert list(intervention.areas.values_list("slug", flat=True)) == ["lagersberg"]

    click_transition(page, "Ändra till Planerad")
    click_transition(page, "Ändra till Pågår", "Beställt hos entreprenören")
    click_transition(page, "Ändra till Genomförd")
    click_transition(page, "Ändra till Uppföljd")  # no note: refused, field error shown
    assert "vad blev resultatet?" in page.locator("#id_followed_up_note_error").inner_text()
    click_transition(page, "Ändra till Uppföljd", "Inga rapporter om mörker vid tunneln på åtta veckor.")
    intervention.refresh_from_db()
    assert intervention.status == Status.FOLLOWED_UP
    assert "Inga rapporter om mörker" in page.locator("#followup-heading + p").inner_text()
    page.wait_for_selector(".leaflet-overlay-pane path")
    assert axe_violations(page) == []
    _shoot(page, "detail")

    # Followed up is no longer open: the overview shows the overdue one, not this one.
    page.goto(page.base_url + "/org/interventions/vem-gor-vad/")
    page.wait_for_selector(".leaflet-overlay-pane path")
    assert page.get_by_role("link", name="Sen insats").is_visible()
    assert page.get_by_role("link", name="Ny belysning i tunneln").count() == 0
    assert axe_violations(page) == []
    _shoot(page, "overview")

    page.goto(page.base_url + "/org/interventions/?status=followed_up")
    assert page.get_by_role("link", name="Ny belysning i tunneln").is_visible()
    assert axe_violations(page) == []
    _shoot(page, "list")

    page.goto(page.base_url + "/org/interventions/forsenade/")
    assert axe_violations(page) == []


def test_intervention_pages__phone__readable_and_accessible(phone_page, make_member, settings):
    settings.TRYGG_REQUIRE_MFA = False
    page = phone_page
    user = make_member(role="atgardsansvarig", username="eva")
    org = user.memberships.get().organisation
    late = InterventionFactory.create_overdue(owner=org, responsible=user, areas=[Area.objects.get(slug="arby")],
                                              title="Kamera vid Årby centrum")
    InterventionFactory.create_overdue(days=12, title="Någon annans sena insats")
    browser_sign_in(page, page.base_url, "eva")
    page.goto(page.base_url + "/org/interventions/forsenade/")
    assert page.locator("tr.is-mine").count() == 1
    assert axe_violations(page) == []
    _shoot(page, "phone-overdue")
    page.goto(page.base_url + late.get_absolute_url())
    assert page.get_by_role("button", name="Ändra till Genomförd").is_visible()
    # Nothing overflows sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _shoot(page, "phone-detail")
    page.goto(page.base_url + "/org/interventions/ny/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _shoot(page, "phone-create")
