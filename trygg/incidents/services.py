"""Writes for observations. Every ingest path (EST form, residents, Open311, walks) calls observation_create."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.areas.selectors import area_for_point, point_in_municipality
from trygg.core.audit import audit, audit_entry
from trygg.core.geo import is_valid_coordinate, iso_week_of
from trygg.core.images import clean_image
from trygg.core.inserts import insert, insert_all
from trygg.core.models import AuditAction, AuditEntry
from trygg.core.redact import redact

from . import rollups
from .models import Category, Moderation, Observation, ObservationPhoto, Source
from .routing import responsible_for

MAX_PHOTOS = 3
RELATED_FIELDS = ["category", "area", "place", "organisation", "reporter", "responsible_organisation", "merged_into",
                  "moderated_by"]
# EST reporters may correct their own observation for this long after filing it.
EDIT_WINDOW = dt.timedelta(days=7)


def validate_point(lat: Any, lon: Any) -> tuple[float, float]:
    if not is_valid_coordinate(lat, lon):
        raise ValidationError({"lat": _("Välj en plats på kartan.")}, code="invalid_point")
    flat, flon = float(lat), float(lon)
    if not point_in_municipality(lat=flat, lon=flon):
        raise ValidationError(
            {"lat": _("Platsen ligger utanför Eskilstuna kommun. Välj en plats inom kommunen.")},
            code="outside_municipality",
        )
    return flat, flon


def observation_build(
    *,
    source: str,
    category: Category,
    lat: float,
    lon: float,
    observed_at: dt.datetime,
    description: str = "",
    organisation: Any = None,
    reporter: Any = None,
    address: str = "",
    extent: str = "enstaka",
    setting: str = "utomhus",
    police_reported: bool = False,
    contact_email: str = "",
    idempotency_key: str | None = None,
    responsible_organisation: Any = None,
    place: Any = None,
    public_id: uuid.UUID | None = None,
) -> Observation:
    """Validate the input and build the unsaved observation: area, routing, redaction, moderation state.

    Raises ValidationError in the user's words; writes nothing.
    """
    flat, flon = validate_point(lat, lon)
    if observed_at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({"observed_at": _("Tidpunkten kan inte ligga i framtiden.")}, code="future")
    year, week = iso_week_of(observed_at)
    area = area_for_point(lat=flat, lon=flon)
    never_public = bool(category.is_sensitive or (organisation is not None and organisation.is_shelter))
    observation = Observation(
        source=source,
        category=category,
        lat=flat,
        lon=flon,
        observed_at=observed_at,
        iso_year=year,
        iso_week=week,
        area=area,
        place=place,
        description=description.strip(),
        description_redacted=redact(description.strip()),
        organisation=organisation,
        reporter=reporter,
        address=address.strip(),
        extent=extent,
        setting=setting,
        police_reported=police_reported,
        never_public=never_public,
        contact_email=contact_email.strip().lower(),
        idempotency_key=idempotency_key,
        responsible_organisation=responsible_organisation or responsible_for(category=category, area=area),
        # Staff observations are counted at once; anything anonymous waits for a moderator (F3).
        moderation=Moderation.PENDING if source == Source.RESIDENT else Moderation.APPROVED,
    )
    if public_id is not None:
        observation.public_id = public_id
    # The related objects come from the server, not from the client, and the database checks them again; the
    # unique fields are a fresh UUID and the idempotency key, whose constraint the callers handle.
    observation.full_clean(exclude=RELATED_FIELDS, validate_unique=False)
    return observation


def _audit_created(observation: Observation, channel: str, submitted_by_organisation: Any) -> AuditEntry:
    detail: dict[str, Any] = {"source": observation.source, "category": observation.category.code}
    if channel:
        detail["channel"] = channel
    return audit_entry(action=AuditAction.OBSERVATION_CREATED, actor=observation.reporter, obj=observation,
                       organisation=observation.organisation or submitted_by_organisation, **detail)


def observation_store(observation: Observation, *, photos: Sequence[Any] = (), channel: str = "",
                      submitted_by_organisation: Any = None) -> Observation:
    """Write a built observation, its cleaned photos, its rollup count and its audit entry, in the caller's
    transaction (wrap it in ``transaction.atomic()``)."""
    insert(observation)  # Model.save() would compile the 28-column INSERT again for every report
    for content in photos:
        ObservationPhoto.objects.create(observation=observation, image=content)
    rollups.apply(None, rollups.counted_key(observation))
    insert(_audit_created(observation, channel, submitted_by_organisation))
    return observation


def observations_store(items: Sequence[tuple[Observation, str, Any]]) -> None:
    """observation_store() for many built observations without photos — (observation, channel, submitting
    organisation) — in the caller's transaction, with the rollup counted once per cell: one multi-row INSERT for
    the observations and one for their audit entries (trygg.core.inserts.insert_all)."""
    insert_all([observation for observation, _c, _o in items])
    insert_all([_audit_created(observation, channel, by) for observation, channel, by in items])
    rollups.add_many(observation for observation, _c, _o in items)


def observation_create(
    *,
    photos: Sequence[Any] = (),
    channel: str = "",
    submitted_by_organisation: Any = None,
    **fields: Any,
) -> Observation:
    """Validate and store one observation with its photos; nothing is saved if anything is wrong.

    ``fields`` are observation_build's. ``channel`` ("web", "open311") and ``submitted_by_organisation`` (the
    API client's organisation) go into the audit entry of an anonymous report. A second report with the same
    ``idempotency_key`` raises IntegrityError from the database's unique constraint (callers look the first one
    up; see resident_report_submit).

    Everything that can fail on the input is checked before the transaction starts, so the transaction holds
    only the writes: on SQLite it holds the database's single write lock, and another worker's report waits
    for it.
    """
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("Högst %(n)d bilder.") % {"n": MAX_PHOTOS}}, code="too_many")
    cleaned_photos = [clean_image(p) for p in photos]  # raises before anything is written
    observation = observation_build(**fields)
    with transaction.atomic():
        observation_store(observation, photos=cleaned_photos, channel=channel,
                          submitted_by_organisation=submitted_by_organisation)
    return observation


def can_edit(observation: Observation, user: Any) -> bool:
    """The reporter may edit their own EST observation within the edit window."""
    return (
        observation.source == Source.EST
        and observation.reporter_id is not None
        and observation.reporter_id == getattr(user, "pk", None)
        and timezone.now() - observation.created_at <= EDIT_WINDOW
    )


@transaction.atomic
def observation_update(*, observation: Observation, user: Any, **fields: Any) -> Observation:
    if not can_edit(observation, user):
        raise PermissionError("edit window closed or not the reporter")
    allowed = {"category", "observed_at", "lat", "lon", "address", "extent", "setting", "police_reported",
               "description", "place"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"unexpected fields: {sorted(unknown)}")
    before = rollups.counted_key(observation)
    if "lat" in fields or "lon" in fields:
        fields["lat"], fields["lon"] = validate_point(
            fields.get("lat", observation.lat), fields.get("lon", observation.lon)
        )
        moved = (fields["lat"], fields["lon"]) != (observation.lat, observation.lon)
        if moved and "place" not in fields:
            fields["place"] = None  # the named place no longer describes where it happened
        observation.area = area_for_point(lat=fields["lat"], lon=fields["lon"])
    for name, value in fields.items():
        setattr(observation, name, value)
    if "description" in fields:
        observation.description = observation.description.strip()
        observation.description_redacted = redact(observation.description)
    if "observed_at" in fields:
        observation.iso_year, observation.iso_week = iso_week_of(observation.observed_at)
    observation.never_public = bool(
        observation.category.is_sensitive or (observation.organisation and observation.organisation.is_shelter)
    )
    observation.full_clean()
    observation.save()
    rollups.apply(before, rollups.counted_key(observation))
    audit(action=AuditAction.OBSERVATION_UPDATED, actor=user, obj=observation, organisation=observation.organisation)
    return observation


@transaction.atomic
def observation_moderate(*, observation: Observation, moderator: Any, decision: str) -> Observation:
    if decision not in (Moderation.APPROVED, Moderation.HIDDEN):
        raise ValueError("decision must be approved or hidden")
    before = rollups.counted_key(observation)
    observation.moderation = decision
    observation.moderated_by = moderator
    observation.moderated_at = timezone.now()
    observation.save(update_fields=["moderation", "moderated_by", "moderated_at", "modified_at"])
    rollups.apply(before, rollups.counted_key(observation))
    if decision == Moderation.APPROVED:
        observation.photos.update(approved=True)
    else:
        observation.photos.update(approved=False)
    audit(action=AuditAction.MODERATED, actor=moderator, obj=observation, decision=decision)
    return observation


@transaction.atomic
def weekly_report_nothing(*, organisation: Any, user: Any, year: int, week: int) -> Any:
    """Record that an organisation had nothing to report in an ISO week (EST weekly rhythm).

    Only a reporter of that organisation may answer for it; a week with observations is already reported.
    """
    from trygg.accounts import permissions

    from .models import WeeklyReport

    if organisation.pk not in permissions.organisation_ids(user, "rapportor", "samordnare", "kommunpolis"):
        raise PermissionError("not a reporter of this organisation")
    if iso_week_of(timezone.now()) < (year, week):
        raise ValidationError(_("Veckan har inte börjat än."), code="future_week")
    report, _created = WeeklyReport.objects.update_or_create(
        organisation=organisation, iso_year=year, iso_week=week,
        defaults={"nothing_to_report": True, "submitted_by": user},
    )
    audit(action=AuditAction.CREATED, actor=user, obj=report, organisation=organisation,
          kind="weekly_report", week=f"{year}-W{week:02d}")
    return report
