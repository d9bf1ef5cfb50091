"""The one intake service: every channel turns its input into a call to `submit_report`."""

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from ..events import ApprovedQuoteLeft
from ..extensions import db
from ..insights.rollups import apply_deltas, count_report, report_deltas
from ..models import (
    Answer,
    Employer,
    MailboxMessage,
    Organization,
    Report,
    ReportStatus,
    Worksite,
)
from ..models.report import UNCOUNTED
from ..registry.linking import worksite_in_city
from ..registry.matching import Band, Resolution, resolve
from ..registry.normalize import normalize_employer_name
from ..storage import forget_history
from ..uow import emit
from .bursts import is_burst
from .collectors import default_organization
from .errors import EmployerToConfirm, InvalidReport
from .receipts import (
    LENGTH,
    hash_idempotency_key,
    hash_receipt,
    new_receipt_code,
    parse_receipt,
)
from .redaction import redact, without_markers
from .validation import (
    MAX_CITY,
    MAX_EMPLOYER_NAME,
    MAX_FREE_TEXT,
    AnswerRows,
    RawAnswer,
    check_answers,
    check_locale_and_channel,
    clean_text,
)

MAX_CODE_ATTEMPTS = 8


@dataclass(frozen=True)
class Receipt:
    code: str  # eight characters, as parse_receipt returns them; only its hash is stored
    employer_matched: bool
    already_received: bool  # a retried submission: nothing new was stored
    # The organization that reads the report (None: none does), for what the worker is told.
    organization_id: int | None = None


def submit_report(
    *,
    channel: str,
    locale: str,
    employer_name: str,
    city: str,
    answers: Mapping[str, RawAnswer],
    what_happened: str | None = None,
    one_change: str | None = None,
    idempotency_key: str | None = None,
    received_on: date | None = None,
    employer_choice: int | None = None,
    organization_id: int | None = None,
    confirm_employer: bool = False,
    held: bool = False,
) -> Receipt:
    """Validate, resolve the employer, add the report with its rollups to the caller's
    transaction (which commits it).

    Deliberately takes nothing that could identify the sender: no address, agent, cookie or
    phone. A repeated `idempotency_key` returns the first report's receipt and stores nothing.
    `employer_choice` is the employer the worker picked among the candidates they were offered;
    with `confirm_employer` (and no choice yet), a name matching is not sure of raises
    EmployerToConfirm with the candidates to offer, and nothing is stored.

    Stored once per key: a concurrent retry under the same `idempotency_key` makes the flush
    raise IntegrityError, and the boundary that runs the request again then finds the first
    (`uow.retry_on_conflict`).

    Without `organization_id`, the default organization (if one is named) collects the report.

    `held`: the channel saw this sender past its limits (per phone, per browser). The report is
    stored all the same, but held: left out of the counts until an organizer releases it. A
    report that belongs to a burst (intake.bursts) is held too. The receipt does not say so:
    the sender is thanked the same way, so a bot learns nothing.
    """
    problems = check_locale_and_channel(locale, channel)
    fields: dict[str, str | None] = {}
    for name, value, limit, multiline in (
        ("employer_name", employer_name, MAX_EMPLOYER_NAME, False),
        ("city", city, MAX_CITY, False),
        ("what_happened", what_happened, MAX_FREE_TEXT, True),
        ("one_change", one_change, MAX_FREE_TEXT, True),
    ):
        try:
            fields[name] = clean_text(value, limit=limit, multiline=multiline)
        except ValueError:
            problems[name] = _l("This is too long.")
    for name in ("employer_name", "city"):
        if name not in problems and not fields.get(name):
            problems[name] = _l("Please fill this in.")
    # What identifies a person (a phone number, an e-mail, an address) is taken out of every
    # field a worker types, not only the stories: a name field is where some put their number.
    for name in fields:
        fields[name] = redact(fields[name])
    name_given = fields.get("employer_name")  # filled in unless there is a problem with it
    if name_given and not normalize_employer_name(without_markers(name_given)):
        problems["employer_name"] = _l("Please write the name of the company.")
    if organization_id is None:
        # Sent with no organization named (the general link, SMS without a keyword): the
        # deployment's default organization collects it, so that someone reads it.
        default = default_organization()
        organization_id = default.id if default else None
    elif db.session.get(Organization, organization_id) is None:
        problems["organization"] = _l("This organization does not exist.")
    rows, answer_problems = check_answers(answers)
    problems.update(answer_problems)
    if problems:
        raise InvalidReport(problems)
    city_given = fields["city"]
    assert name_given and city_given  # both required above

    key_hash = hash_idempotency_key(idempotency_key) if idempotency_key else None
    if idempotency_key and key_hash and (earlier := _find_by_key(key_hash)):
        return Receipt(_code_of(earlier, idempotency_key), earlier.employer_id is not None, True,
                       earlier.organization_id)
    resolution = resolve(without_markers(name_given), without_markers(city_given))
    if confirm_employer and employer_choice is None and resolution.band == Band.CONFIRM:
        raise EmployerToConfirm(resolution.candidates)
    employer, worksite = _employer_of(resolution, city_given, employer_choice)
    code = _unused_receipt_code(idempotency_key)
    day = received_on or datetime.now(UTC).date()
    if not held and employer is not None and current_app.config.get("HOLD_BURSTS", True):
        held = is_burst(employer_id=employer.id, day=day, answers=(
            (key, option) for key, chosen in rows.items() for option, _number in chosen))
    report = _store(channel=channel, locale=locale, employer_name=name_given, city=city_given,
                    what_happened=fields["what_happened"], one_change=fields["one_change"],
                    rows=rows, code=code, received_on=day,
                    key_hash=key_hash, employer=employer, worksite=worksite,
                    organization_id=organization_id, held=held)
    return Receipt(code, report.employer_id is not None, False, report.organization_id)


def find_by_receipt(receipt_code: str) -> Report | None:
    """The report a receipt code (as typed: any case, with or without the dash) belongs to."""
    code = parse_receipt(receipt_code)
    if len(code) != LENGTH:
        return None
    return db.session.scalar(sa.select(Report).where(Report.receipt_hash == hash_receipt(code)))


def delete_report(*, receipt_code: str) -> bool:
    """Erase a report by its receipt code: the report and its answers are gone; the figures of
    a published quarter keep it in their totals (insights.rollups.count_report)."""
    report = find_by_receipt(receipt_code)
    if report is None:
        return False
    erase(report)
    return True


def erase(report: Report) -> None:
    """Delete a report and everything written with it, leaving no copy in the database files
    (storage.forget_history); the caller's boundary commits."""
    if report.status not in UNCOUNTED:
        count_report(report, sign=-1)
    if report.quote_approved:
        emit(ApprovedQuoteLeft())
    # The mailbox goes in the same transaction (the foreign key cascades too; said here so
    # that no engine setting decides it).
    db.session.execute(sa.delete(MailboxMessage).where(MailboxMessage.report_id == report.id))
    db.session.delete(report)
    forget_history()


def _store(*, channel: str, locale: str, employer_name: str, city: str,
           what_happened: str | None, one_change: str | None, rows: AnswerRows, code: str,
           key_hash: str | None, received_on: date, employer: Employer | None,
           worksite: Worksite | None, organization_id: int | None, held: bool) -> Report:
    """Add the report, its answers and (unless it is held) its rollup counts to the session
    and flush."""
    report = Report(
        receipt_hash=hash_receipt(code),
        idempotency_key=key_hash,
        channel=channel,
        locale=locale,
        received_on=received_on,
        counted_on=received_on,
        employer=employer,
        worksite=worksite,
        organization_id=organization_id,
        employer_name_given=employer_name,
        employer_name_normalized=normalize_employer_name(without_markers(employer_name)),
        city_given=city,
        what_happened=what_happened,  # redacted above, like every field
        one_change=one_change,
        status=ReportStatus.HELD if held else ReportStatus.NEW,
    )
    answer_rows = [
        {"question_key": key, "option": option, "value_number": number}
        for key, chosen in rows.items()
        for option, number in chosen
    ]
    db.session.add(report)
    db.session.flush()
    # Core executemany: an ORM object per answer costs more than the rest of intake.
    if answer_rows:
        db.session.connection().execute(
            sa.insert(Answer.__table__), [{**row, "report_id": report.id} for row in answer_rows]
        )
    if held:
        return report
    apply_deltas(
        report_deltas(
            employer_id=report.employer_id,
            organization_id=report.organization_id,
            counted_on=report.counted_on,
            answers=[(key, option) for key, chosen in rows.items() for option, _number in chosen],
        )
    )
    return report


def _unused_receipt_code(submission: str | None) -> str:
    """A code no report has yet: the submission's own (intake.receipts.new_receipt_code)."""
    submission = submission or secrets.token_urlsafe(24)
    for attempt in range(MAX_CODE_ATTEMPTS):
        code = new_receipt_code(submission=submission, attempt=attempt)
        if db.session.scalar(sa.select(Report.id)
                             .where(Report.receipt_hash == hash_receipt(code))) is None:
            return code
    raise RuntimeError("no unused receipt code")  # 31^8 codes: not in this universe


def _code_of(report: Report, submission: str) -> str:
    """The code a retried submission was given the first time (its hash is stored)."""
    for attempt in range(MAX_CODE_ATTEMPTS):
        code = new_receipt_code(submission=submission, attempt=attempt)
        if hash_receipt(code) == report.receipt_hash:
            return code
    return ""  # stored before codes came from the submission: the page shows none


def _find_by_key(key_hash: str) -> Report | None:
    return db.session.scalar(sa.select(Report).where(Report.idempotency_key == key_hash))


def _employer_of(resolution: Resolution, city: str, choice: int | None,
                 ) -> tuple[Employer | None, Worksite | None]:
    """The employer and worksite to link, or (None, None) to leave the name for review.

    Links when matching is sure (AUTO), or when the worker picked one of the candidates that
    matching offered (CONFIRM): a choice that was not offered is ignored.
    """
    picked = None
    if choice is not None and resolution.band != Band.REVIEW:
        picked = next((c for c in resolution.candidates if c.employer_id == choice), None)
    elif resolution.band == Band.AUTO:
        picked = resolution.best
    if picked is None:
        return None, None
    employer = db.session.get(Employer, picked.employer_id)
    if employer is None:  # merged away since matching read the registry: leave it for review
        return None, None
    worksite = db.session.get(Worksite, picked.worksite_id) if picked.worksite_id else None
    return employer, worksite or worksite_in_city(employer, city)
