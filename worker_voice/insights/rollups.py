"""Incremental rollup counts, and a full recompute from raw reports.

Intake adds a report's counts inside its transaction so that the counts move with the report in
one commit; `recompute` rebuilds the same numbers from scratch (tests prove the two agree). Counts
are kept by the quarter a report was counted in; see models.rollup for why.
"""

from collections import Counter
from datetime import date

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db
from ..models import Answer, Report, RollupAdjustment, RollupCount
from ..models.report import UNCOUNTED
from ..models.rollup import ALL, ANSWERED, NO_ORGANIZATION, REPORTS
from .periods import counting_day, is_published, open_quarter, quarter_of
from .release import mark_stale

RollupKey = tuple[int, int, str, str, date]


def report_deltas(
    *, employer_id: int | None, organization_id: int | None, counted_on: date,
    answers: list[tuple[str, str]], sign: int = 1,
) -> Counter[RollupKey]:
    """The rollup changes one report causes; `answers` holds (question_key, option) pairs.

    Use sign −1 to take a report back out.
    """
    deltas: Counter[RollupKey] = Counter()
    if employer_id is None:
        return deltas
    quarter = quarter_of(counted_on)
    key = (employer_id, organization_id or NO_ORGANIZATION)
    deltas[(*key, REPORTS, ALL, quarter)] += sign
    for question_key in {question_key for question_key, _option in answers}:
        deltas[(*key, question_key, ANSWERED, quarter)] += sign
    for question_key, option in answers:
        deltas[(*key, question_key, option, quarter)] += sign
    return deltas


def count_report(report: Report, *, sign: int = 1) -> None:
    """Put a report into the counts (sign 1) or take it out (−1); the caller commits.

    A report that comes (back) into the counts after its quarter was published is counted
    today. One that leaves after its quarter was published leaves the open quarter instead, and
    an adjustment keeps the published quarter as it was.
    """
    if report.employer_id is None:
        return
    answers = [(answer.question_key, answer.option) for answer in report.answers]
    if sign > 0:
        report.counted_on = counting_day(report.counted_on or report.received_on)
        apply_deltas(_deltas_of(report, report.counted_on, answers))
        return
    if not is_published(quarter_of(report.counted_on)):
        apply_deltas(_deltas_of(report, report.counted_on, answers, sign=-1))
        return
    today = _deltas_of(report, open_quarter(), answers, sign=-1)
    apply_deltas(today)
    adjustment = _deltas_of(report, report.counted_on, answers)
    adjustment.update(today)  # update(), not +: a Counter sum drops the negative counts
    apply_deltas(adjustment, RollupAdjustment)


def _deltas_of(report: Report, day: date, answers, sign: int = 1) -> Counter[RollupKey]:
    return report_deltas(employer_id=report.employer_id, organization_id=report.organization_id,
                         counted_on=day, answers=answers, sign=sign)


def apply_deltas(deltas: Counter[RollupKey], model=RollupCount) -> None:
    """Add the deltas with one upsert; the caller commits."""
    rows = [
        {"employer_id": e, "organization_id": g, "question_key": q, "option": o, "quarter": m,
         "count": n}
        for (e, g, q, o, m), n in sorted(deltas.items())
        if n
    ]
    if not rows:
        return
    if model is RollupCount and min(row["quarter"] for row in rows) < open_quarter():
        mark_stale()  # history changed (demo data, imports): rebuild the release
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = model.__table__
    statement = insert(table)
    statement = statement.on_conflict_do_update(
        index_elements=["employer_id", "organization_id", "question_key", "option", "quarter"],
        set_={"count": table.c.count + statement.excluded.count},
    )
    # Core, not the ORM's bulk path: this runs on every report.
    db.session.connection().execute(statement, rows)


def recompute() -> int:
    """Rebuild every rollup row from raw reports in one transaction; returns the row count.

    The counts are built in a temporary table and only the rows that differ are written. At a
    million reports, deleting and re-inserting millions of mostly unchanged rows cost more than
    counting them (each re-inserted key meets its deleted twin in the primary key), doubled the
    table with dead rows on every run, and scattered each employer's rows over the table.
    """
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        # The counting hashes millions of rows; the default 4 MB spills them to disk in batches.
        connection.exec_driver_sql("SET LOCAL work_mem = '256MB'")
    fresh, options = _scratch_tables(connection)
    _count_reports(fresh, options, Report.employer_id.is_not(None))
    stored = RollupCount.__table__
    same_key = sa.and_(*[stored.c[name] == fresh.c[name] for name in _KEY])
    changed = (sa.select(*fresh.c).outerjoin(stored, same_key)
               .where(sa.or_(stored.c.count.is_(None), stored.c.count != fresh.c.count))
               # Key order: one employer's rows end up side by side, as they are read.
               .order_by(*[fresh.c[name] for name in _KEY]))
    insert = _insert_for(connection)(stored).from_select([*_KEY, "count"], changed)
    if _rows(stored):  # an upsert costs twice a plain insert, and an empty table needs none
        insert = insert.on_conflict_do_update(index_elements=_KEY,
                                              set_={"count": insert.excluded.count})
    connection.execute(insert)
    # Every fresh key is stored now; any further row counts nothing any more.
    if _rows(stored) > _rows(fresh):
        key = [stored.c[name] for name in _KEY]
        gone = sa.select(*key).except_(sa.select(*[fresh.c[name] for name in _KEY]))
        connection.execute(sa.delete(stored).where(sa.tuple_(*key).in_(gone)))
    for table in (fresh, options):
        table.drop(connection)
    _add_adjustments(sa.true())
    mark_stale()
    db.session.commit()
    return db.session.scalar(sa.select(sa.func.count()).select_from(RollupCount))


_KEY = ("employer_id", "organization_id", "question_key", "option", "quarter")


def _rows(table: sa.Table) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(table))


def _scratch_tables(connection) -> tuple[sa.Table, sa.Table]:
    """Two temporary tables shaped like the rollups: the fresh counts, and per option the
    counts with how many were a report's first answer to the question."""
    def table(name: str, *extra: str) -> sa.Table:
        columns = [sa.Column(column.name, column.type) for column in RollupCount.__table__.c]
        return sa.Table(name, sa.MetaData(), *columns,
                        *[sa.Column(e, sa.Integer) for e in extra], prefixes=["TEMPORARY"])

    tables = table("rollup_fresh"), table("rollup_options", "firsts")
    for created in tables:
        created.create(connection)
    return tables


def _count_reports(fresh: sa.Table, options: sa.Table, which) -> None:
    """The counts of the reports `which` selects (spam and duplicates never count) into
    `fresh`, reading each answer once, in the order of the (report, question, option) index: an
    answer is the first of its question in its report when no earlier option precedes it, and
    the first answers count the reports that answered (a multi-choice question has one answer
    per option)."""
    matched = sa.and_(which, Report.status.not_in(sorted(UNCOUNTED)))
    organization = sa.func.coalesce(Report.organization_id,
                                    sa.literal_column(str(NO_ORGANIZATION)))
    quarter = _quarter_expression()
    reports = (sa.select(Report.id, Report.employer_id, organization.label("organization_id"),
                         quarter(Report).label("quarter")).where(matched)
               # OFFSET 0 keeps the subquery apart, so its quarter is computed once per report
               # rather than once per answer.
               .offset(0).subquery())
    first = sa.func.row_number().over(partition_by=(Answer.report_id, Answer.question_key),
                                      order_by=Answer.option) == 1
    answers = sa.select(Answer.report_id, Answer.question_key, Answer.option,
                        sa.case((first, 1), else_=0).label("first")).subquery()
    columns = [*_KEY, "count"]
    group = (reports.c.employer_id, reports.c.organization_id, answers.c.question_key)
    db.session.execute(options.insert().from_select(
        [*columns, "firsts"],
        sa.select(*group, answers.c.option, reports.c.quarter, sa.func.count(),
                  sa.func.sum(answers.c.first))
        .join_from(answers, reports, reports.c.id == answers.c.report_id)
        .group_by(*group, answers.c.option, reports.c.quarter)))
    db.session.execute(fresh.insert().from_select(columns, sa.select(
        *[options.c[name] for name in columns])))
    by_question = [options.c[name] for name in ("employer_id", "organization_id",
                                                "question_key", "quarter")]
    db.session.execute(fresh.insert().from_select(columns, sa.select(
        *by_question[:3], sa.literal(ANSWERED), by_question[3], sa.func.sum(options.c.firsts),
    ).group_by(*by_question)))
    db.session.execute(fresh.insert().from_select(columns, sa.select(
        reports.c.employer_id, reports.c.organization_id, sa.literal(REPORTS), sa.literal(ALL),
        reports.c.quarter, sa.func.count(),
    ).group_by(reports.c.employer_id, reports.c.organization_id, reports.c.quarter)))


def _insert_for(connection):
    return postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert


def rebuild_employers(employer_ids: list[int]) -> None:
    """Rebuild the rollups of some employers from their raw reports; the caller commits."""
    db.session.flush()
    connection = db.session.connection()
    fresh, options = _scratch_tables(connection)
    _count_reports(fresh, options, Report.employer_id.in_(employer_ids))
    connection.execute(sa.delete(RollupCount).where(RollupCount.employer_id.in_(employer_ids)))
    connection.execute(RollupCount.__table__.insert().from_select(
        [*_KEY, "count"], sa.select(*[fresh.c[name] for name in (*_KEY, "count")])))
    for table in (fresh, options):
        table.drop(connection)
    _add_adjustments(RollupAdjustment.employer_id.in_(employer_ids))
    mark_stale()


def _add_adjustments(which) -> None:
    rows = db.session.execute(sa.select(
        RollupAdjustment.employer_id, RollupAdjustment.organization_id,
        RollupAdjustment.question_key, RollupAdjustment.option, RollupAdjustment.quarter,
        RollupAdjustment.count).where(which)).all()
    apply_deltas(Counter({tuple(row[:5]): row[5] for row in rows}))


def _quarter_expression():
    if db.session.get_bind().dialect.name == "postgresql":
        # A literal, not a bound parameter: GROUP BY must see the same expression as SELECT.
        quarter = sa.literal_column("'quarter'")
        return lambda model: sa.cast(sa.func.date_trunc(quarter, model.counted_on), sa.Date)
    # SQLite: back to the first of the month, then back (month − 1) mod 3 months.
    return lambda model: sa.func.date(
        model.counted_on, "start of month",
        sa.literal_column("'-' || ((CAST(strftime('%m', report.counted_on) AS INTEGER) - 1) % 3)"
                          " || ' months'"))
