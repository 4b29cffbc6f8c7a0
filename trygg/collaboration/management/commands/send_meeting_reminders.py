"""Enqueue the reminders before meetings (run it daily from cron or a systemd timer; it is idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from trygg.collaboration.tasks import send_meeting_reminders
from trygg.core.management.tasks import enqueue_and_report


class Command(BaseCommand):
    help = ("E-mail invited organisations (and whoever answered that they attend) a reminder a few days before a "
            "meeting (at most once per meeting and recipient; TRYGG_MEETING_REMINDER_DAYS).")

    def handle(self, *args: Any, **options: Any) -> None:
        enqueue_and_report(self, send_meeting_reminders,
                           done="Påminnelser om möten skickade till {n} mottagare.",
                           failed="Påminnelserna om möten misslyckades (uppgift {id}).",
                           queued="Påminnelserna om möten är köade (uppgift {id}).")
