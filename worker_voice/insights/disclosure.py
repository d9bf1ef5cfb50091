"""The disclosure guard: the only way employer figures leave the system.

Reads rollup counts (never raw reports) and returns summaries in which no cell smaller than
MIN_CELL_SIZE, and no cell that subtraction would reveal, is present. Pages, exports and the API
all render these objects; none of them counts rows on its own.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from ..extensions import db
from ..models import Employer, RollupCount
from ..models.rollup import ALL, ANSWERED, REPORTS
from ..survey import QUESTIONS, Question
from .suppression import suppress


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
    question: Question, counts: dict[str, int], answered: int, k: int
) -> QuestionSummary:
    if answered < k:
        return QuestionSummary(question, None, ())
    full = {cell.code: counts.get(cell.code, 0) for cell in question.cells}
    published = suppress(
        full, total=answered, min_cell_size=k, exhaustive=question.cells_are_exhaustive
    )
    cells = tuple(Cell(c.code, c.label, published[c.code]) for c in question.cells)
    return QuestionSummary(question, answered, cells)


def employer_summary(*, employer_id: int) -> EmployerSummary | None:
    employer = db.session.get(Employer, employer_id)
    if employer is None:
        return None
    k = min_cell_size()
    totals = db.session.execute(
        sa.select(RollupCount.question_key, RollupCount.option, sa.func.sum(RollupCount.count))
        .where(RollupCount.employer_id == employer_id)
        .group_by(RollupCount.question_key, RollupCount.option)
    ).all()
    by_question: dict[str, dict[str, int]] = {}
    for question_key, option, count in totals:
        by_question.setdefault(question_key, {})[option] = int(count)
    reports = by_question.get(REPORTS, {}).get(ALL, 0)
    if reports < k:
        return EmployerSummary(employer.id, employer.name, k, None, ())
    questions = tuple(
        guard_question(q, counts, counts.get(ANSWERED, 0), k)
        for q in QUESTIONS
        for counts in [by_question.get(q.key, {})]
    )
    return EmployerSummary(employer.id, employer.name, k, reports, questions)


def employer_listing() -> list[EmployerListing]:
    """Every employer with its report count, the count hidden below MIN_CELL_SIZE."""
    k = min_cell_size()
    reports = (
        sa.select(RollupCount.employer_id, sa.func.sum(RollupCount.count).label("reports"))
        .where(RollupCount.question_key == REPORTS, RollupCount.option == ALL)
        .group_by(RollupCount.employer_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(Employer.id, Employer.name, Employer.naics_code, reports.c.reports)
        .outerjoin(reports, reports.c.employer_id == Employer.id)
    ).all()
    listing = [
        EmployerListing(id_, name, naics, int(n) if n and n >= k else None)
        for id_, name, naics, n in rows
    ]
    # Sort on the guarded figure: ordering by the raw count would rank the hidden small ones.
    return sorted(listing, key=lambda row: (-(row.reports or 0), row.name.casefold()))
