"""The hotspot page in a real browser: both layers draw, the page passes axe, and it works on a phone."""

import pytest

from conftest import axe_violations, browser_sign_in, save_screenshot
from trygg.areas.models import Area
from trygg.core.geo import iso_week_of, week_label
from trygg.situational_picture.tests.test_hotspots import NOW, cluster_and_background

pytestmark = pytest.mark.browser


def test_hotspot_page__layers_draw_and_no_wcag_violations(browser_page, make_member, settings, tmp_path):
    settings.TRYGG_REQUIRE_MFA = False
    make_member(role="samordnare", username="sara")
    cluster_and_background()
    browser_sign_in(browser_page, browser_page.base_url, "sara")
    browser_page.goto(f"{browser_page.base_url}/org/hotspots/?week={week_label(*iso_week_of(NOW))}&weeks=4")
    # a cell (filled); the area borders come first, and one outside the view is an empty, invisible path
    browser_page.wait_for_selector("[data-areas=hotspot-cells] .leaflet-overlay-pane path:not([fill=none])")
    assert browser_page.locator("[data-areas=hotspot-cells] .leaflet-overlay-pane path").count() >= 1
    assert browser_page.locator("[data-areas=density-cells] .leaflet-overlay-pane path").count() >= 1
    # area borders underneath both maps: dashed, unfilled, drawn before (under) the cells
    for layer in ("hotspot-cells", "density-cells"):
        first = browser_page.locator(f"[data-areas={layer}] .leaflet-overlay-pane path").first
        assert first.get_attribute("stroke-dasharray") == "6 4" and first.get_attribute("fill") == "none"
        assert browser_page.locator(f"[data-areas={layer}] .leaflet-overlay-pane path[fill=none]").count() == (
            Area.objects.count())
    save_screenshot(browser_page, str(tmp_path / "hotspots.png"))
    assert axe_violations(browser_page) == []
    browser_page.set_viewport_size({"width": 390, "height": 844})
    save_screenshot(browser_page, str(tmp_path / "hotspots-phone.png"))
    assert browser_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
