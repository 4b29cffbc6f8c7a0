"""Plan a walk, answer its checklist, close the protocol and repeat the walk on the same route."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.core.audit import audit
from trygg.core.models import AuditAction

from ..checklist import Answer, ChecklistItem
from ..models import MAX_PARTICIPANTS, ChecklistAnswer, Conversion, SafetyWalk, WalkFinding, WalkStatus
from .findings import finding_observation
from .validation import check_organisers, check_walk, clean_participant_counts, clean_route

PLAN_FIELDS = ("title", "area", "kind", "premeeting_at", "walk_at", "followup_at", "meeting_place", "route",
               "invited_groups", "max_participants", "participant_counts")


@transaction.atomic
def walk_create(
    *,
    title: str,
    area: Any,
    walk_at: dt.datetime,
    organisation: Any,
    created_by: Any,
    kind: str = "allman",
    premeeting_at: dt.datetime | None = None,
    followup_at: dt.datetime | None = None,
    meeting_place: str = "",
    route: Any = None,
    organisers: Iterable[Any] = (),
    invited_organisations: Iterable[Any] = (),
    invited_groups: str = "",
    max_participants: int = MAX_PARTICIPANTS,
    participant_counts: Mapping[str, Any] | None = None,
    previous: SafetyWalk | None = None,
) -> SafetyWalk:
    organisers = check_organisers(organisers)
    walk = SafetyWalk(
        title=title.strip(), area=area, kind=kind, organisation=organisation, created_by=created_by,
        premeeting_at=premeeting_at, walk_at=walk_at, followup_at=followup_at, meeting_place=meeting_place.strip(),
        route=clean_route(route), invited_groups=invited_groups.strip(), max_participants=max_participants,
        participant_counts=clean_participant_counts(participant_counts), previous=previous,
    )
    check_walk(walk)
    walk.full_clean()
    walk.save()
    walk.organisers.set({*organisers, created_by})
    walk.invited_organisations.set(list(invited_organisations))
    audit(action=AuditAction.CREATED, actor=created_by, obj=walk, organisation=organisation, kind=kind)
    return walk


@transaction.atomic
def walk_update(*, walk: SafetyWalk, by: Any, organisers: Iterable[Any] | None = None,
                invited_organisations: Iterable[Any] | None = None, **fields: Any) -> SafetyWalk:
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise ValueError(f"unexpected fields: {sorted(unknown)}")
    if "route" in fields:
        fields["route"] = clean_route(fields["route"])
    if "participant_counts" in fields:
        fields["participant_counts"] = clean_participant_counts(fields["participant_counts"])
    for name in ("title", "meeting_place", "invited_groups"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    for name, value in fields.items():
        setattr(walk, name, value)
    check_walk(walk)
    walk.full_clean()
    walk.save()
    if organisers is not None:
        organisers = check_organisers(organisers)
        if not organisers:
            raise ValidationError({"organisers": _("Välj minst en arrangör.")}, code="no_organisers")
        walk.organisers.set(organisers)
    if invited_organisations is not None:
        walk.invited_organisations.set(list(invited_organisations))
    audit(action=AuditAction.UPDATED, actor=by, obj=walk, organisation=walk.organisation)
    return walk


@transaction.atomic
def checklist_save(*, walk: SafetyWalk, by: Any, answers: Mapping[int, tuple[str, str]]) -> list[ChecklistAnswer]:
    """answers: {item: (answer, comment)}; an empty answer removes the item's answer."""
    if walk.is_closed:
        raise ValidationError(_("Protokollet är fastställt och kan inte ändras."), code="closed")
    valid_items = {int(i) for i in ChecklistItem.values}
    errors: dict[str, str] = {}
    for item, (answer, comment) in answers.items():
        if int(item) not in valid_items:
            errors[f"item_{item}"] = _("Okänd punkt i checklistan.")
        elif answer and answer not in Answer.values:
            errors[f"item_{item}"] = _("Välj bra, brist eller ej relevant.")
        elif len(comment or "") > 2000:
            errors[f"comment_{item}"] = _("Kommentaren får vara högst 2000 tecken.")
    if errors:
        raise ValidationError(errors)
    saved = []
    for item, (answer, comment) in sorted(answers.items()):
        if not answer:
            ChecklistAnswer.objects.filter(walk=walk, item=item).delete()
            continue
        row, _created = ChecklistAnswer.objects.update_or_create(
            walk=walk, item=int(item),
            defaults={"answer": answer, "comment": (comment or "").strip(), "answered_by": by,
                      "answered_at": timezone.now()},
        )
        saved.append(row)
    audit(action=AuditAction.UPDATED, actor=by, obj=walk, organisation=walk.organisation, part="checklist")
    return saved


@transaction.atomic
def walk_close_protocol(*, walk: SafetyWalk, by: Any) -> SafetyWalk:
    """Fix the protocol. Every problem finding gets exactly one observation (source "walk") for the lägesbild;
    problems without a chosen conversion become reports to the responsible organisation by routing."""
    walk = SafetyWalk.objects.select_for_update().get(pk=walk.pk)
    if walk.is_closed:
        return walk
    if walk.walk_at > timezone.now():
        raise ValidationError(_("Vandringen har inte ägt rum ännu."), code="not_walked")
    problems = WalkFinding.objects.filter(walk=walk, kind="problem").select_related("intervention")
    for finding in problems:
        if finding.observation_id is None:
            owner = finding.intervention.owner if finding.intervention is not None else None
            finding.observation = finding_observation(finding=finding, by=by, responsible_organisation=owner)
        if not finding.conversion:
            finding.conversion = Conversion.REPORT
            finding.converted_at = timezone.now()
            finding.converted_by = by
        finding.save(update_fields=["observation", "conversion", "converted_at", "converted_by"])
    walk.status = WalkStatus.CLOSED
    walk.closed_at = timezone.now()
    walk.save(update_fields=["status", "closed_at", "modified_at"])
    audit(action=AuditAction.STATUS_CHANGED, actor=by, obj=walk, organisation=walk.organisation, to="closed")
    return walk


@transaction.atomic
def walk_repeat(*, walk: SafetyWalk, by: Any, walk_at: dt.datetime) -> SafetyWalk:
    """Plan a new walk on the same area and route, linked to this one so earlier problems can be compared."""
    repeat = walk_create(
        title=_("%(title)s – ny vandring") % {"title": walk.title}, area=walk.area, walk_at=walk_at,
        organisation=walk.organisation, created_by=by, kind=walk.kind, meeting_place=walk.meeting_place,
        route=walk.route, organisers=walk.organisers.all(), invited_organisations=walk.invited_organisations.all(),
        invited_groups=walk.invited_groups, max_participants=walk.max_participants, previous=walk,
    )
    audit(action=AuditAction.CREATED, actor=by, obj=repeat, organisation=walk.organisation, previous=walk.pk)
    return repeat
