"""Disclosure guard v2 for one indicator: which periods and totals may be published.

Pure functions, separately testable. An indicator is a two-cell table per quarter: workers who
had the problem, and workers it applied to (n). A table is *safe* when n is at least k and
neither cell (problem, no problem) counts 1 to k−1 people: a small cell is a person someone
could single out, and with n published the other cell gives it away by subtraction.

Quarters are pooled into periods from the earliest on: a period grows, one ended quarter at a
time, until its table is safe, and then it is closed for good. The published total is the sum of
the closed periods; the quarters after the last closed period (the tail) are not published
anywhere until they make a safe period of their own. So:

- every published number is a sum of safe tables, and every difference between two published
  numbers (total minus a period, period minus period) is itself a sum of safe tables;
- a new quarter can only add a period at the end: earlier periods never change (published
  quarters never change either, see models.rollup), so two consecutive releases differ by
  safe periods only.

The unit guarded here is one collecting organization's reports about one employer. Every wider
figure (a coalition's pool, the platform's, an industry's, a brand with its franchisees) is a sum
of such published units, never a fresh guard over pooled counts: periods pooled separately would
end at different quarters, and the difference between two views (everyone's minus one
organization's) would then isolate a handful of reports. A sum of published units reveals
nothing the units do not, whoever reads it and whatever they already know of their own reports.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

Z95 = 1.959963984540054


@dataclass(frozen=True)
class QuarterCount:
    quarter: date
    problem: int
    n: int


class Proportion:
    """`problem` of `n` workers, for the dataclasses below and the figures built from them."""

    problem: int
    n: int

    @property
    def share(self) -> float:
        return self.problem / self.n

    @property
    def interval(self) -> tuple[float, float]:
        return wilson_interval(self.problem, self.n)


@dataclass(frozen=True)
class Period(Proportion):
    first: date  # first day of its first quarter
    last: date  # first day of its last quarter
    problem: int
    n: int


@dataclass(frozen=True)
class Measure(Proportion):
    """A published indicator: `problem` of `n` workers, over `periods`."""

    problem: int
    n: int
    periods: tuple[Period, ...]


def small(count: int, k: int) -> bool:
    """A count that could single someone out: 1..k−1 (or negative: not a real table yet)."""
    return count < 0 or 0 < count < k


def safe(problem: int, n: int, k: int) -> bool:
    return n >= k and not small(problem, k) and not small(n - problem, k)


def safe_count(n: int, k: int) -> bool:
    return n >= k


def close_periods(quarters: Sequence[QuarterCount], k: int, *,
                  count_only: bool = False) -> tuple[Period, ...]:
    """Pool consecutive quarters (oldest first) into safe periods; the unsafe tail is dropped.

    `count_only`: the table is one cell (how many reports), safe from k on.
    """
    periods: list[Period] = []
    first = None
    problem = n = 0
    for quarter in sorted(quarters, key=lambda q: q.quarter):
        if first is None:
            first = quarter.quarter
        problem += quarter.problem
        n += quarter.n
        if safe_count(n, k) if count_only else safe(problem, n, k):
            periods.append(Period(first, quarter.quarter, problem, n))
            first = None
            problem = n = 0
    return tuple(periods)


def measure(quarters: Sequence[QuarterCount], k: int) -> Measure | None:
    """The published indicator, or None when no period is safe yet."""
    periods = close_periods(quarters, k)
    if not periods:
        return None
    return Measure(sum(p.problem for p in periods), sum(p.n for p in periods), periods)


def combine(measures: Sequence[Measure]) -> Measure | None:
    """Published measures added up (several organizations' reports, a brand with its
    franchisees). A function of published numbers only, so it reveals nothing they do not.
    One measure keeps its periods (its trend); a sum has none, as its parts' periods differ."""
    if not measures:
        return None
    if len(measures) == 1:
        return measures[0]
    return Measure(sum(m.problem for m in measures), sum(m.n for m in measures), ())


def wilson_interval(problem: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for a proportion: honest at small n and near 0% or 100%,
    where the textbook p ± z·√(p(1−p)/n) gives intervals below 0 or of width 0."""
    if n <= 0:
        return (0.0, 1.0)
    p = problem / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))
