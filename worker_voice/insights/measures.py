"""Disclosure guard v2 for one indicator: which periods and totals may be published.

Pure functions, separately testable. An indicator is a two-cell table per quarter: workers who
had the problem, and workers it applied to (n). A table is *safe* when n is at least k and
neither cell (problem, no problem) counts 1 to k−1 people: a small cell is a person someone
could single out, and with n published the other cell gives it away by subtraction. A table in
which every worker gave the same answer (problem is 0 or n) is safe only from `unanimous`
workers on (default 2k): "5 of 5" tells anyone who knows who reported how each of them answered.
So a published table has k ≤ problem ≤ n − k, or problem ∈ {0, n} and n ≥ unanimous; the pages
state exactly this (web/methods.html, the dossier's last page).

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


def unanimous_size(k: int, unanimous: int | None = None) -> int:
    """The smallest group whose unanimous answer may be published: `unanimous`, or 2k."""
    return 2 * k if unanimous is None else unanimous


def safe(problem: int, n: int, k: int, unanimous: int | None = None) -> bool:
    if n < k or small(problem, k) or small(n - problem, k):
        return False
    if problem in (0, n):  # everyone gave the same answer: their group must be large
        return n >= unanimous_size(k, unanimous)
    return True


def safe_count(n: int, k: int) -> bool:
    return n >= k


def close_periods(quarters: Sequence[QuarterCount], k: int, *, count_only: bool = False,
                  unanimous: int | None = None) -> tuple[Period, ...]:
    """Pool consecutive quarters (oldest first) into safe periods; the unsafe tail is dropped.

    `count_only`: the table is one cell (how many reports), safe from k on. A unanimous
    quarter too small to publish is pooled like any other unsafe one.
    """
    periods: list[Period] = []
    first = None
    problem = n = 0
    for quarter in sorted(quarters, key=lambda q: q.quarter):
        if first is None:
            first = quarter.quarter
        problem += quarter.problem
        n += quarter.n
        if safe_count(n, k) if count_only else safe(problem, n, k, unanimous):
            periods.append(Period(first, quarter.quarter, problem, n))
            first = None
            problem = n = 0
    return tuple(periods)


def measure(quarters: Sequence[QuarterCount], k: int,
            unanimous: int | None = None) -> Measure | None:
    """The published indicator, or None when no period is safe yet."""
    periods = close_periods(quarters, k, unanimous=unanimous)
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
    # At 0% and 100% the bound is exact, not a float a hair inside it (0.9999999999999999).
    low = 0.0 if problem == 0 else max(0.0, centre - half)
    high = 1.0 if problem == n else min(1.0, centre + half)
    return (low, high)
