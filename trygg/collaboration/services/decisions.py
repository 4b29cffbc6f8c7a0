"""Group work and decisions of a meeting: added, corrected and removed while the minutes are a draft.

Approved (justerat) minutes are a record: from then on group notes and decisions stay as they were approved. A
decision that became an insats may have its text corrected but is never removed, since the insats is followed up
against it; its organisation, date and area live on the insats from then on.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.core.audit import audit
from trygg.core.models import AuditAction

from .. import permissions as collab_permissions
from ..models import Decision, GroupNote, Meeting
from .meetings import _require

MINUTES_APPROVED = "minutes_approved"
HAS_INTERVENTION = "has_intervention"


def check_record_open(meeting: Meeting) -> None:
    """Raise the error that explains why group work and decisions can no longer change, if they cannot."""
    if not meeting.minutes_are_draft:
        raise ValidationError(
            _("Protokollet är justerat och är nu en fastställd handling. Grupparbete och beslut kan därför inte "
              "läggas till, ändras eller tas bort. Behöver något rättas tar ni upp det på nästa möte."),
            code=MINUTES_APPROVED)


def check_decision_removable(decision: Decision) -> None:
    """Raise the error that explains why the decision cannot be removed, if it cannot."""
    check_record_open(decision.meeting)
    if decision.intervention_id is not None:
        raise ValidationError(
            _("Beslutet har blivit en insats och kan inte tas bort, eftersom insatsen följs upp mot beslutet. "
              "Rätta beslutets text om den är fel, eller ändra status på insatsen om den inte ska genomföras."),
            code=HAS_INTERVENTION)


def _locked_for_record(meeting: Meeting, by: Any) -> Meeting:
    """The meeting, locked against a concurrent approval, if `by` may write its record and it is still a draft."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require(collab_permissions.can_edit_minutes(by, meeting))
    check_record_open(meeting)
    return meeting


def _changed(instance: Any, values: dict[str, Any]) -> list[str]:
    return [name for name, value in values.items() if getattr(instance, name) != value]


@transaction.atomic
def group_note_add(*, meeting: Meeting, theme: str, notes: str, by: Any, area: Any = None) -> GroupNote:
    meeting = _locked_for_record(meeting, by)
    note = GroupNote(meeting=meeting, theme=theme.strip(), notes=notes.strip(), area=area)
    note.full_clean()
    note.save()
    audit(action=AuditAction.CREATED, actor=by, obj=note)
    return note


@transaction.atomic
def group_note_update(*, note: GroupNote, theme: str, notes: str, by: Any, area: Any = None) -> GroupNote:
    """Correct a group's notes (same people as may add them, while the minutes are a draft)."""
    _locked_for_record(note.meeting, by)
    note = GroupNote.objects.select_for_update().get(pk=note.pk)
    values = {"theme": theme.strip(), "notes": notes.strip(), "area": area}
    changed = _changed(note, values)
    for name, value in values.items():
        setattr(note, name, value)
    note.full_clean()
    if changed:
        note.save(update_fields=changed)
        audit(action=AuditAction.UPDATED, actor=by, obj=note, meeting=note.meeting_id, fields="/".join(changed))
    return note


@transaction.atomic
def group_note_remove(*, note: GroupNote, by: Any) -> None:
    _locked_for_record(note.meeting, by)
    locked = GroupNote.objects.select_for_update().filter(pk=note.pk).first()
    if locked is None:  # removed already (a second click)
        return
    audit(action=AuditAction.DELETED, actor=by, obj=locked, meeting=locked.meeting_id)
    locked.delete()


@transaction.atomic
def decision_create(*, meeting: Meeting, text: str, owner: Any, due_date: dt.date, by: Any,
                    area: Any = None) -> Decision:
    meeting = _locked_for_record(meeting, by)
    if due_date < timezone.localdate():
        raise ValidationError({"due_date": _("Datumet har redan passerat. Välj ett datum från och med i dag.")})
    decision = Decision(meeting=meeting, text=text.strip(), owner=owner, due_date=due_date, area=area,
                        created_by=by)
    decision.full_clean()
    decision.save()
    audit(action=AuditAction.CREATED, actor=by, obj=decision, organisation=owner)
    return decision


@transaction.atomic
def decision_update(*, decision: Decision, text: str, owner: Any, due_date: dt.date, by: Any,
                    area: Any = None) -> Decision:
    """Correct a decision while the minutes are a draft. Once it is an insats only its text may change (the
    organisation, date and area are the insats' own from then on); a changed date may not be in the past."""
    _locked_for_record(decision.meeting, by)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    values = {"text": text.strip(), "owner": owner, "due_date": due_date, "area": area}
    changed = _changed(decision, values)
    if decision.intervention_id is not None:
        fixed: dict[str, Any] = {name: _("Beslutet har blivit en insats; ändra det på insatsen.")
                 for name in ("owner", "due_date", "area") if name in changed}
        if fixed:
            raise ValidationError(fixed, code=HAS_INTERVENTION)
    if "due_date" in changed and due_date < timezone.localdate():
        raise ValidationError({"due_date": _("Datumet har redan passerat. Välj ett datum från och med i dag.")})
    for name, value in values.items():
        setattr(decision, name, value)
    decision.full_clean()
    if changed:
        decision.save(update_fields=changed)
        audit(action=AuditAction.UPDATED, actor=by, obj=decision, organisation=decision.owner,
              meeting=decision.meeting_id, fields="/".join(changed))
    return decision


@transaction.atomic
def decision_remove(*, decision: Decision, by: Any) -> None:
    """Remove a decision recorded by mistake; never one that became an insats."""
    _locked_for_record(decision.meeting, by)
    locked = Decision.objects.select_for_update().filter(pk=decision.pk).first()
    if locked is None:  # removed already (a second click)
        return
    check_decision_removable(locked)
    audit(action=AuditAction.DELETED, actor=by, obj=locked, organisation=locked.owner, meeting=locked.meeting_id)
    locked.delete()


@transaction.atomic
def decision_to_intervention(*, decision: Decision, by: Any) -> Any:
    """A decision becomes one intervention (once), owned by the decision's organisation, linked both ways."""
    from trygg.interventions.services import intervention_create

    decision = Decision.objects.select_for_update().select_related("meeting", "owner").get(pk=decision.pk)
    _require(collab_permissions.can_edit_minutes(by, decision.meeting))
    if decision.intervention_id is not None:
        raise ValidationError(_("Beslutet har redan blivit en insats."))
    first_line = decision.text.splitlines()[0] if decision.text else ""
    intervention = intervention_create(
        title=first_line[:200], description=decision.text, owner=decision.owner, due_date=decision.due_date,
        created_by=by, areas=[decision.area] if decision.area else (), origin=decision,
        origin_label=_("Beslut: %(meeting)s") % {"meeting": decision.meeting},
    )
    decision.intervention = intervention
    decision.save(update_fields=["intervention"])
    audit(action=AuditAction.UPDATED, actor=by, obj=decision, organisation=decision.owner,
          intervention=intervention.pk)
    return intervention
