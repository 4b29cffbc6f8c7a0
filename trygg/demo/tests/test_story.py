"""The demo tells one story across apps: the LED lighting in the Lagersberg tunnel, followed up as having reached
its goal, shows a clear fall in reports on its page (trygg.demo.story)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from trygg.accounts import demo as accounts_demo
from trygg.areas import demo as areas_demo
from trygg.demo.context import DemoContext
from trygg.demo.story import LED_TUNNEL
from trygg.incidents import demo as incidents_demo
from trygg.interventions import demo as interventions_demo
from trygg.interventions.effect import intervention_effect
from trygg.interventions.models import Intervention, Status

pytestmark = pytest.mark.django_db


def test_demo_story__led_tunnel__followed_up_as_reached_and_its_effect_shows_a_clear_fall(monkeypatch) -> None:
    monkeypatch.setitem(incidents_demo.SIZES, "small", 6000)  # enough reports for the comparison to be clear
    ctx = DemoContext(size="small", now=dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC))
    accounts_demo.build(ctx)
    areas_demo.build(ctx)
    incidents_demo.build(ctx)
    interventions_demo.build(ctx)
    led = Intervention.objects.get(title="Byta till LED-belysning i gångtunneln")
    assert led.status == Status.FOLLOWED_UP and led.follow_up_note.startswith("Målet nåddes")
    assert led.start_date == LED_TUNNEL.start(ctx.now.date())
    summary = intervention_effect(intervention=led, user=get_user_model().objects.get(username="samordnare"),
                                  today=ctx.now.date())
    assert summary.effect is not None and summary.effect.significant
    assert summary.effect.percent_change is not None and summary.effect.percent_change < -20
    assert summary.sentence.startswith("Antalet rapporter minskade")
    notes = [i.follow_up_note.split(".")[0] for i in Intervention.objects.filter(status=Status.FOLLOWED_UP)
             .order_by("pk")]
    assert len(set(notes)) > 1  # not every followed-up insats claims its goal was reached
