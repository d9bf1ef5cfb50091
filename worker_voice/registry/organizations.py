"""Member organizations' collection channels: an intake link and an SMS keyword each."""

import sqlalchemy as sa

from ..audit import record
from ..channels.sms import parsing
from ..channels.sms.texts import GREETINGS
from ..extensions import db
from ..models import Organization

RESERVED = (parsing.OPT_OUT | parsing.OPT_IN | set(parsing.HELP) | set(parsing.RESTART)
            | set(parsing.DELETE) | parsing.SKIP | set(GREETINGS)
            | {"YES", "NO", "SI", "Y", "N"})


class OrganizationError(Exception):
    pass


def set_sms_keyword(*, organization_name: str, keyword: str) -> Organization:
    organization = db.session.scalar(
        sa.select(Organization).where(Organization.name == organization_name))
    if organization is None:
        raise OrganizationError(f"no organization named {organization_name!r}")
    word = parsing.keyword(keyword)
    if not word or not word.isalpha() or len(word) > 20:
        raise OrganizationError("a keyword is one word of letters")
    if word in RESERVED:
        raise OrganizationError(f"{word} is a reserved SMS word (opt-out, help, answers …)")
    taken = db.session.scalar(sa.select(Organization.name).where(
        Organization.sms_keyword == word, Organization.id != organization.id))
    if taken:
        raise OrganizationError(f"{word} already belongs to {taken}")
    organization.sms_keyword = word
    record("sms_keyword_set", target=organization.name, keyword=word)
    db.session.commit()
    return organization
