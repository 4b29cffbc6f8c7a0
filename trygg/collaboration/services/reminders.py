"""Reminders before a meeting: one e-mail per recipient and meeting, a few days before it starts.

``meeting_reminders_send`` runs from cron (`manage.py send_meeting_reminders`, daily) or as the django-tasks task
``collaboration.tasks.send_meeting_reminders``. Meetings that start within ``TRYGG_MEETING_REMINDER_DAYS`` calendar
days, have not started and are not cancelled are due. Recipients are every invited organisation's functional
address and the person who answered that their organisation attends. Each gets at most one reminder per meeting:
a ``MeetingReminder`` row (unique per meeting and recipient) is written first and the e-mail goes out after
commit, so neither a crash nor two concurrent runs send it twice (``trygg.core.reminders``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from trygg.accounts.models import Membership
from trygg.core.audit import audit
from trygg.core.models import AuditAction
from trygg.core.reminders import mail_each, record_once

from ..models import Invitation, Meeting, MeetingReminder, Rsvp


@dataclass(frozen=True)
class Recipient:
    """An invited organisation (its functional address) or the person who answered that it attends."""

    invitation: Invitation
    address: str
    user: Any = None

    @property
    def organisation(self) -> Any:
        return self.invitation.organisation


def recipients_for(meeting: Meeting) -> list[Recipient]:
    """Who hears about the meeting: each active invited organisation's functional address and, when the
    organisation answered "kommer", the person who answered (if still active and a member of it)."""
    invitations = list(meeting.invitations.filter(organisation__is_active=True)
                       .select_related("organisation", "answered_by").order_by("organisation__name", "id"))
    members = set(Membership.objects.filter(organisation__in=[i.organisation_id for i in invitations])
                  .values_list("organisation_id", "user_id"))
    found = []
    for invitation in invitations:
        if invitation.organisation.email:
            found.append(Recipient(invitation=invitation, address=invitation.organisation.email))
        person = invitation.answered_by
        if (invitation.rsvp == Rsvp.ATTEND and person is not None and person.is_active and person.email
                and (invitation.organisation_id, person.pk) in members):
            found.append(Recipient(invitation=invitation, address=person.email, user=person))
    return found


def meeting_reminders_send(*, now: dt.datetime | None = None, days: int | None = None) -> int:
    """Remind the recipients of every meeting due for a reminder; returns the number of reminders recorded."""
    now = now or timezone.now()
    days = settings.TRYGG_MEETING_REMINDER_DAYS if days is None else days
    due = list(Meeting.objects.due_for_reminder(now=now, days=days).values_list("pk", flat=True))
    return sum(_remind(meeting_id, now=now) for meeting_id in due)


def _remind(meeting_id: int, *, now: dt.datetime) -> int:
    with transaction.atomic():
        # The lock serialises concurrent runs and a concurrent cancellation; the unique constraints are the last word.
        meeting = (Meeting.objects.select_for_update().not_cancelled()
                   .filter(pk=meeting_id, starts_at__gt=now).first())
        if meeting is None:  # cancelled or started since the list was read
            return 0
        recorded = record_once(recipients_for(meeting), sent=MeetingReminder.objects.filter(meeting=meeting), now=now,
                               meeting=meeting)
        if recorded:
            audit(action=AuditAction.CREATED, obj=meeting, kind="meeting_reminder", recipients=len(recorded))
            transaction.on_commit(partial(_send, meeting=meeting, recipients=recorded))
    return len(recorded)


def _send(*, meeting: Meeting, recipients: list[Recipient]) -> None:
    site = settings.TRYGG_SITE_URL.rstrip("/")
    meeting_url = site + reverse("collaboration:meeting", args=[meeting.pk])
    agenda_url = site + reverse("collaboration:meeting_agenda", args=[meeting.pk])
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join((_("Påminnelse: %(title)s") % {"title": meeting.title}).split())[:150]
        messages = [(subject, render_to_string("collaboration/email/meeting_reminder.txt", {
            "meeting": meeting, "invitation": recipient.invitation, "organisation": recipient.organisation,
            "person": recipient.user, "meeting_url": meeting_url, "agenda_url": agenda_url}), recipient.address)
            for recipient in recipients]
    mail_each(messages, what=f"the reminders for meeting {meeting.pk}")
