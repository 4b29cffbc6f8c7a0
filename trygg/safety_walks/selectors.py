"""Reads for safety walks: lists, map data, follow-up rows, earlier problems that remain, panels."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from trygg.areas.models import Place
from trygg.areas.selectors import areas_geojson
from trygg.core.geo import to_sweref

from .models import SafetyWalk, WalkFinding
from .querysets import FIXED_INTERVENTION, FIXED_OBSERVATION

REMAINING_RADIUS_METRES = 50.0
MAX_CHAIN = 20


def walks_for(*, user: Any) -> tuple[list[SafetyWalk], list[SafetyWalk]]:
    """(upcoming, past) walks the user may see."""
    now = timezone.now()
    qs = SafetyWalk.objects.visible_to(user).select_related("area", "organisation")
    return list(qs.upcoming(now)), list(qs.past(now).order_by("-walk_at")[:100])


def findings_of(walk: SafetyWalk) -> list[WalkFinding]:
    return list(
        walk.findings.select_related("observation", "intervention", "intervention__owner",
                                     "observation__responsible_organisation").order_by("number")
    )


def visible_report_ids(*, user: Any, findings: list[WalkFinding]) -> set[int]:
    """Which of the findings' reports (observations) the user may open: one query, for links only."""
    from trygg.incidents.models import Observation

    ids = [f.observation_id for f in findings if f.observation_id is not None]
    if not ids:
        return set()
    return set(Observation.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def findings_geojson(findings: list[WalkFinding]) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [f.lon, f.lat]},
                "properties": {
                    "label": f"{f.number}. {f.get_kind_display()}: {f.get_checklist_item_display()}",
                    "color": "#b91c1c" if f.is_problem else "#15803d",
                },
            }
            for f in findings
        ],
    }


def walk_map_areas(walk: SafetyWalk) -> dict[str, Any]:
    """The area outline plus the route as one FeatureCollection for the shared map script."""
    data = areas_geojson(areas=[walk.area])
    if walk.route:
        data["features"].append({
            "type": "Feature", "geometry": walk.route,
            "properties": {"label": str(walk.title), "stroke": "#7c2d12", "fillOpacity": 0, "prioritised": True},
        })
    return data


def places_for_route() -> list[dict[str, Any]]:
    """Known places per area: the keyboard alternative to clicking route points on the map."""
    return [
        {"id": p.pk, "name": p.name, "area": p.area.slug, "lat": p.lat, "lon": p.lon}
        for p in Place.objects.select_related("area").order_by("area__name", "name")
    ]


def earlier_walks(walk: SafetyWalk) -> list[SafetyWalk]:
    chain: list[SafetyWalk] = []
    current = walk.previous
    seen = {walk.pk}
    while current is not None and current.pk not in seen and len(chain) < MAX_CHAIN:
        chain.append(current)
        seen.add(current.pk)
        current = current.previous
    return chain


@dataclass(frozen=True)
class RemainingProblem:
    earlier: WalkFinding
    current: WalkFinding
    distance: float


@dataclass(frozen=True)
class Comparison:
    remaining: list[RemainingProblem]
    fixed: list[WalkFinding]
    not_rechecked: list[WalkFinding]


def compare_with_earlier(walk: SafetyWalk, findings: list[WalkFinding] | None = None) -> Comparison | None:
    """Earlier problems on the same route: those found again (≤ 50 m, same checklist item, not fixed),
    those fixed since, and unfixed ones nobody noted this time."""
    chain = earlier_walks(walk)
    if not chain:
        return None
    earlier = list(
        WalkFinding.objects.problems().filter(walk__in=chain)
        .select_related("walk", "observation", "intervention").order_by("-walk__walk_at", "number")
    )
    current = [f for f in (findings if findings is not None else findings_of(walk)) if f.is_problem]
    current_xy = [(f, to_sweref(f.lat, f.lon)) for f in current]
    remaining, fixed, not_rechecked = [], [], []
    for old in earlier:
        if old.is_fixed:
            fixed.append(old)
            continue
        ox, oy = to_sweref(old.lat, old.lon)
        best: tuple[float, WalkFinding] | None = None
        for new, (nx, ny) in current_xy:
            if new.checklist_item != old.checklist_item:
                continue
            distance = ((nx - ox) ** 2 + (ny - oy) ** 2) ** 0.5
            if distance <= REMAINING_RADIUS_METRES and (best is None or distance < best[0]):
                best = (distance, new)
        if best is not None:
            remaining.append(RemainingProblem(earlier=old, current=best[1], distance=round(best[0])))
        else:
            not_rechecked.append(old)
    return Comparison(remaining=remaining, fixed=fixed, not_rechecked=not_rechecked)


def area_walk_summary(*, area: Any, user: Any) -> list[dict[str, Any]]:
    """Past walks in an area with how many problem findings were fixed (one query)."""
    problem = Q(findings__kind="problem")
    fixed = problem & (Q(findings__intervention__status__in=FIXED_INTERVENTION)
                       | Q(findings__observation__status__in=FIXED_OBSERVATION))
    walks = (
        SafetyWalk.objects.visible_to(user).in_area(area).past(timezone.now())
        .annotate(problem_count=Count("findings", filter=problem, distinct=True),
                  fixed_count=Count("findings", filter=fixed, distinct=True))
        .order_by("-walk_at")[:10]
    )
    return [{"walk": w, "problems": w.problem_count, "fixed": w.fixed_count} for w in walks]
