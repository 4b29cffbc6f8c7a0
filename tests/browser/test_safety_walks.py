"""Safety walks in a real browser: offline findings on a phone sync exactly once; pages pass axe."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import axe_violations, browser_sign_in
from trygg.areas.models import Place
from trygg.safety_walks.models import WalkFinding
from trygg.safety_walks.tests.factories import SafetyWalkFactory, WalkFindingFactory

pytestmark = pytest.mark.browser


def _organiser_and_walk(make_member, settings, **walk_kwargs):
    settings.TRYGG_REQUIRE_MFA = False
    user = make_member(role="rapportor", username="arrangor")
    walk = SafetyWalkFactory(organisers=[user], organisation=user.memberships.get().organisation,
                             title="Kvällsvandring Lagersberg", **walk_kwargs)
    return user, walk


def test_walk_page__two_findings_offline__exactly_two_synced(phone_page, make_member, settings):
    page = phone_page
    _user, walk = _organiser_and_walk(make_member, settings, walk_at=timezone.now() - dt.timedelta(hours=1))
    browser_sign_in(page, page.base_url, "arrangor")
    page.goto(f"{page.base_url}/org/walks/{walk.pk}/walk/")
    page.wait_for_selector(".leaflet-overlay-pane path")
    assert axe_violations(page) == []

    page.context.set_offline(True)
    for item, comment in (("1", "Trasig belysning i tunneln"), ("7", "Klotter på elskåpet")):
        page.click("#centre-btn")
        page.select_option("#id_checklist_item", item)
        page.fill("#id_comment", comment)
        page.click("#finding-form button[type=submit]")
    expect(page.locator("#pending-findings li")).to_have_count(2)
    assert "Väntar på att skickas" in page.inner_text("#pending-findings")
    assert "Ingen uppkoppling" in page.inner_text("#connection")
    assert WalkFinding.objects.count() == 0

    page.context.set_offline(False)
    expect(page.locator("#synced-count")).to_have_text("2", timeout=30000)
    expect(page.locator("#pending-findings li")).to_have_count(0)
    assert WalkFinding.objects.filter(walk=walk).count() == 2
    page.reload()
    page.wait_for_selector(".leaflet-overlay-pane path")
    assert page.locator("#synced-findings li").count() == 2
    assert WalkFinding.objects.count() == 2


def test_plan_protocol_followup__accessible_and_route_drawn(browser_page, make_member, settings):
    page = browser_page
    _user, walk = _organiser_and_walk(make_member, settings, walk_at=timezone.now() - dt.timedelta(days=1))
    WalkFindingFactory(walk=walk, number=1, comment="Mörk gångtunnel")
    WalkFindingFactory(walk=walk, number=2, kind="good", checklist_item=16, comment="Trevligt torg")
    Place.objects.create(area=walk.area, name="Gångtunneln vid Lagersbergsskolan", lat=59.3508, lon=16.4731)
    browser_sign_in(page, page.base_url, "arrangor")

    page.goto(f"{page.base_url}/org/walks/new/")
    page.select_option("#id_area", label="Lagersberg")
    page.wait_for_selector(".leaflet-overlay-pane path")
    page.locator("[data-route-input]").scroll_into_view_if_needed()
    box = page.locator("[data-route-input]").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.click(box["x"] + box["width"] / 2 + 40, box["y"] + box["height"] / 2 + 20)
    page.select_option("#route-place", index=1)
    page.click("#route-add-place")
    assert page.locator("#route-points li").count() == 3
    assert '"LineString"' in page.input_value("#id_route")
    assert axe_violations(page) == []

    for path in ("protocol/", "follow-up/", ""):
        page.goto(f"{page.base_url}/org/walks/{walk.pk}/{path}")
        page.wait_for_selector("main h1")
        assert axe_violations(page) == [], path
