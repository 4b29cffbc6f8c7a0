"""Writes for interventions. Other apps create interventions only through intervention_create."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.core.audit import audit
from trygg.core.models import AuditAction

from . import notifications
from .models import TRANSITIONS, Intervention, OverdueReminder, Status, StatusChange

# Fields intervention_update may change; status moves only through intervention_transition.
EDITABLE_FIELDS = ("title", "description", "owner", "responsible", "kind", "horizon", "start_date", "due_date",
                   "target_metric")


def _check(intervention: Intervention) -> None:
    errors: dict[str, str] = {}
    if intervention.start_date and intervention.due_date and intervention.due_date < intervention.start_date:
        errors["due_date"] = _("Slutdatum kan inte vara före startdatum.")
    if intervention.owner_id and not intervention.owner.is_active:
        errors["owner"] = _("Aktören är inte längre aktiv.")
    responsible = intervention.responsible
    if responsible is not None and not responsible.memberships.filter(organisation_id=intervention.owner_id).exists():
        errors["responsible"] = _("Den ansvariga personen måste tillhöra den ägande aktören.")
    if errors:
        raise ValidationError(errors)
    intervention.full_clean()


def _notify_assigned(intervention: Intervention, by: Any) -> None:
    """E-mail the responsible person after commit, unless they assigned themselves."""
    if intervention.responsible_id is None or intervention.responsible_id == getattr(by, "pk", None):
        return
    pk = intervention.pk
    transaction.on_commit(lambda: notifications.send_assignment(intervention_id=pk))


@transaction.atomic
def intervention_create(
    *,
    title: str,
    owner: Any,
    due_date: dt.date,
    created_by: Any,
    description: str = "",
    responsible: Any = None,
    areas: Iterable[Any] = (),
    places: Iterable[Any] = (),
    kind: str = "situational",
    horizon: str = "short",
    start_date: dt.date | None = None,
    status: str = Status.PROPOSED,
    origin: models.Model | None = None,
    origin_label: str = "",
    target_metric: str = "",
) -> Intervention:
    intervention = Intervention(
        title=title.strip(),
        description=description.strip(),
        owner=owner,
        responsible=responsible,
        kind=kind,
        horizon=horizon,
        start_date=start_date or timezone.localdate(),
        due_date=due_date,
        status=status,
        origin_label=(origin_label or (str(origin) if origin is not None else ""))[:200],
        target_metric=target_metric.strip(),
        created_by=created_by,
    )
    if origin is not None:
        intervention.origin_type = ContentType.objects.get_for_model(origin)
        intervention.origin_id = str(origin.pk)
    _check(intervention)
    intervention.save()
    intervention.areas.set(list(areas))
    intervention.places.set(list(places))
    audit(action=AuditAction.CREATED, actor=created_by, obj=intervention, organisation=owner, status=status)
    _notify_assigned(intervention, created_by)
    return intervention


@transaction.atomic
def intervention_update(
    *, intervention: Intervention, by: Any, areas: Iterable[Any] | None = None, places: Iterable[Any] | None = None,
    **changes: Any,
) -> Intervention:
    """Change the editable fields (EDITABLE_FIELDS), areas and places; the status has its own service."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"intervention_update cannot change {sorted(unknown)}")
    intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
    previous_responsible = intervention.responsible_id
    changed = []
    for name, value in changes.items():
        if isinstance(value, str):
            value = value.strip()
        if getattr(intervention, name) != value:
            setattr(intervention, name, value)
            changed.append(name)
    _check(intervention)
    intervention.save()
    if areas is not None:
        new_areas = {a.pk for a in areas}
        if new_areas != set(intervention.areas.values_list("pk", flat=True)):
            intervention.areas.set(list(new_areas))
            changed.append("areas")
    if places is not None:
        new_places = {p.pk for p in places}
        if new_places != set(intervention.places.values_list("pk", flat=True)):
            intervention.places.set(list(new_places))
            changed.append("places")
    if changed:
        audit(action=AuditAction.UPDATED, actor=by, obj=intervention, organisation=intervention.owner,
              fields="+".join(changed))
    if intervention.responsible_id != previous_responsible:
        _notify_assigned(intervention, by)
    return intervention


@transaction.atomic
def intervention_transition(*, intervention: Intervention, to_status: str, by: Any, note: str = "") -> Intervention:
    """Move along the workflow in TRANSITIONS; anything else is refused and nothing changes."""
    intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
    note = note.strip()
    if to_status not in Status.values or to_status not in TRANSITIONS.get(intervention.status, ()):
        target = Status(to_status).label if to_status in Status.values else str(to_status)[:40]
        raise ValidationError(
            _("Insatsen kan inte gå från %(a)s till %(b)s.") % {"a": intervention.get_status_display(), "b": target}
        )
    if to_status == Status.FOLLOWED_UP and not note:
        raise ValidationError({"note": _("Skriv vad uppföljningen visade: vad blev resultatet?")})
    StatusChange.objects.create(
        intervention=intervention, from_status=intervention.status, to_status=to_status, note=note, changed_by=by,
    )
    intervention.status = to_status
    if to_status == Status.DONE:
        intervention.completed_at = timezone.now()
    if to_status == Status.FOLLOWED_UP:
        intervention.follow_up_note = note
    intervention.save()
    audit(action=AuditAction.STATUS_CHANGED, actor=by, obj=intervention, organisation=intervention.owner,
          to=to_status)
    return intervention


def overdue_reminders_send(*, now: dt.datetime | None = None) -> int:
    """E-mail responsible persons about overdue interventions, at most once per intervention and week.

    Returns the number of interventions reminded about. The reminder is recorded before the e-mail goes out
    (after commit), so a crash never sends the same reminder twice within a week.
    """
    now = now or timezone.now()
    by_person: dict[Any, list[Intervention]] = defaultdict(list)
    with transaction.atomic():
        due = list(
            Intervention.objects.due_for_reminder(now).select_for_update(of=("self",))
            .select_related("responsible", "owner").order_by("responsible_id", "due_date", "id")
        )
        for intervention in due:
            OverdueReminder.objects.create(intervention=intervention, recipient=intervention.responsible, sent_at=now)
            by_person[intervention.responsible].append(intervention)
        for person, items in by_person.items():
            transaction.on_commit(partial(notifications.send_overdue_reminder, user=person, interventions=items))
    return len(due)
