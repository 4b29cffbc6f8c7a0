"""Enqueue the weekly overdue reminders (run it daily from cron or a systemd timer; it is idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from trygg.core.management.tasks import enqueue_and_report
from trygg.interventions.tasks import send_overdue_reminders


class Command(BaseCommand):
    help = "E-mail responsible persons about overdue interventions (at most once per intervention and week)."

    def handle(self, *args: Any, **options: Any) -> None:
        enqueue_and_report(self, send_overdue_reminders,
                           done="Påminnelser skickade om {n} försenade insatser.",
                           failed="Påminnelserna misslyckades (uppgift {id}).",
                           queued="Påminnelserna är köade (uppgift {id}).")
