"""Before/after effect of an intervention at its areas and places, against comparable areas.

Registered as the "intervention" panel (imported from the app's ready()). The statistics are
``trygg.analysis.effect.rate_ratio_did``; this module picks the periods and the areas and words the result.

- Treated areas: the intervention's areas plus the areas of its places.
- Places: when the intervention has places, the reports within 200 m of any of them (whichever area they lie in)
  are measured too, so an insats at one tunnel is not judged only by its whole district. Against the same
  comparable areas, less any that a 200 m circle reaches into (their reports near the place are the treated ones).
- Periods: "after" runs from the start date for up to 12 weeks (until today); "before" is equally long and
  ends the day before the start. Less than four weeks after the start: too early to say.
- Comparison: the (up to) five other areas whose report count in the before period is closest to the treated
  areas' average (on a log scale), so that a quiet area is compared with quiet areas.
- Uncertainty: reports come in bursts, so the interval is widened by the week-to-week spread of the whole weeks in
  each period (``trygg.analysis.effect.dispersion``, a quasi-Poisson scale), never narrowed.
- Counts are what the viewer may see (``Observation.objects.for_picture(user)``); per area they come from the
  lägesbild's ``period_counts`` (whole weeks from the weekly rollup, the days at either end from the reports).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from django.db.models import Count, ExpressionWrapper, F, FloatField, Q, Value
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygg.analysis.effect import Effect, dispersion, rate_ratio_did
from trygg.areas.geometry import current_index
from trygg.core import panels
from trygg.core.geo import local_midnight, to_sweref, whole_weeks
from trygg.incidents.models import Observation
from trygg.situational_picture.selectors import audience_for, period_counts, weekly_counts

from .models import Intervention

MAX_WEEKS = 12
MIN_WEEKS = 4
COMPARISON_AREAS = 5
MIN_COUNT = 5
PLACE_RADIUS = 200  # metres around each of the intervention's places
Week = tuple[int, int]
UNIT_SPACE = re.compile(r"(\d) (%|m\b)")

# Whole sentences per scope and direction, so that each translates as a whole.
CHANGE_SENTENCES = {
    "areas": {
        "down": gettext_lazy("Antalet rapporter minskade med %(change)s %% (95 %% KI %(low)s %% till %(high)s %%) "
                             "jämfört med liknande områden."),
        "up": gettext_lazy("Antalet rapporter ökade med %(change)s %% (95 %% KI %(low)s %% till %(high)s %%) "
                           "jämfört med liknande områden."),
        "same": gettext_lazy("Antalet rapporter förändrades inte jämfört med liknande områden "
                             "(95 %% KI %(low)s %% till %(high)s %%)."),
        "too_few": gettext_lazy("För lite data för att bedöma effekten: minst %(n)s rapporter behövs i varje grupp "
                                "och period."),
    },
    "places": {
        "down": gettext_lazy("Inom %(radius)s m från insatsens platser minskade antalet rapporter med %(change)s %% "
                             "(95 %% KI %(low)s %% till %(high)s %%) jämfört med liknande områden."),
        "up": gettext_lazy("Inom %(radius)s m från insatsens platser ökade antalet rapporter med %(change)s %% "
                           "(95 %% KI %(low)s %% till %(high)s %%) jämfört med liknande områden."),
        "same": gettext_lazy("Inom %(radius)s m från insatsens platser förändrades antalet rapporter inte jämfört "
                             "med liknande områden (95 %% KI %(low)s %% till %(high)s %%)."),
        "too_few": gettext_lazy("Inom %(radius)s m från insatsens platser finns för lite data för att bedöma "
                                "effekten: minst %(n)s rapporter behövs i varje period."),
    },
}


@dataclass
class EffectSummary:
    sentence: str
    interpretation: str
    effect: Effect | None
    before: tuple[dt.date, dt.date] | None = None
    after: tuple[dt.date, dt.date] | None = None
    treated_names: tuple[str, ...] = ()
    comparison_names: tuple[str, ...] = ()
    place: PlaceEffect | None = None


@dataclass
class PlaceEffect:
    """The same comparison, for the reports within ``radius`` metres of the intervention's places."""

    sentence: str
    interpretation: str
    effect: Effect
    names: tuple[str, ...]
    comparison_names: tuple[str, ...]
    same_comparison: bool  # the areas' comparison (otherwise the table shows this one on its own row)
    radius: int = PLACE_RADIUS


def _percent(value: float) -> str:
    text = number_format(round(abs(value)), 0)
    return f"−{text}" if value < 0 and round(abs(value)) != 0 else text


def _counts(user: Any, start: dt.date, end: dt.date) -> Counter[int]:
    """Reports the user may count per area on the days [start, end) (Swedish time)."""
    counts: Counter[int] = Counter()
    for (area, _category), n in period_counts(user, start, end).items():
        if area is not None:
            counts[area] += n
    return counts


def _weekly_per_area(user: Any, weeks: list[Week]) -> dict[Week, Counter[int]]:
    """Reports the user may count per week and area, from the weekly rollup."""
    per_week: dict[Week, Counter[int]] = {}
    for row in weekly_counts(audience_for(user), weeks):
        if row["area_id"] is not None:
            per_week.setdefault((row["iso_year"], row["iso_week"]), Counter())[row["area_id"]] += row["n"]
    return per_week


def _series(per_week: dict[Week, Counter[int]], areas: Sequence[int], weeks: list[Week]) -> list[int]:
    return [sum(per_week.get(week, Counter())[a] for a in areas) for week in weeks]


def _near_places(user: Any, places: Sequence[Any], start: dt.date, middle: dt.date,
                 end: dt.date) -> tuple[int, int, set[int], dict[Week, int]]:
    """Reports the user may count within PLACE_RADIUS of any of ``places``, on the days [start, middle) and
    [middle, end), the areas the circles reach, and the reports per ISO week. Counted in the database: read
    from the reached areas (and reports outside every area) inside each circle's bounding box, with the
    distance in local metres per degree (well under a metre from the projected distance at 200 m)."""
    near = Q()
    distances: dict[str, Any] = {}
    boxes = []
    for i, place in enumerate(places):
        x0, y0 = to_sweref(place.lat, place.lon)
        x1, y1 = to_sweref(place.lat + 0.01, place.lon)
        x2, y2 = to_sweref(place.lat, place.lon + 0.01)
        per_lat, per_lon = math.hypot(x1 - x0, y1 - y0) / 0.01, math.hypot(x2 - x0, y2 - y0) / 0.01
        dlat, dlon = PLACE_RADIUS / per_lat, PLACE_RADIUS / per_lon
        north = (F("lat") - Value(place.lat)) * Value(per_lat)
        east = (F("lon") - Value(place.lon)) * Value(per_lon)
        distances[f"near_{i}"] = ExpressionWrapper(north * north + east * east, output_field=FloatField())
        near |= Q(lat__gte=place.lat - dlat, lat__lte=place.lat + dlat, lon__gte=place.lon - dlon,
                  lon__lte=place.lon + dlon, **{f"near_{i}__lte": PLACE_RADIUS ** 2})
        boxes.append(shapely.box(place.lon - dlon, place.lat - dlat, place.lon + dlon, place.lat + dlat))
    index = current_index()
    reach = {int(a) for a in index.ids[np.unique(index.tree.query(boxes, predicate="intersects")[1])]}
    rows = (Observation.objects.for_picture(user).between(local_midnight(start), local_midnight(end))
            .filter(Q(area_id__in=reach) | Q(area__isnull=True)).alias(**distances).filter(near)
            .values("iso_year", "iso_week")
            .annotate(before=Count("id", filter=Q(observed_at__lt=local_midnight(middle))),
                      after=Count("id", filter=Q(observed_at__gte=local_midnight(middle)))).order_by())
    weekly = {(r["iso_year"], r["iso_week"]): r["before"] + r["after"] for r in rows}
    return sum(r["before"] for r in rows), sum(r["after"] for r in rows), reach, weekly


def _describe(effect: Effect, scope: str) -> tuple[str, str]:
    """(sentence, interpretation) in words a samordnare reads; scope "areas" or "places"."""
    sentences = CHANGE_SENTENCES[scope]
    if not effect.sufficient or effect.percent_change is None or effect.percent_ci is None:
        return _keep_units(str(sentences["too_few"]) % {"n": MIN_COUNT, "radius": PLACE_RADIUS}), ""
    change = effect.percent_change
    low, high = effect.percent_ci
    values = {"change": _percent(abs(change)), "low": _percent(low), "high": _percent(high), "radius": PLACE_RADIUS}
    direction = "down" if round(change) < 0 else "up" if round(change) > 0 else "same"
    interpretation = (
        _("Skillnaden är så stor att den troligen inte beror på slumpen.") if effect.significant else
        _("Skillnaden kan bero på slumpen: intervallet rymmer både en minskning och en ökning.")
    )
    return _keep_units(str(sentences[direction]) % values), interpretation


def _keep_units(text: str) -> str:
    """A number and its unit ("40 %", "200 m") never break apart on a narrow screen: a no-break space."""
    return UNIT_SPACE.sub("\\1\u00a0\\2", text)


def _place_effect(user: Any, intervention: Intervention, periods: tuple[dt.date, dt.date, dt.date],
                  weeks: tuple[list[Week], list[Week]], counts: tuple[Counter[int], Counter[int]],
                  comparison: list[int], names: dict[int, str],
                  per_week: dict[Week, Counter[int]]) -> PlaceEffect | None:
    places = list(intervention.places.all())
    if not places:
        return None
    near_before, near_after, reach, near_weekly = _near_places(user, places, *periods)
    own = [a for a in comparison if a not in reach]
    spread = dispersion([*([near_weekly.get(w, 0) for w in ws] for ws in weeks),
                         *(_series(per_week, own, ws) for ws in weeks)])
    effect = rate_ratio_did(treated_before=near_before, treated_after=near_after,
                            comparison_before=sum(counts[0].get(a, 0) for a in own),
                            comparison_after=sum(counts[1].get(a, 0) for a in own), min_count=MIN_COUNT,
                            dispersion=spread)
    sentence, interpretation = _describe(effect, "places")
    return PlaceEffect(sentence, interpretation, effect, tuple(sorted(p.name for p in places)),
                       tuple(names.get(a, "") for a in own), own == comparison)


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
    weeks = whole_weeks(before_start, start)[2], whole_weeks(start, after_end)[2]
    per_week = _weekly_per_area(user, [*weeks[0], *weeks[1]])
    spread = dispersion([_series(per_week, group, ws) for group in (sorted(treated), comparison) for ws in weeks])
    effect = rate_ratio_did(treated_before=treated_before, treated_after=treated_after,
                            comparison_before=sum(before.get(a, 0) for a in comparison),
                            comparison_after=sum(after.get(a, 0) for a in comparison), min_count=MIN_COUNT,
                            dispersion=spread)
    summary = EffectSummary("", "", effect, (before_start, start - dt.timedelta(days=1)),
                            (start, after_end - dt.timedelta(days=1)),
                            tuple(sorted(names.get(a, "") for a in treated)),
                            tuple(names.get(a, "") for a in comparison))
    summary.sentence, summary.interpretation = _describe(effect, "areas")
    summary.place = _place_effect(user, intervention, (before_start, start, after_end), weeks, (before, after),
                                  comparison, names, per_week)
    return summary


def effect_panel(request: HttpRequest, obj: Any) -> dict[str, Any] | None:
    if not isinstance(obj, Intervention):
        return None
    intervention = Intervention.objects.visible_to(request.user).filter(pk=obj.pk).first()
    if intervention is None:
        return None
    return {"summary": intervention_effect(intervention=intervention, user=request.user)}


panels.register("intervention", "interventions/panels/effect.html", effect_panel, order=60)
