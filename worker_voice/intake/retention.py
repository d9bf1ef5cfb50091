"""Retention: raw reports do not outlive their use, nor the order they came in.

A report's answers and words are erased RETENTION_DAYS after it was received, the same way as a
deletion by the worker (intake.service.erase): gone from every table and from the database
files, stored dossiers quoting it discarded. The figures stay: a report is erased only once the
quarter it was counted in is published, and a published quarter keeps its totals
(insights.rollups.count_report), so no published figure moves.
"""

import random
from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app

from ..extensions import db
from ..insights.periods import open_quarter
from ..models import Answer, MailboxMessage, Report
from ..uow import after_commit
from .service import erase

BATCH = 500


def expire_reports(*, today: date) -> int:
    """Erase the reports past retention; returns how many. The caller's boundary commits."""
    cutoff = today - timedelta(days=current_app.config["RETENTION_DAYS"])
    expired = 0
    while True:
        batch = db.session.scalars(
            sa.select(Report).where(Report.received_on < cutoff,
                                    Report.counted_on < open_quarter())
            .limit(BATCH)).all()
        for report in batch:
            erase(report)
        db.session.flush()
        expired += len(batch)
        if len(batch) < BATCH:
            return expired


def mix_day(*, day: date) -> int:
    """Rewrite one day's reports and answers in random order, in one transaction; returns how
    many reports. The caller's boundary commits.

    PostgreSQL stamps every row version with the transaction that wrote it (`xmin`) and appends
    it after the rows written before it (`ctid`): read in either order, a day's reports are in
    the order they arrived, which the random ids and the day alone do not give. Rewritten
    together they share one transaction and lie in random order; a VACUUM after the commit
    removes the old versions. (SQLite keeps rows in id order, which is random already.)"""
    if db.session.get_bind().dialect.name != "postgresql":
        return 0
    db.session.flush()
    connection = db.session.connection()
    reports, answers, mailbox = Report.__table__, Answer.__table__, MailboxMessage.__table__
    rows = [dict(row) for row in connection.execute(
        sa.select(reports).where(reports.c.received_on == day)).mappings()]
    if not rows:
        return 0
    ids = [row["id"] for row in rows]
    answer_rows: dict[int, list[dict]] = {}
    for row in connection.execute(sa.select(answers).where(answers.c.report_id.in_(ids))
                                  .order_by(answers.c.id)).mappings():
        answer_rows.setdefault(row["report_id"], []).append(dict(row))
    # Deleting a report deletes its mailbox (ON DELETE CASCADE): its messages are kept aside
    # and written back with it, in random order too.
    messages = [dict(row) for row in connection.execute(
        sa.select(mailbox).where(mailbox.c.report_id.in_(ids))).mappings()]
    random.SystemRandom().shuffle(rows)
    random.SystemRandom().shuffle(messages)
    connection.execute(sa.delete(mailbox).where(mailbox.c.report_id.in_(ids)))
    connection.execute(sa.delete(answers).where(answers.c.report_id.in_(ids)))
    connection.execute(sa.delete(reports).where(reports.c.id.in_(ids)))
    connection.execute(sa.insert(reports), rows)
    mixed_answers = [answer for row in rows for answer in answer_rows.get(row["id"], [])]
    if mixed_answers:
        connection.execute(sa.insert(answers), mixed_answers)
    if messages:
        connection.execute(sa.insert(mailbox), messages)
    db.session.expire_all()
    after_commit(_vacuum, key="vacuum-reports")
    return len(rows)


def _vacuum() -> None:
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM report, answer, mailbox_message")
