"""The "intervention" panel: before/after effect against comparable areas, in words, with permissions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import RequestFactory

from trygg.accounts.tests.factories import OrganisationFactory
from trygg.areas.models import Area
from trygg.core.geo import STOCKHOLM
from trygg.core.panels import render_panels
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
    assert summary.sentence.startswith("Antalet rapporter minskade med 67 % (95 % KI −")
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
