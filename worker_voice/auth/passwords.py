"""Password hashing with argon2id, and the account use cases built on it."""

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..extensions import db
from ..models import Organization, User

MIN_PASSWORD_LENGTH = 12
_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verified against when the e-mail is unknown, so both cases take the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password-for-timing")


class AccountError(Exception):
    """An account could not be created as asked."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def authenticate(*, email: str, password: str) -> User | None:
    user = db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        db.session.commit()
    return user


def create_user(*, email: str, password: str, organization_name: str, role: str = "organizer"):
    """Create an organizer (and their organization if new); one commit."""
    email = email.strip().lower()
    if "@" not in email:
        raise AccountError("the e-mail address needs an @")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    if db.session.scalar(sa.select(User.id).where(User.email == email)):
        raise AccountError(f"a user with the e-mail {email} already exists")
    organization = db.session.scalar(
        sa.select(Organization).where(Organization.name == organization_name)
    ) or Organization(name=organization_name)
    user = User(email=email, password_hash=hash_password(password), role=role,
                organization=organization)
    db.session.add(user)
    db.session.commit()
    return user
