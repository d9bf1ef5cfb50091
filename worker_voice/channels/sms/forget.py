"""Twilio keeps nothing: its records of a conversation's messages are deleted through its API.

When is a message deleted?

- Inbound messages: their SIDs wait in the conversation's row (an UNLOGGED table) while it runs;
  when it ends (submitted, expired, STOP, or a message outside any conversation) a job deletes
  them. A DELETE message (it carries a receipt code) is deleted at once.
- Outbound messages: Twilio reports each status change of a reply to `POST /sms/status` (the
  TwiML `<Message action=…>`, or `status_callback` in gateway mode). A reply can only be deleted
  once its status is final, so the status webhook asks for the deletion on a final status. In
  gateway mode `send` also returns the SID, which is kept as a pending deletion (tried by the
  hourly sweep), so a lost status callback leaves nothing behind.
- A deletion Twilio refuses (not final yet, or Twilio unreachable) becomes a pending row, tried
  again by the hourly sweep (`expire_idle` → `retry_pending`) for up to MAX_ATTEMPTS hours;
  404 (already gone) counts as deleted.

Jobs and pending rows hold message SIDs only, never a number or a text. Twilio still keeps
copies in its own backups for a while after a DELETE (up to 30 days, by its documentation).
"""

import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ...extensions import db
from ...gateways.sms import NotDeletedYet, sms_gateway
from ...jobs import enqueue
from ...models.conversation import SmsPendingDeletion

SID = re.compile(r"(SM|MM)[0-9a-f]{32}")  # Twilio message ids: use fullmatch
RETRY_AFTER = timedelta(minutes=10)
MAX_ATTEMPTS = 72  # about three days of hourly sweeps; then Twilio's own retention applies
# An upsert is spelled per dialect; both spell it alike.
_INSERT: dict[str, Any] = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
# Statuses after which Twilio reports nothing more for a message (or, for SMS without delivery
# receipts, "sent" is the last one there will be): the moment to delete it.
FINAL_STATUSES = frozenset({"sent", "delivered", "undelivered", "failed", "read", "canceled",
                            "received"})


def forget_messages(sids: Iterable[str]) -> None:
    """Delete these messages at Twilio once the current transaction commits."""
    wanted = sorted({sid for sid in sids if SID.fullmatch(sid)})
    if wanted:
        enqueue(delete_messages, sids=wanted)


def forget_later(sids: Iterable[str], *, now: datetime | None = None) -> None:
    """Keep these messages as pending deletions, tried by the next sweep after RETRY_AFTER
    (outbound replies just sent: not final yet)."""
    _postpone([sid for sid in sids if SID.fullmatch(sid)], now=now or datetime.now(UTC),
              count_attempt=False)


def delete_messages(*, sids: list[str]) -> int:
    """The job: delete each message at Twilio; what Twilio keeps for now waits as a pending
    deletion. Returns how many are gone."""
    gateway, kept = sms_gateway(), []
    for sid in sids:
        try:
            gateway.delete_message(sid)
        except NotDeletedYet:
            kept.append(sid)
    gone = [sid for sid in sids if sid not in kept]
    if gone:
        db.session.execute(sa.delete(SmsPendingDeletion).where(SmsPendingDeletion.sid.in_(gone)))
    _postpone(kept, now=datetime.now(UTC), count_attempt=True)
    return len(gone)


def retry_pending(*, now: datetime | None = None) -> int:
    """Ask again for the deletions that are due; give up on those tried MAX_ATTEMPTS times.
    Returns how many are asked for."""
    now = now or datetime.now(UTC)
    pending = SmsPendingDeletion.__table__
    db.session.execute(sa.delete(pending).where(pending.c.attempts >= MAX_ATTEMPTS))
    due = list(db.session.scalars(sa.select(pending.c.sid).where(pending.c.retry_after <= now)))
    forget_messages(due)
    return len(due)


def _postpone(sids: list[str], *, now: datetime, count_attempt: bool) -> None:
    if not sids:
        return
    table = SmsPendingDeletion.__table__
    insert = _INSERT[db.session.get_bind().dialect.name](table)
    added = 1 if count_attempt else 0
    # Two jobs may postpone the same message at once (a status callback and a sweep).
    db.session.execute(
        insert.on_conflict_do_update(
            index_elements=[table.c.sid],
            set_={"attempts": table.c.attempts + added,
                  "retry_after": insert.excluded.retry_after}),
        [{"sid": sid, "attempts": added, "retry_after": now + RETRY_AFTER} for sid in sids])
