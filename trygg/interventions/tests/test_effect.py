"""The "intervention" panel: before/after effect against comparable areas, in words, with permissions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import RequestFactory

from trygg.accounts.tests.factories import OrganisationFactory
from trygg.areas.models import Area
from trygg.core.geo import STOCKHOLM
from trygg.core.panels import render_panels
from trygg.incidents import rollups
from trygg.incidents.models import Observation
from trygg.incidents.tests.factories import ObservationFactory
from trygg.interventions.effect import intervention_effect
from trygg.interventions.services import intervention_create

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 2)
START = TODAY - dt.timedelta(weeks=8)


def reports(area: Area, before: int, after: int) -> None:
    for i in range(before):
        day = START - dt.timedelta(days=1 + i % 50)
        ObservationFactory(area=area, observed_at=dt.datetime.combine(day, dt.time(12), tzinfo=STOCKHOLM))
    for i in range(after):
        day = START + dt.timedelta(days=i % 50)
        ObservationFactory(area=area, observed_at=dt.datetime.combine(day, dt.time(12), tzinfo=STOCKHOLM))


def make_intervention(user: object, areas: list[Area], start: dt.date = START) -> object:
    return intervention_create(title="Belysning i gångtunneln", owner=OrganisationFactory(), due_date=TODAY,
                               created_by=user, areas=areas, start_date=start)


def test_effect__fewer_reports_than_comparison__sentence_with_interval(make_member) -> None:
    user = make_member(role="samordnare")
    treated, *others = list(Area.objects.order_by("id")[:4])
    reports(treated, before=60, after=20)
    for area in others:
        reports(area, before=50, after=50)
    summary = intervention_effect(intervention=make_intervention(user, [treated]), user=user, today=TODAY)
    effect = summary.effect
    assert effect is not None and effect.sufficient
    assert (effect.treated_before, effect.treated_after) == (60, 20)
    assert (effect.comparison_before, effect.comparison_after) == (150, 150)
    assert effect.rate_ratio == pytest.approx(1 / 3)
    assert summary.sentence.startswith("Antalet rapporter minskade med 67\u00a0% (95\u00a0% KI −")  # no break
    assert "jämfört med liknande områden" in summary.sentence
    assert "troligen inte beror på slumpen" in summary.interpretation


def test_effect__few_reports__says_too_little_data(make_member) -> None:
    user = make_member(role="samordnare")
    treated, other = list(Area.objects.order_by("id")[:2])
    reports(treated, before=3, after=1)
    reports(other, before=30, after=30)
    summary = intervention_effect(intervention=make_intervention(user, [treated]), user=user, today=TODAY)
    assert summary.sentence.startswith("För lite data")


def test_effect__started_last_week__too_early(make_member) -> None:
    user = make_member(role="samordnare")
    area = Area.objects.order_by("id").first()
    intervention = make_intervention(user, [area], start=TODAY - dt.timedelta(days=7))
    assert intervention_effect(intervention=intervention, user=user, today=TODAY).sentence.startswith("För tidigt")


def test_effect_panel__member_sees_it_non_member_does_not(make_member) -> None:
    user = make_member(role="rapportor")
    area = Area.objects.order_by("id").first()
    intervention = make_intervention(user, [area])
    request = RequestFactory().get("/org/interventions/1/")
    request.user = user
    assert "Effekt före och efter" in "".join(render_panels("intervention", request, intervention))
    outsider = type("Anon", (), {"is_authenticated": False, "is_active": False})()
    request.user = outsider
    assert "effect-panel-title" not in "".join(render_panels("intervention", request, intervention))
    intervention.deleted_at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    intervention.save(update_fields=["deleted_at"])
    request.user = user
    assert "effect-panel-title" not in "".join(render_panels("intervention", request, intervention))


def _area_at(x: float, y: float) -> Area | None:
    from trygg.areas.selectors import area_for_point
    from trygg.core.geo import to_wgs84

    lat, lon = to_wgs84(x, y)
    return area_for_point(lat=lat, lon=lon)


def _border_crossing() -> tuple[Area, Area, tuple[float, float], tuple[float, float]]:
    """Two neighbouring areas, a point on their shared border and the unit normal pointing into the first
    (SWEREF99 TM metres)."""
    import numpy as np
    import shapely

    from trygg.core.geo import to_sweref

    def metric(geometry: object) -> object:
        return shapely.transform(shapely.geometry.shape(geometry),
                                 lambda xy: np.column_stack(to_sweref(xy[:, 1], xy[:, 0])))

    areas = list(Area.objects.order_by("id"))
    shapes = {a.pk: metric(a.geometry) for a in areas}
    for a in areas:
        for b in areas:
            border = shapes[a.pk].boundary.intersection(shapes[b.pk].boundary) if a.pk < b.pk else None
            if border is None or border.length < 500:
                continue
            line = max(getattr(border, "geoms", [border]), key=lambda g: g.length)
            middle, ahead = line.interpolate(0.5, normalized=True), line.interpolate(line.length / 2 + 1)
            tx, ty = ahead.x - middle.x, ahead.y - middle.y
            norm = (tx * tx + ty * ty) ** 0.5
            nx, ny = -ty / norm, tx / norm
            if _area_at(middle.x + 90 * nx, middle.y + 90 * ny) == b:
                nx, ny = -nx, -ny
            if (_area_at(middle.x + 90 * nx, middle.y + 90 * ny), _area_at(middle.x - 90 * nx, middle.y - 90 * ny)) \
                    == (a, b):
                return a, b, (middle.x, middle.y), (nx, ny)
    raise AssertionError("no two neighbouring areas in the reference data")


def test_effect__places__reports_within_200_m_whichever_area__comparison_without_reached_areas(make_member) -> None:
    from trygg.areas.models import Place
    from trygg.core.geo import to_wgs84

    user = make_member(role="samordnare")
    home, neighbour, (x, y), (nx, ny) = _border_crossing()

    def at(metres_into_home: float, before: int, after: int, **kwargs: object) -> None:
        lat, lon = to_wgs84(x + metres_into_home * nx, y + metres_into_home * ny)
        assert _area_at(x + metres_into_home * nx, y + metres_into_home * ny) == (
            home if metres_into_home > 0 else neighbour)
        for i in range(before + after):
            day = START - dt.timedelta(days=1 + i % 50) if i < before else START + dt.timedelta(days=i % 50)
            ObservationFactory(lat=lat, lon=lon, observed_at=dt.datetime.combine(day, dt.time(21), tzinfo=STOCKHOLM),
                               **kwargs)

    place_lat, place_lon = to_wgs84(x + 80 * nx, y + 80 * ny)
    place = Place.objects.create(area=home, name="Gångtunneln", lat=place_lat, lon=place_lon)
    at(80, before=10, after=3)  # at the place
    at(-100, before=6, after=2)  # 180 m away, across the border in the neighbouring area
    at(80 + 195, before=4, after=0)  # 195 m away, just inside the circle
    at(80 + 260, before=30, after=30)  # 260 m away: in the home area, not near the place
    at(-100, before=5, after=5, moderation="hidden")  # near, but hidden: nobody counts it
    others = [a for a in Area.objects.order_by("id") if a not in (home, neighbour)][:3]
    for area in others:
        reports(area, before=40, after=40)
    intervention = intervention_create(title="LED-belysning i gångtunneln", owner=OrganisationFactory(),
                                       due_date=TODAY, created_by=user, areas=[], places=[place], start_date=START)
    summary = intervention_effect(intervention=intervention, user=user, today=TODAY)
    assert summary.effect is not None and summary.treated_names == (home.name,)
    assert (summary.effect.treated_before, summary.effect.treated_after) == (44, 33)  # the whole home area
    place_effect = summary.place
    assert place_effect is not None and place_effect.names == ("Gångtunneln",)
    assert (place_effect.effect.treated_before, place_effect.effect.treated_after) == (20, 5)
    # the neighbouring area holds reports near the place: it is never the place's comparison
    assert neighbour.name not in place_effect.comparison_names
    assert place_effect.same_comparison == (neighbour.name not in summary.comparison_names)
    assert place_effect.effect.comparison_before == 40 * len(place_effect.comparison_names)
    assert place_effect.sentence.startswith(
        "Inom 200\u00a0m från insatsens platser minskade antalet rapporter med 75\u00a0%")
    request = RequestFactory().get(f"/org/interventions/{intervention.pk}/")
    request.user = user
    html = "".join(render_panels("intervention", request, intervention))  # today's date: twelve weeks after
    assert "Inom 200 m från platserna (Gångtunneln)" in html
    assert "Inom 200\u00a0m från insatsens platser minskade antalet rapporter med 75\u00a0%" in html


def weekly_reports(area: Area, before: list[int], after: list[int]) -> None:
    """``before[k]`` reports on the Wednesday of the k-th week before START, ``after[k]`` in the k-th week after."""
    for weeks, sign in ((before, -1), (after, 1)):
        for k, n in enumerate(weeks):
            monday = START + dt.timedelta(weeks=k) if sign > 0 else START - dt.timedelta(weeks=k + 1)
            for _ in range(n):
                ObservationFactory(area=area, observed_at=dt.datetime.combine(monday + dt.timedelta(days=2),
                                                                              dt.time(12), tzinfo=STOCKHOLM))


def test_effect__reports_in_bursts__wider_interval_than_the_same_reports_spread_evenly(make_member) -> None:
    user = make_member(role="samordnare")
    treated, *others = list(Area.objects.order_by("id")[:3])
    for area in others:
        weekly_reports(area, before=[10] * 8, after=[10] * 8)
    weekly_reports(treated, before=[6] * 8, after=[3] * 8)
    intervention = make_intervention(user, [treated])
    steady = intervention_effect(intervention=intervention, user=user, today=TODAY).effect
    assert steady is not None and steady.dispersion == 1.0  # every week alike: no more spread than Poisson
    Observation.objects.filter(area=treated).delete()
    rollups.rebuild()
    weekly_reports(treated, before=[24, 0, 0, 24, 0, 0, 0, 0], after=[0, 12, 0, 0, 0, 12, 0, 0])
    bursts = intervention_effect(intervention=intervention, user=user, today=TODAY).effect
    assert bursts is not None and (bursts.treated_before, bursts.treated_after) == (48, 24)
    assert bursts.rate_ratio == steady.rate_ratio and bursts.dispersion > 3
    assert bursts.ci_low < steady.ci_low and bursts.ci_high > steady.ci_high
