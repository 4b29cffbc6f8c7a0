"""What demo builders share: a seeded RNG, the objects made so far, the requested size."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

DEMO_PASSWORD = "trygg-demo-2026"  # noqa: S105  (demo only; printed by `make demo`)


@dataclass
class DemoContext:
    size: str = "normal"  # "small" (tests), "normal" (make demo), "large" (1M observations, bench)
    seed: int = 2026
    now: dt.datetime = field(default_factory=timezone.now)
    rng: random.Random = field(init=False)
    organisations: dict[str, Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    areas: dict[str, Any] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (username, role, organisation)
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)  # demo data, not security

    def log(self, message: str) -> None:
        writer = self.extra.get("stdout")
        if writer is not None:
            writer.write(message)
