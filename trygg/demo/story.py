"""What the demo data tells, shared by the apps' demo builders so that their figures agree with each other."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Effect:
    """An intervention that worked: reports in `area` fell to `factor` of their usual level for `weeks` weeks
    from `start_days_ago` days before the demo's today. The interventions demo gives its first insats that start
    (and the follow-up note "Målet nåddes"); the incidents demo thins the reports accordingly, so the effect
    panel on that insats shows the fall."""

    area: str
    start_days_ago: int
    weeks: int
    factor: float

    def start(self, today: dt.date) -> dt.date:
        return today - dt.timedelta(days=self.start_days_ago)


# "Byta till LED-belysning i gångtunneln" in Lagersberg, followed up.
LED_TUNNEL = Effect(area="lagersberg", start_days_ago=210, weeks=16, factor=0.6)
