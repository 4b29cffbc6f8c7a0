"""Hotspot page and "situation" panel: numbers from trygg.analysis, permissions per role."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.test import RequestFactory
from django.urls import reverse

from trygg.core.geo import iso_week_of, to_sweref, to_wgs84, week_label
from trygg.core.panels import render_panels
from trygg.incidents.tests.factories import LAGERSBERG, ObservationFactory
from trygg.situational_picture.hotspots.selectors import hotspot_picture

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 11, 12, 0, tzinfo=dt.UTC)  # a Wednesday in 2026-W11


def cluster_and_background(organisation: object = None, hot: int = 40, background: int = 40) -> None:
    """A tight cluster at Lagersberg plus reports spread over 6 × 6 km, all in the four weeks up to NOW."""
    rng = np.random.default_rng(5)
    e0, n0 = to_sweref(*LAGERSBERG)
    points = [(e0 + dx, n0 + dy) for dx, dy in rng.normal(0, 60, size=(hot, 2))]
    points += [(e0 + dx, n0 + dy) for dx, dy in rng.uniform(-3000, 3000, size=(background, 2))]
    kwargs = {"organisation": organisation} if organisation is not None else {}
    for i, (e, n) in enumerate(points):
        lat, lon = to_wgs84(e, n)
        ObservationFactory(lat=lat, lon=lon, observed_at=NOW - dt.timedelta(days=i % 20, hours=1), area=None,
                           **kwargs)


def test_hotspot_page__anonymous__redirects_to_login(client) -> None:
    response = client.get(reverse("hotspots:map"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(("role", "kind"), [("rapportor", "forvaltning"), ("analytiker", "bostadsbolag"),
                                            ("styrgrupp", "polis")])
def test_hotspot_page__role_without_analysis__forbidden(make_member, login, role: str, kind: str) -> None:
    user = make_member(role=role, kind=kind)
    assert login(user).get(reverse("hotspots:map")).status_code == 403


def test_hotspot_page__samordnare__shows_significant_cluster_on_map_and_table(make_member, login) -> None:
    cluster_and_background()
    user = make_member(role="samordnare")
    year, week = iso_week_of(NOW)
    response = login(user).get(reverse("hotspots:map"), {"week": week_label(year, week), "weeks": 4})
    assert response.status_code == 200
    picture = response.context["picture"]
    assert picture.total == 80 and picture.enough
    hot = [c for c in picture.cells if c.significant and c.z > 0]
    assert hot, "the tight cluster must be a significant hotspot"
    e, n = to_sweref(hot[0].lat, hot[0].lon)
    e0, n0 = to_sweref(*LAGERSBERG)
    assert abs(e - e0) < 400 and abs(n - n0) < 400
    assert picture.hotspots_geojson["features"] and picture.density_geojson["features"]
    body = response.content.decode()
    assert 'role="region"' in body and "<caption>" in body and "hotspot-cells" in body


def test_hotspot_page__bad_week__error_tied_to_field(make_member, login) -> None:
    user = make_member(role="kommunpolis", kind="polis")
    response = login(user).get(reverse("hotspots:map"), {"week": "vecka sju", "weeks": "3"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_week_error"' in body and 'id="id_weeks_error"' in body


def test_hotspot_picture__shelter_reports__counted_only_for_authorities(make_member) -> None:
    cluster_and_background()
    year, week = iso_week_of(NOW)
    ObservationFactory.create_batch(5, never_public=True, observed_at=NOW - dt.timedelta(days=1))
    partner = make_member(role="samordnare", kind="bostadsbolag")
    authority = make_member(role="samordnare", kind="forvaltning")
    assert hotspot_picture(user=partner, year=year, week=week).total == 80
    assert hotspot_picture(user=authority, year=year, week=week).total == 85
    nobody = type("Anon", (), {"is_authenticated": False, "is_active": False})()
    assert hotspot_picture(user=nobody, year=year, week=week).total == 0


def test_situation_panel__samordnare_sees_summary_others_nothing(make_member) -> None:
    cluster_and_background()
    year, week = iso_week_of(NOW)
    request = RequestFactory().get("/org/situation/")
    request.user = make_member(role="samordnare")
    html = "".join(render_panels("situation", request, {"year": year, "week": week, "area": None}))
    # The lägesbild never runs the permutations itself: before the map has been computed, only the link.
    assert reverse("hotspots:map") in html and "signifikant" not in html and "beräknas när kartan öppnas" in html
    from trygg.situational_picture.hotspots.selectors import hotspot_picture_cached

    hotspot_picture_cached(user=request.user, year=year, week=week, weeks=4)  # what opening the map does
    html = "".join(render_panels("situation", request, {"year": year, "week": week, "area": None}))
    assert "Hotspots" in html and reverse("hotspots:map") in html and "signifikant" in html
    request.user = make_member(role="rapportor")
    assert "hotspot-panel-title" not in "".join(render_panels("situation", request, {"year": year, "week": week}))


def test_hotspot_picture_cached__reused_until_the_counts_change(make_member, django_assert_max_num_queries):
    from django.core.cache import cache

    from trygg.situational_picture.hotspots.selectors import hotspot_picture_cached

    from .factories import at_week

    cache.clear()
    authority = make_member(role="analytiker")
    year, week = 2026, 47
    first = hotspot_picture_cached(user=authority, year=year, week=week)
    with django_assert_max_num_queries(3):  # roles + the rollup count; no scan of observations
        again = hotspot_picture_cached(user=authority, year=year, week=week)
    assert again.total == first.total
    ObservationFactory(observed_at=at_week(year, week))
    assert hotspot_picture_cached(user=authority, year=year, week=week).total == first.total + 1


def test_hotspot_observations__each_in_its_swedish_calendar_week__window_edges(make_member) -> None:
    from trygg.situational_picture.hotspots.selectors import _observations

    user = make_member(role="samordnare", kind="forvaltning")
    local = dt.timezone(dt.timedelta(hours=1))  # Swedish winter time in early March
    moments = {
        "before the first week": dt.datetime(2026, 1, 18, 23, 59, tzinfo=local),  # Sunday of 2026-W03
        "first week, Monday 00:00": dt.datetime(2026, 1, 19, 0, 0, tzinfo=local),  # 2026-W04
        "last Sunday 23:30 (Sunday 22:30 UTC)": dt.datetime(2026, 3, 8, 23, 30, tzinfo=local),  # 2026-W10
        "Monday 00:30 (Sunday 23:30 UTC)": dt.datetime(2026, 3, 9, 0, 30, tzinfo=local),  # 2026-W11
        "after the last week": dt.datetime(2026, 3, 16, 0, 0, tzinfo=local),  # 2026-W12
    }
    for moment in moments.values():
        ObservationFactory(observed_at=moment)
    _x, _y, week_index = _observations(user, 2026, 11, 8)  # 2026-W04 … 2026-W11
    assert sorted(week_index.tolist()) == [0, 6, 7]
