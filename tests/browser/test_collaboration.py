"""Collaboration pages in a real Chromium: the meeting page, the public promise page and the steering overview
are accessible (axe) on desktop and phone, and a partner answers an invitation through the real form."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import pytest
from django.utils import timezone

from conftest import axe_violations, browser_sign_in, save_screenshot
from trygg.accounts.tests.factories import OrganisationFactory
from trygg.collaboration import services
from trygg.collaboration.models import Invitation
from trygg.collaboration.tests.factories import MeetingFactory, PromiseFactory

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("TRYGG_SCREENSHOTS")  # set to a directory to save screenshots for a visual check


def _shot(page: Any, name: str) -> None:
    if SHOTS:
        save_screenshot(page, os.path.join(SHOTS, f"collab-{name}.png"))


def _meeting(sam: Any, org: Any) -> Any:
    meeting = MeetingFactory.create_with_invited(org, title="Trygghetsråd december", chair=sam)
    services.agenda_item_add(meeting=meeting, order=1, title="Välkommen", presenter=org, by=sam,
                             starts_at=dt.time(13, 0), ends_at=dt.time(13, 10))
    services.decision_create(meeting=meeting, text="Belysning i gångtunneln", owner=org,
                             due_date=timezone.localdate() + dt.timedelta(days=30), by=sam)
    return meeting


def test_meeting_page__partner_answers_invitation__accessible(browser_page: Any, phone_page: Any, make_member: Any,
                                                               settings: Any) -> None:
    settings.TRYGG_REQUIRE_MFA = False
    org = OrganisationFactory(name="Kfast", slug="kfast-b", kind="bostadsbolag")
    sam = make_member(role="samordnare", username="sam")
    make_member(role="rapportor", organisation=org, username="kim")
    meeting = _meeting(sam, org)
    url = f"/org/collaboration/meetings/{meeting.pk}/"

    page = browser_page
    browser_sign_in(page, page.base_url, "kim")
    page.goto(page.base_url + url)
    page.check("input[name=answer][value=attend]")
    page.fill("#id_attendees", "3")
    with page.expect_navigation():
        page.click("text=Spara svar")
    page.fill("#id_what_we_do", "Fastighetsvärdar kvällstid")
    with page.expect_navigation():
        page.click("text=Spara bidrag")
    assert page.locator("text=Fastighetsvärdar kvällstid").count() >= 1
    assert Invitation.objects.get(meeting=meeting).attendees == 3
    _shot(page, "meeting-partner-desktop")
    assert axe_violations(page) == []

    browser_sign_in(phone_page, phone_page.base_url, "sam")
    phone_page.goto(phone_page.base_url + url)
    phone_page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    _shot(phone_page, "meeting-samordnare-phone")
    assert axe_violations(phone_page) == []


def test_public_promise_page__progress_bars_with_labels__accessible(browser_page: Any, phone_page: Any) -> None:
    promise = PromiseFactory.create_published(target=272)
    activity = promise.activities.get()
    activity.achieved_count = 120
    activity.save()
    for page in (browser_page, phone_page):
        page.goto(f"{page.base_url}/samverkan/loften/{promise.pk}/")
        bar = page.locator("progress")
        assert bar.get_attribute("max") == "272" and bar.get_attribute("value") == "120"
        assert page.get_by_label("Fotpatrullering").count() == 1
        assert axe_violations(page) == []
    _shot(browser_page, "promise-public-desktop")
    _shot(phone_page, "promise-public-phone")


def test_steering_overview__accessible(browser_page: Any, phone_page: Any, make_member: Any, settings: Any) -> None:
    settings.TRYGG_REQUIRE_MFA = False
    make_member(role="styrgrupp", username="politiker")
    PromiseFactory.create_published(target=350)
    for page, name in ((browser_page, "desktop"), (phone_page, "phone")):
        browser_sign_in(page, page.base_url, "politiker")
        page.goto(page.base_url + "/org/collaboration/steering/")
        assert page.get_by_role("heading", name="Lagersberg", exact=True).count() == 1
        _shot(page, f"steering-{name}")
        assert axe_violations(page) == []
