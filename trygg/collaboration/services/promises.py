"""Medborgarlöfte writes: the yearly cycle's stages, progress on activities, publishing the follow-up."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.accounts import permissions
from trygg.accounts.models import Role
from trygg.core.audit import audit
from trygg.core.models import AuditAction

from .. import permissions as collab_permissions
from ..models import ProgressUpdate, Promise, PromiseActivity, PromiseStage
from ..models.promises import STAGE_ORDER


def can_report_progress(user: Any) -> bool:
    return collab_permissions.can_manage(user) or permissions.has_role(user, Role.KOMMUNPOLIS)


@transaction.atomic
def promise_advance(*, promise: Promise, to_stage: str, by: Any) -> Promise:
    """One step forward in the yearly cycle at a time."""
    if not collab_permissions.can_manage(by):
        raise PermissionDenied
    promise = Promise.objects.select_for_update().get(pk=promise.pk)
    if to_stage not in STAGE_ORDER or STAGE_ORDER.index(to_stage) != promise.stage_index + 1:
        raise ValidationError({"stage": _("Löftet kan bara gå vidare ett steg i taget.")})
    promise.stage = to_stage
    promise.save(update_fields=["stage"])
    audit(action=AuditAction.STATUS_CHANGED, actor=by, obj=promise, to=to_stage)
    return promise


@transaction.atomic
def promise_publish(*, promise: Promise, by: Any) -> Promise:
    if not collab_permissions.can_manage(by):
        raise PermissionDenied
    promise = Promise.objects.select_for_update().get(pk=promise.pk)
    if promise.stage_index < STAGE_ORDER.index(PromiseStage.PROMISE):
        raise ValidationError({"stage": _("Löftet kan publiceras först när området och problemet är valt.")})
    if not promise.activities.exists():
        raise ValidationError({"stage": _("Lägg till minst en aktivitet innan löftet publiceras.")})
    promise.published_at = promise.published_at or timezone.now()
    promise.save(update_fields=["published_at"])
    audit(action=AuditAction.PUBLISHED, actor=by, obj=promise)
    return promise


@transaction.atomic
def progress_record(*, activity: PromiseActivity, on_date: dt.date, increment: int, by: Any,
                    note: str = "") -> ProgressUpdate:
    """Count more of an activity done (e.g. +12 fotpatrulleringar this week)."""
    if not can_report_progress(by):
        raise PermissionDenied
    if on_date > timezone.localdate():
        raise ValidationError({"on_date": _("Datumet kan inte ligga i framtiden.")})
    if increment < 1:
        raise ValidationError({"increment": _("Ange hur många som genomförts (minst 1).")})
    if on_date.year != activity.promise.year:
        raise ValidationError({"on_date": _("Datumet måste ligga inom löftets år.")})
    update = ProgressUpdate(activity=activity, on_date=on_date, increment=increment, note=note.strip(),
                            created_by=by)
    update.full_clean()
    update.save()
    PromiseActivity.objects.filter(pk=activity.pk).update(achieved_count=F("achieved_count") + increment)
    activity.refresh_from_db(fields=["achieved_count"])
    audit(action=AuditAction.CREATED, actor=by, obj=update, increment=increment)
    return update


@transaction.atomic
def follow_up_publish(*, promise: Promise, text: str, by: Any) -> Promise:
    """Write and publish the follow-up to residents; moves the promise to the follow-up stage."""
    if not collab_permissions.can_manage(by):
        raise PermissionDenied
    promise = Promise.objects.select_for_update().get(pk=promise.pk)
    if promise.published_at is None:
        raise ValidationError({"follow_up": _("Publicera löftet innan uppföljningen publiceras.")})
    if not text.strip():
        raise ValidationError({"follow_up": _("Skriv en uppföljning till invånarna.")})
    promise.follow_up = text.strip()
    promise.follow_up_published_at = timezone.now()
    promise.stage = PromiseStage.FOLLOW_UP
    promise.full_clean()
    promise.save(update_fields=["follow_up", "follow_up_published_at", "stage"])
    audit(action=AuditAction.PUBLISHED, actor=by, obj=promise, step="follow_up")
    return promise
