"""The demo's walks: the planned evening walk is in the evening in Sweden, whatever hour the demo is loaded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from freezegun import freeze_time

from trygg.accounts import demo as accounts_demo
from trygg.areas import demo as areas_demo
from trygg.core.geo import STOCKHOLM
from trygg.demo.context import DemoContext
from trygg.safety_walks import demo
from trygg.safety_walks.models import SafetyWalk

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("loaded_at", ["2026-11-30T02:47:00+00:00", "2026-06-15T21:10:00+00:00"])
def test_walks_demo__planned_evening_walk__at_half_past_six_swedish_time(loaded_at: str) -> None:
    now = dt.datetime.fromisoformat(loaded_at)
    with freeze_time(now):
        ctx = DemoContext(size="small", now=now)
        accounts_demo.build(ctx)
        areas_demo.build(ctx)
        demo.build(ctx)
    planned = SafetyWalk.objects.get(title="Kvällsvandring Fröslunda")
    walk_at = timezone.localtime(planned.walk_at, STOCKHOLM)
    premeeting_at = timezone.localtime(planned.premeeting_at, STOCKHOLM)
    assert (walk_at.hour, walk_at.minute) == (18, 30)
    assert walk_at.date() == timezone.localtime(now, STOCKHOLM).date() + dt.timedelta(days=7)
    assert (premeeting_at.hour, premeeting_at.date()) == (17, walk_at.date() - dt.timedelta(days=2))
    assert SafetyWalk.objects.count() == 4
