"""Gallring: remove personal data and free text whose purpose has ended (run nightly; see core/retention.py)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import formats

from trygg.core import retention


class Command(BaseCommand):
    help = "Gallra: ta bort personuppgifter och fritext enligt gallringsreglerna (TRYGG_RETAIN_*)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="räkna bara, ändra ingenting")

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        for outcome in retention.run(dry_run=dry_run):
            when = (f"äldre än {outcome.rule.days()} dagar ({formats.date_format(outcome.before, 'Y-m-d')})"
                    if outcome.before is not None else "vid varje körning")
            verb = "skulle gallras" if dry_run else "gallrade"
            self.stdout.write(f"{outcome.rule.name}: {outcome.rows} {verb} – {outcome.rule.description}, {when}")
