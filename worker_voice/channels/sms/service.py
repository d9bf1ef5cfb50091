"""The SMS use cases: one inbound message, and the sweep of abandoned conversations.

The phone number is turned into a keyed pseudonym as soon as it arrives and never stored; each
inbound message is processed once (a retried delivery gets the stored replies); everything a
message changes is committed together, and replies leave only after that commit.
"""

import hashlib
import hmac
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite

from ...extensions import db
from ...intake import InvalidReport, Receipt, delete_report, submit_report
from ...intake.receipts import display_receipt
from ...models import Organization, SmsConversation, SmsDelivery, SmsOptOut
from ...registry.matching import Band, resolve
from . import texts as t
from .engine import Draft, EmployerGuess, State, Survey, advance, draft_of

IDLE_AFTER = timedelta(hours=24)
KEEP_DELIVERIES = timedelta(days=2)


def pseudonym(value: str, key: str) -> str:
    """HMAC-SHA256 of a phone number (or a message id) under PHONE_HASH_KEY."""
    return hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()


def split_sender(sender: str) -> tuple[str, str]:
    """('whatsapp' | 'sms', E.164 number) from Twilio's From field."""
    if sender.startswith("whatsapp:"):
        return "whatsapp", sender.removeprefix("whatsapp:").strip()
    return "sms", sender.strip()


def _survey() -> Survey:
    def guess(name: str, city: str) -> EmployerGuess | None:
        resolution = resolve(name, city)
        if resolution.band == Band.REVIEW or resolution.best is None:
            return None
        best = resolution.best
        return EmployerGuess(best.name, resolution.band == Band.AUTO, best.employer_id)

    def organization_for(word: str) -> int | None:
        return db.session.scalar(sa.select(Organization.id)
                                 .where(Organization.sms_keyword == word.upper()))

    return Survey(guess_employer=guess, operator=current_app.config["OPERATOR_NAME"],
                  organization_for=organization_for)


@dataclass(frozen=True)
class Inbound:
    replies: list[str]
    repeated: bool  # a retried delivery: the replies were already produced (and maybe sent)


# Every message runs these, so they are built once; each request only binds its values.
_DELIVERIES, _CONVERSATIONS = SmsDelivery.__table__, SmsConversation.__table__
_CLAIM = {  # a retry of a claimed message changes nothing and returns no row
    dialect: insert(_DELIVERIES).on_conflict_do_nothing(index_elements=["message_hash"])
    .returning(_DELIVERIES.c.message_hash)
    for dialect, insert in (("postgresql", postgresql.insert), ("sqlite", sqlite.insert))}
_OPTED_OUT = sa.exists().where(SmsOptOut.phone_hash == sa.bindparam("phone"))
_STATE = (sa.select(_CONVERSATIONS.c.state, _OPTED_OUT)
          .where(_CONVERSATIONS.c.phone_hash == sa.bindparam("phone"))
          .with_for_update(of=_CONVERSATIONS))
_ONLY_OPTED_OUT = sa.select(_OPTED_OUT)
_UPDATE_STATE = (sa.update(_CONVERSATIONS)
                 .where(_CONVERSATIONS.c.phone_hash == sa.bindparam("phone"))
                 .values(state=sa.bindparam("new_state"), updated_at=sa.bindparam("at")))
_INSERT_STATE = sa.insert(_CONVERSATIONS)
_DELETE_STATE = sa.delete(_CONVERSATIONS).where(
    _CONVERSATIONS.c.phone_hash == sa.bindparam("phone"))
_KEEP_REPLIES = (sa.update(_DELIVERIES)
                 .where(_DELIVERIES.c.message_hash == sa.bindparam("message"))
                 .values(replies=sa.bindparam("sent")))


def handle_inbound(
    *, phone_hash: str, channel: str, text: str, message_hash: str, now: datetime | None = None
) -> Inbound:
    """Process one inbound message once; return the replies to send once the caller's
    transaction commits.

    This runs for every message, so it speaks SQL Core: four statements.
    """
    now = now or datetime.now(UTC)
    connection = db.session.connection()
    # Claim the message first: a concurrent retry of it waits here for this one to commit, and
    # a retry finds it claimed and gets the replies stored with the claim.
    claimed = connection.execute(_CLAIM[connection.dialect.name], {
        "message_hash": message_hash, "replies": [], "received_on": now.date()}).first()
    if claimed is None:
        return Inbound(_replies_already_sent(message_hash), repeated=True)

    # One round trip while a conversation runs: its state (locked) and the opt-out flag.
    row = connection.execute(_STATE, {"phone": phone_hash}).first()
    stored_state, opted_out = row or (None, connection.scalar(_ONLY_OPTED_OUT,
                                                              {"phone": phone_hash}))
    state = State.from_dict(stored_state) if stored_state is not None else None
    outcome = advance(state, text, _survey())
    replies = list(outcome.replies)
    new_state = None if outcome.opt_out or outcome.submit else outcome.state
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
            replies.append(_submit(outcome.submit, channel=channel))
        if outcome.delete_code is not None:
            deleted = delete_report(receipt_code=outcome.delete_code)
            code = outcome.delete_code
            replies.append(t.say(locale, t.DELETED if deleted else t.NOT_FOUND, code=code))
    if new_state != state or (stored_state is None and new_state is not None):
        _save_state(connection, phone_hash, channel, new_state, existed=stored_state is not None,
                    now=now)
    connection.execute(_KEEP_REPLIES, {"message": message_hash, "sent": replies})
    return Inbound(replies, repeated=False)


def _submit(draft: Draft, *, channel: str) -> str:
    """Submit a finished conversation; returns the thank-you reply with the receipt."""
    receipt = _submit_draft(draft, channel=channel)
    return t.say(draft.locale, t.THANKS, code=display_receipt(receipt.code))


def _submit_draft(draft: Draft, *, channel: str) -> Receipt:
    answers = dict(draft.answers)
    for _attempt in range(2):
        try:
            # No idempotency key: anything derived from the message would link the report to
            # the sender in Twilio's logs. The claimed delivery row already makes this once-only.
            return submit_report(
                channel=channel, locale=draft.locale, employer_name=draft.employer_name,
                city=draft.city, answers=answers, what_happened=draft.what_happened,
                employer_choice=draft.employer_choice,
                organization_id=draft.organization_id,
            )
        except InvalidReport as error:
            # Keep what is valid rather than lose a worker's whole report over one answer.
            answers = {k: v for k, v in answers.items() if k not in error.problems}
            if {"employer_name", "city", "what_happened"} & set(error.problems):
                draft = replace(draft, employer_name=draft.employer_name[:200] or "?",
                                city=draft.city[:100] or "?", answers=answers,
                                what_happened=None)
    raise RuntimeError("an SMS draft could not be stored")


def _save_state(connection: sa.Connection, phone_hash: str, channel: str, state: State | None,
                *, existed: bool, now: datetime) -> None:
    if state is None:
        if existed:
            connection.execute(_DELETE_STATE, {"phone": phone_hash})
    elif existed:
        connection.execute(_UPDATE_STATE, {"phone": phone_hash, "new_state": state.to_dict(),
                                           "at": now})
    else:
        connection.execute(_INSERT_STATE, {"phone_hash": phone_hash, "channel": channel,
                                           "state": state.to_dict(), "updated_at": now})


def _replies_already_sent(message_hash: str) -> list[str]:
    delivery = db.session.get(SmsDelivery, message_hash)
    return list(delivery.replies) if delivery else []


def expire_idle(*, now: datetime | None = None) -> tuple[int, int]:
    """Submit conversations idle for 24 hours that have an employer and an answer, forget the
    rest; drop old delivery receipts. Returns (submitted, forgotten)."""
    now = now or datetime.now(UTC)
    idle = db.session.scalars(
        sa.select(SmsConversation).where(SmsConversation.updated_at < now - IDLE_AFTER)
    ).all()
    submitted = 0
    for conversation in idle:
        state = State.from_dict(conversation.state)
        if state.employer and state.city and state.answers:
            _submit_draft(draft_of(state), channel=conversation.channel)
            submitted += 1
        db.session.delete(conversation)
    db.session.execute(
        sa.delete(SmsDelivery).where(SmsDelivery.received_on < (now - KEEP_DELIVERIES).date())
    )
    return submitted, len(idle) - submitted
