"""Incremental rollup counts, and a full recompute from raw reports.

Intake adds a report's counts inside its transaction so that the counts move with the report in
one commit; `recompute` rebuilds the same numbers from scratch (tests prove the two agree). Counts
are kept by the quarter a report was counted in; see models.rollup for why.
"""

from collections import Counter

# Counter.update minus its checks: CPython's private helper, which typeshed does not declare.
from collections import _count_elements as count  # type: ignore[attr-defined]
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, timedelta
from functools import partial
from operator import itemgetter
from typing import Any, TypedDict

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db
from ..models import Answer, Report, RollupCount, SealedQuarter
from ..models.report import UNCOUNTED
from ..models.rollup import ALL, ANSWERED, NO_ORGANIZATION, REPORTS
from .periods import counting_day, is_published, next_quarter, open_quarter, quarter_of
from .release import mark_stale

RollupKey = tuple[int, int, str, str, date]


class _RollupRow(TypedDict):
    employer_id: int
    organization_id: int
    question_key: str
    option: str
    quarter: date
    count: int


def report_deltas(
    *, employer_id: int | None, organization_id: int | None, counted_on: date,
    answers: list[tuple[str, str]], sign: int = 1, whole_report: bool = True,
) -> Counter[RollupKey]:
    """The rollup changes one report causes; `answers` holds (question_key, option) pairs.

    Use sign −1 to take a report back out; `whole_report=False` for answers added to a report
    already counted (topics after the core): the report itself is not counted again.
    """
    deltas: Counter[RollupKey] = Counter()
    if employer_id is None:
        return deltas
    quarter = quarter_of(counted_on)
    key = (employer_id, organization_id or NO_ORGANIZATION)
    if whole_report:
        deltas[(*key, REPORTS, ALL, quarter)] += sign
    for question_key in {question_key for question_key, _option in answers}:
        deltas[(*key, question_key, ANSWERED, quarter)] += sign
    for question_key, option in answers:
        deltas[(*key, question_key, option, quarter)] += sign
    return deltas


def count_report(report: Report, *, sign: int = 1) -> None:
    """Put a report into the counts (sign 1) or take it out (−1); the caller commits.

    A report that comes (back) into the counts after its quarter was published is counted
    today, unless that quarter's totals still hold it (it left after publication). One that
    leaves after its quarter was published stays in that quarter's totals, which are sealed:
    published history never moves, and nothing records the report that left.
    """
    if report.employer_id is None:
        return
    if sign > 0 and report.kept_in_published:
        report.kept_in_published = False  # the sealed quarter counts it again, as it always did
        return
    answers = [(answer.question_key, answer.option) for answer in report.answers]
    if sign > 0:
        report.counted_on = counting_day(report.counted_on or report.received_on)
        apply_deltas(_deltas_of(report, report.counted_on, answers))
    elif is_published(quarter_of(report.counted_on)):
        seal(quarter_of(report.counted_on))
        report.kept_in_published = True
    else:
        apply_deltas(_deltas_of(report, report.counted_on, answers, sign=-1))


def seal(quarter: date) -> None:
    """Keep a published quarter's totals as they are from now on (models.rollup.SealedQuarter)."""
    insert = _insert_for(db.session.connection())
    db.session.execute(insert(SealedQuarter).values(quarter=quarter).on_conflict_do_nothing())


def _sealed_quarters() -> list[date]:
    return list(db.session.scalars(sa.select(SealedQuarter.quarter)))


def _unsealed_reports(sealed: list[date]) -> sa.ColumnElement[bool]:
    return sa.and_(sa.true(), *(sa.not_(Report.counted_on.between(
        quarter, next_quarter(quarter) - timedelta(days=1))) for quarter in sealed))


def _deltas_of(report: Report, day: date, answers: list[tuple[str, str]],
               sign: int = 1) -> Counter[RollupKey]:
    return report_deltas(employer_id=report.employer_id, organization_id=report.organization_id,
                         counted_on=day, answers=answers, sign=sign)


def apply_deltas(deltas: Counter[RollupKey]) -> None:
    """Add the deltas with one upsert; the caller commits."""
    rows: list[_RollupRow] = [
        {"employer_id": e, "organization_id": g, "question_key": q, "option": o, "quarter": m,
         "count": n}
        for (e, g, q, o, m), n in sorted(deltas.items())
        if n
    ]
    if not rows:
        return
    if min(row["quarter"] for row in rows) < open_quarter():
        mark_stale()  # history changed (demo data, imports): rebuild the release
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = RollupCount.__table__
    statement = insert(table)
    statement = statement.on_conflict_do_update(
        index_elements=["employer_id", "organization_id", "question_key", "option", "quarter"],
        set_={"count": table.c.count + statement.excluded.count},
    )
    # Core, not the ORM's bulk path: this runs on every report.
    db.session.connection().execute(statement, rows)


def recompute() -> int:
    """Rebuild every rollup row from raw reports (in the caller's transaction), except those of
    sealed quarters, whose totals are the record; returns the row count.

    Only the rows that differ are written. At a million reports, deleting and re-inserting
    millions of mostly unchanged rows cost more than counting them (each re-inserted key meets
    its deleted twin in the primary key), doubled the table with dead rows on every run, and
    scattered each employer's rows over the table. PostgreSQL compares the fresh counts with the
    stored rows in the database, after a COPY into a temporary table; SQLite compares them in
    Python, where reading the stored rows costs less than loading the fresh ones row by row
    (executemany) and joining them.
    """
    connection = db.session.connection()
    sealed = _sealed_quarters()
    which = sa.and_(Report.employer_id.is_not(None), _unsealed_reports(sealed))
    if connection.dialect.name == "postgresql":
        _write_changes_in_database(connection, _count_reports(which), sealed=sealed)
    else:
        _write_changes(connection, _count_every_report(which), sealed=sealed)
    mark_stale()
    return db.session.execute(sa.select(sa.func.count()).select_from(RollupCount)).scalar_one()


_KEY = ("employer_id", "organization_id", "question_key", "option", "quarter")
_SEPARATOR = "\x1f"  # never in a question key or an option code (identifiers and buckets)


def _write_changes_in_database(connection: sa.Connection, rows: Iterable[tuple], *,
                               sealed: list[date]) -> None:
    # The comparison hashes millions of rows; the default 4 MB spills them to disk.
    connection.exec_driver_sql("SET LOCAL work_mem = '256MB'")
    columns = [sa.Column(column.name, column.type) for column in RollupCount.__table__.c]
    fresh = sa.Table("rollup_fresh", sa.MetaData(), *columns, prefixes=["TEMPORARY"])
    fresh.drop(connection, checkfirst=True)  # a rolled-back run may have left it behind
    fresh.create(connection)
    _load(connection, fresh, rows)
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
    # Every fresh key is stored now; any further row (outside sealed quarters) counts nothing.
    unsealed = stored.c.quarter.not_in(sealed)
    if _rows(stored, unsealed) > _rows(fresh):
        key = [stored.c[name] for name in _KEY]
        gone = (sa.select(*key).where(unsealed)
                .except_(sa.select(*[fresh.c[name] for name in _KEY])))
        connection.execute(sa.delete(stored).where(sa.tuple_(*key).in_(gone)))
    fresh.drop(connection)


def _write_changes(connection: sa.Connection, groups: dict[tuple, list], *,
                   sealed: list[date]) -> None:
    """Make the stored rows outside sealed quarters equal the counted `groups` (see _count),
    writing only what differs. Each stored row takes its fresh count out of `groups`; what is
    left there is new."""
    stored = RollupCount.__table__
    # Through the driver: SQLAlchemy's rows and date parsing, over millions of rows, cost more
    # than the comparison. Quarters stay ISO strings on both sides, as SQLite stores them.
    # The sealed quarters are written into the query: dates the driver would bind itself.
    query = sa.select(*stored.c).where(stored.c.quarter.not_in(sealed)).compile(
        dialect=connection.dialect, compile_kwargs={"literal_binds": True})
    driver_connection = connection.connection.driver_connection
    assert driver_connection is not None  # None only once the connection is closed
    changed, gone = [], []
    for row in driver_connection.execute(str(query)):
        employer_id, organization_id, question_key, option, quarter, number = row
        group = groups.get((employer_id, organization_id, quarter))
        if group is None:
            fresh = None
        elif option == ANSWERED:
            fresh = group[2].pop(question_key, None)
        elif question_key == REPORTS:
            fresh, group[0] = group[0], 0  # taken: 0 is never a group's count
        else:
            fresh = group[1].pop((question_key, option), None)
        if fresh is None:
            gone.append(row[:5])
        elif fresh != number:
            changed.append((fresh, *row[:5]))
    # Key order: one employer's rows end up side by side, as they are read.
    new = sorted(_rows_of(groups))
    same_key = sa.and_(*[stored.c[name] == sa.bindparam(f"old_{name}") for name in _KEY])
    for statement, rows in (
            (sa.delete(stored).where(same_key), gone),
            # The bound count comes first, then the key, as in `changed`.
            (sa.update(stored).where(same_key).values(count=sa.bindparam("new_count")),
             sorted(changed, key=_key_first)),
            (sa.insert(stored), new)):  # the table's columns: the key, then the count
        if rows:
            driver_connection.executemany(str(statement.compile(dialect=connection.dialect)), rows)


def _key_first(row: tuple) -> tuple:
    return row[1:]


def _rows(table: sa.Table, where: sa.ColumnElement[bool] | None = None) -> int:
    query = sa.select(sa.func.count()).select_from(table)
    return db.session.execute(query if where is None else query.where(where)).scalar_one()


def _count_reports(which: sa.ColumnElement[bool]) -> Iterator[tuple]:
    """The rollup rows (key..., count) of the reports `which` selects; spam and duplicates
    never count. A report counts once in REPORTS/ALL and once per question it answered in
    ANSWERED (a multi-choice question has one answer row per option).

    The database hands over each report once, with its answers' question keys and options
    joined into two strings (in the same order), and Python counts them (_count). A GROUP BY
    over the ~12 answer rows of every report cost most of a recompute: SQLite has no hash
    aggregate and sorted them all; PostgreSQL's hash aggregate over text keys was slower than
    dicts counting in C.
    """
    joined = partial(sa.func.aggregate_strings, separator=_SEPARATOR)
    reports = db.session.execute(
        sa.select(Report.employer_id, Report.organization_id, Report.counted_on,
                  joined(Answer.question_key), joined(Answer.option))
        .outerjoin(Answer, Answer.report_id == Report.id)
        .where(which, Report.status.not_in(sorted(UNCOUNTED)))
        .group_by(Report.id))
    # Counted before any row is handed on: a COPY holds the connection the query needs.
    return _rows_of(_count(reports, quarter_of_day=lambda day: quarter_of(day).isoformat()))


def _count_every_report(which: sa.ColumnElement[bool]) -> dict[tuple, list]:
    """Count like _count_reports, for `which` selecting (nearly) every report, on SQLite.

    The answers are joined per report straight off the (report_id, question_key, option)
    index, every report's: a join to the report table cost more than the answers of the few
    reports that do not count. The reports come in a second query and meet their answers in a
    dict. Days and quarters stay ISO strings, as SQLite stores them.
    """
    joined = partial(sa.func.aggregate_strings, separator=_SEPARATOR)
    answers = {report_id: (questions, options) for report_id, questions, options in
               db.session.execute(sa.select(Answer.report_id, joined(Answer.question_key),
                                            joined(Answer.option))
                                  .group_by(Answer.report_id))}
    no_answers = (None, None)
    reports = (
        (employer_id, organization_id, counted_on, *answers.get(report_id, no_answers))
        for report_id, employer_id, organization_id, counted_on in db.session.execute(
            sa.select(Report.id, Report.employer_id, Report.organization_id,
                      sa.type_coerce(Report.counted_on, sa.String))
            .where(which, Report.status.not_in(sorted(UNCOUNTED)))))
    return _count(reports,
                  quarter_of_day=lambda day: quarter_of(date.fromisoformat(day)).isoformat())


def _count(reports: Iterable[Sequence], *,
           quarter_of_day: Callable[[Any], str]) -> dict[tuple, list]:
    """Count reports (employer, organization, counting day, question keys, options) into
    [reports, Counter of (question key, option), Counter of question keys answered] per
    (employer, organization, quarter as an ISO string)."""
    # An employer's reports side by side: the few dicts they count into stay in the CPU cache.
    reports = sorted(reports, key=itemgetter(0))
    groups: dict[tuple, list] = {}
    quarters: dict[Any, str] = {}
    for employer_id, organization_id, counted_on, questions, options in reports:
        quarter = quarters.get(counted_on)
        if quarter is None:
            quarter = quarters[counted_on] = quarter_of_day(counted_on)
        key = (employer_id, organization_id or NO_ORGANIZATION, quarter)
        group = groups.get(key)
        if group is None:
            group = groups[key] = [0, Counter(), Counter()]
        group[0] += 1
        if questions is not None:  # None: a report without answers
            question_keys = questions.split(_SEPARATOR)
            option_codes = options.split(_SEPARATOR)
            if len(question_keys) != len(option_codes):
                raise ValueError(f"a question key or option contains {_SEPARATOR!r}")
            count(group[1], zip(question_keys, option_codes, strict=False))
            count(group[2], set(question_keys))
    return groups


def _rows_of(groups: dict[tuple, list]) -> Iterator[tuple]:
    for (employer_id, organization_id, quarter), (total, answers, answered) in groups.items():
        if total:  # 0: recompute's comparison has taken it
            yield employer_id, organization_id, REPORTS, ALL, quarter, total
        for (question_key, option), number in answers.items():
            yield employer_id, organization_id, question_key, option, quarter, number
        for question_key, number in answered.items():
            yield employer_id, organization_id, question_key, ANSWERED, quarter, number


def _load(connection: sa.Connection, table: sa.Table, rows: Iterable[tuple]) -> None:
    """Bulk-insert (key..., count) rows through the driver: COPY on PostgreSQL, executemany on
    SQLite. Through SQLAlchemy, binding millions of rows cost more than counting them."""
    names = ", ".join([*_KEY, "count"])
    driver_connection = connection.connection.driver_connection
    assert driver_connection is not None  # None only once the connection is closed
    cursor = driver_connection.cursor()
    if connection.dialect.name == "postgresql":
        with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:  # the table's columns are the key and the count, in that order
        cursor.executemany(str(sa.insert(table).compile(dialect=connection.dialect)), rows)
    cursor.close()


def _insert_for(connection):
    return postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert


def rebuild_employers(employer_ids: list[int]) -> None:
    """Rebuild the rollups of some employers from their raw reports; the caller commits."""
    db.session.flush()
    connection = db.session.connection()
    sealed = _sealed_quarters()
    rows = _count_reports(sa.and_(Report.employer_id.in_(employer_ids), _unsealed_reports(sealed)))
    connection.execute(sa.delete(RollupCount).where(RollupCount.employer_id.in_(employer_ids),
                                                    RollupCount.quarter.not_in(sealed)))
    _load(connection, RollupCount.__table__, rows)
    mark_stale()

