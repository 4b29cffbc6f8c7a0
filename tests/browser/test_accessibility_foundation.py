"""axe-core on the foundation pages, in a real headless Chromium."""

import pytest

from conftest import axe_violations, browser_sign_in

pytestmark = pytest.mark.browser


def test_public_home__no_wcag_violations(browser_page):
    browser_page.goto(browser_page.base_url + "/")
    assert browser_page.title()
    assert axe_violations(browser_page) == []


def test_login_page__no_wcag_violations(browser_page):
    browser_page.goto(browser_page.base_url + "/accounts/login/")
    assert axe_violations(browser_page) == []


def test_areas_page__signed_in_map_renders_and_is_accessible(browser_page, make_member, settings):
    settings.TRYGG_REQUIRE_MFA = False
    make_member(role="rapportor", username="rut")
    browser_sign_in(browser_page, browser_page.base_url, "rut")
    browser_page.goto(browser_page.base_url + "/org/areas/")
    # The tile-less map still draws every area polygon.
    browser_page.wait_for_selector(".leaflet-overlay-pane path")
    assert browser_page.locator(".leaflet-overlay-pane path").count() == 23
    assert axe_violations(browser_page) == []
