"""Writes for interventions. Other apps create interventions only through intervention_create."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.core.audit import audit
from trygg.core.models import AuditAction

from .models import TRANSITIONS, Intervention, Status, StatusChange


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
        origin_label=origin_label or (str(origin) if origin is not None else ""),
        target_metric=target_metric,
        created_by=created_by,
    )
    if origin is not None:
        intervention.origin_type = ContentType.objects.get_for_model(origin)
        intervention.origin_id = str(origin.pk)
    if intervention.due_date < intervention.start_date:
        raise ValidationError({"due_date": _("Slutdatum kan inte vara före startdatum.")})
    if responsible is not None and not responsible.memberships.filter(organisation=owner).exists():
        raise ValidationError({"responsible": _("Den ansvariga personen måste tillhöra den ägande aktören.")})
    intervention.full_clean()
    intervention.save()
    intervention.areas.set(list(areas))
    intervention.places.set(list(places))
    audit(action=AuditAction.CREATED, actor=created_by, obj=intervention, organisation=owner)
    return intervention


@transaction.atomic
def intervention_transition(*, intervention: Intervention, to_status: str, by: Any, note: str = "") -> Intervention:
    """Move along the workflow in TRANSITIONS; anything else is refused."""
    intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
    if to_status not in TRANSITIONS.get(intervention.status, ()):
        raise ValidationError(
            _("Insatsen kan inte gå från %(a)s till %(b)s.")
            % {"a": intervention.get_status_display(), "b": Status(to_status).label}
        )
    StatusChange.objects.create(
        intervention=intervention, from_status=intervention.status, to_status=to_status, note=note.strip(),
        changed_by=by,
    )
    intervention.status = to_status
    if to_status == Status.DONE:
        intervention.completed_at = timezone.now()
    if to_status == Status.FOLLOWED_UP and note.strip():
        intervention.follow_up_note = note.strip()
    intervention.save()
    audit(action=AuditAction.STATUS_CHANGED, actor=by, obj=intervention, organisation=intervention.owner,
          to=to_status)
    return intervention
