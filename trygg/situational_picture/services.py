"""Writes for the lägesbild: approve/reopen a week (freezing its figures) and next week's focus."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.areas.models import Area, Place
from trygg.core.audit import audit
from trygg.core.geo import week_label, week_start
from trygg.core.models import AuditAction

from .models import FocusItem, Snapshot
from .permissions import can_approve, can_set_focus
from .selectors import current_snapshot, current_week, freeze_figures


def _validate_week(year: int, week: int) -> None:
    try:
        week_start(year, week)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"week": _("Ogiltig vecka.")}, code="invalid_week") from exc


@transaction.atomic
def snapshot_approve(*, year: int, week: int, by: Any) -> Snapshot:
    """Freeze a started week's figures. A week already approved must be reopened first."""
    if not can_approve(by):
        raise PermissionDenied
    _validate_week(year, week)
    if (year, week) > current_week():
        raise ValidationError({"week": _("En vecka som inte har börjat kan inte godkännas.")}, code="future_week")
    if current_snapshot(year, week) is not None:
        raise ValidationError({"week": _("Lägesbilden för veckan är redan godkänd.")}, code="already_approved")
    snapshot = Snapshot(iso_year=year, iso_week=week, figures=freeze_figures(year, week), approved_by=by,
                        approved_at=timezone.now())
    snapshot.full_clean()
    try:
        with transaction.atomic():
            snapshot.save()
    except IntegrityError as exc:  # a concurrent approval won the race
        raise ValidationError({"week": _("Lägesbilden för veckan är redan godkänd.")},
                              code="already_approved") from exc
    audit(action=AuditAction.APPROVED, actor=by, obj=snapshot, week=week_label(year, week))
    return snapshot


@transaction.atomic
def snapshot_reopen(*, snapshot: Snapshot, by: Any) -> Snapshot:
    """A samordnare reopens an approved week; the old snapshot is kept as history."""
    if not can_approve(by):
        raise PermissionDenied
    snapshot = Snapshot.objects.select_for_update().get(pk=snapshot.pk)
    if snapshot.reopened_at is not None:
        raise ValidationError({"week": _("Lägesbilden är redan återöppnad.")}, code="already_reopened")
    snapshot.reopened_at = timezone.now()
    snapshot.reopened_by = by
    snapshot.full_clean()
    snapshot.save(update_fields=["reopened_at", "reopened_by"])
    audit(action=AuditAction.STATUS_CHANGED, actor=by, obj=snapshot, to="reopened",
          week=snapshot.week_label)
    return snapshot


@transaction.atomic
def focus_item_create(*, year: int, week: int, area: Area, note: str, created_by: Any,
                      place: Place | None = None) -> FocusItem:
    if not can_set_focus(created_by):
        raise PermissionDenied
    _validate_week(year, week)
    if place is not None and place.area_id != area.pk:
        raise ValidationError({"place": _("Platsen ligger inte i det valda området.")}, code="place_outside_area")
    item = FocusItem(iso_year=year, iso_week=week, area=area, place=place, note=note.strip(), created_by=created_by)
    item.full_clean()
    item.save()
    audit(action=AuditAction.CREATED, actor=created_by, obj=item, area=area.slug, week=item.week_label)
    return item


@transaction.atomic
def focus_item_delete(*, item: FocusItem, by: Any) -> None:
    if not can_set_focus(by):
        raise PermissionDenied
    audit(action=AuditAction.DELETED, actor=by, obj=item, area=item.area.slug, week=item.week_label)
    item.delete()
