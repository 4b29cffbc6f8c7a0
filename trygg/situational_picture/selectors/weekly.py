"""Weekly counts per area × category × ISO week: the single place the lägesbild's numbers are computed."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from trygg.accounts import permissions
from trygg.areas.models import Area
from trygg.core.geo import coarsen, week_bounds, week_label
from trygg.incidents.models import Category, Observation, Source, WeeklyCount

from .. import rules
from ..models import FocusItem, Snapshot
from .weeks import Week, resolve_week, week_window, weeks_filter

# Weeks fetched for one picture: 12 base weeks + 4 recent weeks for the "fel riktning" rule.
WINDOW = rules.FLAG_BASE_WEEKS + rules.FLAG_RECENT_WEEKS + 1  # one more: flags of an unfinished week
SERIES_WEEKS = 12
MAX_POINTS = 2000
PARTNER_GRID_METRES = 100

AUTHORITY, PARTNER = "authority", "partner"


@dataclass(frozen=True)
class Audience:
    """Whose picture: authorities count everything counted; partners leave out never-public reports
    (shelters, sensitive categories) except their own organisations' (ObservationQuerySet.for_picture())."""

    scope: str
    organisation_ids: frozenset[int] = frozenset()
    area_id: int | None = None


def picture_scope(user: Any) -> str:
    return AUTHORITY if permissions.is_authority(user) else PARTNER


def audience_for(user: Any, area: Area | None = None) -> Audience:
    scope = picture_scope(user)
    own = frozenset(permissions.organisation_ids(user)) if scope == PARTNER else frozenset()
    return Audience(scope, own, area.pk if area is not None else None)


def weekly_counts(audience: Audience, weeks: list[Week], *, by_source: bool = False) -> list[dict[str, Any]]:
    """Rows of iso_year, iso_week, area_id, category_id (and source), n from the weekly rollup
    (incidents.WeeklyCount, maintained on write). Partners get unrestricted cells plus their own organisations'
    restricted ones."""
    cells = WeeklyCount.objects.filter(weeks_filter(weeks), n__gt=0)
    if audience.area_id is not None:
        cells = cells.filter(area_id=audience.area_id)
    if audience.scope != AUTHORITY:
        cells = cells.filter(Q(restricted=False) | Q(restricted=True, owner_key__in=audience.organisation_ids))
    columns = ["iso_year", "iso_week", "area_id", "category_id", *(["source"] if by_source else [])]
    return [dict(r) for r in cells.values(*columns).annotate(n=Sum("n")).order_by()]


def picture_categories() -> tuple[list[Category], dict[int, int]]:
    """The categories the lägesbild shows, and every category's id → the id it is counted under (a residents'
    category under its EST category, Category.counts_as)."""
    categories = list(Category.objects.all())
    return ([c for c in categories if c.counts_as_id is None],
            {c.pk: c.counts_as_id or c.pk for c in categories})


def other_sources(counts: dict[str, int]) -> list[tuple[str, int]]:
    """(label, count) of the sources other than EST, in the order of Source (for "varav invånare 3")."""
    return [(str(label), counts[value]) for value, label in Source.choices
            if value != Source.EST and counts.get(value)]


def _entry(count: int, previous: list[int], elapsed: float = 1.0) -> dict[str, Any]:
    return {"count": count, "prev_mean": round(rules.mean(previous), 1),
            "trend": rules.trend(count, previous, elapsed)}


def elapsed_share(year: int, week: int, now: dt.datetime | None = None) -> float:
    """The share of ISO week (year, week) that has passed: 1 for a past week, 0 for a future one."""
    start, end = week_bounds(year, week)
    now = now or timezone.now()
    return min(max((now - start) / (end - start), 0.0), 1.0)


def compute_picture(audience: Audience, year: int, week: int) -> dict[str, Any]:
    """Counts, trends and flags of one week for an audience (JSON-serialisable).

    While the week is under way the trends compare with the share of an ordinary week that has passed, and the
    "fel riktning" flags look at the last four complete weeks (ADR 0003)."""
    elapsed = elapsed_share(year, week)
    complete = elapsed >= 1.0
    weeks = week_window(year, week, WINDOW)
    position = {w: i for i, w in enumerate(weeks)}
    zero = [0] * WINDOW
    by_area: dict[int | None, list[int]] = defaultdict(lambda: list(zero))
    by_category: dict[int, list[int]] = defaultdict(lambda: list(zero))
    by_area_category: dict[tuple[int | None, int], list[int]] = defaultdict(lambda: list(zero))
    # this week's counts per source, for "varav invånare 3" beside a category
    sources: dict[tuple[int | None, int] | int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    total = list(zero)
    categories, counted_as = picture_categories()
    last = WINDOW - 1
    for row in weekly_counts(audience, weeks, by_source=True):
        i = position[(row["iso_year"], row["iso_week"])]
        category_id = counted_as.get(row["category_id"], row["category_id"])
        by_area[row["area_id"]][i] += row["n"]
        by_category[category_id][i] += row["n"]
        by_area_category[(row["area_id"], category_id)][i] += row["n"]
        total[i] += row["n"]
        if i == last:
            sources[category_id][row["source"]] += row["n"]
            sources[(row["area_id"], category_id)][row["source"]] += row["n"]

    def category_rows(series_of: Any, area_id: int | None = None, whole: bool = True) -> list[dict[str, Any]]:
        out = []
        for cat in categories:
            s = series_of(cat.pk)
            if s is None or not any(s[-5:]):
                continue
            counts = sources.get(cat.pk if whole else (area_id, cat.pk), {})
            out.append({"code": cat.code, "name": cat.name, **_entry(s[-1], s[-5:-1], elapsed),
                        "other_sources": other_sources(counts)})
        return sorted(out, key=lambda r: (-r["count"], r["name"]))

    def area_row(area_id: int | None, slug: str, name: str, prioritised: bool) -> dict[str, Any]:
        s = by_area.get(area_id, zero)
        flag_weeks = s if complete else s[:-1]  # an unfinished week: the four complete weeks before it
        recent = flag_weeks[-rules.FLAG_RECENT_WEEKS:]
        base = flag_weeks[-rules.FLAG_RECENT_WEEKS - rules.FLAG_BASE_WEEKS:-rules.FLAG_RECENT_WEEKS]
        return {
            "slug": slug, "name": name, "prioritised": prioritised, **_entry(s[-1], s[-5:-1], elapsed),
            "series": s[-SERIES_WEEKS:],
            "recent4": sum(recent),
            "baseline4": round(rules.flag_baseline(base), 1),
            "flag": prioritised and rules.wrong_direction(recent, base),
            "categories": category_rows(lambda cid, aid=area_id: by_area_category.get((aid, cid)), area_id, False),
        }

    areas = [area_row(a.pk, a.slug, a.name, a.is_prioritised)
             for a in Area.objects.only("id", "slug", "name", "is_prioritised")]
    if any(by_area.get(None, zero)):
        areas.append(area_row(None, "", _("Utanför indelade områden"), False))
    areas.sort(key=lambda r: (not r["prioritised"], -r["count"], r["name"]))
    return {
        "year": year, "week": week, "label": week_label(year, week),
        "series_labels": [week_label(*w) for w in weeks[-SERIES_WEEKS:]],
        "total": {**_entry(total[-1], total[-5:-1], elapsed), "series": total[-SERIES_WEEKS:]},
        "complete": complete,
        "areas": areas,
        "categories": category_rows(lambda cid: by_category.get(cid)),
        "flags": [a["slug"] for a in areas if a["flag"]],
        "computed_at": timezone.now().isoformat(),
    }


def current_snapshot(year: int, week: int) -> Snapshot | None:
    return (Snapshot.objects.filter(iso_year=year, iso_week=week, reopened_at__isnull=True)
            .select_related("approved_by").first())


def week_picture(*, user: Any, year: int, week: int, area: Area | None = None) -> dict[str, Any]:
    """The figures a user sees for a week: frozen if the week is approved, live otherwise.

    With `area`, a live picture is computed for that area only (the other areas' rows are zero); a frozen
    one always holds every area.
    """
    snapshot = current_snapshot(year, week)
    audience = audience_for(user, area)
    scope = audience.scope
    if snapshot is not None:
        qs = Observation.objects.for_picture(user)
        if area is not None:
            qs = qs.in_area(area)
        picture = dict(snapshot.figures[scope])
        picture["late_count"] = (qs.in_week(year, week).between(*week_bounds(year, week))
                                 .filter(created_at__gt=snapshot.approved_at).count())
    else:
        picture = compute_picture(audience, year, week)
    picture["snapshot"] = snapshot
    picture["scope"] = scope
    return picture


def freeze_figures(year: int, week: int) -> dict[str, Any]:
    """Both audiences' figures for a Snapshot (authorities include shelters' reports; partners do not)."""
    return {scope: compute_picture(Audience(scope), year, week) for scope in (AUTHORITY, PARTNER)}


def week_points(*, user: Any, year: int, week: int, area: Area | None = None,
                created_before: dt.datetime | None = None) -> dict[str, Any]:
    """GeoJSON points of a week's observations: exact for authorities, on a 100 m grid for others."""
    # The time range (same week) lets the planner use obs_area_time instead of scanning the area's history.
    qs = Observation.objects.for_picture(user).in_week(year, week).between(*week_bounds(year, week))
    if area is not None:
        qs = qs.in_area(area)
    if created_before is not None:
        qs = qs.filter(created_at__lte=created_before)
    exact = permissions.is_authority(user)
    english = (get_language() or "sv").startswith("en")
    features = []
    rows = list(qs.values_list("lat", "lon", "category__name_sv", "category__name_en", "observed_at")
                .order_by("-observed_at")[: MAX_POINTS + 1])
    capped = len(rows) > MAX_POINTS
    for lat, lon, name_sv, name_en, observed_at in rows[:MAX_POINTS]:
        if not exact:
            lat, lon = coarsen(lat, lon, PARTNER_GRID_METRES)
        name = name_en if english else name_sv
        day = timezone.localtime(observed_at).date().isoformat()
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"label": f"{name}, {day}"},
        })
    return {"type": "FeatureCollection", "features": features, "capped": capped}


def area_trend(*, area: Area, user: Any, weeks: int = 12,
               until: Week | dt.date | dt.datetime | None = None) -> list[tuple[str, int]]:
    """(ISO week label, count) for the `weeks` weeks ending with `until` (default: this week)."""
    year, week = resolve_week(until)
    window = week_window(year, week, weeks)
    counts: dict[Week, int] = defaultdict(int)
    for row in weekly_counts(audience_for(user, area), window):
        counts[(row["iso_year"], row["iso_week"])] += row["n"]
    return [(week_label(*w), counts.get(w, 0)) for w in window]


def weekly_summary(*, user: Any, year: int, week: int) -> dict[str, Any]:
    """A short summary for dashboards and meeting pages: total, top areas, flags, approval."""
    picture = week_picture(user=user, year=year, week=week)
    snapshot = picture["snapshot"]
    top = sorted((a for a in picture["areas"] if a["count"]), key=lambda a: (-a["count"], a["name"]))[:3]
    return {
        "year": year, "week": week, "label": picture["label"],
        "total": picture["total"]["count"], "prev_mean": picture["total"]["prev_mean"],
        "trend": picture["total"]["trend"],
        "top_areas": [{k: a[k] for k in ("slug", "name", "count", "trend")} for a in top],
        "flags": [{k: a[k] for k in ("slug", "name", "recent4", "baseline4")} for a in picture["areas"] if a["flag"]],
        "approved": snapshot is not None,
        "approved_at": snapshot.approved_at if snapshot else None,
        "approved_by": str(snapshot.approved_by) if snapshot and snapshot.approved_by else "",
    }


def focus_items(*, weeks: list[Week], area: Area | None = None) -> list[FocusItem]:
    qs = FocusItem.objects.filter(weeks_filter(weeks)).select_related("area", "place", "created_by")
    if area is not None:
        qs = qs.filter(area=area)
    return list(qs.order_by("iso_year", "iso_week", "area__name", "id"))


def week_dates(year: int, week: int) -> tuple[dt.date, dt.date]:
    start, end = week_bounds(year, week)
    return start.date(), (end - dt.timedelta(days=1)).date()
