"""Invitations and password resets by one-time link, issued by an organization's admin.

The link is shown to the admin to pass on (no e-mail is sent: the project has no mail set-up
yet); only its SHA-256 is stored, it works once, and it expires.
"""

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from ..audit import record
from ..extensions import db
from ..models import AccountToken, User
from .passwords import AccountError, as_utc, hash_password, password_problem

ROLES = ("viewer", "organizer", "admin")
INVITE_FOR = timedelta(days=7)
RESET_FOR = timedelta(hours=24)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _issue(**fields) -> str:
    token = secrets.token_urlsafe(32)
    db.session.add(AccountToken(token_hash=_digest(token), **fields))
    return token


def invite(*, admin: User, email: str, role: str) -> str:
    email = email.strip().lower()
    if role not in ROLES or "@" not in email:
        raise AccountError("an e-mail address and a role are needed")
    if db.session.scalar(sa.select(User.id).where(User.email == email)):
        raise AccountError("this e-mail has an account already")
    token = _issue(purpose="invite", organization_id=admin.organization_id, email=email,
                   role=role, expires_at=datetime.now(UTC) + INVITE_FOR)
    record("invited", target=email, role=role)
    db.session.commit()
    return token


def issue_reset(*, admin: User, user_id: int) -> str:
    user = db.session.get(User, user_id)
    if user is None or user.organization_id != admin.organization_id:
        raise AccountError("no such person in your organization")
    token = _issue(purpose="reset", organization_id=admin.organization_id, user_id=user.id,
                   expires_at=datetime.now(UTC) + RESET_FOR)
    record("reset_link_issued", target=user.email)
    db.session.commit()
    return token


def change_role(*, admin: User, user_id: int, role: str) -> None:
    user = db.session.get(User, user_id)
    if user is None or user.organization_id != admin.organization_id or role not in ROLES:
        raise AccountError("no such person in your organization")
    record("role_changed", target=user.email, before=user.role, after=role)
    user.role = role
    db.session.commit()


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
    if purpose == "invite":
        user = User(email=found.email, role=found.role, organization_id=found.organization_id,
                    password_hash=hash_password(password))
        db.session.add(user)
        db.session.flush()
        record("invitation_accepted", actor_id=user.id, target=user.email)
    else:
        user = db.session.get(User, found.user_id)
        user.password_hash = hash_password(password)
        record("password_reset", actor_id=user.id, target=user.email)
    found.used = True
    db.session.commit()
    return user
