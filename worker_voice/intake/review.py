"""The collecting organization's review of its raw reports: status, redaction, quotes.

Every use case checks that the report belongs to the organizer's organization and answers
"not found" otherwise, so a report of another organization looks exactly like no report.
"""

from dataclasses import asdict, dataclass
from datetime import date

import sqlalchemy as sa

from ..audit import record
from ..events import ApprovedQuoteLeft
from ..extensions import db
from ..insights.rollups import count_report
from ..models import Answer, Employer, Membership, Report, ReportStatus
from ..models.report import STATUSES, UNCOUNTED
from ..storage import forget_history
from ..survey import QUESTIONS_BY_KEY
from ..uow import emit
from .bursts import MIN_BURST, burst_reports, held_bursts
from .redaction import redact_phrase
from .validation import CHANNELS


class ReportNotFound(Exception):
    pass


def own_report(*, report_id: int, organization_id: int) -> Report:
    report = db.session.scalar(sa.select(Report).where(
        Report.id == report_id, Report.organization_id == organization_id))
    if report is None:
        raise ReportNotFound
    return report


PAGE = 100


@dataclass(frozen=True)
class ReportFilter:
    """The reports page's filters (its export uses the same); None: any."""

    status: str | None = None
    employer_id: int | None = None
    locale: str | None = None
    channel: str | None = None
    category: str | None = None
    start: date | None = None
    end: date | None = None

    def detail(self) -> dict:
        """The filters set, as the audit log keeps them."""
        return {name: value.isoformat() if isinstance(value, date) else value
                for name, value in asdict(self).items() if value is not None}


def report_conditions(*, organization_id: int, filters: ReportFilter) -> list:
    """The organization's own reports that match the filters, as WHERE terms."""
    where = [Report.organization_id == organization_id]
    if filters.status in STATUSES:
        where.append(Report.status == filters.status)
    if filters.employer_id is not None:
        where.append(Report.employer_id == filters.employer_id)
    if filters.locale:
        where.append(Report.locale == filters.locale)
    if filters.channel:  # an unknown channel matches no report
        where.append(Report.channel == filters.channel if filters.channel in CHANNELS
                     else sa.false())
    if filters.start:
        where.append(Report.received_on >= filters.start)
    if filters.end:
        where.append(Report.received_on <= filters.end)
    if filters.category:
        keys = [key for key, q in QUESTIONS_BY_KEY.items() if q.category == filters.category]
        where.append(sa.exists().where(Answer.report_id == Report.id,
                                       Answer.question_key.in_(keys)))
    return where


def own_reports(*, organization_id: int, filters: ReportFilter = ReportFilter()) -> list[Report]:
    """The organization's raw reports, newest day first, narrowed by the filters given.

    Within a day the order is the ids' (random), which says nothing about arrival."""
    return list(db.session.scalars(
        sa.select(Report).where(*report_conditions(organization_id=organization_id,
                                                   filters=filters))
        .order_by(Report.received_on.desc(), Report.id).limit(PAGE)))


def reporting_employers(*, organization_id: int) -> list[tuple[int, str]]:
    """The employers named in the organization's reports, for its filters."""
    return [(employer_id, name) for employer_id, name in db.session.execute(
        sa.select(Employer.id, Employer.name).join(Report, Report.employer_id == Employer.id)
        .where(Report.organization_id == organization_id).distinct().order_by(Employer.name)
    )]


def view_report(*, report_id: int, organization_id: int) -> Report:
    """A raw report for reading; the view is written to the audit log."""
    report = own_report(report_id=report_id, organization_id=organization_id)
    record("raw_report_viewed", target=f"report {report.id}")
    return report


def set_status(*, report_id: int, organization_id: int, status: str) -> Report:
    """Mark a report; spam and duplicates leave the rollups, and come back if unmarked."""
    if status not in STATUSES:
        raise ValueError(status)
    report = own_report(report_id=report_id, organization_id=organization_id)
    was_counted, counted = report.status not in UNCOUNTED, status not in UNCOUNTED
    if was_counted != counted:
        count_report(report, sign=1 if counted else -1)
    if report.quote_approved and not counted:
        emit(ApprovedQuoteLeft())
    record("report_status", target=f"report {report.id}", status=status)
    report.status = ReportStatus(status)
    return report


def redact_more(*, report_id: int, organization_id: int, phrase: str) -> Report:
    """Remove a phrase from the free text for good (the original is not kept)."""
    report = own_report(report_id=report_id, organization_id=organization_id)
    report.what_happened = redact_phrase(report.what_happened, phrase)
    report.one_change = redact_phrase(report.one_change, phrase)
    forget_history()  # the words removed stay in no earlier version of the row
    if report.quote_approved:
        emit(ApprovedQuoteLeft())
    record("report_redacted", target=f"report {report.id}")
    return report


def approve_quote(*, report_id: int, organization_id: int, approved: bool) -> Report:
    report = own_report(report_id=report_id, organization_id=organization_id)
    if report.quote_approved and not approved:
        emit(ApprovedQuoteLeft())
    report.quote_approved = approved
    record("quote_approved" if approved else "quote_withdrawn", target=f"report {report.id}")
    return report


def decide_burst(*, organization_id: int, employer_id: int | None, employer_name: str | None,
                 first: date, last: date, release: bool) -> int:
    """Release (count) or reject (mark as spam) every held report of one burst at once; returns
    how many. Released reports are counted like a report linked after its quarter was
    published: on the day of release if that quarter is published (insights.rollups), so no
    published figure moves."""
    held = burst_reports(organization_id=organization_id, employer_id=employer_id,
                         employer_name=employer_name, first=first, last=last)
    if not held:
        raise ReportNotFound
    for report in held:
        if release:
            count_report(report, sign=1)
        report.status = ReportStatus.REVIEWED if release else ReportStatus.SPAM
    record("burst_released" if release else "burst_rejected",
           target=f"employer {employer_id}" if employer_id is not None else "unmatched name",
           first=first.isoformat(), last=last.isoformat(), reports=len(held))
    return len(held)


def start_visit(*, membership: Membership, today: date) -> str | None:
    """A sign-in starts a visit: returns the day the member's last visit began (ISO; reports
    received since then count as new on this visit) and remembers today."""
    before = membership.last_visit_on
    membership.last_visit_on = today
    return before.isoformat() if before else None


def home_overview(*, organization_id: int, last_visit_on: date | None) -> dict:
    """What an organizer's home page shows: reports received since the day the last visit
    began (a day: nothing orders reports within one), stories waiting for a decision, names to
    match, the employers of the latest reports and the held bursts waiting for a decision."""
    org = organization_id
    since = [Report.received_on >= last_visit_on] if last_visit_on else []
    new = db.session.scalar(sa.select(sa.func.count()).select_from(Report).where(
        Report.organization_id == org, *since))
    recent = db.session.execute(
        sa.select(Employer.id, Employer.name).join(Report, Report.employer_id == Employer.id)
        .where(Report.organization_id == org)
        .group_by(Employer.id, Employer.name)
        .order_by(sa.func.max(Report.received_on).desc(), Employer.name).limit(5)
    ).all()
    quotes = db.session.scalar(sa.select(sa.func.count()).select_from(Report).where(
        Report.organization_id == org, Report.quote_approved.is_(False),
        Report.status.not_in(sorted(UNCOUNTED)),
        sa.or_(Report.what_happened.is_not(None), Report.one_change.is_not(None))))
    unmatched = db.session.scalar(sa.select(sa.func.count(sa.distinct(
        Report.employer_name_normalized))).where(Report.employer_id.is_(None),
                                                 Report.organization_id == org))
    return {"new": new, "recent": recent, "quotes": quotes, "unmatched": unmatched,
            "bursts": held_bursts(organization_id=org), "burst_min": MIN_BURST}
