"""Process reports received over Open311 that are still waiting, and say what is left (run it from cron as a
safety net; the task normally runs right after each report)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from trygg.incidents.residents import intake


class Command(BaseCommand):
    help = "Turn pending reports received over Open311 into observations; fail if some cannot be processed."

    def handle(self, *args: Any, **options: Any) -> None:
        handled = intake.process_all()
        waiting, failed = intake.pending()
        self.stdout.write(f"Behandlade {handled} mottagna rapporter; {waiting} väntar, {failed} har misslyckats.")
        if failed:
            raise CommandError(f"{failed} mottagna rapporter kunde inte behandlas; se loggen och "
                               "ReceivedReport.last_error.")
