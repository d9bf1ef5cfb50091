"""Membership of organizations: invitations and password resets by one-time link, role
changes, removal; each issued by an admin of the organization concerned.

The link is shown to the admin to pass on (no e-mail is sent: the project has no mail set-up
yet); only its SHA-256 is stored, it works once, and it expires. A person who has an account
already gets the same kind of link, and joins only by accepting it signed in as that account:
one account, many organizations, each joined with its owner's consent. The admin's answer is the
same either way, so it does not tell whether an e-mail has an account.
"""

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..audit import record
from ..extensions import db
from ..models import AccountToken, Membership, Role, TokenPurpose, User
from .passwords import AccountError, as_utc, hash_password, password_problem

ROLES = tuple(Role)


class InvitationForAnotherAccount(AccountError):
    """The signed-in account is not the one the invitation was made for."""
INVITE_FOR = timedelta(days=7)
RESET_FOR = timedelta(hours=24)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _issue(**fields: object) -> str:
    token = secrets.token_urlsafe(32)
    db.session.add(AccountToken(token_hash=_digest(token), **fields))
    return token


def invite(*, admin: User, email: str, role: str) -> str:
    """A one-time link that lets the person join the admin's organization: by choosing a
    password, or, if the e-mail has an account, by accepting it signed in as that account."""
    email = email.strip().lower()
    organization_id = _admin_organization(admin)
    if role not in ROLES or "@" not in email:
        raise AccountError(_l("Write the person's e-mail address and choose a role."))
    if db.session.scalar(sa.select(Membership.user_id).join(Membership.user).where(
            User.email == email, Membership.organization_id == organization_id)):
        # The admin sees the members listed already: this says nothing new.
        raise AccountError(_l("This person is a member of your organization already."))
    return _invite_new(organization_id=organization_id, email=email, role=role)


def _invite_new(*, organization_id: int, email: str, role: str) -> str:
    token = _issue(purpose=TokenPurpose.INVITE, organization_id=organization_id, email=email,
                   role=role, expires_at=datetime.now(UTC) + INVITE_FOR)
    record("invited", target=email, role=role, organization_id=organization_id)
    return token


def issue_reset(*, admin: User, user_id: int) -> str:
    membership = _member(admin, user_id)
    user = membership.user
    # A new password opens every organization the person belongs to: one organization's
    # admin may not open another's, nor a platform admin's account.
    if user.is_platform_admin or len(user.memberships) > 1:
        raise AccountError(_l("Only a platform admin can make a reset link for this person: "
                              "they belong to other organizations too."))
    token = _issue(purpose=TokenPurpose.RESET, organization_id=membership.organization_id,
                   user_id=user_id, expires_at=datetime.now(UTC) + RESET_FOR)
    record("reset_link_issued", target=membership.user.email)
    return token


def change_role(*, admin: User, user_id: int, role: str) -> None:
    membership = _member(admin, user_id)
    if role not in ROLES:
        raise AccountError(_l("Choose a role from the list."))
    _keep_an_admin(membership, role)
    record("role_changed", target=membership.user.email, before=membership.role, after=role)
    membership.role = Role(role)


def remove_member(*, admin: User, user_id: int) -> None:
    """Take a person out of the organization (their account and other memberships stay)."""
    membership = _member(admin, user_id)
    _keep_an_admin(membership, None)
    user = membership.user
    record("membership_removed", target=user.email, role=membership.role)
    user.memberships.remove(membership)
    if user.organization_id == membership.organization_id:
        user.organization_id = next((m.organization_id for m in user.memberships), None)


def members(*, organization_id: int) -> list[Membership]:
    return list(db.session.scalars(
        sa.select(Membership).join(Membership.user)
        .where(Membership.organization_id == organization_id).order_by(User.email)))


def _admin_organization(admin: User) -> int:
    if admin.role != Role.ADMIN or admin.organization_id is None:
        raise AccountError("only an organization's admins manage its people")
    return admin.organization_id


def _member(admin: User, user_id: int) -> Membership:
    membership = db.session.get(Membership, (user_id, _admin_organization(admin)))
    if membership is None:
        raise AccountError(_l("This person is not in your organization."))
    return membership


def _keep_an_admin(membership: Membership, new_role: str | None) -> None:
    """An organization is never left without an admin."""
    if membership.role != Role.ADMIN or new_role == Role.ADMIN:
        return
    admins = db.session.execute(sa.select(sa.func.count()).select_from(Membership).where(
        Membership.organization_id == membership.organization_id, Membership.role == Role.ADMIN)
    ).scalar_one()
    if admins <= 1:
        raise AccountError(_l("An organization keeps at least one admin: make someone else an "
                              "admin first."))


def valid_token(token: str, purpose: str) -> AccountToken | None:
    found = db.session.scalar(sa.select(AccountToken).where(
        AccountToken.token_hash == _digest(token), AccountToken.purpose == purpose))
    if found is None or found.used or as_utc(found.expires_at) < datetime.now(UTC):
        return None
    return found


def use_token(*, token: str, purpose: str, password: str) -> User:
    """Accept an invitation or reset a password; the link is spent either way it succeeds."""
    found = valid_token(token, purpose)
    if found is None:
        raise AccountError("this link is no longer valid")
    if problem := password_problem(password):
        raise AccountError(problem)
    if purpose == TokenPurpose.INVITE:
        if db.session.scalar(sa.select(User.id).where(User.email == found.email)):
            raise AccountError("this e-mail has an account already")
        user = User(email=found.email, organization_id=found.organization_id,
                    password_hash=hash_password(password))
        user.memberships.append(Membership(organization_id=found.organization_id,
                                           role=found.role))
        db.session.add(user)
        db.session.flush()
        record("invitation_accepted", actor_id=user.id, target=user.email,
               organization_id=found.organization_id)
    else:
        account = db.session.get(User, found.user_id)
        if account is None:  # a reset link names an account; this one is gone
            raise AccountError("this link is no longer valid")
        user = account
        user.password_hash = hash_password(password)
        user.end_sessions()  # whoever had a session with the old password loses it
        record("password_reset", actor_id=user.id, target=user.email,
               organization_id=found.organization_id)
    found.used = True
    return user


def has_account(invitation: AccountToken) -> bool:
    """Whether the invited e-mail has an account (the invitee's own page may say so)."""
    return db.session.scalar(sa.select(User.id).where(User.email == invitation.email)) is not None


def join(*, token: str, user: User) -> Membership:
    """Accept an invitation as the signed-in account it was made for."""
    found = valid_token(token, TokenPurpose.INVITE)
    if found is None:
        raise AccountError("this link is no longer valid")
    if found.email != user.email:
        raise InvitationForAnotherAccount
    membership = next((m for m in user.memberships
                       if m.organization_id == found.organization_id), None)
    if membership is None:
        membership = Membership(organization_id=found.organization_id, role=found.role)
        user.memberships.append(membership)
    if user.organization_id is None:
        user.organization_id = found.organization_id
    found.used = True
    record("invitation_accepted", actor_id=user.id, target=user.email,
           organization_id=found.organization_id)
    return membership


def switch_organization(*, user: User, organization_id: int) -> None:
    """Work in another of one's organizations."""
    if not any(m.organization_id == organization_id for m in user.memberships):
        raise AccountError("not a member of that organization")
    user.organization_id = organization_id
    record("organization_switched", target=user.email)


def new_account_email(email: str) -> str:
    """The e-mail address, normalized, for an account that does not exist yet."""
    email = email.strip().lower()
    if "@" not in email:
        raise AccountError(_l("Write an e-mail address, such as name@example.org."))
    if db.session.scalar(sa.select(User.id).where(User.email == email)):
        raise AccountError(_l("This e-mail address has an account already."))
    return email


def invite_first_admin(*, organization_id: int, email: str) -> str:
    """A platform admin's invitation for a new organization's first admin."""
    return _invite_new(organization_id=organization_id, email=new_account_email(email),
                       role=Role.ADMIN)
