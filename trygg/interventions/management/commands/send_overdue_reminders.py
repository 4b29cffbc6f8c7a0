"""Enqueue the weekly overdue reminders (run it daily from cron or a systemd timer; it is idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_tasks import TaskResultStatus

from trygg.interventions.tasks import send_overdue_reminders


class Command(BaseCommand):
    help = "E-mail responsible persons about overdue interventions (at most once per intervention and week)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_overdue_reminders.enqueue()
        if result.status == TaskResultStatus.SUCCESSFUL:
            self.stdout.write(f"Påminnelser skickade om {result.return_value} försenade insatser.")
        elif result.status == TaskResultStatus.FAILED:
            raise CommandError(f"Påminnelserna misslyckades (uppgift {result.id}).")
        else:
            self.stdout.write(f"Påminnelserna är köade (uppgift {result.id}).")
