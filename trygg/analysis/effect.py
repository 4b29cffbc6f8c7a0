"""Before/after effect of an intervention against comparison areas: a Poisson rate ratio.

With report counts ``a1`` (intervention places, after), ``a0`` (places, before), ``c1`` (comparison areas,
after) and ``c0`` (comparison, before) over before/after periods of ``t0`` and ``t1`` weeks, the
difference-in-differences on the log scale is the ratio of rate ratios

    RR = (a1 / a0) / (c1 / c0)        (the period lengths cancel when both groups share the periods)

with ``SE(log RR) = √(1/a1 + 1/a0 + 1/c1 + 1/c0)`` (four independent Poisson counts, delta method) and a
Wald interval ``exp(log RR ± z SE)``. ``RR = 0.7`` reads "the reports fell by 30 % more than in the
comparison areas". With any count below ``min_count`` the estimate is marked insufficient.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.special import ndtr, ndtri


@dataclass(frozen=True)
class Effect:
    treated_before: int
    treated_after: int
    comparison_before: int
    comparison_after: int
    rate_ratio: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    sufficient: bool

    @property
    def percent_change(self) -> float | None:
        return None if self.rate_ratio is None else (self.rate_ratio - 1.0) * 100.0

    @property
    def percent_ci(self) -> tuple[float, float] | None:
        if self.ci_low is None or self.ci_high is None:
            return None
        return (self.ci_low - 1.0) * 100.0, (self.ci_high - 1.0) * 100.0

    @property
    def significant(self) -> bool:
        return self.sufficient and self.ci_low is not None and self.ci_high is not None and \
            (self.ci_high < 1.0 or self.ci_low > 1.0)


def rate_ratio_did(*, treated_before: int, treated_after: int, comparison_before: int, comparison_after: int,
                   level: float = 0.95, min_count: int = 5) -> Effect:
    counts = (treated_before, treated_after, comparison_before, comparison_after)
    if any(c < 0 for c in counts):
        raise ValueError("counts cannot be negative")
    if min(counts) < max(min_count, 1):
        return Effect(*counts, None, None, None, None, sufficient=False)
    a0, a1, c0, c1 = (float(c) for c in counts)
    log_rr = math.log(a1 / a0) - math.log(c1 / c0)
    se = math.sqrt(1 / a1 + 1 / a0 + 1 / c1 + 1 / c0)
    z = float(ndtri(0.5 + level / 2))
    p = float(2 * ndtr(-abs(log_rr / se)))
    return Effect(*counts, math.exp(log_rr), math.exp(log_rr - z * se), math.exp(log_rr + z * se), p,
                  sufficient=True)
