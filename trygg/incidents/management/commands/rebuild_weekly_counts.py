from typing import Any

from django.core.management.base import BaseCommand, CommandError

from trygg.incidents import rollups


class Command(BaseCommand):
    help = "Rebuild the weekly observation rollup, or with --check verify that it matches the observations."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--check", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["check"]:
            expected, stored = rollups.expected_counts(), rollups.stored_counts()
            if expected != stored:
                diff = len(set(expected.items()) ^ set(stored.items()))
                raise CommandError(f"Weekly rollup differs from observations in {diff} cells; run without --check.")
            self.stdout.write(f"Weekly rollup is exact ({sum(expected.values())} observations).")
            return
        self.stdout.write(f"Rebuilt {rollups.rebuild()} rollup cells.")
