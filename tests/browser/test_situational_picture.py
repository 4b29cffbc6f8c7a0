"""The lägesbild in a real browser: a new observation on the map and in the table; WCAG on every page."""

import datetime as dt

import pytest
from django.utils import timezone

from conftest import axe_violations, browser_sign_in
from trygg.accounts.models import OrganisationKind
from trygg.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from trygg.incidents.models import Category, Source
from trygg.incidents.services import observation_create
from trygg.situational_picture.tests.factories import observations_in

pytestmark = pytest.mark.browser

AREA_POLYGONS = 23


def _member(username, role, kind=OrganisationKind.FORVALTNING):
    user = UserFactory(username=username)
    MembershipFactory(user=user, organisation=OrganisationFactory(kind=kind), role=role)
    return user


def test_week_page__new_observation_on_map_and_in_table(browser_page, settings):
    settings.TRYGG_REQUIRE_MFA = False
    reporter = _member("rapportor1", "rapportor")
    _member("sara", "samordnare")
    observation_create(
        source=Source.EST, category=Category.objects.get(code="klotter"), lat=59.3572, lon=16.5251,
        observed_at=timezone.now() - dt.timedelta(minutes=30), organisation=reporter.memberships.get().organisation,
        reporter=reporter, description="Klotter på busskuren.",
    )
    page = browser_page
    browser_sign_in(page, page.base_url, "sara")
    page.goto(page.base_url + "/org/situation/")
    page.wait_for_selector(".leaflet-overlay-pane path")
    # Every area polygon plus the one observation's circle marker.
    assert page.locator(".leaflet-overlay-pane path").count() == AREA_POLYGONS + 1
    row = page.locator("table.area-table tbody tr", has_text="Fröslunda")
    assert row.locator("td.num").first.inner_text() == "1"
    assert page.locator("table.category-table tbody tr", has_text="Klotter").locator("td.num").first.inner_text() == "1"
    assert page.locator("[data-print]").is_visible()
    assert axe_violations(page) == []


def test_area_and_tertial_pages__accessible(browser_page, settings):
    settings.TRYGG_REQUIRE_MFA = False
    _member("sara", "samordnare")
    now = timezone.now()
    for weeks_ago, n in ((0, 2), (1, 1), (3, 4), (52, 3)):
        observations_in("lagersberg", now - dt.timedelta(weeks=weeks_ago, hours=1), n)
    page = browser_page
    browser_sign_in(page, page.base_url, "sara")
    page.goto(page.base_url + "/org/situation/area/lagersberg/")
    page.wait_for_selector(".leaflet-overlay-pane path")
    assert page.locator(".leaflet-overlay-pane path").count() == 1 + 2
    assert axe_violations(page) == []
    page.goto(page.base_url + "/org/situation/tertial/")
    assert page.locator("h1").inner_text().startswith("Tertialanalys")
    assert page.locator("svg.chart rect").count() >= 2
    assert axe_violations(page) == []


def test_week_page__phone_partner_sees_coarsened_points(phone_page, settings):
    settings.TRYGG_REQUIRE_MFA = False
    _member("kim", "rapportor", kind=OrganisationKind.BOSTADSBOLAG)
    observations_in("froslunda", timezone.now() - dt.timedelta(hours=1), 2)
    page = phone_page
    browser_sign_in(page, page.base_url, "kim")
    page.goto(page.base_url + "/org/situation/")
    page.wait_for_selector(".leaflet-overlay-pane path")
    assert page.get_by_text("placerade mitt i en ruta på 100 × 100 meter").is_visible()
    assert page.get_by_role("link", name="Exportera CSV").count() == 0
    # Nothing wider than the phone screen except inside scrollable table wrappers.
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    assert axe_violations(page) == []
