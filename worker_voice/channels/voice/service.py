"""The voice use cases: one webhook round of a call, the end of a call, the sweep.

A call's state waits in the SMS channel's `sms_conversation` table (UNLOGGED on PostgreSQL) with
channel `voice`, keyed by a keyed HMAC of "voice:" and the caller's number, so it never meets
the same phone's SMS conversation. Each round commits everything it changes together; the
report goes through the SMS service's submission (its per-phone limit on reports about one
employer included) and the one intake service.

When a call ends, nothing of it is left: its row is deleted (and, on SQLite, the WAL truncated),
and Twilio's record of the call is deleted through its API by a job once Twilio reports the call
completed (`/voice/status`). A call can only be deleted once it is over, so its SID also waits
as a pending deletion from its first round, tried by `flask voice expire`: a lost status
callback leaves nothing at Twilio either.
"""

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from ...extensions import db
from ...gateways.sms import NotDeletedYet, sms_gateway
from ...intake.receipts import display_receipt
from ...jobs import enqueue
from ...models import SmsConversation
from ...models.conversation import SmsPendingDeletion
from ...models.enums import Channel
from ...storage import forget_history
from ...survey.plan import CORE
from ..sms import limits
from ..sms import service as sms
from ..sms.texts import site_address
from . import texts as t
from .engine import CallState, CallSurvey, Event, Turn, advance, pending, prompt

CALL_SID = re.compile(r"CA[0-9a-f]{32}")  # use fullmatch
CALLER = re.compile(r"\+[1-9][0-9]{6,14}")  # E.164; a withheld number is anything else
# What Twilio puts in From when the caller withheld the number: ANONYMOUS, RESTRICTED, BLOCKED,
# UNKNOWN and UNAVAILABLE spelled on a keypad. They look like E.164 but are every such caller.
WITHHELD = frozenset({"+266696687", "+7378742833", "+2562533", "+8656696", "+86282452253"})
# A call waits at most a minute between rounds; a row this old is a call whose end was lost.
IDLE_AFTER = timedelta(hours=1)
RETRY_AFTER = timedelta(minutes=10)
MAX_ATTEMPTS = 72  # as for messages (channels.sms.forget)
CALLS = "call"  # the per-phone daily counter of calls started


def call_pseudonym(*, caller: str, call_sid: str, key: str) -> str:
    """The caller as the call's state knows it: a keyed HMAC of "voice:" + the number (a
    different value from the same phone's SMS pseudonym). A withheld number is keyed by the
    call instead (nothing to count across calls)."""
    if CALLER.fullmatch(caller) and caller not in WITHHELD:
        return sms.pseudonym(f"voice:{caller}", key)
    return sms.pseudonym(f"voice-call:{call_sid}", key)


def call_survey() -> CallSurvey:
    """The core questions, and the registry's guess as the SMS survey makes it."""
    return CallSurvey(questions=CORE, guess_employer=sms.conversation_survey().guess_employer)


def handle_call(*, phone_hash: str, call_sid: str, event: Event, turn: int | None,
                now: datetime | None = None) -> Turn:
    """One webhook round: what the caller did (`event`) in answer to round `turn`; returns
    what to say and what to wait for. A round that is not the one the call waits for (a retried
    request) changes nothing and says the current prompt again."""
    now = now or datetime.now(UTC)
    survey = call_survey()
    row = db.session.get(SmsConversation, phone_hash, with_for_update=True)
    state = (CallState.from_dict(row.state)
             if row is not None and row.channel == Channel.VOICE else None)
    if row is not None and state is not None and state.call != call_sid:
        if event.kind != "start":  # a late round of an earlier call: the new one goes on
            return Turn(None, (t.line("en", t.GOODBYE),))
        _end(row, now=now)  # an earlier call from this phone whose end never came
        forget_calls([state.call])
        row, state = None, None
    if state is not None and turn != state.turn:
        return prompt(state, survey)
    if state is None:
        if event.kind != "start":  # a call already ended (or swept): nothing to go on with
            return Turn(None, (t.line("en", t.GOODBYE),))
        cap = int(current_app.config.get("SMS_CONVERSATIONS_PER_DAY",
                                         sms.CONVERSATIONS_PER_DAY))
        if limits.count_one(phone_hash=phone_hash, purpose=CALLS, day=now.date()) > cap:
            _forget_later(call_sid, now=now)
            return Turn(None, (t.line("en", t.TOO_MANY_TODAY),))
        _forget_later(call_sid, now=now)
    outcome = advance(state, event, survey)
    said = outcome.say
    if outcome.submit is not None:
        receipt = sms.submit_draft(outcome.submit, channel=Channel.VOICE,
                                    phone_hash=phone_hash, day=now.date())
        site = site_address(current_app.config.get("PUBLIC_BASE_URL"))
        said = (*said, *t.receipt_lines(outcome.submit.locale, display_receipt(receipt.code),
                                        site))
    if outcome.state is None:
        if row is not None:
            db.session.delete(row)
            forget_history()
        return Turn(None, said)
    following = replace(outcome.state, call=call_sid, turn=(state.turn if state else 0) + 1)
    if row is None:
        db.session.add(SmsConversation(phone_hash=phone_hash, channel=Channel.VOICE,
                                       state=following.to_dict(), message_sids=[],
                                       updated_at=now))
    else:
        row.state, row.updated_at = following.to_dict(), now
    return Turn(following, said, outcome.listen)


def end_call(*, phone_hash: str, call_sid: str, now: datetime | None = None) -> bool:
    """Twilio reports the call over: a call that ended early is submitted when it has an
    employer and an answer, and forgotten either way; then Twilio's record of the call is
    deleted. Returns whether a report was submitted."""
    now = now or datetime.now(UTC)
    row = db.session.get(SmsConversation, phone_hash, with_for_update=True)
    submitted = False
    if (row is not None and row.channel == Channel.VOICE
            and CallState.from_dict(row.state).call == call_sid):
        submitted = _end(row, now=now)
    forget_calls([call_sid])
    return submitted


def _end(row: SmsConversation, *, now: datetime) -> bool:
    state = CallState.from_dict(row.state)
    draft = pending(state)
    if draft is not None:
        sms.submit_draft(draft, channel=Channel.VOICE, phone_hash=row.phone_hash,
                          day=now.date())
    db.session.delete(row)
    forget_history()
    return draft is not None


def forget_calls(sids: list[str]) -> None:
    """Delete these calls at Twilio once the current transaction commits."""
    wanted = sorted({sid for sid in sids if CALL_SID.fullmatch(sid)})
    if wanted:
        enqueue(delete_calls, sids=wanted)


def delete_calls(*, sids: list[str]) -> int:
    """The job: delete each call at Twilio; a call Twilio keeps for now (still in progress)
    stays a pending deletion. Returns how many are gone."""
    gateway, table, gone = sms_gateway(), SmsPendingDeletion.__table__, []
    for sid in sids:
        try:
            gateway.delete_call(sid)
            gone.append(sid)
        except NotDeletedYet:
            db.session.execute(sa.update(table).where(table.c.sid == sid).values(
                attempts=table.c.attempts + 1,
                retry_after=datetime.now(UTC) + RETRY_AFTER))
    if gone:
        db.session.execute(sa.delete(table).where(table.c.sid.in_(gone)))
    return len(gone)


def _forget_later(call_sid: str, *, now: datetime) -> None:
    if CALL_SID.fullmatch(call_sid) and db.session.get(SmsPendingDeletion, call_sid) is None:
        db.session.add(SmsPendingDeletion(sid=call_sid, attempts=0,
                                          retry_after=now + RETRY_AFTER))


def expire_calls(*, now: datetime | None = None) -> tuple[int, int]:
    """The sweep (run it with `flask sms expire`): calls idle for an hour ended without word
    from Twilio; submit those with an employer and an answer, forget the rest; ask again for
    the call deletions that are due. Returns (submitted, forgotten)."""
    now = now or datetime.now(UTC)
    idle = db.session.scalars(sa.select(SmsConversation).where(
        SmsConversation.channel == Channel.VOICE,
        SmsConversation.updated_at < now - IDLE_AFTER)).all()
    submitted = sum(_end(row, now=now) for row in idle)
    table = SmsPendingDeletion.__table__
    calls = table.c.sid.like("CA%")
    db.session.execute(sa.delete(table).where(calls, table.c.attempts >= MAX_ATTEMPTS))
    due = db.session.scalars(sa.select(table.c.sid).where(calls, table.c.retry_after <= now))
    forget_calls([*(CallState.from_dict(row.state).call for row in idle), *due])
    return submitted, len(idle) - submitted
