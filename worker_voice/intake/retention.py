"""Retention: raw reports do not outlive their use.

A report's answers and words are erased RETENTION_DAYS after it was received, the same way as a
deletion by the worker (intake.service.erase): gone from every table and from the database
files, stored dossiers quoting it discarded. The figures stay: a report is erased only once the
quarter it was counted in is published, and a published quarter keeps its totals
(insights.rollups.count_report), so no published figure moves.
"""

from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app

from ..extensions import db
from ..insights.periods import open_quarter
from ..models import Report
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
