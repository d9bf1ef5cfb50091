"""The SMS use cases: one inbound message, and the sweep of abandoned conversations.

The phone number is turned into a keyed pseudonym as soon as it arrives and never stored; each
inbound message is processed once (a retried delivery changes nothing and is answered with
nothing: no reply is stored, since replies carry receipt codes); everything a message changes is
committed together, and replies leave only after that commit. When a conversation ends, nothing
of it is left: its row is deleted (from an UNLOGGED table on PostgreSQL; on SQLite the WAL is
truncated after the commit, `storage.forget_history`) and Twilio's copies of its messages are
deleted (`forget`).

In core mode (SURVEY_MODE) the report is submitted after the core and the story, and the
conversation goes on with the topics (modules) a worker may add: the conversation keeps the
report's id until it ends, and each module's answers are added to that report (`add_answers`).
"""

import hashlib
import hmac
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from babel.dates import format_date
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite

from ...extensions import db
from ...help_entries import help_for_report, reach
from ...intake import (
    InvalidReport,
    Receipt,
    TooLateToAdd,
    add_answers,
    default_organization,
    delete_report,
    find_by_receipt,
    submit_report,
)
from ...intake.mailbox import (
    InvalidMessage,
    NothingToAnswer,
    answer_by_receipt,
    mailbox_by_receipt,
)
from ...intake.receipts import display_receipt
from ...models import (
    Channel,
    MailboxDirection,
    Organization,
    Report,
    SmsConversation,
    SmsDelivery,
    SmsOptOut,
)
from ...registry.matching import Band, resolve
from ...registry.normalize import normalize_employer_name
from ...storage import forget_history
from ...survey.plan import MODULES, SurveyMode, first_questions, survey_mode
from . import limits
from . import texts as t
from .engine import (
    Addition,
    Collector,
    Draft,
    EmployerGuess,
    State,
    Survey,
    advance,
    pending,
)
from .forget import forget_messages, retry_pending
from .joining import ContactDraft
from .segments import smart_encode

IDLE_AFTER = timedelta(hours=24)
KEEP_DELIVERIES = timedelta(days=2)
# Wrong receipt codes one phone may send with DELETE in a day; after that every DELETE gets the
# wrong code's answer, unchecked, so that codes cannot be guessed by SMS.
WRONG_CODES_PER_DAY = 5
ERASE = "erase"
# The organization's messages a CHECK shows, the latest ones (the web page shows them all).
MAILBOX_SHOWN = 3
# Conversations one phone may start in a day (asked for an employer: after a greeting, the
# language menu or NEW). Past it the phone is thanked once, then answered with nothing that day.
# SMS_CONVERSATIONS_PER_DAY in the config overrides it.
CONVERSATIONS_PER_DAY = 5
CONVERSATION = "conversation"
# Reports about one employer one phone may add to the counts in a day; later ones are stored
# held (intake.bursts), for an organizer to release. The purpose names the employer, so its
# counter key is a keyed hash of phone and employer (limits.counter_key).
COUNTED_PER_EMPLOYER = 1
# Inbound message ids a running conversation keeps for deletion at its end; past this (a phone
# that keeps texting HELP) they are deleted at once, so the row stays small.
KEEP_SIDS = 40


def pseudonym(value: str, key: str) -> str:
    """HMAC-SHA256 of a phone number (or a message id) under PHONE_HASH_KEY."""
    return hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()


def split_sender(sender: str) -> tuple[str, str]:
    """('whatsapp' | 'sms', E.164 number) from Twilio's From field."""
    if sender.startswith("whatsapp:"):
        return "whatsapp", sender.removeprefix("whatsapp:").strip()
    return "sms", sender.strip()


def conversation_survey() -> Survey:
    def guess(name: str, city: str) -> EmployerGuess | None:
        resolution = resolve(name, city)
        if resolution.band == Band.REVIEW or resolution.best is None:
            return None
        best = resolution.best
        return EmployerGuess(best.name, resolution.band == Band.AUTO, best.employer_id)

    def organization_for(word: str) -> Collector | None:
        row = db.session.execute(sa.select(Organization.id, Organization.name)
                                 .where(Organization.sms_keyword == word.upper())).first()
        return Collector(row.id, row.name) if row else None

    def contact_for(organization_id: int | None) -> tuple[str, str] | None:
        if organization_id is None:
            default = default_organization()
            organization_id = default.id if default is not None else None
        return reach(organization_id)

    def reader_for(organization_id: int | None) -> str:
        reader = (db.session.get(Organization, organization_id) if organization_id is not None
                  else default_organization())
        return reader.name if reader is not None else current_app.config["OPERATOR_NAME"]

    mode = survey_mode()
    return Survey(questions=first_questions(mode), reader_for=reader_for,
                  modules=MODULES if mode == SurveyMode.CORE else (),
                  smart_encoding=bool(current_app.config.get("SMS_SMART_ENCODING", True)),
                  guess_employer=guess, operator=current_app.config["OPERATOR_NAME"],
                  organization_for=organization_for, contact_for=contact_for)


@dataclass(frozen=True)
class Inbound:
    replies: list[str]
    repeated: bool  # a retried delivery: answered the first time, answered with nothing now
    locale: str | None = None  # the language of the replies (for smart encoding)
    # A request to be contacted, for the webhook to store with the sender's number (which this
    # service never sees) and to answer (channels/sms/contact_requests.py).
    contact: ContactDraft | None = None
    opt_out: bool = False  # STOP: the webhook ends the phone's contact requests' messages too
    opt_in: bool = False  # START: and brings them back


# Every message runs these, so they are built once; each request only binds its values.
_DELIVERIES, _CONVERSATIONS = SmsDelivery.__table__, SmsConversation.__table__
_CLAIM = {  # a retry of a claimed message changes nothing and returns no row
    dialect: insert(_DELIVERIES).on_conflict_do_nothing(index_elements=["message_hash"])
    .returning(_DELIVERIES.c.message_hash)
    for dialect, insert in (("postgresql", postgresql.insert), ("sqlite", sqlite.insert))}
_OPTED_OUT = sa.exists().where(SmsOptOut.phone_hash == sa.bindparam("phone"))
_STATE = (sa.select(_CONVERSATIONS.c.state, _CONVERSATIONS.c.message_sids, _OPTED_OUT)
          .where(_CONVERSATIONS.c.phone_hash == sa.bindparam("phone"))
          .with_for_update(of=_CONVERSATIONS))
_ONLY_OPTED_OUT = sa.select(_OPTED_OUT)
_UPDATE_STATE = (sa.update(_CONVERSATIONS)
                 .where(_CONVERSATIONS.c.phone_hash == sa.bindparam("phone"))
                 .values(state=sa.bindparam("new_state"), message_sids=sa.bindparam("sids"),
                         updated_at=sa.bindparam("at")))
_INSERT_STATE = sa.insert(_CONVERSATIONS)
_DELETE_STATE = sa.delete(_CONVERSATIONS).where(
    _CONVERSATIONS.c.phone_hash == sa.bindparam("phone"))


def handle_inbound(
    *, phone_hash: str, channel: str, text: str, message_hash: str,
    message_sid: str | None = None, now: datetime | None = None
) -> Inbound:
    """Process one inbound message once; return the replies to send once the caller's
    transaction commits. `message_sid` (Twilio's id) is kept with the conversation until it
    ends, then the message is deleted at Twilio.

    This runs for every message, so it speaks SQL Core: three or four statements.
    """
    now = now or datetime.now(UTC)
    connection = db.session.connection()
    # Claim the message first: a concurrent retry of it waits here for this one to commit, and
    # a retry finds it claimed and is answered with nothing.
    claimed = connection.execute(_CLAIM[connection.dialect.name], {
        "message_hash": message_hash, "received_on": now.date()}).first()
    if claimed is None:
        return Inbound([], repeated=True)

    # One round trip while a conversation runs: its state (locked), its messages and the
    # opt-out flag.
    row = connection.execute(_STATE, {"phone": phone_hash}).first()
    if row is None:
        stored_state, stored_sids = None, []
        opted_out = connection.scalar(_ONLY_OPTED_OUT, {"phone": phone_hash})
    else:
        stored_state, stored_sids, opted_out = row
    sids = [*stored_sids, message_sid] if message_sid else list(stored_sids)
    if len(sids) > KEEP_SIDS:
        forget_messages(sids)
        sids = []
    state = State.from_dict(stored_state) if stored_state is not None else None
    survey = conversation_survey()
    outcome = advance(state, text, survey)
    replies = list(outcome.replies)
    new_state = None if outcome.opt_out else outcome.state
    if opted_out and not outcome.opt_in:
        replies, new_state = [], state  # nothing, of any kind, until START
    elif outcome.opt_out:
        db.session.add(SmsOptOut(phone_hash=phone_hash, since=now.date()))
    else:
        if outcome.opt_in:
            connection.execute(sa.delete(SmsOptOut.__table__)
                               .where(SmsOptOut.phone_hash == phone_hash))
        locale = outcome.locale or (outcome.state or state or State()).locale or "en"
        if outcome.submit:
            submitted, report_id = _submit(outcome.submit, channel=channel,
                                           phone_hash=phone_hash, day=now.date())
            replies = [*submitted, *replies]  # the receipt first, then the module menu
            # Kept only while the conversation runs (the row goes when it ends).
            new_state = (replace(new_state, report=report_id)
                         if new_state is not None and report_id is not None else None)
        if outcome.add is not None:
            _add(outcome.add, day=now.date())
        if outcome.delete_code is not None:
            replies.append(_erase(phone_hash=phone_hash, code=outcome.delete_code,
                                  locale=locale, day=now.date()))
        if outcome.check is not None:
            replies.extend(_check(phone_hash=phone_hash, code=outcome.check[0],
                                  answer=outcome.check[1], locale=locale, day=now.date()))
        if (outcome.delete_code or outcome.check) and message_sid and message_sid in sids:
            # It holds a receipt code: it leaves Twilio now, not at the end. (Not in `sids`:
            # it overflowed them and went with them above.)
            forget_messages([message_sid])
            sids.remove(message_sid)
    if not outcome.opt_out and not outcome.opt_in and not opted_out:
        replies, new_state = _daily_cap(phone_hash=phone_hash, day=now.date(), replies=replies,
                                        running=stored_state is not None, state=state,
                                        outcome_state=new_state,
                                        deleting=bool(outcome.delete_code or outcome.check))
    if new_state is None:
        # No conversation goes on: what it left behind goes, here and at Twilio.
        forget_messages(sids)
        if stored_state is not None:
            connection.execute(_DELETE_STATE, {"phone": phone_hash})
            forget_history()
    elif stored_state is None:
        connection.execute(_INSERT_STATE, {"phone_hash": phone_hash, "channel": channel,
                                           "state": new_state.to_dict(), "message_sids": sids,
                                           "updated_at": now})
    elif new_state != state or sids != stored_sids:
        connection.execute(_UPDATE_STATE, {"phone": phone_hash, "new_state": new_state.to_dict(),
                                           "sids": sids, "at": now})
    shown = new_state or outcome.state or state
    asked = outcome.contact if not opted_out and not outcome.opt_out else None
    return Inbound(replies, repeated=False,
                   locale=(shown.locale if shown else None) or outcome.locale, contact=asked,
                   opt_out=outcome.opt_out, opt_in=outcome.opt_in)


def wire_replies(inbound: Inbound, *, channel: str) -> list[str]:
    """The replies as they leave (TwiML or the gateway): on SMS, with SMS_SMART_ENCODING, in
    GSM-7 where the language reads well without the accents it lacks (segments.smart_encode).
    Nothing stored or logged changes; WhatsApp has no segments and keeps every accent."""
    if channel != "sms" or not current_app.config.get("SMS_SMART_ENCODING", True):
        return list(inbound.replies)
    return [smart_encode(reply, inbound.locale) for reply in inbound.replies]


def _daily_cap(*, phone_hash: str, day: date, replies: list[str], running: bool,
               state: State | None, outcome_state: State | None, deleting: bool,
               ) -> tuple[list[str], State | None]:
    """The replies and state once the phone's daily cap on conversations is applied.

    A phone past the cap is answered with nothing and keeps no state (DELETE still works: a
    worker may always take a report back). The conversation that goes past it is thanked once,
    in its language, and dropped."""
    cap = int(current_app.config.get("SMS_CONVERSATIONS_PER_DAY", CONVERSATIONS_PER_DAY))
    if not running and not deleting and limits.count_of(
            phone_hash=phone_hash, purpose=CONVERSATION, day=day) > cap:
        return [], None
    starts = (outcome_state is not None and outcome_state.step == "employer"
              and (state is None or state.step != "employer"))
    if starts and limits.count_one(phone_hash=phone_hash, purpose=CONVERSATION,
                                   day=day) > cap:
        assert outcome_state is not None
        return [t.say(outcome_state.locale or "en", t.TOO_MANY_TODAY)], None
    return replies, outcome_state


def _erase(*, phone_hash: str, code: str, locale: str, day: date) -> str:
    """Delete the report with this receipt code, unless this phone already sent too many wrong
    codes today: then the answer is the wrong code's, and nothing is looked up. DELETE alone
    is told how, and is no wrong code."""
    if not code:
        return t.say(locale, t.DELETE_HOW)
    tried = limits.count_one(phone_hash=phone_hash, purpose=ERASE, day=day)
    if tried <= WRONG_CODES_PER_DAY and delete_report(receipt_code=code):
        limits.take_back(phone_hash=phone_hash, purpose=ERASE, day=day)  # a right code is free
        forget_history()
        return t.say(locale, t.DELETED, code=code)
    return t.say(locale, t.NOT_FOUND, code=code)


def _check(*, phone_hash: str, code: str, answer: str | None, locale: str,
           day: date) -> list[str]:
    """CHECK: the organization's messages about the report with this receipt code (the last
    few), or the worker's answer to them. Wrong codes count toward DELETE's daily limit: the
    two together cannot guess more codes than DELETE alone."""
    if limits.count_one(phone_hash=phone_hash, purpose=ERASE, day=day) > WRONG_CODES_PER_DAY:
        return [t.say(locale, t.NOT_FOUND, code=code)]
    mailbox = mailbox_by_receipt(receipt_code=code)
    if mailbox is None:
        return [t.say(locale, t.NOT_FOUND, code=code)]
    limits.take_back(phone_hash=phone_hash, purpose=ERASE, day=day)  # a right code is free
    shown = display_receipt(code)
    if answer is not None:
        try:
            answer_by_receipt(receipt_code=code, text=answer, today=day)
        except NothingToAnswer:
            return [t.say(locale, t.MAILBOX_EMPTY, code=shown)]
        except InvalidMessage as error:
            return [t.say(locale, error.problem)]
        return [t.say(locale, t.MAILBOX_ANSWERED)]
    asked = [m for m in mailbox.messages if m.direction == MailboxDirection.TO_WORKER]
    if not asked:
        return [t.say(locale, t.MAILBOX_EMPTY, code=shown)]
    return [*(t.say(locale, t.MAILBOX_MESSAGE, day=format_date(m.sent_on, locale=locale),
                    message=m.text) for m in asked[-MAILBOX_SHOWN:]),
            t.say(locale, t.MAILBOX_HOW_TO_ANSWER, code=shown)]


def _add(addition: Addition, *, day: date) -> None:
    """Add a module's answers to the report the conversation submitted. A report deleted
    meanwhile, or whose quarter closed, gets nothing; an answer refused is left out."""
    report = db.session.get(Report, addition.report)
    answers = dict(addition.answers)
    while report is not None and answers:
        try:
            add_answers(report=report, answers=answers, today=day)
            return
        except TooLateToAdd:
            return
        except InvalidReport as error:
            kept = {k: v for k, v in answers.items() if k not in error.problems}
            if kept == answers:
                return
            answers = kept


def _submit(draft: Draft, *, channel: str, phone_hash: str,
            day: date) -> tuple[list[str], int | None]:
    """Submit a finished conversation; returns the thank-you reply with the receipt, where to
    get help (help_entries: what fits this report), the mailbox and JOIN, and the report's id."""
    receipt = submit_draft(draft, channel=channel, phone_hash=phone_hash, day=day)
    site = t.site_address(current_app.config.get("PUBLIC_BASE_URL"))
    code = display_receipt(receipt.code)
    replies = [t.thanks(draft.locale, code=code, site=site)]
    report = find_by_receipt(receipt.code)
    if report is not None:
        places: list[tuple[object, str]] = [(place.name, place.sms_reach)
                  for place in help_for_report(report, locale=draft.locale)]
        if (helped := t.help_after(draft.locale, places)) is not None:
            replies.append(helped)
    replies.append(t.say(draft.locale, t.AFTER_REPORT, code=code))
    return replies, report.id if report is not None else None


def _employer_key(draft: Draft) -> str:
    """The employer a draft is about, as the per-phone counter knows it: the employer matching
    would link, else the name as matching normalizes it."""
    if draft.employer_choice is not None:
        return f"employer:{draft.employer_choice}"
    resolution = resolve(draft.employer_name, draft.city)
    if resolution.band == Band.AUTO and resolution.best is not None:
        return f"employer:{resolution.best.employer_id}"
    return f"name:{normalize_employer_name(draft.employer_name)}"


def submit_draft(draft: Draft, *, channel: str, phone_hash: str, day: date) -> Receipt:
    # Counted before the report is stored; a phone's second report about the same employer
    # today is held. The thanks is the same either way.
    held = limits.count_one(phone_hash=phone_hash, purpose=f"report:{_employer_key(draft)}",
                            day=day) > COUNTED_PER_EMPLOYER
    answers = dict(draft.answers)
    for _attempt in range(2):
        try:
            # No idempotency key: anything derived from the message would link the report to
            # the sender in Twilio's logs. The claimed delivery row already makes this once-only.
            return submit_report(
                channel=channel, locale=draft.locale, employer_name=draft.employer_name,
                city=draft.city, answers=answers, what_happened=draft.what_happened,
                employer_choice=draft.employer_choice,
                organization_id=draft.organization_id, held=held,
            )
        except InvalidReport as error:
            # Keep what is valid rather than lose a worker's whole report over one answer.
            answers = {k: v for k, v in answers.items() if k not in error.problems}
            if {"employer_name", "city", "what_happened"} & set(error.problems):
                draft = replace(draft, employer_name=draft.employer_name[:200] or "?",
                                city=draft.city[:100] or "?", answers=answers,
                                what_happened=None)
    raise RuntimeError("an SMS draft could not be stored")


def expire_idle(*, now: datetime | None = None) -> tuple[int, int]:
    """The hourly sweep. Submit conversations idle for 24 hours that have an employer and an
    answer, add the answers of one left in a module to its report, forget the rest (here and
    at Twilio); drop old once-only claims and the per-phone counts of earlier days; ask again
    for the Twilio deletions that are due. Returns (submitted, forgotten): a module's answers
    added count as submitted."""
    now = now or datetime.now(UTC)
    idle = db.session.scalars(
        sa.select(SmsConversation).where(SmsConversation.updated_at < now - IDLE_AFTER,
                                         # a call's state is the voice channel's to sweep
                                         SmsConversation.channel != Channel.VOICE)
    ).all()
    submitted, sids = 0, list[str]()
    survey = conversation_survey() if idle else Survey()
    for conversation in idle:
        left = pending(State.from_dict(conversation.state), survey)
        if isinstance(left, Draft):
            submit_draft(left, channel=conversation.channel,
                          phone_hash=conversation.phone_hash, day=now.date())
            submitted += 1
        elif isinstance(left, Addition):
            # Given the day the conversation last moved, not the day of the sweep (up to an
            # hour after 24 idle hours): the answers are as late as they were given, no later.
            _add(left, day=conversation.updated_at.date())
            submitted += 1
        sids.extend(conversation.message_sids or ())
        db.session.delete(conversation)
    if idle:
        forget_history()
        forget_messages(sids)
    db.session.execute(
        sa.delete(SmsDelivery).where(SmsDelivery.received_on < (now - KEEP_DELIVERIES).date())
    )
    limits.drop_before(now.date())
    retry_pending(now=now)
    return submitted, len(idle) - submitted
