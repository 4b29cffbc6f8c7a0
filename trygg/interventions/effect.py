"""Before/after effect of an intervention at its areas and places, against comparable areas.

Registered as the "intervention" panel (imported from the app's ready()). The statistics are
``trygg.analysis.effect.rate_ratio_did``; this module picks the periods and the areas and words the result.

- Treated areas: the intervention's areas plus the areas of its places.
- Periods: "after" runs from the start date for up to 12 weeks (until today); "before" is equally long and
  ends the day before the start. Less than four weeks after the start: too early to say.
- Comparison: the (up to) five other areas whose report count in the before period is closest to the treated
  areas' average (on a log scale), so that a quiet area is compared with quiet areas.
- Counts are what the viewer may see (``Observation.objects.for_picture(user)``).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from trygg.analysis.effect import Effect, rate_ratio_did
from trygg.core import panels
from trygg.core.geo import local_midnight
from trygg.incidents.models import Observation

from .models import Intervention

MAX_WEEKS = 12
MIN_WEEKS = 4
COMPARISON_AREAS = 5
MIN_COUNT = 5


@dataclass
class EffectSummary:
    sentence: str
    interpretation: str
    effect: Effect | None
    before: tuple[dt.date, dt.date] | None = None
    after: tuple[dt.date, dt.date] | None = None
    treated_names: tuple[str, ...] = ()
    comparison_names: tuple[str, ...] = ()


def _percent(value: float) -> str:
    text = number_format(round(abs(value)), 0)
    return f"−{text}" if value < 0 and round(abs(value)) != 0 else text


def _counts(user: Any, start: dt.date, end: dt.date) -> dict[int, int]:
    rows = (Observation.objects.for_picture(user).between(local_midnight(start), local_midnight(end))
            .filter(area__isnull=False).values("area").annotate(n=Count("id")).values_list("area", "n"))
    return {int(area): int(n) for area, n in rows}


def intervention_effect(*, intervention: Intervention, user: Any, today: dt.date | None = None) -> EffectSummary:
    from trygg.areas.models import Area

    today = today or timezone.localdate()
    treated = set(intervention.areas.values_list("id", flat=True))
    treated |= set(intervention.places.values_list("area_id", flat=True))
    if not treated:
        return EffectSummary(_("Insatsen har inga områden eller platser, så effekten kan inte mätas."), "", None)
    start = intervention.start_date
    after_end = min(today, start + dt.timedelta(weeks=MAX_WEEKS))
    days = (after_end - start).days
    if days < MIN_WEEKS * 7:
        return EffectSummary(_("För tidigt att säga något om effekten: minst fyra veckor efter start behövs."), "",
                             None)
    before_start = start - dt.timedelta(days=days)
    before = _counts(user, before_start, start)
    after = _counts(user, start, after_end)
    names = dict(Area.objects.values_list("id", "name"))
    treated_before = sum(before.get(a, 0) for a in treated)
    treated_after = sum(after.get(a, 0) for a in treated)
    level = max(treated_before / len(treated), 0.5)
    candidates = [a for a, n in before.items() if a not in treated and n > 0]
    candidates.sort(key=lambda a: (abs(math.log(before[a]) - math.log(level)), names.get(a, "")))
    comparison = candidates[:COMPARISON_AREAS]
    effect = rate_ratio_did(treated_before=treated_before, treated_after=treated_after,
                            comparison_before=sum(before.get(a, 0) for a in comparison),
                            comparison_after=sum(after.get(a, 0) for a in comparison), min_count=MIN_COUNT)
    summary = EffectSummary("", "", effect, (before_start, start - dt.timedelta(days=1)),
                            (start, after_end - dt.timedelta(days=1)),
                            tuple(sorted(names.get(a, "") for a in treated)),
                            tuple(names.get(a, "") for a in comparison))
    if not effect.sufficient or effect.percent_change is None or effect.percent_ci is None:
        summary.sentence = _("För lite data för att bedöma effekten: minst %(n)s rapporter behövs i varje grupp "
                             "och period.") % {"n": MIN_COUNT}
        return summary
    change = effect.percent_change
    low, high = effect.percent_ci
    values = {"change": _percent(abs(change)), "low": _percent(low), "high": _percent(high)}
    if round(change) < 0:
        summary.sentence = _("Antalet rapporter minskade med %(change)s %% (95 %% KI %(low)s %% till %(high)s %%) "
                             "jämfört med liknande områden.") % values
    elif round(change) > 0:
        summary.sentence = _("Antalet rapporter ökade med %(change)s %% (95 %% KI %(low)s %% till %(high)s %%) "
                             "jämfört med liknande områden.") % values
    else:
        summary.sentence = _("Antalet rapporter förändrades inte jämfört med liknande områden "
                             "(95 %% KI %(low)s %% till %(high)s %%).") % values
    summary.interpretation = (
        _("Skillnaden är så stor att den troligen inte beror på slumpen.") if effect.significant else
        _("Skillnaden kan bero på slumpen: intervallet rymmer både en minskning och en ökning.")
    )
    return summary


def effect_panel(request: HttpRequest, obj: Any) -> dict[str, Any] | None:
    if not isinstance(obj, Intervention):
        return None
    intervention = Intervention.objects.visible_to(request.user).filter(pk=obj.pk).first()
    if intervention is None:
        return None
    return {"summary": intervention_effect(intervention=intervention, user=request.user)}


panels.register("intervention", "interventions/panels/effect.html", effect_panel, order=60)
