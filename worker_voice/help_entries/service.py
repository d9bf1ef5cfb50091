"""An organization keeps its help entries and how workers reach it (organizer.help_entries)."""

import re
from collections.abc import Iterable

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..audit import record
from ..extensions import db
from ..i18n import LANGUAGE_CODES
from ..models import HelpEntry, HelpEntryTopic, HelpTopic, Organization

# As people write a number: 1-866-487-9243, (555) 010-2000, +1 555 010 5000; three digits or more.
PHONE = re.compile(r"^\+?(?=(?:\D*\d){3})[0-9(][0-9 ().-]{2,38}$")
WEB = re.compile(r"^\S{4,200}$")


class HelpEntryError(Exception):
    """A refusal; `field` names the form field at fault."""

    def __init__(self, field: str, message: object) -> None:
        super().__init__(str(message))
        self.field = field


def _clean(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def _check_reach(phone: str | None, web: str | None) -> None:
    if phone and not PHONE.match(phone):
        raise HelpEntryError("phone", _l("Write a phone number with digits, like 1-866-487-9243."))
    if web and (not WEB.match(web) or "." not in web):
        raise HelpEntryError("web", _l("Write a web address without spaces, like example.org."))


def add_help_entry(*, organization_id: int, name: str, phone: str | None, web: str | None,
                   languages: Iterable[str], topics: Iterable[str],
                   city: str | None = None) -> HelpEntry:
    name_, phone_, web_, city_ = _clean(name), _clean(phone), _clean(web), _clean(city)
    if not name_ or len(name_) > 200:
        raise HelpEntryError("name", _l("Write the name of the place (up to 200 characters)."))
    if not phone_ and not web_:
        raise HelpEntryError("phone", _l("Give a phone number or a web address, or both."))
    _check_reach(phone_, web_)
    codes = [code for code in LANGUAGE_CODES if code in set(languages)]
    entry = HelpEntry(organization_id=organization_id, name=name_, phone=phone_, web=web_,
                      languages=" ".join(codes), city=city_ and city_[:100],
                      topics=[HelpEntryTopic(topic=HelpTopic(topic)) for topic in dict.fromkeys(
                          topics)])
    db.session.add(entry)
    db.session.flush()
    record("help_entry_added", target=name_)
    return entry


def remove_help_entry(*, organization_id: int, entry_id: int) -> bool:
    """False when the organization has no such entry (another's looks like none)."""
    entry = db.session.scalar(sa.select(HelpEntry).where(
        HelpEntry.id == entry_id, HelpEntry.organization_id == organization_id))
    if entry is None:
        return False
    db.session.delete(entry)
    db.session.flush()
    record("help_entry_removed", target=entry.name)
    return True


def set_contact(*, organization_id: int, phone: str | None, web: str | None,
                cities: str | None) -> Organization:
    """How workers reach the organization, and the cities it serves (one per line)."""
    phone_, web_ = _clean(phone), _clean(web)
    _check_reach(phone_, web_)
    lines = [" ".join(line.split()) for line in (cities or "").splitlines()]
    organization = db.session.get_one(Organization, organization_id)
    organization.contact_phone, organization.contact_web = phone_, web_
    organization.cities = "\n".join(dict.fromkeys(line for line in lines if line)) or None
    db.session.flush()
    record("organization_contact_set", target=organization.name)
    return organization
