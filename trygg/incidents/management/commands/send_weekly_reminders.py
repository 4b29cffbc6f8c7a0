"""E-mail the rapportörer of organisations that have not reported this week (run it Thursday mornings)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from trygg.core.geo import iso_week_of, parse_week_label
from trygg.incidents.reminders import weekly_reminders_send


class Command(BaseCommand):
    help = "Påminn aktörer som inte har lämnat veckorapport (högst en gång per aktör och vecka)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--week", help="ISO-vecka som 2026-W48 (standard: denna vecka)")

    def handle(self, *args: Any, week: str | None = None, **options: Any) -> None:
        from django.utils import timezone

        year, number = parse_week_label(week) if week else iso_week_of(timezone.now())
        reminded = weekly_reminders_send(year=year, week=number)
        self.stdout.write(f"Påminnelse skickad till {reminded} aktörer för vecka {year}-W{number:02d}.")
