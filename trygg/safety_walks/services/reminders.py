"""Reminders before a safety walk's förmöte, the walk itself and the uppföljande möte.

``walk_reminders_send`` runs from cron (`manage.py send_walk_reminders`, daily) or as the django-tasks task
``safety_walks.tasks.send_walk_reminders``. A date is due when it lies within ``TRYGG_WALK_REMINDER_DAYS``
calendar days and has not passed; the förmöte and the walk only while the protocol is open (the follow-up comes
after it is fastställt). Recipients are the organisers and every active invited organisation's functional
address; each gets at most one reminder per walk and date (a ``WalkReminder`` row is written first, the e-mail
after commit: ``trygg.core.reminders``). A date moved after its reminder went out is not reminded again.
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

from trygg.core.audit import audit
from trygg.core.models import AuditAction
from trygg.core.reminders import due_before, mail_each, record_once

from ..models import SafetyWalk, WalkReminder, WalkStage, WalkStatus

DATES = {WalkStage.PREMEETING: "premeeting_at", WalkStage.WALK: "walk_at", WalkStage.FOLLOWUP: "followup_at"}
PAGES = {WalkStage.PREMEETING: "safety_walks:detail", WalkStage.WALK: "safety_walks:walk",
         WalkStage.FOLLOWUP: "safety_walks:followup"}


@dataclass(frozen=True)
class Recipient:
    """An organiser (a person) or an invited organisation (its functional address)."""

    address: str
    user: Any = None
    organisation: Any = None


def recipients_for(walk: SafetyWalk) -> list[Recipient]:
    people = walk.organisers.filter(is_active=True).exclude(email="").order_by("username")
    organisations = walk.invited_organisations.filter(is_active=True).exclude(email="").order_by("name")
    return ([Recipient(str(person.email), user=person) for person in people]
            + [Recipient(str(organisation.email), organisation=organisation) for organisation in organisations])


def walk_reminders_send(*, now: dt.datetime | None = None, days: int | None = None) -> int:
    """Remind the recipients of every walk date due for a reminder; returns the number of reminders recorded."""
    now = now or timezone.now()
    days = settings.TRYGG_WALK_REMINDER_DAYS if days is None else days
    total = 0
    for stage, field in DATES.items():
        due = SafetyWalk.objects.alive().filter(**{f"{field}__gt": now, f"{field}__lt": due_before(now, days)})
        if stage != WalkStage.FOLLOWUP:
            due = due.filter(status=WalkStatus.PLANNED)
        total += sum(_remind(pk, stage, now=now) for pk in due.order_by(field, "id").values_list("pk", flat=True))
    return total


def _remind(walk_id: int, stage: str, *, now: dt.datetime) -> int:
    with transaction.atomic():
        # The lock serialises concurrent runs with each other and with an edit of the walk's dates.
        walk = (SafetyWalk.objects.select_for_update().alive()
                .filter(pk=walk_id, **{f"{DATES[WalkStage(stage)]}__gt": now}).first())
        if walk is None:  # removed, or the date has passed since the list was read
            return 0
        recorded = record_once(recipients_for(walk), sent=WalkReminder.objects.filter(walk=walk, stage=stage), now=now,
                               walk=walk, stage=stage)
        if recorded:
            audit(action=AuditAction.CREATED, obj=walk, kind="walk_reminder", stage=stage, recipients=len(recorded))
            transaction.on_commit(partial(_send, walk=walk, stage=WalkStage(stage), recipients=recorded))
    return len(recorded)


def _send(*, walk: SafetyWalk, stage: WalkStage, recipients: list[Recipient]) -> None:
    url = settings.TRYGG_SITE_URL.rstrip("/") + reverse(PAGES[stage], args=[walk.pk])
    when = getattr(walk, DATES[stage])
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join((_("Påminnelse: %(stage)s, %(title)s") % {
            "stage": stage.label.lower(), "title": walk.title}).split())[:150]
        messages = [(subject, render_to_string("safety_walks/email/walk_reminder.txt", {
            "walk": walk, "stage": stage, "when": timezone.localtime(when), "url": url, "person": recipient.user,
            "organisation": recipient.organisation}), recipient.address) for recipient in recipients]
    mail_each(messages, what=f"the {stage.value} reminders for walk {walk.pk}")
