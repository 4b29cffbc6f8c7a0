import pytest

from trygg.accounts import demo as accounts_demo
from trygg.areas import demo as areas_demo
from trygg.demo.context import DemoContext
from trygg.situational_picture import demo
from trygg.situational_picture.models import FocusItem, Snapshot
from trygg.situational_picture.selectors import current_week

pytestmark = pytest.mark.django_db


def test_demo__eight_approved_weeks_and_focus_in_two_areas():
    ctx = DemoContext(size="small")
    accounts_demo.build(ctx)
    areas_demo.build(ctx)
    demo.build(ctx)
    demo.build(ctx)  # idempotent
    assert Snapshot.objects.count() == 8
    assert set(Snapshot.objects.values_list("approved_by__username", flat=True)) == {"samordnare"}
    year, week = current_week(ctx.now)
    focus = FocusItem.objects.filter(iso_year=year, iso_week=week)
    assert sorted(focus.values_list("area__slug", flat=True)) == ["froslunda", "lagersberg"]
    assert all(item.place is not None for item in focus)


def test_demo__approved_weeks_freeze_the_demo_observations():
    from trygg.incidents import demo as incidents_demo
    from trygg.situational_picture.selectors import compute_picture
    from trygg.situational_picture.selectors.weekly import AUTHORITY, Audience

    ctx = DemoContext(size="small")
    accounts_demo.build(ctx)
    areas_demo.build(ctx)
    incidents_demo.build(ctx)  # bulk inserts, then counts them in the rollup
    demo.build(ctx)
    snapshot = Snapshot.objects.order_by("-iso_year", "-iso_week").first()
    frozen = snapshot.figures["authority"]
    assert frozen["total"]["count"] > 0 and frozen["categories"]
    live = compute_picture(Audience(AUTHORITY), snapshot.iso_year, snapshot.iso_week)
    assert frozen["total"]["count"] == live["total"]["count"]
