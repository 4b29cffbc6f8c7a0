"""Writes for residents' reports: intake, the department's transitions, the reporter's "still not fixed".

Each transition is one service: atomic, validated before writing, audited, with a StatusUpdate row; e-mails go
out only after commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.core.audit import audit
from trygg.core.models import AuditAction
from trygg.core.redact import redact

from .. import rollups
from ..models import OPEN_STATUSES, Category, Observation, Source, Status
from ..services import observation_create
from . import emails
from .models import RoutingRule, StatusUpdate, UpdateKind
from .selectors import can_handle

CLOSED_FOR_REOPEN = (Status.FIXED, Status.NOT_FIXED, Status.CLOSED)


class IdempotencyConflictError(Exception):
    """The idempotency key was used before for a different report (API answers 422)."""


def check_resident_category(category: Category) -> None:
    """Residents report only in the public categories (never EST's own or the sensitive ones)."""
    if category.is_est or not category.is_public_reportable or category.is_sensitive:
        raise ValidationError({"category": _("Välj en av kategorierna i listan.")}, code="invalid_category")


def _same_payload(existing: Observation, *, category: Category, lat: float, lon: float, description: str) -> bool:
    return (
        existing.category_id == category.pk
        and round(existing.lat, 5) == round(float(lat), 5)
        and round(existing.lon, 5) == round(float(lon), 5)
        and existing.description == description.strip()
    )


def _replay(key: str | None, *, category: Category, lat: float, lon: float,
            description: str) -> Observation | None:
    """The report already stored under this idempotency key; a different payload is a conflict."""
    existing = Observation.objects.filter(idempotency_key=key).first() if key else None
    if existing is not None and not _same_payload(existing, category=category, lat=lat, lon=lon,
                                                  description=description):
        raise IdempotencyConflictError(key)
    return existing


def resident_report_submit(
    *,
    category: Category,
    lat: float,
    lon: float,
    description: str,
    address: str = "",
    photos: Sequence[Any] = (),
    contact_email: str = "",
    idempotency_key: str | None = None,
    observed_at: dt.datetime | None = None,
    extent: str = "enstaka",
    channel: str = "web",
    client_organisation: Any = None,
) -> tuple[Observation, bool]:
    """Store a resident's report once. Returns (report, created); a retry with the same key returns the first one.

    The report waits for moderation (observation_create sets that for residents) and is routed by category/area.
    """
    check_resident_category(category)
    try:
        observation = _create(category=category, lat=lat, lon=lon, description=description, address=address,
                              photos=photos, contact_email=contact_email, idempotency_key=idempotency_key,
                              observed_at=observed_at or timezone.now(), extent=extent, channel=channel,
                              client_organisation=client_organisation)
    except IntegrityError:
        # A retry (or a concurrent request) with the same key: the database's unique constraint refused the
        # second row and the transaction rolled back. Answer with the first report.
        existing = _replay(idempotency_key, category=category, lat=lat, lon=lon,
                           description=description) if idempotency_key else None
        if existing is None:
            raise
        return existing, False
    return observation, True


def _create(*, category: Category, lat: float, lon: float, description: str, address: str, photos: Sequence[Any],
            contact_email: str, idempotency_key: str | None, observed_at: dt.datetime, extent: str, channel: str,
            client_organisation: Any) -> Observation:
    observation = observation_create(
        source=Source.RESIDENT, category=category, lat=lat, lon=lon, observed_at=observed_at,
        description=description, address=address, photos=photos, contact_email=contact_email,
        idempotency_key=idempotency_key, extent=extent, channel=channel, submitted_by_organisation=client_organisation,
    )
    department = observation.responsible_organisation
    if observation.contact_email or (department is not None and department.email):
        observation_id = observation.pk
        # at once when the report's own transaction was the outermost one, else when the caller's commits
        transaction.on_commit(lambda: emails.report_received(observation_id), robust=True)
    return observation


def _record(*, observation: Observation, kind: str, to_status: str, by: Any, note: str = "",
            from_status: str | None = None) -> StatusUpdate:
    update = StatusUpdate(
        observation=observation, kind=kind, from_status=from_status if from_status is not None else observation.status,
        to_status=to_status, note=redact(note.strip()), actor=by,
        organisation=observation.responsible_organisation,
    )
    update.full_clean()
    update.save()
    return update


def _check(observation: Observation, by: Any, allowed_from: Sequence[str]) -> None:
    if observation.source != Source.RESIDENT:
        raise ValidationError(_("Bara invånarrapporter hanteras här."), code="not_resident")
    if not can_handle(by, observation):
        raise PermissionError("not responsible for this report")
    if observation.merged_into_id is not None or observation.status not in allowed_from:
        raise ValidationError(_("Rapporten har redan ändrat status. Ladda om sidan."), code="stale_status")


def _transition(*, observation: Observation, by: Any, kind: str, to_status: str, note: str = "",
                **changes: Any) -> Observation:
    update = _record(observation=observation, kind=kind, to_status=to_status, by=by, note=note)
    counted_before = rollups.counted_key(observation)
    from_status = observation.status
    observation.status = to_status
    observation.status_note = update.note
    fields = ["status", "status_note", "modified_at"]
    for name, value in changes.items():
        setattr(observation, name, value)
        fields.append(name)
    observation.full_clean()
    observation.save(update_fields=fields)
    rollups.apply(counted_before, rollups.counted_key(observation))  # a merged duplicate stops counting
    audit(action=AuditAction.STATUS_CHANGED, actor=by, obj=observation,
          organisation=observation.responsible_organisation, kind=kind, from_status=from_status, to_status=to_status)
    update_id = update.pk
    transaction.on_commit(lambda: emails.status_changed(update_id))
    return observation


@transaction.atomic
def report_accept(*, observation: Observation, by: Any, note: str = "") -> Observation:
    _check(observation, by, (Status.NEW, Status.ASSESSED))
    return _transition(observation=observation, by=by, kind=UpdateKind.ACCEPTED, to_status=Status.ASSIGNED, note=note)


@transaction.atomic
def report_reroute(*, observation: Observation, by: Any, organisation: Any, note: str = "") -> Observation:
    _check(observation, by, OPEN_STATUSES)
    if organisation is None or not organisation.is_active:
        raise ValidationError({"organisation": _("Välj en aktiv aktör.")}, code="invalid_organisation")
    if organisation.pk == observation.responsible_organisation_id:
        raise ValidationError({"organisation": _("Rapporten ligger redan hos den aktören.")}, code="same")
    observation = _transition(observation=observation, by=by, kind=UpdateKind.REROUTED, to_status=Status.NEW,
                              note=note, responsible_organisation=organisation)
    observation_id = observation.pk
    transaction.on_commit(lambda: emails.department_notified(observation_id))
    return observation


@transaction.atomic
def report_merge(*, observation: Observation, into: Observation, by: Any, note: str = "") -> Observation:
    """Mark observation as a duplicate of `into`; it leaves lists and counts (alive() skips merged reports)."""
    _check(observation, by, OPEN_STATUSES)
    if into.pk == observation.pk or into.merged_into_id is not None or into.deleted_at is not None:
        raise ValidationError({"into": _("Välj en annan, öppen rapport.")}, code="invalid_target")
    if not can_handle(by, into):
        raise PermissionError("not responsible for the target report")
    return _transition(observation=observation, by=by, kind=UpdateKind.MERGED, to_status=Status.DUPLICATE,
                       note=note, merged_into=into)


@transaction.atomic
def report_mark_fixed(*, observation: Observation, by: Any, note: str = "") -> Observation:
    _check(observation, by, OPEN_STATUSES)
    return _transition(observation=observation, by=by, kind=UpdateKind.FIXED, to_status=Status.FIXED, note=note)


@transaction.atomic
def report_mark_not_fixed(*, observation: Observation, by: Any, note: str) -> Observation:
    _check(observation, by, OPEN_STATUSES)
    if not note.strip():
        raise ValidationError({"note": _("Förklara varför det inte åtgärdas.")}, code="required")
    return _transition(observation=observation, by=by, kind=UpdateKind.NOT_FIXED, to_status=Status.NOT_FIXED,
                       note=note)


@transaction.atomic
def report_reopen(*, observation: Observation, note: str = "") -> Observation:
    """The reporter (anyone with the status link) says it is still not fixed: back in the department's queue."""
    observation = Observation.objects.select_for_update().get(pk=observation.pk)
    if observation.source != Source.RESIDENT or observation.merged_into_id is not None:
        raise ValidationError(_("Den här rapporten kan inte öppnas igen."), code="not_reopenable")
    if observation.status not in CLOSED_FOR_REOPEN:
        raise ValidationError(_("Rapporten är redan öppen."), code="already_open")
    to_status = Status.ASSIGNED if observation.responsible_organisation_id else Status.NEW
    update = _record(observation=observation, kind=UpdateKind.REOPENED, to_status=to_status, by=None, note=note)
    from_status = observation.status
    observation.status = to_status
    observation.save(update_fields=["status", "modified_at"])
    audit(action=AuditAction.STATUS_CHANGED, obj=observation, organisation=observation.responsible_organisation,
          kind=UpdateKind.REOPENED, from_status=from_status, to_status=to_status)
    observation_id, update_id = observation.pk, update.pk
    transaction.on_commit(lambda: emails.department_notified(observation_id, reopened_update_id=update_id))
    return observation


# ---- routing rules (samordnare) --------------------------------------------------------------------------------


@transaction.atomic
def routing_rule_set(*, category: Category, organisation: Any, by: Any, area: Any = None) -> RoutingRule:
    """Create or replace the rule for (category, area)."""
    rule = RoutingRule.objects.filter(category=category, area=area).first() or RoutingRule(category=category,
                                                                                          area=area)
    rule.organisation = organisation
    rule.full_clean(validate_constraints=False)
    rule.save()
    audit(action=AuditAction.UPDATED, actor=by, obj=rule, organisation=organisation, category=category.code,
          area=getattr(area, "slug", ""))
    return rule


@transaction.atomic
def routing_rule_delete(*, rule: RoutingRule, by: Any) -> None:
    audit(action=AuditAction.DELETED, actor=by, obj=rule, organisation=rule.organisation,
          category=rule.category.code)
    rule.delete()
