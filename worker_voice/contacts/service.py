"""The contact use cases: a worker asks to be contacted; an organization keeps its list, exports
it, and texts the contacts who said texting is safe; a phone that texts STOP hears no more.

Services take plain keyword arguments, only flush, and raise ContactError (a refusal meant for
the person who typed it, naming the field) or ContactNotFound (another organization's contact
looks like no contact). Every read of the list, export and message is audited by the view's
service call, without any personal data in the event.
"""

import csv
import io
import re
from dataclasses import dataclass, replace
from datetime import date

import phonenumbers
import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from ..audit import record
from ..channels.sms.outbound import queue_replies
from ..channels.sms.segments import segments
from ..channels.sms.service import pseudonym
from ..extensions import db
from ..i18n import LANGUAGE_CODES
from ..models import Contact, ContactStatus
from ..storage import forget_history
from . import crypto

MAX_NAME, MAX_PHONE, MAX_EMAIL, MAX_TIME, MAX_EMPLOYER, MAX_NOTES = 100, 40, 200, 100, 200, 5000
MAX_MESSAGE = 640  # four GSM-7 segments, about nine in UCS-2
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
DEFAULT_REGION = "US"  # a number written without +country code is read as a US number
# Common organizing tools (Action Network, EveryAction) map these columns on import.
CSV_COLUMNS = ("name", "email", "phone", "zip_code", "language", "tags")


class ContactError(Exception):
    """A refusal; `field` names the form field at fault."""

    def __init__(self, field: str, message: object) -> None:
        super().__init__(str(message))
        self.field = field


class ContactNotFound(LookupError):
    """No such contact in this organization."""


@dataclass(frozen=True)
class ContactDetails:
    """What the worker gave, and the organizer's notes: all of it sealed at rest."""

    name: str | None = None
    phone: str | None = None  # E.164
    email: str | None = None
    best_time: str | None = None
    employer: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class ContactCard:
    id: int
    status: ContactStatus
    follow_up_on: date | None
    language: str
    texting_ok: bool
    opted_out: bool
    details: ContactDetails

    @property
    def can_text(self) -> bool:
        return self.texting_ok and bool(self.details.phone) and not self.opted_out


@dataclass(frozen=True)
class ContactFilter:
    status: ContactStatus | None = None
    employer: str | None = None  # words the employer's name contains, any case
    language: str | None = None

    def audit(self, action: str, *, organization_id: int, count: int,
              segments: int | None = None) -> None:
        """Record `action` with what the filter was, without the employer typed (it says where
        someone works) and without anything about any contact."""
        record(action, organization_id=organization_id, count=count, segments=segments,
               status=self.status.value if self.status else None, language=self.language,
               employer_filter=bool(self.employer))


@dataclass(frozen=True)
class Estimate:
    recipients: int
    segments_each: int
    segments_total: int


def _clean(value: str | None, *, field: str, limit: int) -> str | None:
    value = " ".join((value or "").split())
    if len(value) > limit:
        raise ContactError(field, _l("Please use at most %(max)d characters.", max=limit))
    return value or None


def normalize_phone(text: str | None) -> str | None:
    """The number in E.164, or None when nothing was written; refused when it is no number."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_possible_number(number):
        raise ContactError("phone", _l("Please write a phone number we can call, like "
                                       "555-201-0143, or leave it empty."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def request_contact(*, organization_id: int, name: str | None, phone: str | None,
                    email: str | None, language: str, best_time: str | None, texting_ok: bool,
                    employer: str | None) -> int:
    """Store a worker's request to be contacted by the organization; returns its id (that of
    the same request, still new, when it is sent again). Nothing about a report is taken or
    stored (see models.contact)."""
    details = ContactDetails(
        name=_clean(name, field="name", limit=MAX_NAME),
        phone=normalize_phone(phone),
        email=_clean(email, field="email", limit=MAX_EMAIL),
        best_time=_clean(best_time, field="best_time", limit=MAX_TIME),
        employer=_clean(employer, field="employer", limit=MAX_EMPLOYER))
    if details.email and not EMAIL.fullmatch(details.email):
        raise ContactError("email", _l("Please write an e-mail address like "
                                       "name@example.org, or leave it empty."))
    if not details.phone and not details.email:
        raise ContactError("phone", _l("Please write a phone number or an e-mail address, "
                                       "so that they can reach you."))
    contact = Contact(organization_id=organization_id,
                      language=language if language in LANGUAGE_CODES else "en",
                      texting_ok=bool(texting_ok and details.phone),
                      phone_hash=crypto.phone_hash(details.phone) if details.phone else None,
                      sealed=_seal(details, organization_id), status=ContactStatus.NEW)
    repeated = _repeated(contact, details)
    if repeated is not None:
        return repeated
    db.session.add(contact)
    db.session.flush()
    # No audit event: its time would give the request the moment the row leaves out, and
    # with a report's day at a small workplace, link the two. The log is for organizers' acts.
    return contact.id


def _repeated(new: Contact, details: ContactDetails) -> int | None:
    """The id of a request still new that says exactly what this one says: a retried POST or
    a second tap on a slow connection is stored once."""
    same_phone = (Contact.phone_hash == new.phone_hash if new.phone_hash
                  else Contact.phone_hash.is_(None))
    earlier = db.session.scalars(sa.select(Contact).where(
        Contact.organization_id == new.organization_id, Contact.status == ContactStatus.NEW,
        Contact.language == new.language, Contact.texting_ok.is_(new.texting_ok), same_phone))
    return next((row.id for row in earlier
                 if replace(_card(row).details, notes=None) == details), None)


def _seal(details: ContactDetails, organization_id: int) -> str:
    return crypto.seal(vars(details).copy(), organization_id=organization_id)


def _card(contact: Contact) -> ContactCard:
    fields = crypto.unseal(contact.sealed, organization_id=contact.organization_id)
    return ContactCard(id=contact.id, status=ContactStatus(contact.status),
                       follow_up_on=contact.follow_up_on, language=contact.language,
                       texting_ok=contact.texting_ok, opted_out=contact.opted_out,
                       details=ContactDetails(**fields))


def _cards(*, organization_id: int, where: ContactFilter) -> list[ContactCard]:
    query = sa.select(Contact).where(Contact.organization_id == organization_id)
    if where.status is not None:
        query = query.where(Contact.status == where.status)
    if where.language:
        query = query.where(Contact.language == where.language)
    cards = [_card(row) for row in db.session.scalars(query)]
    if where.employer:  # sealed, so matched here: an organization's list is short
        wanted = where.employer.casefold()
        cards = [c for c in cards if wanted in (c.details.employer or "").casefold()]
    order = list(ContactStatus)
    return sorted(cards, key=lambda c: (order.index(c.status), c.follow_up_on or date.max,
                                        (c.details.name or "").casefold(), c.id))


def list_contacts(*, organization_id: int, where: ContactFilter) -> list[ContactCard]:
    cards = _cards(organization_id=organization_id, where=where)
    where.audit("contacts_listed", organization_id=organization_id, count=len(cards))
    return cards


def get_contact(*, organization_id: int, contact_id: int, audit: bool = True) -> ContactCard:
    contact = _own(organization_id, contact_id)
    if audit:
        record("contact_viewed", target=f"contact:{contact_id}",
               organization_id=organization_id)
    return _card(contact)


def _own(organization_id: int, contact_id: int) -> Contact:
    contact = db.session.get(Contact, contact_id)
    if contact is None or contact.organization_id != organization_id:
        raise ContactNotFound(contact_id)
    return contact


def update_contact(*, organization_id: int, contact_id: int, status: ContactStatus,
                   follow_up_on: date | None, notes: str | None) -> None:
    contact = _own(organization_id, contact_id)
    if len(notes or "") > MAX_NOTES:
        raise ContactError("notes", _l("Please use at most %(max)d characters.", max=MAX_NOTES))
    card = _card(contact)
    contact.status, contact.follow_up_on = ContactStatus(status), follow_up_on
    contact.sealed = _seal(replace(card.details, notes=(notes or "").strip() or None),
                           organization_id)
    db.session.flush()
    # The old sealed notes leave no copy in SQLite's WAL (storage.forget_history).
    forget_history()
    record("contact_updated", target=f"contact:{contact_id}", organization_id=organization_id,
           status=contact.status.value)


def delete_contact(*, organization_id: int, contact_id: int) -> None:
    """Erase the contact for good: the row, and (SQLite) its earlier versions in the WAL."""
    contact = _own(organization_id, contact_id)
    db.session.delete(contact)
    db.session.flush()
    forget_history()
    record("contact_deleted", target=f"contact:{contact_id}", organization_id=organization_id)


def _cell(value: str | None) -> str:
    """A text a spreadsheet would run as a formula gets a leading apostrophe."""
    value = value or ""
    return "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value


def export_csv(*, organization_id: int, where: ContactFilter) -> tuple[bytes, int]:
    """The filtered list as CSV for organizing tools, and the number of rows (audited)."""
    cards = _cards(organization_id=organization_id, where=where)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for card in cards:
        tags = ["worker-voice", card.status.value]
        if card.can_text:
            tags.append("sms-ok")
        writer.writerow([_cell(card.details.name), _cell(card.details.email),
                         card.details.phone or "",  # E.164 as stored: digits after "+"
                         "", card.language,
                         ",".join(tags)])
    where.audit("contacts_exported", organization_id=organization_id, count=len(cards))
    return out.getvalue().encode("utf-8-sig"), len(cards)


def message_recipients(*, organization_id: int, where: ContactFilter) -> list[ContactCard]:
    """The contacts of the filtered list a message may go to: texting is safe, they gave a
    phone, and they never texted STOP."""
    return [c for c in _cards(organization_id=organization_id, where=where) if c.can_text]


def estimate(*, body: str, recipients: int) -> Estimate:
    each = segments(body) if body else 0
    return Estimate(recipients=recipients, segments_each=each, segments_total=each * recipients)


def send_message(*, organization_id: int, body: str, where: ContactFilter) -> Estimate:
    """Queue one message to each recipient; it leaves after the commit through the outbound
    SMS path (sealed in the queue, dropped for a phone that opted out of SMS meanwhile)."""
    body = body.strip()
    if not body:
        raise ContactError("body", _l("Please write the message."))
    if len(body) > MAX_MESSAGE:
        raise ContactError("body", _l("Please use at most %(max)d characters.", max=MAX_MESSAGE))
    recipients = message_recipients(organization_id=organization_id, where=where)
    key = current_app.config["PHONE_HASH_KEY"]  # the SMS opt-out list is keyed by it
    for card in recipients:
        phone = card.details.phone or ""
        queue_replies(to=phone, phone_hash=pseudonym(phone, key), replies=[body])
    sent = estimate(body=body, recipients=len(recipients))
    where.audit("contacts_messaged", organization_id=organization_id, count=sent.recipients,
                segments=sent.segments_total)
    return sent


def opt_out(*, phone: str) -> int:
    """A phone texted STOP: none of its contacts, in any organization, gets another message.
    Called by the SMS webhook with the sender's E.164 number; returns the contacts marked."""
    result = db.session.execute(
        sa.update(Contact).where(Contact.phone_hash == crypto.phone_hash(phone))
        .values(opted_out=True).execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)


def opt_in(*, phone: str) -> int:
    """The phone texted START (or UNSTOP) after STOP: its contacts may be texted again, as the
    STOP reply promised ("Text START to come back") and as the carriers' own rule has it. Only
    contacts who said texting is safe are messaged at all; returns the contacts marked."""
    result = db.session.execute(
        sa.update(Contact).where(Contact.phone_hash == crypto.phone_hash(phone),
                                 Contact.opted_out.is_(True))
        .values(opted_out=False).execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)
