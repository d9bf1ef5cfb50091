"""Topics added to a report after its core: a worker who sent the core may answer more within a
day, by SMS in the same conversation, or on the web with the receipt code.

Answers are only ever added, to questions the report has not answered, and only while the quarter
the report is counted in is still open: a published quarter's figures never move.
"""

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa

from ..extensions import db
from ..insights.periods import open_quarter
from ..insights.rollups import apply_deltas, report_deltas
from ..models import Answer, Report
from ..models.report import UNCOUNTED
from ..survey import QUESTIONS_BY_KEY, AnswerType
from .errors import InvalidReport
from .receipts import hash_receipt, parse_receipt
from .validation import Accepted, RawAnswer, check_answers

# How long after sending a worker may add topics: received_on is a day (no time is kept), so
# "within 24 hours" is the day it arrived and the next.
ADD_FOR_DAYS = 1


class TooLateToAdd(Exception):
    """The report can take no more answers (too old, or its quarter was published)."""


def report_open_for_answers(*, receipt_code: str, today: date) -> Report | None:
    """The report a receipt code names, if it may still take answers; None otherwise (no such
    report looks like one that is too old: a code guessed teaches nothing)."""
    code = parse_receipt(receipt_code)
    report = db.session.scalar(sa.select(Report).where(Report.receipt_hash == hash_receipt(code)))
    if report is None or not _open(report, today):
        return None
    return report


def _open(report: Report, today: date) -> bool:
    return (report.received_on >= today - timedelta(days=ADD_FOR_DAYS)
            and report.counted_on >= open_quarter())


def stored_answers(report: Report) -> dict[str, Accepted]:
    """The report's answers as Question.accept would give them, keyed by question."""
    by_key: dict[str, list[Answer]] = {}
    for answer in report.answers:
        by_key.setdefault(answer.question_key, []).append(answer)
    accepted: dict[str, Accepted] = {}
    for key, rows in by_key.items():
        question = QUESTIONS_BY_KEY.get(key)
        if question is None:
            continue
        if question.is_numeric:
            if rows[0].value_number is not None:
                accepted[key] = Decimal(rows[0].value_number)
        elif question.answer_type == AnswerType.MULTI:
            accepted[key] = tuple(row.option for row in rows)
        else:
            accepted[key] = rows[0].option
    return accepted


def add_answers(*, report: Report, answers: Mapping[str, RawAnswer], today: date) -> int:
    """Add answers to questions the report has not answered; returns how many questions were
    added. Raises InvalidReport (answers refused, with reasons) or TooLateToAdd; the caller's
    boundary commits."""
    if not _open(report, today):
        raise TooLateToAdd
    earlier = stored_answers(report)
    answered = {answer.question_key for answer in report.answers}
    new = {key: value for key, value in answers.items() if key not in answered}
    rows, problems = check_answers(new, earlier=earlier)
    if problems:
        raise InvalidReport(problems)
    if not rows:
        return 0
    db.session.connection().execute(sa.insert(Answer.__table__), [
        {"report_id": report.id, "question_key": key, "option": option, "value_number": number}
        for key, chosen in rows.items() for option, number in chosen])
    db.session.expire(report, ["answers"])
    if report.status not in UNCOUNTED and not report.kept_in_published:
        apply_deltas(report_deltas(
            employer_id=report.employer_id, organization_id=report.organization_id,
            counted_on=report.counted_on, whole_report=False,
            answers=[(key, option) for key, chosen in rows.items() for option, _n in chosen]))
    return len(rows)

