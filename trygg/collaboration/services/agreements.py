"""Agreement writes: follow-up values for goals and the interventions that serve them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.core.audit import audit
from trygg.core.models import AuditAction

from .. import permissions as collab_permissions
from ..models import Goal, GoalFollowUp


@transaction.atomic
def goal_follow_up_record(*, goal: Goal, value: Decimal, measured_on: dt.date, by: Any) -> GoalFollowUp:
    if not collab_permissions.can_manage(by):
        raise PermissionDenied
    if measured_on > timezone.localdate():
        raise ValidationError({"measured_on": _("Mätdatumet kan inte ligga i framtiden.")})
    follow_up = GoalFollowUp(goal=goal, value=value, measured_on=measured_on, recorded_by=by)
    follow_up.full_clean()
    follow_up.save()
    audit(action=AuditAction.CREATED, actor=by, obj=follow_up)
    return follow_up


@transaction.atomic
def goal_link_intervention(*, goal: Goal, intervention: Any, by: Any) -> Goal:
    if not collab_permissions.can_manage(by):
        raise PermissionDenied
    goal.interventions.add(intervention)
    audit(action=AuditAction.UPDATED, actor=by, obj=goal, intervention=intervention.pk)
    return goal
