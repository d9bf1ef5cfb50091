"""The collecting organization's review of its raw reports: status, redaction, quotes.

Every use case checks that the report belongs to the organizer's organization and answers
"not found" otherwise, so a report of another organization looks exactly like no report.
"""

import sqlalchemy as sa

from ..audit import record
from ..extensions import db
from ..insights.rollups import apply_deltas, report_deltas
from ..models import Report
from ..models.report import STATUSES, UNCOUNTED
from .redaction import redact_phrase


class ReportNotFound(Exception):
    pass


def own_report(*, report_id: int, organization_id: int) -> Report:
    report = db.session.scalar(sa.select(Report).where(
        Report.id == report_id, Report.organization_id == organization_id))
    if report is None:
        raise ReportNotFound
    return report


def view_report(*, report_id: int, organization_id: int) -> Report:
    """A raw report for reading; the view is written to the audit log."""
    report = own_report(report_id=report_id, organization_id=organization_id)
    record("raw_report_viewed", target=f"report {report.id}")
    db.session.commit()
    return report


def set_status(*, report_id: int, organization_id: int, status: str) -> Report:
    """Mark a report; spam and duplicates leave the rollups, and come back if unmarked."""
    if status not in STATUSES:
        raise ValueError(status)
    report = own_report(report_id=report_id, organization_id=organization_id)
    was_counted, counted = report.status not in UNCOUNTED, status not in UNCOUNTED
    if was_counted != counted and report.employer_id is not None:
        apply_deltas(report_deltas(
            employer_id=report.employer_id, received_on=report.received_on,
            answers=[(a.question_key, a.option) for a in report.answers],
            sign=1 if counted else -1,
        ))
    record("report_status", target=f"report {report.id}", status=status)
    report.status = status
    db.session.commit()
    return report


def redact_more(*, report_id: int, organization_id: int, phrase: str) -> Report:
    """Remove a phrase from the free text for good (the original is not kept)."""
    report = own_report(report_id=report_id, organization_id=organization_id)
    report.what_happened = redact_phrase(report.what_happened, phrase)
    report.one_change = redact_phrase(report.one_change, phrase)
    record("report_redacted", target=f"report {report.id}")
    db.session.commit()
    return report


def approve_quote(*, report_id: int, organization_id: int, approved: bool) -> Report:
    report = own_report(report_id=report_id, organization_id=organization_id)
    report.quote_approved = approved
    record("quote_approved" if approved else "quote_withdrawn", target=f"report {report.id}")
    db.session.commit()
    return report
