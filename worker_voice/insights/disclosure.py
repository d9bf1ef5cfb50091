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
from .measures import Measure, Period, QuarterCount, close_periods, combine, measure
from .periods import next_quarter, open_quarter


@dataclass(frozen=True)
class Scope:
    """Whose reports a figure counts, and which organization reads it.

    An organization reads its own figures; a coalition member reads figures pooled over the
    members; a platform admin reads every organization's (`organizations=None`). A reader
    knows its own reports, so in a pooled figure the part the *others* contributed is guarded
    too: every period must be safe without the reader's own reports as well.
    """

    organizations: frozenset[int] | None
    reader: int | None = None

    @classmethod
    def own(cls, organization_id: int) -> "Scope":
        return cls(frozenset({organization_id}), organization_id)

    @property
    def pooled(self) -> bool:
        return self.reader is not None and self.organizations != frozenset({self.reader})

    @property
    def release_key(self) -> str:
        """The scope of the release whose comparisons this reader sees: its own organization's
        (a pooled reader compares with what its own organization publishes), or everyone's."""
        if self.organizations is None:
            return "all"
        return f"org:{self.reader}"


EVERYONE = Scope(None)
INDICATORS: tuple[Question, ...] = tuple(q for q in QUESTIONS if q.key in PROBLEMS)


@dataclass(frozen=True)
class EmployerMeasures:
    """One employer's published figures in one scope."""

    report_periods: tuple[Period, ...]
    by_question: dict[str, Measure]

    @property
    def reports(self) -> int | None:
        return sum(p.n for p in self.report_periods) or None


@dataclass(frozen=True)
class Comparison:
    problem: int
    n: int
    employers: int

    @property
    def share(self) -> float:
        return self.problem / self.n


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
    report_periods: tuple[Period, ...]
    indicators: tuple[IndicatorSummary, ...]
    published_before: date  # the open quarter: only quarters before it are counted
    rating: object = None  # ratings.Rating, when there are enough figures to rate
    sector: str = ""
    region: str = ""
    # In a roll-up along relations: the related employers counted, and how many were left
    # out because they have no published figures of their own.
    included: tuple[str, ...] = ()
    left_out: int = 0

    @property
    def enough(self) -> bool:
        return self.reports is not None

    @property
    def through(self) -> date | None:
        """The last day the published figures cover."""
        if not self.report_periods:
            return None
        return next_quarter(self.report_periods[-1].last) - timedelta(days=1)


def min_cell_size() -> int:
    return int(current_app.config["MIN_CELL_SIZE"])


def employer_measures(employer_ids: Iterable[int], scope: Scope,
                      ) -> dict[int, EmployerMeasures]:
    """The published figures of each employer (those with none are left out)."""
    k = min_cell_size()
    counts = _quarter_counts(list(employer_ids), scope)
    result = {}
    for employer_id, by_question in counts.items():
        figures = measures_from_counts(by_question, k, pooled=scope.pooled)
        if figures.report_periods:
            result[employer_id] = figures
    return result


def measures_from_counts(by_question, k: int, *, pooled: bool) -> EmployerMeasures:
    """`by_question[key][quarter][option] = (count, reader's own count)`."""
    reports = [QuarterCount(quarter, 0, total, 0, own)
               for quarter, options in by_question.get(REPORTS, {}).items()
               for total, own in [options.get(ALL, (0, 0))]]
    report_periods = close_periods(reports, k, pooled=pooled, count_only=True)
    found = {}
    for question in INDICATORS:
        quarters = []
        for quarter, options in by_question.get(question.key, {}).items():
            totals = {option: pair[0] for option, pair in options.items()}
            known = {option: pair[1] for option, pair in options.items()}
            problem, n = split(question, totals, totals.get(ANSWERED, 0))
            known_problem, known_n = split(question, known, known.get(ANSWERED, 0))
            quarters.append(QuarterCount(quarter, problem, n, known_problem, known_n))
        published = measure(quarters, k, pooled=pooled)
        if published is not None:
            found[question.key] = published
    return EmployerMeasures(report_periods, found)


def employer_summary(*, employer_id: int, scope: Scope,
                     include: Iterable[str] = ()) -> EmployerSummary | None:
    """The guarded summary of one employer, or of it with related employers (`include` names
    relation kinds: its franchisees, staffing agencies, contractors, subsidiaries, suppliers).

    A roll-up adds up the published figures of the employers that have some, so subtracting
    one view from another yields only figures that are published anyway.
    """
    from .release import comparisons_for  # release builds on this module

    employer = db.session.get(Employer, employer_id)
    if employer is None:
        return None
    k = min_cell_size()
    related = _related(employer_id, frozenset(include))
    figures = employer_measures([employer_id, *related], scope)
    included, left_out = (), 0
    if related:
        members = [m for m in [employer_id, *related] if m in figures]
        names = dict(db.session.execute(sa.select(Employer.id, Employer.name)
                                        .where(Employer.id.in_(members))).all())
        included = tuple(names[m] for m in members if m != employer_id)
        left_out = sum(1 for m in related if m not in figures)
        reports = sum(figures[m].reports for m in members)
        mine = EmployerMeasures(
            (), {q.key: combined for q in INDICATORS
                 for combined in [combine([figures[m].by_question[q.key] for m in members
                                           if q.key in figures[m].by_question])]
                 if combined is not None})
    else:
        mine = figures.get(employer_id, EmployerMeasures((), {}))
        reports = mine.reports
    context = comparisons_for(employer=employer, scope=scope, measures=mine.by_question)
    indicators = tuple(
        IndicatorSummary(q, PROBLEMS[q.key], mine.by_question.get(q.key),
                         context.sector.get(q.key), context.region.get(q.key))
        for q in INDICATORS
    )
    return EmployerSummary(
        employer.id, employer.name, k, reports or None, mine.report_periods,
        indicators if reports else (), open_quarter(), context.rating if reports else None,
        context.sector_code, context.region_name, included, left_out,
    )


def related_kinds(employer_id: int) -> list[str]:
    """The relation kinds along which this employer's summary can be rolled up."""
    return sorted(set(db.session.scalars(
        sa.select(EmployerRelation.kind).where(EmployerRelation.from_employer_id == employer_id)
    )))


def _related(employer_id: int, kinds: frozenset[str]) -> list[int]:
    if not kinds:
        return []
    return sorted(set(db.session.scalars(
        sa.select(EmployerRelation.to_employer_id).where(
            EmployerRelation.from_employer_id == employer_id, EmployerRelation.kind.in_(kinds))
    )) - {employer_id})


def in_scope(organizations: frozenset[int] | None):
    return sa.true() if organizations is None else RollupCount.organization_id.in_(
        sorted(organizations))


def _quarter_counts(employer_ids: list[int], scope: Scope):
    """employer → question → quarter → option → (count, the reader's own count), for the
    published quarters only."""
    if not employer_ids:
        return {}
    own = (sa.func.sum(sa.case((RollupCount.organization_id == scope.reader, RollupCount.count),
                               else_=0)) if scope.pooled else sa.literal(0))
    rows = db.session.execute(
        sa.select(RollupCount.employer_id, RollupCount.question_key, RollupCount.quarter,
                  RollupCount.option, sa.func.sum(RollupCount.count), own)
        .where(RollupCount.employer_id.in_(employer_ids), in_scope(scope.organizations),
               RollupCount.quarter < open_quarter())
        .group_by(RollupCount.employer_id, RollupCount.question_key, RollupCount.quarter,
                  RollupCount.option)
    ).all()
    counts: dict = {}
    for employer, question_key, quarter, option, count, known in rows:
        (counts.setdefault(employer, {}).setdefault(question_key, {})
         .setdefault(quarter, {}))[option] = (int(count), int(known))
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
