"""Enqueue the reminders before meetings (run it daily from cron or a systemd timer; it is idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_tasks import TaskResultStatus

from trygg.collaboration.tasks import send_meeting_reminders


class Command(BaseCommand):
    help = ("E-mail invited organisations (and whoever answered that they attend) a reminder a few days before a "
            "meeting (at most once per meeting and recipient; TRYGG_MEETING_REMINDER_DAYS).")

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_meeting_reminders.enqueue()
        if result.status == TaskResultStatus.SUCCESSFUL:
            self.stdout.write(f"Påminnelser om möten skickade till {result.return_value} mottagare.")
        elif result.status == TaskResultStatus.FAILED:
            raise CommandError(f"Påminnelserna om möten misslyckades (uppgift {result.id}).")
        else:
            self.stdout.write(f"Påminnelserna om möten är köade (uppgift {result.id}).")
