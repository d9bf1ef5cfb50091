"""The collecting organization's own raw reports as a table, for its editors only.

Raw reports never leave the organization that collected them: the export reads only reports
with its `organization_id`, and only the redacted free text. The receipt code (a worker's key to
their own report) and the idempotency key are never selected, so no slip later can write them.
Every export is written to the audit log with its filters and size.
"""

from collections.abc import Mapping
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from ..audit import record
from ..extensions import db
from ..insights.tables import Column
from ..models import Answer, Employer, Report, User
from ..survey import QUESTIONS, AnswerType, Question
from .redaction import redact
from .review import ReportFilter, excerpt, quote_state, report_conditions


class ExportNotAllowed(Exception):
    """Only an organization's organizers and admins may take its raw reports out."""


def _codes(question: Question) -> str:
    return "; ".join(f"{option.code} = {option.label}" for option in question.options)


def _answer_column(question: Question) -> Column:
    if question.answer_type == AnswerType.INTEGER:
        return Column(question.key, "integer", _l("%(question)s A whole number.",
                                                  question=question.text))
    if question.answer_type == AnswerType.DECIMAL:
        return Column(question.key, "number", _l("%(question)s A number.",
                                                 question=question.text))
    if question.answer_type == AnswerType.MULTI:
        return Column(question.key, "string", _l(
            "%(question)s Answer codes, several separated by semicolons: %(codes)s",
            question=question.text, codes=LazyString(_codes, question)))
    return Column(question.key, "string", _l("%(question)s Answer codes: %(codes)s",
                                             question=question.text,
                                             codes=LazyString(_codes, question)))


REPORT_COLUMNS = (
    Column("report", "integer", _l("The report's number in Worker Voice.")),
    Column("received_on", "date", _l("The day the report came in.")),
    Column("channel", "string", _l("How it came in: web, sms, whatsapp, voice or demo.")),
    Column("locale", "string", _l("The language the worker used (a language code).")),
    Column("status", "string", _l("Review status: new, reviewed, spam or duplicate.")),
    Column("employer_id", "integer",
           _l("The number of the employer the report is matched to; empty when not matched.")),
    Column("employer", "string",
           _l("The employer the report is matched to; empty when not matched.")),
    Column("employer_name_given", "string", _l("The employer's name as the worker wrote it.")),
    Column("city_given", "string", _l("The city as the worker wrote it.")),
    *(_answer_column(question) for question in QUESTIONS),
    Column("what_happened", "string",
           _l("What happened, in the worker's words, with phone numbers, e-mail addresses, "
              "links and street addresses removed.")),
    Column("one_change", "string",
           _l("The one change the worker asked for, with the same details removed.")),
    Column("quote_approved", "boolean",
           _l("Whether your organization approved the words for use beyond it.")),
    Column("quote_decision", "string",
           _l("Your organization's decision on quoting the words: approved, declined or "
              "undecided; empty when the worker wrote none.")),
)
REPORTS_TABLE = _l("reports")


def export_reports(*, user: User, filters: ReportFilter) -> list[dict]:
    """The rows of the user's organization's reports that match the filters, oldest first,
    one column per REPORT_COLUMNS. Raises ExportNotAllowed for a viewer or a non-member."""
    membership = user.membership  # in the organization the user is working in
    if membership is None or not user.can_edit:
        raise ExportNotAllowed
    where = report_conditions(organization_id=membership.organization_id, filters=filters)
    reports = db.session.execute(
        sa.select(Report.id, Report.received_on, Report.channel, Report.locale, Report.status,
                  Report.employer_id, Employer.name, Report.employer_name_given,
                  Report.city_given, Report.what_happened, Report.one_change,
                  Report.quote_approved, Report.quote_decided_on)
        .outerjoin(Employer, Employer.id == Report.employer_id)
        .where(*where).order_by(Report.received_on, Report.id)  # ids are random: no order
    ).all()
    answers = _answers(sa.select(Report.id).where(*where))
    rows = [{
        "report": r.id, "received_on": r.received_on.isoformat(), "channel": r.channel,
        "locale": r.locale, "status": r.status, "employer_id": r.employer_id,
        "employer": r.name, "employer_name_given": r.employer_name_given,
        "city_given": r.city_given,
        **{q.key: _answer(q, answers.get((r.id, q.key), [])) for q in QUESTIONS},
        # Stored redacted already; redacting again costs little and covers rows written
        # before a pattern was added.
        "what_happened": redact(r.what_happened), "one_change": redact(r.one_change),
        "quote_approved": r.quote_approved,
        "quote_decision": quote_state(r.quote_approved, r.quote_decided_on,
                                      excerpt(r.what_happened) or excerpt(r.one_change)),
    } for r in reports]
    record("raw_reports_exported", target=f"{len(rows)} reports", count=len(rows),
           filters=filters.detail())
    return rows


def _answers(report_ids: sa.Select[int],
             ) -> Mapping[tuple[int, str], list[tuple[str, Decimal | None]]]:
    """(report, question) → the stored answer rows (option, number)."""
    found: dict[tuple[int, str], list[tuple[str, Decimal | None]]] = {}
    for report_id, key, option, number in db.session.execute(
            sa.select(Answer.report_id, Answer.question_key, Answer.option, Answer.value_number)
            .where(Answer.report_id.in_(report_ids))):
        found.setdefault((report_id, key), []).append((option, number))
    return found


def _answer(question: Question,
            stored: list[tuple[str, Decimal | None]]) -> str | int | Decimal | None:
    """An option code; a number; or several codes joined in the question's own order."""
    if not stored:
        return None
    if question.is_numeric:
        option, number = stored[0]
        if number is None:
            return option  # a range chosen, not a number given
        return int(number) if question.answer_type == AnswerType.INTEGER else number
    codes = {option for option, _number in stored}
    return ";".join(code for code in question.option_codes() if code in codes)
