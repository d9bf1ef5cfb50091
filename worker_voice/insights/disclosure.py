"""The disclosure guard: the only way employer figures leave the system.

Reads rollup counts (never raw reports) of published quarters only, and turns them into
measures through insights.measures, which publishes sums of safe periods and nothing else. Every
other figure (roll-ups over related employers, industry comparisons, scores, tiers, ranked
lists) is computed from those published measures, so it reveals nothing they do not. Pages,
exports and the API all render these objects; none of them counts rows on its own.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app

from ..extensions import db
from ..models import Employer, EmployerRelation, RollupCount
from ..models.rollup import ALL, ANSWERED, REPORTS
from ..survey import QUESTIONS, Question
from ..survey.problems import PROBLEMS, Problem, split
from .measures import (
    Measure,
    Period,
    Proportion,
    QuarterCount,
    close_periods,
    combine,
    measure,
    unanimous_size,
)
from .periods import next_quarter, open_quarter, quarter_of
from .ratings import Rating


@dataclass(frozen=True)
class Scope:
    """Whose reports a figure counts, and which organization reads it.

    An organization reads its own figures; a coalition member reads figures pooled over the
    members; a platform admin reads every organization's (`organizations=None`). A pooled
    figure is the sum of each organization's own guarded figure (see insights.measures), so a
    member that subtracts its own reports learns only what the others publish anyway.
    """

    organizations: frozenset[int] | None
    reader: int | None = None

    @classmethod
    def own(cls, organization_id: int) -> "Scope":
        return cls(frozenset({organization_id}), organization_id)

    @property
    def release_key(self) -> str:
        """The scope of the release whose comparisons this reader sees: its own organization's
        (a pooled reader compares with what its own organization publishes), or everyone's."""
        if self.organizations is None:
            return "all"
        return f"org:{self.reader}"


EVERYONE = Scope(None)


@dataclass(frozen=True)
class Window:
    """Whole quarters a figure may cover: from the quarter holding `start` through the one
    holding `end` (None: no bound). A windowed figure is the sum of the published periods that
    lie wholly inside; periods are never re-pooled for a window, so two windows differ only by
    safe periods, and no window isolates a quarter the guard kept back."""

    start: date | None = None
    end: date | None = None

    def holds(self, period: Period) -> bool:
        return ((self.start is None or period.first >= quarter_of(self.start))
                and (self.end is None or period.last <= quarter_of(self.end)))

    def limit(self, periods: tuple[Period, ...]) -> tuple[Period, ...]:
        return tuple(p for p in periods if self.holds(p))


ALWAYS = Window()
# One organization's counts about one employer: question key → quarter → option → count.
QuestionCounts = dict[str, dict[date, dict[str, int]]]
INDICATORS: tuple[Question, ...] = tuple(q for q in QUESTIONS if q.key in PROBLEMS)


@dataclass(frozen=True)
class EmployerMeasures:
    """One employer's published figures in one scope: one organization's guarded unit, or a
    sum of such units."""

    reports: int
    by_question: dict[str, Measure]
    report_periods: tuple[Period, ...]  # a single unit's; a sum has none
    through: date  # the last day the figures cover
    since: date  # the first day they cover


@dataclass(frozen=True)
class Comparison(Proportion):
    problem: int
    n: int
    employers: int


@dataclass(frozen=True)
class IndicatorSummary:
    question: Question
    problem: Problem
    measure: Measure | None  # None: not enough answers yet
    sector: Comparison | None = None
    region: Comparison | None = None


@dataclass(frozen=True)
class EmployerSummary:
    employer_id: int
    employer_name: str
    min_cell_size: int
    reports: int | None  # None: not enough reports yet, nothing else is shown
    report_periods: tuple[Period, ...]  # one organization's view: the periods of its count
    indicators: tuple[IndicatorSummary, ...]
    rating: Rating | None = None  # when there are enough figures to rate
    sector: str = ""
    region: str = ""
    # In a roll-up along relations: the related employers counted, and how many were left
    # out because they have no published figures of their own.
    included: tuple[str, ...] = ()
    left_out: int = 0

    through: date | None = None  # the last day the figures cover
    since: date | None = None  # the first day they cover

    @property
    def enough(self) -> bool:
        return self.reports is not None

    @property
    def min_unanimous_size(self) -> int:
        """The smallest group whose unanimous answer is shown (for the pages' footnotes)."""
        return min_unanimous_size()


def min_cell_size() -> int:
    return int(current_app.config["MIN_CELL_SIZE"])


def min_unanimous_size() -> int:
    """`MIN_UNANIMOUS_SIZE`, or 2 × `MIN_CELL_SIZE` when it is not set; never below k (a
    unanimous group of fewer than k would be a small cell)."""
    k = min_cell_size()
    configured = current_app.config.get("MIN_UNANIMOUS_SIZE")
    size = unanimous_size(k, None if configured is None else int(configured))
    if size < k:
        raise ValueError(f"MIN_UNANIMOUS_SIZE must be at least MIN_CELL_SIZE ({k}), got {size}")
    return size


def employer_measures(employer_ids: Iterable[int], scope: Scope, window: Window = ALWAYS,
                      ) -> dict[int, EmployerMeasures]:
    """The published figures of each employer (those with none are left out): the sum of the
    guarded units of the organizations in the scope."""
    return {employer_id: total for employer_id, units in
            unit_figures(employer_ids, scope, window).items()
            for total in [add_up(units)] if total is not None}


def unit_figures(employer_ids: Iterable[int], scope: Scope, window: Window = ALWAYS,
                 ) -> dict[int, list[EmployerMeasures]]:
    """Each employer's published units in the scope: one per organization with figures."""
    k, unanimous = min_cell_size(), min_unanimous_size()
    return {employer_id: units
            for employer_id, by_organization in _quarter_counts(list(employer_ids), scope).items()
            for units in [[unit for counts in by_organization.values()
                           for unit in [unit_measures(counts, k, window, unanimous)]
                           if unit is not None]]
            if units}


def unit_measures(by_question: QuestionCounts, k: int, window: Window = ALWAYS,
                  unanimous: int | None = None) -> EmployerMeasures | None:
    """One organization's guarded figures about one employer, from its counts
    `by_question[key][quarter][option]`; None when not even its report count is published
    (in the window). `unanimous`: see insights.measures (None: 2k)."""
    report_periods = window.limit(close_periods(
        [QuarterCount(quarter, 0, options.get(ALL, 0))
         for quarter, options in by_question.get(REPORTS, {}).items()], k, count_only=True))
    if not report_periods:
        return None
    found: dict[str, Measure] = {}
    for question in INDICATORS:
        quarters = [QuarterCount(quarter, *split(question, options, options.get(ANSWERED, 0)))
                    for quarter, options in by_question.get(question.key, {}).items()]
        published = measure(quarters, k, unanimous)
        if published is None:
            continue
        periods = window.limit(published.periods)
        if periods:
            found[question.key] = published if len(periods) == len(published.periods) else \
                Measure(sum(p.problem for p in periods), sum(p.n for p in periods), periods)
    return EmployerMeasures(
        sum(p.n for p in report_periods), found, report_periods,
        next_quarter(report_periods[-1].last) - timedelta(days=1), report_periods[0].first)


def add_up(units: list[EmployerMeasures]) -> EmployerMeasures | None:
    """Published units added up; a single unit keeps its periods (its trend)."""
    if len(units) <= 1:
        return units[0] if units else None
    by_question = {q.key: combined for q in INDICATORS
                   for combined in [combine([u.by_question[q.key] for u in units
                                             if q.key in u.by_question])]
                   if combined is not None}
    return EmployerMeasures(sum(u.reports for u in units), by_question, (),
                            max(u.through for u in units), min(u.since for u in units))


def related_kinds(employer_id: int) -> list[str]:
    """The relation kinds along which this employer's summary can be rolled up."""
    return sorted(set(db.session.scalars(
        sa.select(EmployerRelation.kind).where(EmployerRelation.from_employer_id == employer_id)
    )))


def related_ids(employer_id: int, include: Iterable[str]) -> list[int]:
    """The employers related to this one along the relation kinds named."""
    kinds = frozenset(include)
    if not kinds:
        return []
    return sorted(set(db.session.scalars(
        sa.select(EmployerRelation.to_employer_id).where(
            EmployerRelation.from_employer_id == employer_id, EmployerRelation.kind.in_(kinds))
    )) - {employer_id})


def _in_scope(organizations: frozenset[int] | None) -> sa.ColumnElement[bool]:
    return sa.true() if organizations is None else RollupCount.organization_id.in_(
        sorted(organizations))


def _quarter_counts(employer_ids: list[int], scope: Scope,
                    ) -> dict[int, dict[int, QuestionCounts]]:
    """employer → organization → question → quarter → option → count, for the published
    quarters only."""
    if not employer_ids:
        return {}
    # Through the connection, not the ORM session: plain tuples, without the ORM's loading
    # machinery (a campaign over the largest employers reads tens of thousands of rows).
    rows = db.session.connection().execute(
        sa.select(RollupCount.employer_id, RollupCount.organization_id,
                  RollupCount.question_key, RollupCount.quarter, RollupCount.option,
                  RollupCount.count)
        .where(RollupCount.employer_id.in_(employer_ids), _in_scope(scope.organizations),
               RollupCount.quarter < open_quarter())
    ).all()
    counts: dict[int, dict[int, QuestionCounts]] = {}
    for employer, organization, question_key, quarter, option, count in rows:
        (counts.setdefault(employer, {}).setdefault(organization, {})
         .setdefault(question_key, {}).setdefault(quarter, {}))[option] = count
    return counts


@dataclass(frozen=True)
class EmployerListing:
    employer_id: int
    name: str
    naics_code: str | None
    reports: int | None  # None: no published figures yet
    tier: str | None = None


def employer_listing(*, scope: Scope, employer_ids: Iterable[int]) -> list[EmployerListing]:
    """The given employers with their published report counts in the scope (for a handful of
    employers, such as a coalition's targets; the full list reads the release)."""
    ids = list(employer_ids)
    figures = employer_measures(ids, scope)
    rows = db.session.execute(sa.select(Employer.id, Employer.name, Employer.naics_code)
                              .where(Employer.id.in_(ids))).all()
    listing = [EmployerListing(id_, name, naics,
                               figures[id_].reports if id_ in figures else None)
               for id_, name, naics in rows]
    return sorted(listing, key=lambda row: (-(row.reports or 0), row.name.casefold()))
