"""Use-case reads for the EST pages: reporting organisations, weekly status, field rules, panels."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from trygg.accounts import permissions
from trygg.accounts.models import Organisation, Role
from trygg.core.geo import iso_week_of, shift_week, week_label

from .models import Category, Moderation, Observation, Source, WeeklyReport

REPORTING_ROLES = (Role.RAPPORTOR, Role.SAMORDNARE, Role.KOMMUNPOLIS)


def reporting_organisations(*, user: Any) -> QuerySet[Organisation]:
    """Active organisations the user may file EST observations for."""
    return Organisation.objects.filter(
        pk__in=permissions.organisation_ids(user, *REPORTING_ROLES), is_active=True
    ).order_by("name")


def grouped_category_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The EST categories as <optgroup>s: [(group label, [(code, name), ...]), ...] in category order."""
    from .models import CategoryGroup

    labels = dict(CategoryGroup.choices)
    groups: dict[str, list[tuple[str, str]]] = {}
    for category in Category.objects.filter(is_est=True).order_by("order", "code"):
        groups.setdefault(category.group, []).append((category.code, category.name))
    return [(str(labels.get(group, group)), items) for group, items in groups.items()]


@dataclass(frozen=True)
class FieldAccess:
    """What a viewer may see of one observation (reliability C2, I1)."""

    reporter: bool
    raw_description: bool
    unapproved_photos: bool


def field_access(*, user: Any, observation: Observation) -> FieldAccess:
    owning = observation.organisation_id is not None and observation.organisation_id in (
        permissions.organisation_ids(user)
    )
    return FieldAccess(
        reporter=owning or permissions.can_moderate(user),
        raw_description=owning or permissions.is_authority(user),
        unapproved_photos=owning or permissions.is_authority(user),
    )


@dataclass(frozen=True)
class OrganisationWeek:
    organisation: Organisation
    observations: list[Observation]
    nothing_to_report: bool

    @property
    def reported(self) -> bool:
        return bool(self.observations) or self.nothing_to_report


def my_week(*, user: Any, year: int, week: int) -> list[OrganisationWeek]:
    """For each of the user's reporting organisations: its observations this week and its weekly answer."""
    organisations = list(reporting_organisations(user=user))
    ids = [o.pk for o in organisations]
    observations = (
        Observation.objects.visible_to(user).filter(organisation_id__in=ids, source=Source.EST)
        .in_week(year, week).select_related("category", "area", "reporter").order_by("observed_at", "id")
    )
    by_org: dict[int, list[Observation]] = {}
    for obs in observations:
        by_org.setdefault(obs.organisation_id, []).append(obs)  # type: ignore[arg-type]
    nothing = set(
        WeeklyReport.objects.filter(organisation_id__in=ids, iso_year=year, iso_week=week, nothing_to_report=True)
        .values_list("organisation_id", flat=True)
    )
    return [OrganisationWeek(o, by_org.get(o.pk, []), o.pk in nothing) for o in organisations]


@dataclass(frozen=True)
class ReportingStatus:
    organisation: Organisation
    count: int
    nothing_to_report: bool

    @property
    def state(self) -> str:
        if self.count:
            return "reported"
        return "nothing" if self.nothing_to_report else "missing"


def reporting_status(*, year: int, week: int) -> list[ReportingStatus]:
    """The samordnare's reminder list: every active organisation with rapportörer and its weekly answer.

    Only aggregate counts per organisation are read, never the observations themselves.
    """
    organisations = list(
        Organisation.objects.filter(is_active=True, memberships__role=Role.RAPPORTOR).distinct().order_by("name")
    )
    counts = dict(
        Observation.objects.alive().filter(source=Source.EST, organisation__in=organisations)
        .in_week(year, week).values_list("organisation_id").annotate(n=Count("id")).values_list("organisation_id", "n")
    )
    nothing = set(
        WeeklyReport.objects.filter(iso_year=year, iso_week=week, nothing_to_report=True)
        .values_list("organisation_id", flat=True)
    )
    rows = [ReportingStatus(o, counts.get(o.pk, 0), o.pk in nothing) for o in organisations]
    return sorted(rows, key=lambda r: ({"missing": 0, "nothing": 1, "reported": 2}[r.state], r.organisation.name))


def pending_moderation(*, user: Any) -> QuerySet[Observation]:
    return (
        Observation.objects.visible_to(user).filter(moderation=Moderation.PENDING)
        .select_related("category", "area", "organisation").prefetch_related("photos").order_by("created_at", "id")
    )


def dashboard_summary(*, user: Any, now: dt.datetime | None = None) -> dict[str, Any] | None:
    """The "EST" dashboard card: has my organisation reported this week; pending moderation count."""
    year, week = iso_week_of(now or timezone.now())
    context: dict[str, Any] = {"week_label": week_label(year, week)}
    if permissions.can_report(user):
        context["my_week"] = my_week(user=user, year=year, week=week)
    if permissions.can_moderate(user):
        context["pending"] = Observation.objects.visible_to(user).filter(moderation=Moderation.PENDING).count()
    if "my_week" not in context and "pending" not in context:
        return None
    return context


def area_recent_counts(*, user: Any, area: Any, weeks: int = 4, now: dt.datetime | None = None) -> dict[str, Any]:
    """Observations in an area per category for the last `weeks` ISO weeks (this week included)."""
    year, week = iso_week_of(now or timezone.now())
    labels = [shift_week(year, week, -offset) for offset in range(weeks - 1, -1, -1)]
    week_filter = Q()
    for y, w in labels:
        week_filter |= Q(iso_year=y, iso_week=w)
    rows = (
        Observation.objects.for_picture(user).in_area(area).filter(week_filter)
        .values("category_id", "iso_year", "iso_week").annotate(n=Count("id"))
    )
    cells: dict[int, dict[tuple[int, int], int]] = {}
    for row in rows:
        cells.setdefault(row["category_id"], {})[(row["iso_year"], row["iso_week"])] = row["n"]
    categories = Category.objects.filter(pk__in=cells).order_by("order")
    table: list[dict[str, Any]] = [
        {"category": c, "counts": [cells[c.pk].get(key, 0) for key in labels],
         "total": sum(cells[c.pk].values())}
        for c in categories
    ]
    totals = [sum(row["counts"][i] for row in table) for i in range(len(labels))]
    return {
        "weeks": [week_label(y, w) for y, w in labels],
        "rows": table,
        "totals": totals,
        "total": sum(totals),
    }
