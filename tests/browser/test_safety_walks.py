"""Safety walks in a real browser: offline findings on a phone sync exactly once; a synced finding is corrected
on a phone; pages pass axe."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from conftest import axe_violations, browser_sign_in
from trygg.areas.models import Place
from trygg.incidents.models import Observation
from trygg.safety_walks import services
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


def test_walk_page__reopened_without_connection__from_the_service_worker__sent_when_back(
        phone_page, make_member, settings):
    page = phone_page
    _user, walk = _organiser_and_walk(make_member, settings, walk_at=timezone.now() - dt.timedelta(hours=1))
    browser_sign_in(page, page.base_url, "arrangor")
    url = f"{page.base_url}/org/walks/{walk.pk}/walk/"
    page.goto(url)
    page.wait_for_selector(".leaflet-overlay-pane path")
    expect(page.locator("#offline-ready")).to_be_visible(timeout=20000)  # the service worker kept it all

    def no_network(route):  # set_offline() does not reach a service worker's requests (playwright#2311)
        route.abort("internetdisconnected")

    page.context.set_offline(True)
    page.context.route("**/*", no_network)
    page.reload()  # as after closing the tab on the walk: the kept page, its styles, scripts and map
    page.wait_for_selector("#finding-form")
    assert "Kvällsvandring Lagersberg" in page.inner_text("h1")
    page.wait_for_selector(".leaflet-overlay-pane path")
    page.click("#centre-btn")
    page.select_option("#id_checklist_item", "1")
    page.fill("#id_comment", "Trasig belysning i tunneln")
    page.click("#finding-form button[type=submit]")
    expect(page.locator("#pending-findings li")).to_have_count(1)
    assert WalkFinding.objects.count() == 0

    page.context.unroute("**/*", no_network)
    page.context.set_offline(False)
    expect(page.locator("#synced-count")).to_have_text("1", timeout=30000)
    assert WalkFinding.objects.filter(walk=walk, comment="Trasig belysning i tunneln").count() == 1
    page.goto(f"{page.base_url}/org/")
    page.click("form[action$='/logout/'] button")  # signing out removes the kept pages
    page.wait_for_url("**/")
    page.wait_for_function("caches.has('trygg-walks-v1').then(has => !has)", timeout=10000)


def test_checklist__saved_without_connection__kept_in_the_phone_and_saved_when_back(phone_page, make_member, settings):
    page = phone_page
    _user, walk = _organiser_and_walk(make_member, settings, walk_at=timezone.now() - dt.timedelta(hours=1))
    browser_sign_in(page, page.base_url, "arrangor")
    page.goto(f"{page.base_url}/org/walks/{walk.pk}/walk/")
    expect(page.locator("#offline-ready")).to_be_visible(timeout=20000)

    def no_network(route):
        route.abort("internetdisconnected")

    page.context.set_offline(True)
    page.context.route("**/*", no_network)
    page.check("#item-1-brist")
    page.click("#checklist-form details summary >> nth=0")
    page.fill("#comment-1", "Tre lampor trasiga i tunneln")
    page.click("#checklist-form button[type=submit]")
    expect(page.locator("#checklist-status")).to_contain_text("Ingen uppkoppling")
    assert walk.checklist_answers.count() == 0
    page.reload()  # closed and opened again without a connection: the answers come back from the phone
    expect(page.locator("#checklist-status")).to_contain_text("ifyllda igen")
    assert page.is_checked("#item-1-brist") and page.input_value("#comment-1") == "Tre lampor trasiga i tunneln"

    page.context.unroute("**/*", no_network)
    page.context.set_offline(False)
    with page.expect_navigation():
        page.click("#checklist-form button[type=submit]")
    expect(page.get_by_text("Checklistan är sparad.")).to_be_visible()
    answer = walk.checklist_answers.get(item=1)
    assert (answer.answer, answer.comment) == ("brist", "Tre lampor trasiga i tunneln")
    page.reload()  # saved: nothing left in the phone to fill in again
    assert "ifyllda igen" not in page.inner_text("#checklist-status")
    assert axe_violations(page) == []


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


def _jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    exif[0x8825] = {1: "N", 2: (59.0, 21.0, 7.0)}
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 30)).save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_finding_edit__on_a_phone__corrected_after_report_and_accessible(phone_page, make_member, settings):
    page = phone_page
    user, walk = _organiser_and_walk(make_member, settings, walk_at=timezone.now() - dt.timedelta(hours=2))
    finding = WalkFindingFactory(walk=walk, number=1, comment="Mörk gångtunnel",
                                 recorded_at=timezone.now() - dt.timedelta(hours=1))
    services.finding_convert_to_report(finding=finding, by=user)
    report_text = Observation.objects.get().description
    browser_sign_in(page, page.base_url, "arrangor")
    page.goto(f"{page.base_url}/org/walks/{walk.pk}/walk/")
    with page.expect_navigation():
        page.get_by_role("link", name="Ändra fynd 1").click()
    page.wait_for_selector("#finding-edit-form .leaflet-marker-icon")
    assert "rapporten eller insatsen ändras inte" in page.inner_text("main")
    assert axe_violations(page) == []

    # A problem without a comment is refused; what was typed stays and the error summary gets focus.
    page.fill("#id_comment", "")
    page.fill("#id_proposed_action", "Byt alla armaturer")
    with page.expect_navigation():
        page.click("#finding-edit-form button[type=submit]")
    expect(page.locator("#error-summary")).to_be_focused()
    assert page.input_value("#id_proposed_action") == "Byt alla armaturer"
    assert page.get_attribute("#id_comment", "aria-describedby") == "id_comment_error"
    assert axe_violations(page) == []

    page.select_option("#id_checklist_item", "7")
    page.fill("#id_comment", "Klotter på elskåpet vid tunneln")
    page.set_input_files("#id_photo", files=[{"name": "IMG_0001.jpg", "mimeType": "image/jpeg",
                                              "buffer": _jpeg_with_gps()}])
    page.locator("#fs-point .map").scroll_into_view_if_needed()
    box = page.locator("#fs-point .map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2 + 40, box["y"] + box["height"] / 2 + 20)
    expect(page.locator("#pick-status")).to_contain_text("Vald plats")
    with page.expect_navigation():
        page.click("#finding-edit-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("Fynd 1 är ändrat")
    assert page.url.endswith(f"/org/walks/{walk.pk}/walk/#h-findings")

    finding.refresh_from_db()
    assert (finding.checklist_item, finding.comment) == (7, "Klotter på elskåpet vid tunneln")
    assert finding.proposed_action == "Byt alla armaturer"
    assert (finding.lat, finding.lon) != (59.3520, 16.4760)
    with finding.photo.open("rb") as handle, Image.open(handle) as img:
        assert len(img.getexif()) == 0
    assert Observation.objects.get().description == report_text  # the report keeps the version it came from

    page.goto(f"{page.base_url}/org/walks/{walk.pk}/protocol/")
    page.wait_for_selector("main h1")
    note = page.inner_text("#finding-1")
    assert "Rapporten skapades från en tidigare version av fyndet" in note
    assert page.locator("#finding-1").get_by_role("link", name="Öppna rapporten från fynd 1").count() == 1
    assert axe_violations(page) == []
