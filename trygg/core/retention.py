"""Gallring: personal data and free text removed when its purpose has ended (GDPR art. 5.1 c and e).

Each app registers its rules in ``AppConfig.ready()``; ``manage.py gallra`` (nightly) runs them all, and
``--dry-run`` only counts. A rule removes content, never the fact that something happened: observations stay
(the lägesbild and its trends count them), but their free text, photos and the reporter's e-mail go. Every
rule that removes something writes one audit entry (``retention.purged``) with its name and how many rows it
changed. The periods are settings (``TRYGG_RETAIN_*``, in days) so the municipality's gallringsplan decides.
The audit log itself is append-only and outside these rules (see docs/operations.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .audit import audit
from .models import AuditAction, AuditEntry


@dataclass(frozen=True)
class Rule:
    name: str  # short code, in the audit entry
    description: Any  # lazy translation: what goes, after how long
    setting: str | None  # the TRYGG_RETAIN_* setting with its period in days (None: at every run)
    purge: Callable[..., int]  # purge(*, before: datetime | None, dry_run: bool) -> rows changed

    def days(self) -> int | None:
        if self.setting is None:
            return None
        return int(getattr(settings, self.setting))


_RULES: dict[str, Rule] = {}


def register(*rules: Rule) -> None:
    for rule in rules:
        _RULES[rule.name] = rule


def rules() -> list[Rule]:
    return sorted(_RULES.values(), key=lambda r: r.name)


@dataclass(frozen=True)
class Outcome:
    rule: Rule
    before: dt.datetime | None
    rows: int


def run(*, dry_run: bool = False, now: dt.datetime | None = None) -> list[Outcome]:
    """Run every rule (each in its own transaction); returns what each removed or, with dry_run, would."""
    now = now or timezone.now()
    outcomes = []
    for rule in rules():
        days = rule.days()
        before = now - dt.timedelta(days=days) if days is not None else None
        with transaction.atomic():
            rows = rule.purge(before=before, dry_run=dry_run)
            if rows and not dry_run:
                audit(action=AuditAction.RETENTION, rule=rule.name, rows=rows, days=days)
        outcomes.append(Outcome(rule, before, rows))
    return outcomes


def overview() -> list[dict[str, Any]]:
    """Each rule with its period and its latest removal, from the audit log (for the samordnare's page)."""
    latest: dict[str, AuditEntry] = {}
    for entry in AuditEntry.objects.filter(action=AuditAction.RETENTION).order_by("-at", "-id")[:1000]:
        latest.setdefault(str(entry.detail.get("rule")), entry)
    return [{"name": rule.name, "description": rule.description, "days": rule.days(), "last": latest.get(rule.name)}
            for rule in rules()]
