"""Incremental rollup counts, and a full recompute from raw reports.

Intake calls `count_report` inside its transaction so that the counts move with the report in one
commit; `recompute` rebuilds the same numbers from scratch (tests prove the two agree).
"""

from collections import Counter
from datetime import date

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db
from ..models import Answer, Report, RollupCount
from ..models.report import UNCOUNTED
from ..models.rollup import ALL, ANSWERED, NO_ORGANIZATION, REPORTS

RollupKey = tuple[int, int, str, str, date]


def month_of(day: date) -> date:
    return day.replace(day=1)


def report_deltas(
    *, employer_id: int | None, organization_id: int | None, received_on: date,
    answers: list[tuple[str, str]], sign: int = 1,
) -> Counter[RollupKey]:
    """The rollup changes one report causes; `answers` holds (question_key, option) pairs.

    Use sign −1 to take a report back out.
    """
    deltas: Counter[RollupKey] = Counter()
    if employer_id is None:
        return deltas
    month = month_of(received_on)
    key = (employer_id, organization_id or NO_ORGANIZATION)
    deltas[(*key, REPORTS, ALL, month)] += sign
    for question_key in {question_key for question_key, _option in answers}:
        deltas[(*key, question_key, ANSWERED, month)] += sign
    for question_key, option in answers:
        deltas[(*key, question_key, option, month)] += sign
    return deltas


def apply_deltas(deltas: Counter[RollupKey]) -> None:
    """Add the deltas with one upsert; the caller commits."""
    rows = [
        {"employer_id": e, "organization_id": g, "question_key": q, "option": o, "month": m,
         "count": n}
        for (e, g, q, o, m), n in sorted(deltas.items())
        if n
    ]
    if not rows:
        return
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = RollupCount.__table__
    statement = insert(table)
    statement = statement.on_conflict_do_update(
        index_elements=["employer_id", "organization_id", "question_key", "option", "month"],
        set_={"count": table.c.count + statement.excluded.count},
    )
    # Core, not the ORM's bulk path: this runs on every report.
    db.session.connection().execute(statement, rows)


def recompute() -> int:
    """Rebuild every rollup row from raw reports in one transaction; returns the row count."""
    db.session.execute(sa.delete(RollupCount))
    _insert_from_reports(Report.employer_id.is_not(None))
    db.session.commit()
    return db.session.scalar(sa.select(sa.func.count()).select_from(RollupCount))


def rebuild_employers(employer_ids: list[int]) -> None:
    """Rebuild the rollups of some employers from their raw reports; the caller commits."""
    db.session.flush()
    db.session.execute(sa.delete(RollupCount).where(RollupCount.employer_id.in_(employer_ids)))
    _insert_from_reports(Report.employer_id.in_(employer_ids))


def _insert_from_reports(matched) -> None:
    matched = sa.and_(matched, Report.status.not_in(sorted(UNCOUNTED)))
    month = _month_expression()
    # A literal for the same reason as the month: GROUP BY must repeat SELECT's expression.
    organization = sa.func.coalesce(Report.organization_id,
                                    sa.literal_column(str(NO_ORGANIZATION)))
    columns = ["employer_id", "organization_id", "question_key", "option", "month", "count"]
    db.session.execute(
        sa.insert(RollupCount).from_select(
            columns,
            sa.select(
                Report.employer_id, organization, sa.literal(REPORTS), sa.literal(ALL),
                month(Report), sa.func.count(),
            ).where(matched).group_by(Report.employer_id, organization, month(Report)),
        )
    )
    db.session.execute(
        sa.insert(RollupCount).from_select(
            columns,
            sa.select(
                Report.employer_id, organization, Answer.question_key, Answer.option,
                month(Report), sa.func.count(),
            ).join(Answer.report).where(matched)
            .group_by(Report.employer_id, organization, Answer.question_key, Answer.option,
                      month(Report)),
        )
    )
    db.session.execute(
        sa.insert(RollupCount).from_select(
            columns,
            sa.select(
                Report.employer_id, organization, Answer.question_key, sa.literal(ANSWERED),
                month(Report), sa.func.count(sa.distinct(Answer.report_id)),
            ).join(Answer.report).where(matched)
            .group_by(Report.employer_id, organization, Answer.question_key, month(Report)),
        )
    )


def _month_expression():
    if db.session.get_bind().dialect.name == "postgresql":
        # A literal, not a bound parameter: GROUP BY must see the same expression as SELECT.
        month = sa.literal_column("'month'")
        return lambda model: sa.cast(sa.func.date_trunc(month, model.received_on), sa.Date)
    return lambda model: sa.func.date(model.received_on, "start of month")
