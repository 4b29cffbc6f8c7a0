"""Demo lägesbilder: the past eight weeks approved by the samordnare, and this week's focus areas."""

from __future__ import annotations

from trygg.areas.models import Place
from trygg.core.geo import shift_week
from trygg.demo.context import DemoContext

from .models import FocusItem
from .selectors import current_snapshot, current_week
from .services import focus_item_create, snapshot_approve

ORDER = 40
APPROVED_WEEKS = 8

FOCUS = [
    ("froslunda", "Fröslunda centrum",
     "Kvällsnärvaro vid centrum torsdag–lördag: ungdomsgrupper och nedskräpning kring torget."),
    ("lagersberg", "Gångtunneln vid Lagersbergsskolan",
     "Belysningen i tunneln är trasig; gatuavdelningen byter armaturer, bostadsbolaget klipper buskage."),
]


def build(ctx: DemoContext) -> None:
    samordnare = ctx.users.get("samordnare")
    if samordnare is None:
        ctx.log(" ingen samordnare – hoppar över")
        return
    year, week = current_week(ctx.now)
    approved = 0
    for offset in range(APPROVED_WEEKS, 0, -1):
        y, w = shift_week(year, week, -offset)
        if current_snapshot(y, w) is None:
            snapshot_approve(year=y, week=w, by=samordnare)
            approved += 1
    made = 0
    for area_slug, place_name, note in FOCUS:
        area = ctx.areas.get(area_slug)
        if area is None or FocusItem.objects.filter(iso_year=year, iso_week=week, area=area).exists():
            continue
        place = Place.objects.filter(area=area, name=place_name).first()
        focus_item_create(year=year, week=week, area=area, place=place, note=note, created_by=samordnare)
        made += 1
    ctx.log(f" {approved} godkända lägesbilder, {made} fokuspunkter")
