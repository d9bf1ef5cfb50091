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
  safe periods only;
- a reader who knows part of the counts (a coalition member knows its own reports) is
  protected against too: the part from everyone else must be safe in every period as well.
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
    # The reader's own part of the counts, when it reads a pooled figure.
    known_problem: int = 0
    known_n: int = 0


@dataclass(frozen=True)
class Period:
    first: date  # first day of its first quarter
    last: date  # first day of its last quarter
    problem: int
    n: int

    @property
    def share(self) -> float:
        return self.problem / self.n


@dataclass(frozen=True)
class Measure:
    """A published indicator: `problem` of `n` workers, over `periods`."""

    problem: int
    n: int
    periods: tuple[Period, ...]

    @property
    def share(self) -> float:
        return self.problem / self.n

    @property
    def interval(self) -> tuple[float, float]:
        return wilson_interval(self.problem, self.n)


def small(count: int, k: int) -> bool:
    """A count that could single someone out: 1..k−1 (or negative: not a real table yet)."""
    return count < 0 or 0 < count < k


def safe(problem: int, n: int, k: int) -> bool:
    return n >= k and not small(problem, k) and not small(n - problem, k)


def safe_count(n: int, k: int) -> bool:
    return n >= k


def close_periods(quarters: Sequence[QuarterCount], k: int, *, pooled: bool = False,
                  count_only: bool = False) -> tuple[Period, ...]:
    """Pool consecutive quarters (oldest first) into safe periods; the unsafe tail is dropped.

    `count_only`: the table is one cell (how many reports), safe from k on. `pooled`: the
    reader knows `known_*`, so the others' part of each period must be safe too.
    """
    periods: list[Period] = []
    first = None
    problem = n = known_problem = known_n = 0
    for quarter in sorted(quarters, key=lambda q: q.quarter):
        if first is None:
            first = quarter.quarter
        problem += quarter.problem
        n += quarter.n
        known_problem += quarter.known_problem
        known_n += quarter.known_n
        if count_only:
            ok = safe_count(n, k) and (not pooled or not small(n - known_n, k))
        else:
            ok = safe(problem, n, k) and (
                not pooled or (not small(problem - known_problem, k)
                               and not small((n - problem) - (known_n - known_problem), k)))
        if ok:
            periods.append(Period(first, quarter.quarter, problem, n))
            first = None
            problem = n = known_problem = known_n = 0
    return tuple(periods)


def measure(quarters: Sequence[QuarterCount], k: int, *, pooled: bool = False) -> Measure | None:
    """The published indicator, or None when no period is safe yet."""
    periods = close_periods(quarters, k, pooled=pooled)
    if not periods:
        return None
    return Measure(sum(p.problem for p in periods), sum(p.n for p in periods), periods)


def combine(measures: Sequence[Measure]) -> Measure | None:
    """Several employers' published measures added up (a brand with its franchisees). The
    result is a function of published numbers only, so it reveals nothing they do not."""
    if not measures:
        return None
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
