"""Before/after effect of an intervention against comparison areas: a Poisson rate ratio.

With report counts ``a1`` (intervention places, after), ``a0`` (places, before), ``c1`` (comparison areas,
after) and ``c0`` (comparison, before) over before/after periods of ``t0`` and ``t1`` weeks, the
difference-in-differences on the log scale is the ratio of rate ratios

    RR = (a1 / a0) / (c1 / c0)        (the period lengths cancel when both groups share the periods)

with ``SE(log RR) = √(1/a1 + 1/a0 + 1/c1 + 1/c0)`` (four independent Poisson counts, delta method) and a
Wald interval ``exp(log RR ± z SE)``. ``RR = 0.7`` reads "the reports fell by 30 % more than in the
comparison areas". With any count below ``min_count`` the estimate is marked insufficient.

Reports are overdispersed: they come in bursts (an evening of unrest, a reporter's weekly round), so week-to-week
counts vary more than a Poisson count would. ``dispersion(series)`` estimates the factor φ from weekly counts of
the four group-periods, as a quasi-Poisson model does (the Pearson statistic of the saturated four-cell model
over its degrees of freedom: ``Σ (c_w − m_s)² / m_s / Σ (n_s − 1)``, ``m_s`` the mean of series ``s``), never
below 1; ``rate_ratio_did(..., dispersion=φ)`` widens SE by ``√φ``. This is the scale statsmodels' Poisson GLM
estimates with ``scale="X2"``; the estimate and its point value do not change.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
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
    dispersion: float = 1.0

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


def dispersion(series: Sequence[Sequence[int]]) -> float:
    """Pooled Pearson dispersion of weekly counts, one series per group-period (see the module docstring):
    1.0 when the weeks vary no more than Poisson counts would, or when there are too few weeks to tell."""
    statistic = 0.0
    freedom = 0
    for counts in series:
        if len(counts) < 2:
            continue
        mean = sum(counts) / len(counts)
        freedom += len(counts) - 1
        if mean > 0:
            statistic += sum((c - mean) ** 2 for c in counts) / mean
    return max(1.0, statistic / freedom) if freedom else 1.0


def rate_ratio_did(*, treated_before: int, treated_after: int, comparison_before: int, comparison_after: int,
                   level: float = 0.95, min_count: int = 5, dispersion: float = 1.0) -> Effect:
    counts = (treated_before, treated_after, comparison_before, comparison_after)
    if any(c < 0 for c in counts):
        raise ValueError("counts cannot be negative")
    if dispersion < 1.0:
        raise ValueError("dispersion is at least 1")
    if min(counts) < max(min_count, 1):
        return Effect(*counts, None, None, None, None, sufficient=False, dispersion=dispersion)
    a0, a1, c0, c1 = (float(c) for c in counts)
    log_rr = math.log(a1 / a0) - math.log(c1 / c0)
    se = math.sqrt(dispersion * (1 / a1 + 1 / a0 + 1 / c1 + 1 / c0))
    z = float(ndtri(0.5 + level / 2))
    p = float(2 * ndtr(-abs(log_rr / se)))
    return Effect(*counts, math.exp(log_rr), math.exp(log_rr - z * se), math.exp(log_rr + z * se), p,
                  sufficient=True, dispersion=dispersion)
