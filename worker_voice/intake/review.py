"""The collecting organization's review of its raw reports: status, redaction, quotes.

Every use case checks that the report belongs to the organizer's organization and answers
"not found" otherwise, so a report of another organization looks exactly like no report.
"""

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date

import sqlalchemy as sa

from ..audit import record
from ..clock import utcnow
from ..events import ApprovedQuoteLeft
from ..extensions import db
from ..insights.rollups import count_report
from ..models import (
    Answer,
    Employer,
    MailboxDirection,
    MailboxMessage,
    Membership,
    Report,
    ReportStatus,
)
from ..models.ids import parse_id
from ..models.report import STATUSES, UNCOUNTED
from ..storage import forget_history
from ..survey import CATEGORY_LABELS, QUESTIONS_BY_KEY
from ..uow import emit
from .bursts import burst_reports
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


PAGE_SIZE = 50
QUOTE_QUEUE = "quotes"  # the stories waiting for a decision on quoting
ANSWER_QUEUE = "answers"  # the reports whose worker answered and nobody has read it yet
QUEUES = (QUOTE_QUEUE, ANSWER_QUEUE)
EXCERPT = 140  # characters of a story the list shows


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
    queue: str | None = None  # one of QUEUES, or None

    def detail(self) -> dict:
        """The filters set, as the audit log keeps them."""
        return {name: value.isoformat() if isinstance(value, date) else value
                for name, value in asdict(self).items() if value is not None}


def _has_story() -> sa.ColumnElement[bool]:
    return sa.or_(sa.func.coalesce(Report.what_happened, "") != "",
                  sa.func.coalesce(Report.one_change, "") != "")


def waiting_for_quote() -> list:
    """Counted reports with a story that nobody has approved or declined for quoting yet."""
    return [Report.status.not_in(sorted(UNCOUNTED)), _has_story(),
            Report.quote_approved.is_(False), Report.quote_decided_on.is_(None)]


def with_unread_answer() -> list:
    """Reports with an answer from their worker that nobody of the organization has read
    (intake.mailbox marks answers read when an organizer opens the report)."""
    return [sa.exists().where(MailboxMessage.report_id == Report.id,
                              MailboxMessage.direction == MailboxDirection.FROM_WORKER,
                              MailboxMessage.read_on.is_(None))]


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
    if filters.queue == QUOTE_QUEUE:
        where.extend(waiting_for_quote())
    elif filters.queue == ANSWER_QUEUE:
        where.extend(with_unread_answer())
    return where


# The list's order, newest day first, then by id (random: it says nothing about arrival within
# a day), is walked by keyset: a page starts after or before a (day, id) cursor, so a page
# reads its rows from the index and a report never shows twice or goes missing between pages.

@dataclass(frozen=True)
class Cursor:
    received_on: date
    report_id: int

    def token(self) -> str:
        return f"{self.received_on.isoformat()}.{self.report_id}"

    @classmethod
    def parse(cls, token: str | None) -> "Cursor | None":
        """A cursor from a link; None for anything else (a query string is not trusted)."""
        day, _dot, number = (token or "").partition(".")
        try:
            report_id = parse_id(number) if number == number.strip() else None
            return cls(date.fromisoformat(day), report_id) if report_id is not None else None
        except ValueError:
            return None


def page_starting_at(report: Report) -> Cursor:
    """The cursor (as `after`) of the list page whose first row is this report: ids are
    integers, so nothing lies between this report and one a single id above it."""
    return Cursor(report.received_on, report.id + 1)


def _older(cursor: Cursor) -> sa.ColumnElement[bool]:
    return sa.or_(Report.received_on < cursor.received_on,
                  sa.and_(Report.received_on == cursor.received_on,
                          Report.id < cursor.report_id))


def _newer(cursor: Cursor) -> sa.ColumnElement[bool]:
    return sa.or_(Report.received_on > cursor.received_on,
                  sa.and_(Report.received_on == cursor.received_on,
                          Report.id > cursor.report_id))


NEWEST_FIRST = (Report.received_on.desc(), Report.id.desc())
OLDEST_FIRST = (Report.received_on.asc(), Report.id.asc())


@dataclass(frozen=True)
class ReportRow:
    """One line of the reports list."""

    id: int
    received_on: date
    employer: str
    locale: str
    categories: tuple[str, ...]
    excerpt: str | None
    status: str
    quote: str | None  # approved, declined, undecided; None without a story

    @property
    def cursor(self) -> Cursor:
        return Cursor(self.received_on, self.id)


@dataclass(frozen=True)
class ReportPage:
    rows: list[ReportRow]
    total: int
    newer: Cursor | None  # where the page of newer reports ends, if there is one
    older: Cursor | None  # where the page of older reports starts, if there is one


def excerpt(text: str | None, limit: int = EXCERPT) -> str | None:
    """The start of a story, cut at a word boundary."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text or None
    head = text[:limit + 1]
    cut = head.rsplit(" ", 1)[0] if " " in head else ""
    if len(cut) < limit // 2:  # one very long word: cut inside it
        cut = text[:limit]
    return cut.rstrip(" ,.;:") + "…"


def quote_state(approved: bool, decided_on: date | None, story: str | None) -> str | None:
    """The quoting decision as the list and the export name it: approved, declined or
    undecided; None when the worker wrote no words to quote."""
    if approved:
        return "approved"
    if story is None:
        return None
    return "declined" if decided_on is not None else "undecided"


def _exists(where: list) -> bool:
    return bool(db.session.scalar(sa.select(sa.exists().where(*where))))


def report_page(*, organization_id: int, filters: ReportFilter = ReportFilter(),
                after: Cursor | None = None, before: Cursor | None = None,
                size: int = PAGE_SIZE) -> ReportPage:
    """One page of the organization's reports matching the filters: the newest, or those
    just older than `after`, or just newer than `before`."""
    where = report_conditions(organization_id=organization_id, filters=filters)
    query = (sa.select(Report.id, Report.received_on,
                       sa.func.coalesce(Employer.name, Report.employer_name_given),
                       Report.locale, Report.what_happened, Report.one_change, Report.status,
                       Report.quote_approved, Report.quote_decided_on)
             .outerjoin(Employer, Employer.id == Report.employer_id).where(*where))
    if before is not None:
        found = list(db.session.execute(
            query.where(_newer(before)).order_by(*OLDEST_FIRST).limit(size)))[::-1]
    else:
        found = list(db.session.execute(
            query.where(*([_older(after)] if after else [])).order_by(*NEWEST_FIRST)
            .limit(size)))
    topics: dict[int, set[str]] = {}
    if found:
        for report_id, key in db.session.execute(
                sa.select(Answer.report_id, Answer.question_key).distinct()
                .where(Answer.report_id.in_([row[0] for row in found]))):
            if key in QUESTIONS_BY_KEY:
                topics.setdefault(report_id, set()).add(QUESTIONS_BY_KEY[key].category)
    order = [str(category) for category in CATEGORY_LABELS]
    rows = []
    for (report_id, day, employer, locale, what, change, status, approved, decided) in found:
        story = excerpt(what) or excerpt(change)
        rows.append(ReportRow(
            id=report_id, received_on=day, employer=employer, locale=locale,
            categories=tuple(sorted(topics.get(report_id, ()), key=order.index)),
            excerpt=story, status=status, quote=quote_state(approved, decided, story)))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Report).where(*where))
    newer = rows[0].cursor if rows and _exists([*where, _newer(rows[0].cursor)]) else None
    older = rows[-1].cursor if rows and _exists([*where, _older(rows[-1].cursor)]) else None
    if rows:  # the list shows the (redacted) stories: reading it is audited like a report
        record("raw_reports_listed", reports=len(rows), **filters.detail())
    return ReportPage(rows=rows, total=total or 0, newer=newer, older=older)


def neighbours(*, report: Report, organization_id: int,
               filters: ReportFilter) -> tuple[int | None, int | None]:
    """The reports just before and just after this one in the filtered list (the ids of the
    previous, newer one and the next, older one), found from its place in the order: the
    report itself need not match the filters any more (it may have just left the queue)."""
    where = report_conditions(organization_id=organization_id, filters=filters)
    here = Cursor(report.received_on, report.id)
    previous = db.session.scalar(sa.select(Report.id).where(*where, _newer(here))
                                 .order_by(*OLDEST_FIRST).limit(1))
    following = db.session.scalar(sa.select(Report.id).where(*where, _older(here))
                                  .order_by(*NEWEST_FIRST).limit(1))
    return previous, following


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


def set_status(*, report_id: int, organization_id: int, status: str,
               audited: bool = True) -> Report:
    """Mark a report; spam and duplicates leave the rollups, and come back if unmarked.
    `audited=False` when the caller records the change itself (set_statuses, in one entry)."""
    if status not in STATUSES:
        raise ValueError(status)
    report = own_report(report_id=report_id, organization_id=organization_id)
    was_counted, counted = report.status not in UNCOUNTED, status not in UNCOUNTED
    if was_counted != counted:
        count_report(report, sign=1 if counted else -1)
    if report.quote_approved and not counted:
        emit(ApprovedQuoteLeft())
    if audited:
        record("report_status", target=f"report {report.id}", status=status)
    report.status = ReportStatus(status)
    return report


def set_statuses(*, report_ids: Iterable[int], organization_id: int, status: str) -> int:
    """Mark several reports at once, each as `set_status` marks one (so the rollups follow);
    ids of reports the organization did not collect are ignored. Returns how many changed;
    the audit log keeps one entry for them all."""
    if status not in STATUSES:
        raise ValueError(status)
    changing = sorted(db.session.scalars(sa.select(Report.id).where(
        Report.organization_id == organization_id, Report.id.in_(set(report_ids)),
        Report.status != status)))
    for report_id in changing:
        set_status(report_id=report_id, organization_id=organization_id, status=status,
                   audited=False)
    record("reports_status", target=f"{len(changing)} reports", status=status,
           reports=changing)
    return len(changing)


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
    """Decide on quoting a report's story beyond the organization: approve it, or decline it
    (withdraw an approval). Either way the story leaves the quote queue."""
    report = own_report(report_id=report_id, organization_id=organization_id)
    was_approved = report.quote_approved
    if was_approved and not approved:
        emit(ApprovedQuoteLeft())
    report.quote_approved = approved
    report.quote_decided_on = utcnow().date()
    record("quote_approved" if approved else "quote_withdrawn" if was_approved
           else "quote_declined", target=f"report {report.id}")
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
