"""Build the Eskilstuna demo: organisations, users, observations, lägesbilder, interventions, walks...

Each Trygg app may have a module `demo.py` with `ORDER: int` and `build(ctx: DemoContext) -> None`;
they run in ORDER inside one transaction per app.
"""

from __future__ import annotations

import importlib
import time
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from trygg.demo.context import DEMO_PASSWORD, DemoContext


def builders() -> list[Any]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("trygg."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        if hasattr(module, "build"):
            found.append(module)
    return sorted(found, key=lambda m: getattr(m, "ORDER", 100))


class Command(BaseCommand):
    help = "Load the Eskilstuna demo data (organisations, users, two years of observations and follow-up)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--size", choices=["small", "normal", "large"], default="normal")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if demo data already exists.")
        parser.add_argument("--print-logins", action="store_true", help="Only print the demo logins.")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        from trygg.accounts.models import Membership, User

        if options["print_logins"]:
            self.print_logins(User, Membership)
            return
        if options["if_empty"] and User.objects.filter(username="samordnare").exists():
            self.stdout.write("Demo data already loaded (use `manage.py demo` without --if-empty to add more).")
            return
        ctx = DemoContext(size=options["size"], seed=options["seed"])
        ctx.extra["stdout"] = self.stdout
        total = len(builders())
        for step, module in enumerate(builders(), start=1):
            label = module.__name__.removeprefix("trygg.").removesuffix(".demo")
            started = time.perf_counter()
            self.stdout.write(f"[{step}/{total}] {label} …", ending="")
            self.stdout.flush()
            with transaction.atomic():
                module.build(ctx)
            self.stdout.write(f" klart ({time.perf_counter() - started:.1f} s)")
        # Builders may bulk-create observations; the weekly rollup is recomputed once at the end.
        from trygg.incidents import rollups

        self.stdout.write(f"Veckosammanställning: {rollups.rebuild()} celler")
        self.print_logins(User, Membership)

    def print_logins(self, user_model: Any, membership_model: Any) -> None:
        self.stdout.write("")
        self.stdout.write(f"Demo-inloggningar (lösenord för alla: {DEMO_PASSWORD})")
        shown = ["samordnare", "kommunpolis", "analytiker", "moderator", "rapportor.kfast", "rapportor.gata",
                 "atgard.gata", "skolkontakt.arby", "styrgrupp", "rapportor.jour"]
        for username in shown:
            members = list(membership_model.objects.filter(user__username=username).select_related("organisation"))
            if members:
                roles = ", ".join(str(m.get_role_display()) for m in members)
                self.stdout.write(f"  {username:<20} {roles:<26} {members[0].organisation.name}")
        self.stdout.write("Öppna http://127.0.0.1:8000/ – invånarsidor – och http://127.0.0.1:8000/org/ för aktörer.")
