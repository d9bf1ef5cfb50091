"""SMS conversation state, opt-outs, once-only claims, per-phone daily counts and the Twilio
messages still to delete, keyed by a phone pseudonym or by nothing that names a phone.

`phone_hash` is HMAC-SHA256 of the E.164 number under PHONE_HASH_KEY: the number itself is never
stored. Conversations are deleted when a report is submitted or abandoned; the report keeps no
link to the pseudonym. Opt-outs are kept so that STOP is honoured.

Tables that only serve a running conversation are UNLOGGED on PostgreSQL: their rows are never
written to the write-ahead log, so no archive, replica or WAL segment keeps an old version of a
conversation (which would tie a phone pseudonym to the answers of a report). The price is that
PostgreSQL empties them after a crash: conversations in flight start again with the language
menu, a retried delivery of a message from before the crash is processed again, and the day's
erasure attempts start from zero. That loses no report. (SQLite has no such tables; there the
WAL is truncated after a conversation ends: `storage.forget_history`.)
"""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from .enums import Channel, enum_column


def unlogged(table: sa.Table) -> sa.Table:
    """Make `table` UNLOGGED on PostgreSQL when the schema is built from the models.

    SQLAlchemy has no dialect option for it (Table's `prefixes` would reach SQLite too), so the
    table is altered right after it is created, while it is empty. Migrations do the same
    (0017)."""
    sa.event.listen(table, "after_create", sa.DDL("ALTER TABLE %(fullname)s SET UNLOGGED")
                    .execute_if(dialect="postgresql"))
    return table


class SmsConversation(Model):
    __tablename__ = "sms_conversation"

    phone_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    channel: Mapped[Channel] = mapped_column(enum_column(Channel, name="channel", length=20))
    state: Mapped[dict] = mapped_column(sa.JSON)
    # Twilio's ids of the messages received in this conversation, deleted at Twilio when it
    # ends (channels.sms.forget): only ids, never a number or a text.
    message_sids: Mapped[list] = mapped_column(sa.JSON, default=list)
    # Needed to submit an abandoned conversation after 24 hours; gone with the conversation.
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), index=True)


class SmsOptOut(Model):
    __tablename__ = "sms_opt_out"

    phone_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    since: Mapped[date] = mapped_column(sa.Date)


class SmsDelivery(Model):
    """The once-only claim of one inbound message (a keyed hash of its id), so that a retried
    delivery changes nothing and is answered with nothing. No reply is kept: a stored reply
    held the receipt code. Dropped after two days."""

    __tablename__ = "sms_delivery"

    message_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    received_on: Mapped[date] = mapped_column(sa.Date, index=True)


class PhoneDailyCount(Model):
    """How often one phone did one thing today (wrong receipt codes sent with DELETE, …).

    `key` is sha256 of the phone pseudonym and the purpose (channels.sms.limits), so a row names
    neither the phone's pseudonym nor, without the pseudonym, the phone; rows of earlier days
    are dropped by the hourly sweep (`expire_idle`)."""

    __tablename__ = "phone_daily_count"

    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    day: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    count: Mapped[int] = mapped_column(sa.Integer, default=0)


class SmsPendingDeletion(Model):
    """A Twilio message whose deletion Twilio refused for now (not final yet, or Twilio was
    unreachable): tried again by the hourly sweep until it is gone (channels.sms.forget).

    A logged table, so that a crash does not forget what is still to delete at Twilio: it holds
    a message id and when to try again, which name nothing once Twilio's copy is gone."""

    __tablename__ = "sms_pending_deletion"

    sid: Mapped[str] = mapped_column(sa.String(34), primary_key=True)
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    retry_after: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), index=True)


for _table in (SmsConversation.__table__, SmsDelivery.__table__, PhoneDailyCount.__table__):
    unlogged(_table)
