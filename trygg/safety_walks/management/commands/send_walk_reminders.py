"""Enqueue the reminders before safety walks (run it daily from cron or a systemd timer; it is idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from trygg.core.management.tasks import enqueue_and_report
from trygg.safety_walks.tasks import send_walk_reminders


class Command(BaseCommand):
    help = ("E-mail organisers and invited organisations a reminder a few days before a walk's förmöte, the walk "
            "and the uppföljande möte (at most once per date and recipient; TRYGG_WALK_REMINDER_DAYS).")

    def handle(self, *args: Any, **options: Any) -> None:
        enqueue_and_report(self, send_walk_reminders,
                           done="Påminnelser om trygghetsvandringar skickade till {n} mottagare.",
                           failed="Påminnelserna om trygghetsvandringar misslyckades (uppgift {id}).",
                           queued="Påminnelserna om trygghetsvandringar är köade (uppgift {id}).")
