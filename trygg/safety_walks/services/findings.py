"""Record a finding (idempotent by the client's UUID) and turn a problem finding into an observation."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.areas.models import Place
from trygg.core.audit import audit
from trygg.core.geo import distance_metres
from trygg.core.images import clean_image
from trygg.core.models import AuditAction
from trygg.incidents.models import Category, Observation, Source
from trygg.incidents.services import observation_create, validate_point

from ..checklist import CATEGORY_FOR_ITEM, ChecklistItem
from ..models import FindingKind, SafetyWalk, WalkFinding, WalkStatus

MAX_TEXT = 2000
# A finding may have been queued offline for a while, but not before the walk's day.
EARLIEST_BEFORE_WALK = dt.timedelta(days=1)


def _clean_uuid(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError) as exc:
        raise ValidationError({"client_uuid": _("Fyndet saknar giltigt id. Ladda om sidan och försök igen.")},
                              code="uuid") from exc


def _clean_content(*, kind: str, checklist_item: Any, lat: Any, lon: Any, comment: str, proposed_action: str,
                   errors: dict[str, str]) -> dict[str, Any]:
    """What a finding says and where (recording and editing alike); messages are added to `errors`."""
    try:
        item = int(checklist_item)
        if item not in ChecklistItem.values:
            raise ValueError
    except (TypeError, ValueError):
        errors["checklist_item"] = _("Välj en punkt i checklistan.")
        item = 0
    try:
        flat, flon = validate_point(lat, lon)
    except ValidationError as exc:
        errors["point"] = exc.message_dict["lat"][0]
        flat = flon = 0.0
    if len(comment) > MAX_TEXT:
        errors["comment"] = _("Kommentaren får vara högst %(n)d tecken.") % {"n": MAX_TEXT}
    if len(proposed_action) > MAX_TEXT:
        errors["proposed_action"] = _("Förslaget får vara högst %(n)d tecken.") % {"n": MAX_TEXT}
    if kind == FindingKind.PROBLEM and not comment.strip():
        errors["comment"] = _("Beskriv problemet med några ord.")
    return {"checklist_item": item, "lat": flat, "lon": flon, "comment": comment.strip(),
            "proposed_action": proposed_action.strip()}


def _clean_fields(*, walk: SafetyWalk, kind: Any, checklist_item: Any, lat: Any, lon: Any, comment: str,
                  proposed_action: str, recorded_at: dt.datetime | None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if kind not in FindingKind.values:
        errors["kind"] = _("Välj om platsen är bra eller ett problem.")
    content = _clean_content(kind=kind, checklist_item=checklist_item, lat=lat, lon=lon, comment=comment,
                             proposed_action=proposed_action, errors=errors)
    now = timezone.now()
    moment = recorded_at or now
    if moment > now + dt.timedelta(minutes=5):
        errors["recorded_at"] = _("Tidpunkten kan inte ligga i framtiden.")
    elif moment < walk.walk_at - EARLIEST_BEFORE_WALK:
        errors["recorded_at"] = _("Tidpunkten ligger före vandringen.")
    if errors:
        raise ValidationError(errors)
    return {"kind": kind, **content, "recorded_at": moment}


def _clean_photo(photo: Any) -> ContentFile | None:
    """The upload re-encoded without metadata (core.images), or None without one; errors on "photo"."""
    if not photo:
        return None
    try:
        return clean_image(photo)
    except ValidationError as exc:
        raise ValidationError({"photo": exc.messages[0]}, code="photo") from exc


@transaction.atomic
def finding_record(
    *,
    walk: SafetyWalk,
    by: Any,
    client_uuid: Any,
    kind: str,
    checklist_item: Any,
    lat: Any,
    lon: Any,
    comment: str = "",
    proposed_action: str = "",
    photo: Any = None,
    recorded_at: dt.datetime | None = None,
) -> tuple[WalkFinding, bool]:
    """Store one finding. A retry with the same client UUID returns the stored finding (created=False)."""
    key = _clean_uuid(client_uuid)
    existing = WalkFinding.objects.filter(client_uuid=key).first()
    if existing is not None:
        if existing.walk_id != walk.pk:
            raise ValidationError({"client_uuid": _("Fyndet hör till en annan vandring.")}, code="uuid_walk")
        return existing, False
    if SafetyWalk.objects.filter(pk=walk.pk, status=WalkStatus.CLOSED).exists():
        raise ValidationError({"__all__": _("Protokollet är fastställt. Nya fynd kan inte läggas till.")},
                              code="closed")
    fields = _clean_fields(walk=walk, kind=kind, checklist_item=checklist_item, lat=lat, lon=lon,
                           comment=comment or "", proposed_action=proposed_action or "", recorded_at=recorded_at)
    cleaned_photo = _clean_photo(photo)
    for _attempt in range(5):
        number = (WalkFinding.objects.filter(walk=walk).aggregate(n=Max("number"))["n"] or 0) + 1
        finding = WalkFinding(walk=walk, client_uuid=key, number=number, recorded_by=by, **fields)
        finding.full_clean(exclude=["photo", "client_uuid", "number"])
        try:
            with transaction.atomic():
                if cleaned_photo is not None:
                    finding.photo.save(cleaned_photo.name or "photo.jpg", cleaned_photo, save=False)
                finding.save()
        except IntegrityError:
            # A concurrent retry of the same finding won: return what it stored; else the number was taken.
            stored = WalkFinding.objects.filter(client_uuid=key).first()
            if stored is not None:
                return stored, False
            continue
        audit(action=AuditAction.CREATED, actor=by, obj=finding, organisation=walk.organisation,
              kind=finding.kind, item=finding.checklist_item)
        return finding, True
    raise ValidationError({"__all__": _("Fyndet kunde inte sparas. Försök igen.")}, code="busy")


@transaction.atomic
def finding_withdraw(*, finding: WalkFinding, by: Any) -> None:
    """Remove a finding recorded by mistake, while the protocol is open and nothing was made of it."""
    finding = WalkFinding.objects.select_for_update().select_related("walk").get(pk=finding.pk)
    if finding.walk.is_closed:
        raise ValidationError(_("Protokollet är fastställt och kan inte ändras."), code="closed")
    if finding.conversion or finding.observation_id or finding.intervention_id:
        raise ValidationError(_("Fyndet har redan blivit en rapport eller insats och kan inte tas bort."),
                              code="converted")
    photo_name = finding.photo.name if finding.photo else ""
    storage = finding.photo.storage
    audit(action=AuditAction.DELETED, actor=by, obj=finding, organisation=finding.walk.organisation,
          walk=finding.walk_id, number=finding.number)
    finding.delete()
    if photo_name:
        transaction.on_commit(lambda: storage.delete(photo_name))


@transaction.atomic
def finding_update(
    *,
    finding: WalkFinding,
    by: Any,
    checklist_item: Any,
    lat: Any,
    lon: Any,
    comment: str = "",
    proposed_action: str = "",
    photo: Any = None,
    remove_photo: bool = False,
) -> WalkFinding:
    """Correct a synced finding while the protocol is open: checklist item, comment, proposed action, place, photo.

    Validated like recording (point inside the municipality, a problem needs a comment, the photo re-encoded
    without metadata by clean_image). A new photo replaces the old one; remove_photo drops it. Good/problem
    stays. A report or intervention already made from the finding is not changed: it keeps the version it was
    made from (the finding page says so) and the finding still converts only once. Nothing changed: no-op.
    """
    # The walk first, as walk_close_protocol does: an edit and the close never interleave.
    walk = SafetyWalk.objects.select_for_update().get(pk=finding.walk_id)
    finding = WalkFinding.objects.select_for_update().get(pk=finding.pk)
    if walk.is_closed:
        raise ValidationError(
            _("Protokollet är fastställt, så fyndet kan inte längre ändras. Rättelser görs i rapporten eller "
              "insatsen som fyndet blev."),
            code="closed",
        )
    errors: dict[str, str] = {}
    fields = _clean_content(kind=finding.kind, checklist_item=checklist_item, lat=lat, lon=lon,
                            comment=comment or "", proposed_action=proposed_action or "", errors=errors)
    try:
        cleaned_photo = _clean_photo(photo)
    except ValidationError as exc:  # reported together with the other fields' errors
        cleaned_photo = None
        errors["photo"] = exc.message_dict["photo"][0]
    if errors:
        raise ValidationError(errors)
    changed = [name for name, value in fields.items() if getattr(finding, name) != value]
    old_photo = finding.photo.name if finding.photo else ""
    if cleaned_photo is not None or (remove_photo and old_photo):
        changed.append("photo")
    if not changed:
        return finding
    for name, value in fields.items():
        setattr(finding, name, value)
    finding.edited_at = timezone.now()
    finding.edited_by = by
    # Only what the edit touches: the recorder may have left (recorded_by is then empty), the number is fixed.
    finding.full_clean(exclude=["photo", "client_uuid", "number", "recorded_by"])
    storage = finding.photo.storage
    new_photo = ""
    try:
        if cleaned_photo is not None:
            finding.photo.save(cleaned_photo.name or "photo.jpg", cleaned_photo, save=False)
            new_photo = finding.photo.name or ""
        elif "photo" in changed:
            finding.photo = None  # type: ignore[assignment]
        finding.save(update_fields=[*fields, "photo", "edited_at", "edited_by"])
    except Exception:
        if new_photo:
            storage.delete(new_photo)
        raise
    audit(action=AuditAction.UPDATED, actor=by, obj=finding, organisation=walk.organisation, walk=walk.pk,
          number=finding.number, fields="+".join(changed), after_conversion=bool(finding.conversion))
    if old_photo and "photo" in changed:
        transaction.on_commit(lambda: storage.delete(old_photo))
    return finding


def nearest_place(*, area: Any, lat: float, lon: float, within: float = 50.0) -> Place | None:
    """The area's named place nearest the point, if one is within `within` metres (hotspot candidates)."""
    best: tuple[float, Place] | None = None
    for place in Place.objects.filter(area=area):
        distance = distance_metres(lat, lon, place.lat, place.lon)
        if distance <= within and (best is None or distance < best[0]):
            best = (distance, place)
    return best[1] if best else None


def finding_observation(*, finding: WalkFinding, by: Any, responsible_organisation: Any = None) -> Observation:
    """The finding's one observation (source "walk"); keyed by its UUID so it can never be created twice."""
    if finding.observation_id is not None:
        return finding.observation  # type: ignore[return-value]
    key = f"walk-finding-{finding.client_uuid}"
    existing = Observation.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    category = Category.objects.get(code=CATEGORY_FOR_ITEM[finding.checklist_item])
    text = finding.comment
    if finding.proposed_action:
        text = f"{text}\n{_('Förslag till åtgärd')}: {finding.proposed_action}".strip()
    prefix = _("Trygghetsvandring %(title)s, fynd %(n)d (%(item)s)") % {
        "title": finding.walk.title, "n": finding.number, "item": finding.get_checklist_item_display()}
    photos = []
    if finding.photo:
        finding.photo.open("rb")
        photos.append(finding.photo)
    try:
        return observation_create(
            place=nearest_place(area=finding.walk.area, lat=finding.lat, lon=finding.lon),
            source=Source.WALK, category=category, lat=finding.lat, lon=finding.lon,
            observed_at=min(finding.recorded_at, timezone.now()), description=f"{prefix}.\n{text}".strip(),
            organisation=finding.walk.organisation, reporter=by, address="", photos=photos,
            idempotency_key=key, responsible_organisation=responsible_organisation,
        )
    finally:
        if finding.photo:
            finding.photo.close()
