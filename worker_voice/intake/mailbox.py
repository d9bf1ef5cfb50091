"""The mailbox behind a receipt code: the collecting organization asks a report's author a
question, and the worker reads and answers it with the code, on the web or by SMS.

A message belongs to its report and goes with it (intake.service.erase). The worker's words are
redacted like a story's; an organizer's are stored as written. Who wrote on the organization's
side is in the audit log, and so is every time an organizer reads a mailbox, never the words.
Nothing records when a worker read or answered beyond the day of the answer: a time could tie a
worker to a moment. A channel finds the report only with `find_by_receipt`, and counts wrong
codes itself (the web per browser, SMS per phone).
"""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..audit import record
from ..extensions import db
from ..models import MailboxDirection, MailboxMessage, Organization, Report
from .errors import IntakeError
from .redaction import redact
from .review import own_report
from .service import find_by_receipt
from .validation import clean_text

MAX_MESSAGE = 1000  # characters


class InvalidMessage(IntakeError):
    """Empty or too long; `problem` is a lazy message for the person who wrote it."""

    def __init__(self, problem: str):
        super().__init__(str(problem))
        self.problem = problem


class NothingToAnswer(IntakeError):
    """The worker may answer once the organization has written: the mailbox is for its
    questions, not a second way to send reports."""


@dataclass(frozen=True)
class WorkerMailbox:
    """What the worker sees behind the code: who reads the report, and the messages."""

    report_id: int
    organization_name: str | None
    messages: list[MailboxMessage]

    @property
    def can_answer(self) -> bool:
        return any(m.direction == MailboxDirection.TO_WORKER for m in self.messages)


def messages_of(report_id: int) -> list[MailboxMessage]:
    """A report's messages, oldest first."""
    return list(db.session.scalars(sa.select(MailboxMessage).where(
        MailboxMessage.report_id == report_id).order_by(MailboxMessage.number)))


def read_mailbox(*, report_id: int, organization_id: int, today: date) -> list[MailboxMessage]:
    """The messages of one of the organization's reports (ReportNotFound otherwise), for an
    organizer; the worker's answers not read before are marked read today. A read of a
    mailbox with messages is written to the audit log."""
    report = own_report(report_id=report_id, organization_id=organization_id)
    messages = messages_of(report.id)
    for message in messages:
        if message.direction == MailboxDirection.FROM_WORKER and message.read_on is None:
            message.read_on = today
    if messages:
        record("mailbox_read", target=f"report {report.id}", messages=len(messages))
    return messages


def send_to_worker(*, report_id: int, organization_id: int, text: str,
                   today: date) -> MailboxMessage:
    """An organizer's message to the author of one of the organization's reports; the
    organizer who sent it is in the audit log, not on the message."""
    report = own_report(report_id=report_id, organization_id=organization_id)
    message = _add(report, organization_id, MailboxDirection.TO_WORKER, _clean(text), today)
    record("mailbox_sent", target=f"report {report.id}", number=message.number)
    return message


def mailbox_by_receipt(*, receipt_code: str) -> WorkerMailbox | None:
    """The mailbox a receipt code opens, or None for a wrong code (the channel counts it)."""
    report = find_by_receipt(receipt_code)
    if report is None:
        return None
    organization = (db.session.get(Organization, report.organization_id)
                    if report.organization_id is not None else None)
    return WorkerMailbox(report_id=report.id,
                         organization_name=organization.name if organization else None,
                         messages=messages_of(report.id))


def answer_by_receipt(*, receipt_code: str, text: str, today: date) -> MailboxMessage | None:
    """The worker's answer, redacted like a story; None for a wrong code. The same answer sent
    again right after it is not stored twice. Raises InvalidMessage, or NothingToAnswer before
    the organization has written."""
    report = find_by_receipt(receipt_code)
    if report is None:
        return None
    asked = db.session.scalar(sa.select(MailboxMessage.organization_id).where(
        MailboxMessage.report_id == report.id,
        MailboxMessage.direction == MailboxDirection.TO_WORKER).limit(1))
    if asked is None:
        raise NothingToAnswer
    redacted = redact(_clean(text)) or ""
    last = db.session.scalar(sa.select(MailboxMessage).where(
        MailboxMessage.report_id == report.id).order_by(MailboxMessage.number.desc()).limit(1))
    if (last is not None and last.direction == MailboxDirection.FROM_WORKER
            and last.text == redacted and last.sent_on == today):
        # The same answer again, nothing between: a retried request or a second tap on a slow
        # connection. Stored once.
        return last
    return _add(report, asked, MailboxDirection.FROM_WORKER, redacted, today)


def _clean(text: str | None) -> str:
    try:
        cleaned = clean_text(text, limit=MAX_MESSAGE, multiline=True)
    except ValueError:
        raise InvalidMessage(_l("This is too long.")) from None
    if not cleaned:
        raise InvalidMessage(_l("Please write your message."))
    return cleaned


def _add(report: Report, organization_id: int, direction: MailboxDirection, text: str,
         today: date) -> MailboxMessage:
    last = db.session.scalar(sa.select(sa.func.max(MailboxMessage.number)).where(
        MailboxMessage.report_id == report.id))
    message = MailboxMessage(report_id=report.id, number=(last or 0) + 1,
                             organization_id=organization_id, direction=direction, text=text,
                             sent_on=today)
    db.session.add(message)
    db.session.flush()
    return message
