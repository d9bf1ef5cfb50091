"""Member organizations' collection channels: an intake link and an SMS keyword each."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..audit import record
from ..auth.invitations import invite_first_admin, new_account_email
from ..auth.passwords import free_slug
from ..channels.sms import parsing
from ..extensions import db
from ..models import Membership, Organization

RESERVED = (parsing.OPT_OUT | parsing.OPT_IN | set(parsing.HELP) | set(parsing.RESTART)
            | set(parsing.DELETE) | parsing.SKIP | set(parsing.GREETINGS)
            | set().union(*parsing.YES_WORDS.values(), *parsing.NO_WORDS.values()))


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
    return organization


def create_organization(*, name: str) -> Organization:
    """A new member organization with its own intake link (a platform admin's use case)."""
    name = " ".join(name.split())
    if not name or len(name) > 200:
        raise OrganizationError(_l("Write the organization's name (up to 200 characters)."))
    if db.session.scalar(sa.select(Organization.id).where(Organization.name == name)):
        raise OrganizationError(_l("An organization with this name exists already."))
    organization = Organization(name=name, slug=free_slug(name))
    db.session.add(organization)
    db.session.flush()
    record("organization_created", target=name, organization_id=None)
    return organization


def open_organization(*, name: str, admin_email: str = "") -> tuple[Organization, str | None]:
    """A new member organization and, when an e-mail is given, the one-time link for its first
    admin. The e-mail is checked before anything is written, so a refusal leaves nothing."""
    email = new_account_email(admin_email) if admin_email.strip() else None
    organization = create_organization(name=name)
    if email is None:
        return organization, None
    return organization, invite_first_admin(organization_id=organization.id, email=email)


def organizations_overview() -> list[tuple[Organization, int]]:
    """Every organization with its number of members (for platform admins)."""
    members = (sa.select(Membership.organization_id, sa.func.count().label("n"))
               .group_by(Membership.organization_id).subquery())
    return list(db.session.execute(
        sa.select(Organization, sa.func.coalesce(members.c.n, 0))
        .outerjoin(members, members.c.organization_id == Organization.id)
        .order_by(Organization.name)).all())


def set_default_organization(*, slug: str) -> Organization:
    """Name the default organization by its intake link's slug; the previous one stops being
    the default (only one collects what arrives unaddressed)."""
    organization = db.session.scalar(sa.select(Organization).where(Organization.slug == slug))
    if organization is None:
        raise OrganizationError(f"no organization with the link /r/{slug}")
    db.session.execute(sa.update(Organization).where(Organization.id != organization.id)
                       .values(is_default=False))
    organization.is_default = True
    db.session.flush()
    record("default_organization_set", target=organization.name)
    return organization
