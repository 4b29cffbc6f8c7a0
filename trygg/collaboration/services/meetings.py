"""Meeting writes: invite → RSVP → contribution → agenda → minutes; cancelling. Group work and decisions are in
decisions.py, reminders before a meeting in reminders.py."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from trygg.accounts import permissions
from trygg.core.audit import audit
from trygg.core.models import AuditAction

from .. import permissions as collab_permissions
from ..models import (
    AgendaItem,
    Contribution,
    Invitation,
    Meeting,
    MinutesStatus,
    MinutesVisibility,
    Rsvp,
)

logger = logging.getLogger(__name__)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _not_started(meeting: Meeting, field: str, message: str) -> None:
    if meeting.is_cancelled:
        raise ValidationError({field: _("Mötet är inställt.")}, code="cancelled")
    if meeting.has_started:
        raise ValidationError({field: message})


@transaction.atomic
def meeting_create(*, kind: str, title: str, starts_at: dt.datetime, place: str, created_by: Any,
                   ends_at: dt.datetime | None = None, chair: Any = None, secretary: Any = None,
                   network: Any = None) -> Meeting:
    _require(collab_permissions.can_manage(created_by))
    meeting = Meeting(kind=kind, title=title.strip(), starts_at=starts_at, ends_at=ends_at, place=place.strip(),
                      chair=chair, secretary=secretary, network=network, created_by=created_by)
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationError({"ends_at": _("Mötet måste sluta efter att det börjar.")})
    if kind == "network" and network is None:
        raise ValidationError({"network": _("Välj vilket nätverk mötet hör till.")})
    meeting.full_clean()
    meeting.save()
    audit(action=AuditAction.CREATED, actor=created_by, obj=meeting)
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, by: Any, kind: str, title: str, starts_at: dt.datetime, place: str,
                   ends_at: dt.datetime | None = None, chair: Any = None, secretary: Any = None,
                   network: Any = None) -> Meeting:
    """Change a meeting's facts (e.g. a new room or time). Only the samordnare."""
    _require(collab_permissions.can_manage(by))
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_cancelled:
        raise ValidationError(_("Mötet är inställt och kan inte ändras."), code="cancelled")
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationError({"ends_at": _("Mötet måste sluta efter att det börjar.")})
    if kind == "network" and network is None:
        raise ValidationError({"network": _("Välj vilket nätverk mötet hör till.")})
    meeting.kind, meeting.title, meeting.starts_at, meeting.ends_at = kind, title.strip(), starts_at, ends_at
    meeting.place, meeting.chair, meeting.secretary, meeting.network = place.strip(), chair, secretary, network
    meeting.full_clean()
    meeting.save()
    audit(action=AuditAction.UPDATED, actor=by, obj=meeting)
    return meeting


def check_cancellable(meeting: Meeting) -> None:
    """Raise the error that explains why the meeting cannot be cancelled, if it cannot."""
    if meeting.is_cancelled:
        raise ValidationError(_("Mötet är redan inställt."), code="cancelled")
    if meeting.has_started:
        raise ValidationError(_("Mötet har redan börjat och kan inte ställas in."), code="started")


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by: Any, notify: bool = True) -> Meeting:
    """Cancel a meeting that has not started (only the samordnare). The invited organisations' functional addresses
    and the people who answered that they attend get one mail after commit; no reminders go out afterwards."""
    from .reminders import recipients_for

    _require(collab_permissions.can_manage(by))
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    check_cancellable(meeting)
    meeting.cancelled_at = timezone.now()
    meeting.cancelled_by = by
    meeting.save(update_fields=["cancelled_at", "cancelled_by"])
    audit(action=AuditAction.STATUS_CHANGED, actor=by, obj=meeting, status="cancelled")
    addresses = sorted({recipient.address for recipient in recipients_for(meeting)})
    if addresses and notify:
        transaction.on_commit(partial(_send_cancellation, meeting, addresses))
    return meeting


def _send_cancellation(meeting: Meeting, recipients: list[str]) -> None:
    from django.conf import settings
    from django.core.mail import send_mass_mail

    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Inställt: %(title)s") % {"title": meeting.title}
        body = _("%(title)s %(when)s, %(place)s, är inställt.\n\nMeddelandet skickades automatiskt från Trygg – "
                 "Trygga Eskilstuna.") % {
            "title": meeting.title, "when": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M"),
            "place": meeting.place}
    try:  # one message per address: the organisations do not see each other's addresses
        send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients])
    except Exception:  # a mail server outage must not break the caller; the log says what failed
        logger.exception("Could not send the cancellation of meeting %s", meeting.pk)


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, by: Any) -> None:
    _require(collab_permissions.can_manage(by))
    audit(action=AuditAction.DELETED, actor=by, obj=item)
    item.delete()


@transaction.atomic
def meeting_invite(*, meeting: Meeting, organisations: Iterable[Any], by: Any,
                   notify: bool = True) -> list[Invitation]:
    """Invite organisations (once each); their functional addresses get a mail after commit unless notify=False
    (demo data)."""
    _require(collab_permissions.can_manage(by))
    _not_started(meeting, "organisations", _("Mötet har redan börjat; det går inte att bjuda in fler."))
    created = []
    for organisation in organisations:
        invitation, is_new = Invitation.objects.get_or_create(meeting=meeting, organisation=organisation)
        if is_new:
            created.append(invitation)
            audit(action=AuditAction.CREATED, actor=by, obj=invitation, organisation=organisation)
    recipients = [i.organisation.email for i in created if i.organisation.email]
    if recipients and notify:
        transaction.on_commit(lambda: _send_invitations(meeting, recipients))
    return created


def _send_invitations(meeting: Meeting, recipients: list[str]) -> None:
    """One mail per organisation's functional address; answers are given in Trygg, not by reply."""
    from django.conf import settings
    from django.core.mail import send_mass_mail
    from django.urls import reverse

    link = settings.TRYGG_SITE_URL + reverse("collaboration:meeting", args=[meeting.pk])
    subject = _("Inbjudan: %(title)s") % {"title": meeting.title}
    body = _("Er organisation är inbjuden till %(title)s, %(when)s, %(place)s.\n\nSvara om ni kommer och "
             "berätta vad ni gör och vad ni kan bidra med före mötet: %(link)s") % {
        "title": meeting.title, "when": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M"),
        "place": meeting.place, "link": link}
    send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients])


@transaction.atomic
def meeting_rsvp(*, meeting: Meeting, organisation: Any, answer: str, attendees: int, by: Any) -> Invitation:
    """A member of an invited organisation answers for it: attend (with how many) or decline."""
    _require(organisation.pk in permissions.organisation_ids(by))
    invitation = Invitation.objects.select_for_update().filter(meeting=meeting, organisation=organisation).first()
    if invitation is None:
        raise PermissionDenied
    _not_started(meeting, "answer", _("Mötet har redan börjat; det går inte längre att svara."))
    if answer not in (Rsvp.ATTEND, Rsvp.DECLINE):
        raise ValidationError({"answer": _("Svara att ni kommer eller inte kommer.")})
    if answer == Rsvp.ATTEND and not 1 <= attendees <= 50:
        raise ValidationError({"attendees": _("Ange hur många som kommer (1–50).")})
    invitation.rsvp = answer
    invitation.attendees = attendees if answer == Rsvp.ATTEND else 0
    invitation.answered_by = by
    invitation.answered_at = timezone.now()
    invitation.full_clean()
    invitation.save()
    audit(action=AuditAction.UPDATED, actor=by, obj=invitation, organisation=organisation, rsvp=answer)
    return invitation


@transaction.atomic
def contribution_save(*, meeting: Meeting, organisation: Any, what_we_do: str, by: Any,
                      can_contribute: str = "") -> Contribution:
    """"Vad vi gör och vad vi kan bidra med": one per invited organisation, editable until the meeting starts."""
    _require(organisation.pk in permissions.organisation_ids(by))
    if not meeting.invitations.filter(organisation=organisation).exists():
        raise PermissionDenied
    _not_started(meeting, "what_we_do", _("Mötet har börjat; bidraget kan inte längre ändras."))
    if not what_we_do.strip():
        raise ValidationError({"what_we_do": _("Beskriv kort vad ni gör.")})
    contribution = Contribution.objects.select_for_update().filter(meeting=meeting, organisation=organisation).first()
    contribution = contribution or Contribution(meeting=meeting, organisation=organisation)
    contribution.what_we_do = what_we_do.strip()
    contribution.can_contribute = can_contribute.strip()
    contribution.updated_by = by
    contribution.updated_at = timezone.now()
    contribution.full_clean()
    contribution.save()
    audit(action=AuditAction.UPDATED, actor=by, obj=contribution, organisation=organisation)
    return contribution


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, order: int, title: str, by: Any, presenter: Any = None,
                    starts_at: dt.time | None = None, ends_at: dt.time | None = None) -> AgendaItem:
    _require(collab_permissions.can_manage(by))
    if starts_at and ends_at and ends_at <= starts_at:
        raise ValidationError({"ends_at": _("Punkten måste sluta efter att den börjar.")})
    item = AgendaItem(meeting=meeting, order=order, title=title.strip(), presenter=presenter, starts_at=starts_at,
                      ends_at=ends_at)
    item.full_clean()
    item.save()
    audit(action=AuditAction.CREATED, actor=by, obj=item)
    return item


@transaction.atomic
def minutes_save(*, meeting: Meeting, minutes: str, visibility: str, by: Any) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require(collab_permissions.can_edit_minutes(by, meeting))
    if meeting.minutes_status != MinutesStatus.DRAFT:
        raise ValidationError({"minutes": _("Protokollet är justerat och kan inte längre ändras.")})
    if visibility not in MinutesVisibility.values:
        raise ValidationError({"visibility": _("Välj vem protokollet ska visas för.")})
    meeting.minutes = minutes.strip()
    meeting.minutes_visibility = visibility
    meeting.full_clean()
    meeting.save(update_fields=["minutes", "minutes_visibility"])
    audit(action=AuditAction.UPDATED, actor=by, obj=meeting, step="minutes")
    return meeting


@transaction.atomic
def minutes_approve(*, meeting: Meeting, by: Any) -> Meeting:
    """Draft → approved, by the chair or a samordnare."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require(collab_permissions.can_approve_minutes(by, meeting))
    if meeting.minutes_status != MinutesStatus.DRAFT:
        raise ValidationError(_("Bara ett utkast kan justeras."))
    if not meeting.minutes.strip():
        raise ValidationError({"minutes": _("Skriv protokollet innan det justeras.")})
    meeting.minutes_status = MinutesStatus.APPROVED
    meeting.minutes_approved_by = by
    meeting.minutes_approved_at = timezone.now()
    meeting.save(update_fields=["minutes_status", "minutes_approved_by", "minutes_approved_at"])
    audit(action=AuditAction.APPROVED, actor=by, obj=meeting)
    return meeting


@transaction.atomic
def minutes_publish(*, meeting: Meeting, by: Any) -> Meeting:
    """Approved → published (publicly at /samverkan/ or to partners only, as chosen)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require(collab_permissions.can_manage(by))
    if meeting.minutes_status != MinutesStatus.APPROVED:
        raise ValidationError(_("Protokollet måste vara justerat innan det publiceras."))
    meeting.minutes_status = MinutesStatus.PUBLISHED
    meeting.minutes_published_at = timezone.now()
    meeting.save(update_fields=["minutes_status", "minutes_published_at"])
    audit(action=AuditAction.PUBLISHED, actor=by, obj=meeting, visibility=meeting.minutes_visibility)
    return meeting
