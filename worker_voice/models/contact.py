"""A worker's request to be contacted by an organization (issue 21): kept apart from reports.

Nothing here points at a report: no report id, no answer, no time. Even the day the request was
made is not kept: a worker usually asks right after reporting, and where an organization gets a
report or two a day from a workplace, the day, with the employer the worker names, would pick
out their report. What the organizer needs instead is the status ("new" until someone reaches
out) and the follow-up date they set. Ids are random (models.ids) so they give no order of
arrival either.

Who the worker is (name, phone, e-mail, best time, employer) and the organizer's notes are one
AES-GCM blob (`sealed`) under a key derived from CONTACT_KEY, which is kept out of the database:
someone holding the database alone reads none of it (worker_voice/contacts/crypto.py).
`phone_hash` (an HMAC under another key derived from CONTACT_KEY) finds the contacts of a phone
that texted STOP; it is never compared with the SMS pseudonyms, which use PHONE_HASH_KEY.
"""

from datetime import date
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from .enums import enum_column
from .ids import RandomIdType, random_id


class ContactStatus(StrEnum):
    """How far an organizer has come with a contact, in order."""

    NEW = "new"
    REACHED = "reached"
    MET = "met"
    COMMITTEE = "committee"  # joined an organizing committee
    NOT_INTERESTED = "not_interested"


class Contact(Model):
    __tablename__ = "contact"

    id: Mapped[int] = mapped_column(RandomIdType, primary_key=True, autoincrement=False,
                                    default=random_id)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    sealed: Mapped[str] = mapped_column(sa.Text)
    language: Mapped[str] = mapped_column(sa.String(10))
    texting_ok: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    phone_hash: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    # Texted STOP: no message from any organization reaches this phone again.
    opted_out: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    status: Mapped[ContactStatus] = mapped_column(
        enum_column(ContactStatus, name="status", length=20), default=ContactStatus.NEW)
    follow_up_on: Mapped[date | None] = mapped_column(sa.Date)
