"""The disclosure guard: the only way employer figures leave the system.

Reads rollup counts (never raw reports) and returns summaries in which no cell smaller than
MIN_CELL_SIZE, and no cell that subtraction would reveal, is present. Pages, exports and the API
all render these objects; none of them counts rows on its own.
"""

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from ..extensions import db
from ..models import Employer, EmployerRelation, RollupCount
from ..models.rollup import ALL, ANSWERED, REPORTS
from ..survey import QUESTIONS, Question
from .suppression import suppress


@dataclass(frozen=True)
class Scope:
    """Whose reports a figure counts, and which organization reads it.

    An organization reads its own figures; a coalition member reads figures pooled over the
    members; a platform admin reads every organization's (`organizations=None`). A reader
    knows its own reports, so in a pooled figure the part the *others* contributed is guarded
    too: a cell is hidden when 1..k−1 of it came from other organizations.
    """

    organizations: frozenset[int] | None
    reader: int | None = None

    @classmethod
    def own(cls, organization_id: int) -> "Scope":
        return cls(frozenset({organization_id}), organization_id)

    @property
    def pooled(self) -> bool:
        return self.reader is not None and self.organizations != frozenset({self.reader})


EVERYONE = Scope(None)


@dataclass(frozen=True)
class Cell:
    code: str
    label: str  # lazy gettext: rendered in the reader's language
    count: int | None  # None: suppressed

    @property
    def suppressed(self) -> bool:
        return self.count is None


@dataclass(frozen=True)
class QuestionSummary:
    question: Question
    n: int | None  # None: fewer than MIN_CELL_SIZE answered, nothing about it is shown
    cells: tuple[Cell, ...]

    @property
    def enough(self) -> bool:
        return self.n is not None

    def share(self, cell: Cell) -> float | None:
        if cell.count is None or not self.n:
            return None
        return cell.count / self.n


@dataclass(frozen=True)
class EmployerSummary:
    employer_id: int
    employer_name: str
    min_cell_size: int
    reports: int | None  # None: not enough reports yet, nothing else is shown
    questions: tuple[QuestionSummary, ...]
    # In a roll-up along relations: the related employers counted, and how many were left
    # out because they have fewer than MIN_CELL_SIZE reports of their own.
    included: tuple[str, ...] = ()
    left_out: int = 0

    @property
    def enough(self) -> bool:
        return self.reports is not None


@dataclass(frozen=True)
class EmployerListing:
    employer_id: int
    name: str
    naics_code: str | None
    reports: int | None  # None: fewer than MIN_CELL_SIZE


def min_cell_size() -> int:
    return int(current_app.config["MIN_CELL_SIZE"])


def guard_question(
    question: Question, counts: dict[str, int], answered: int, k: int,
    also_hide: frozenset[str] = frozenset(), known: dict[str, int] | None = None,
) -> QuestionSummary:
    """`known` holds the reader's own part of each count, if it reads a pooled figure."""
    if answered < k:
        return QuestionSummary(question, None, ())
    full = {cell.code: counts.get(cell.code, 0) for cell in question.cells}
    if known is not None:
        also_hide = also_hide | {code for code, count in full.items()
                                 if 0 < count - known.get(code, 0) < k}
    published = suppress(
        full, total=answered, min_cell_size=k, exhaustive=question.cells_are_exhaustive,
        also_hide=also_hide,
    )
    cells = tuple(Cell(c.code, c.label, published[c.code]) for c in question.cells)
    return QuestionSummary(question, answered, cells)


def employer_summary(*, employer_id: int, scope: Scope,
                     include: Iterable[str] = ()) -> EmployerSummary | None:
    """The guarded summary of one employer, or of it with related employers (`include` names
    relation kinds: its franchisees, staffing agencies, contractors, subsidiaries, suppliers).

    In a roll-up, a related employer counts only with MIN_CELL_SIZE reports of its own, and a
    combined cell is shown only where every member shows its own cell: subtracting one
    published view from another then yields only figures that are published anyway.
    """
    employer = db.session.get(Employer, employer_id)
    if employer is None:
        return None
    k = min_cell_size()
    related = _related(employer_id, frozenset(include))
    counts = _counts([employer_id, *related], scope.organizations)
    known = (_counts([employer_id, *related], frozenset({scope.reader})) if scope.pooled
             else None)
    if not related:
        return _summary(employer, k, counts.get(employer_id, {}),
                        None if known is None else known.get(employer_id, {}))
    members = [m for m in [employer_id, *related] if _reports(counts.get(m, {})) >= k]
    if not members:
        return EmployerSummary(employer.id, employer.name, k, None, (), (), len(related))
    combined = _combine(counts, members)
    known_combined = None if known is None else _combine(known, members)
    questions = []
    for question in QUESTIONS:
        hidden: set[str] = set()
        for member in members:
            mine = counts[member].get(question.key, {})
            mine_known = None if known is None else known.get(member, {}).get(question.key, {})
            shown = guard_question(question, mine, mine.get(ANSWERED, 0), k, known=mine_known)
            for cell in question.cells:
                if mine.get(cell.code) and (not shown.enough or shown_count(shown, cell.code)
                                            is None):
                    hidden.add(cell.code)
        group = combined.get(question.key, {})
        group_known = (None if known_combined is None
                       else known_combined.get(question.key, {}))
        questions.append(guard_question(question, group, group.get(ANSWERED, 0), k,
                                        frozenset(hidden), known=group_known))
    names = dict(db.session.execute(sa.select(Employer.id, Employer.name)
                                    .where(Employer.id.in_(members))).all())
    return EmployerSummary(
        employer.id, employer.name, k, _reports(combined), tuple(questions),
        tuple(names[m] for m in members if m != employer_id),
        sum(1 for m in related if m not in members),
    )


def shown_count(summary: QuestionSummary, code: str) -> int | None:
    return next((cell.count for cell in summary.cells if cell.code == code), None)


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


def _combine(counts: dict[int, dict[str, dict[str, int]]], members: list[int]):
    combined: dict[str, dict[str, int]] = {}
    for member in members:
        for question_key, options in counts.get(member, {}).items():
            for option, count in options.items():
                target = combined.setdefault(question_key, {})
                target[option] = target.get(option, 0) + count
    return combined


def _in_scope(organizations: frozenset[int] | None):
    return sa.true() if organizations is None else RollupCount.organization_id.in_(
        sorted(organizations))


def _counts(employer_ids: list[int], organizations: frozenset[int] | None,
            ) -> dict[int, dict[str, dict[str, int]]]:
    rows = db.session.execute(
        sa.select(RollupCount.employer_id, RollupCount.question_key, RollupCount.option,
                  sa.func.sum(RollupCount.count))
        .where(RollupCount.employer_id.in_(employer_ids), _in_scope(organizations))
        .group_by(RollupCount.employer_id, RollupCount.question_key, RollupCount.option)
    ).all()
    counts: dict[int, dict[str, dict[str, int]]] = {}
    for employer, question_key, option, count in rows:
        counts.setdefault(employer, {}).setdefault(question_key, {})[option] = int(count)
    return counts


def _reports(counts: dict[str, dict[str, int]]) -> int:
    return counts.get(REPORTS, {}).get(ALL, 0)


def _summary(employer: Employer, k: int, by_question: dict[str, dict[str, int]],
             known: dict[str, dict[str, int]] | None):
    reports = _reports(by_question)
    if reports < k:
        return EmployerSummary(employer.id, employer.name, k, None, ())
    questions = tuple(
        guard_question(q, counts, counts.get(ANSWERED, 0), k,
                       known=None if known is None else known.get(q.key, {}))
        for q in QUESTIONS
        for counts in [by_question.get(q.key, {})]
    )
    return EmployerSummary(employer.id, employer.name, k, reports, questions)


def employer_listing(*, scope: Scope, employer_ids: Iterable[int] | None = None,
                     ) -> list[EmployerListing]:
    """Employers (all, or those given) with their report counts in the scope, each count
    hidden below MIN_CELL_SIZE."""
    k = min_cell_size()
    reports = (
        sa.select(RollupCount.employer_id, sa.func.sum(RollupCount.count).label("reports"))
        .where(RollupCount.question_key == REPORTS, RollupCount.option == ALL,
               _in_scope(scope.organizations))
        .group_by(RollupCount.employer_id)
        .subquery()
    )
    query = (sa.select(Employer.id, Employer.name, Employer.naics_code, reports.c.reports)
             .outerjoin(reports, reports.c.employer_id == Employer.id))
    if employer_ids is not None:
        query = query.where(Employer.id.in_(list(employer_ids)))
    rows = db.session.execute(query).all()
    listing = [
        EmployerListing(id_, name, naics, int(n) if n and n >= k else None)
        for id_, name, naics, n in rows
    ]
    # Sort on the guarded figure: ordering by the raw count would rank the hidden small ones.
    return sorted(listing, key=lambda row: (-(row.reports or 0), row.name.casefold()))
