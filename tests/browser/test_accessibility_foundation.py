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


def test_phone_menu__long_menu_folds_behind_a_disclosure_button__keyboard_and_axe(phone_page, make_member, settings):
    settings.TRYGG_REQUIRE_MFA = False
    make_member(role="samordnare", username="sam")
    browser_sign_in(phone_page, phone_page.base_url, "sam")
    phone_page.goto(phone_page.base_url + "/org/")
    button = phone_page.get_by_role("button", name="Meny")
    menu = phone_page.locator("#main-menu")
    assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
    assert not menu.is_visible()
    assert axe_violations(phone_page) == []
    button.click()
    assert button.get_attribute("aria-expanded") == "true" and menu.is_visible()
    assert menu.get_by_role("link").count() > 6
    assert axe_violations(phone_page) == []
    # every entry is a full-width target at least 44 px high, and the page does not scroll sideways
    heights = menu.get_by_role("link").evaluate_all("links => links.map(a => a.getBoundingClientRect().height)")
    assert min(heights) >= 44
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    menu.get_by_role("link").first.focus()
    phone_page.keyboard.press("Escape")  # closes and gives focus back to the button
    assert not menu.is_visible() and button.get_attribute("aria-expanded") == "false"
    assert phone_page.evaluate("document.activeElement.hasAttribute('data-nav-toggle')")


def test_phone_menu__public_menu_stays_open_and_desktop_never_folds(phone_page, browser_page):
    phone_page.goto(phone_page.base_url + "/")
    assert phone_page.locator("#main-menu").is_visible()
    assert not phone_page.get_by_role("button", name="Meny").is_visible()
    browser_page.goto(browser_page.base_url + "/")
    assert browser_page.locator("#main-menu").is_visible()
    assert not browser_page.get_by_role("button", name="Meny").is_visible()
