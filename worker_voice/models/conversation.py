"""SMS conversation state, opt-outs and delivery receipts, keyed by a phone pseudonym.

`phone_hash` is HMAC-SHA256 of the E.164 number under PHONE_HASH_KEY: the number itself is never
stored. Conversations are deleted when a report is submitted or abandoned; the report keeps no
link to the pseudonym. Opt-outs are kept so that STOP is honoured.
"""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from .enums import Channel, enum_column


class SmsConversation(Model):
    __tablename__ = "sms_conversation"

    phone_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    channel: Mapped[Channel] = mapped_column(enum_column(Channel, name="channel", length=20))
    state: Mapped[dict] = mapped_column(sa.JSON)
    # Needed to submit an abandoned conversation after 24 hours; gone with the conversation.
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), index=True)


class SmsOptOut(Model):
    __tablename__ = "sms_opt_out"

    phone_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    since: Mapped[date] = mapped_column(sa.Date)


class SmsDelivery(Model):
    """One processed inbound message, so a retried delivery gets the same reply, once."""

    __tablename__ = "sms_delivery"

    message_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    replies: Mapped[list] = mapped_column(sa.JSON, default=list)
    received_on: Mapped[date] = mapped_column(sa.Date, index=True)
