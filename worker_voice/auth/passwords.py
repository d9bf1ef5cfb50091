"""Password hashing with argon2id, and the account use cases built on it."""

import hashlib
import hmac
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import TypedDict

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, current_app

from ..audit import record
from ..extensions import db
from ..models import LoginThrottle, Membership, Organization, Role, User
from ..registry.normalize import fold

MIN_PASSWORD_LENGTH = 12
# Per account (a keyed hash of the e-mail tried, whether or not an account has it): the first
# FREE_FAILURES failures of a day cost nothing; from then on each failure locks the account for
# a delay that doubles (1 min, 2, 4, ... up to MAX_DELAY); DAILY_CAP failures lock it until the
# day that began with the first failure is over. A wrong two-factor code counts as a failure.
FREE_FAILURES = 4
FIRST_DELAY = timedelta(minutes=1)
MAX_DELAY = timedelta(hours=1)
DAILY_CAP = 20
DAY = timedelta(hours=24)


class _Cost(TypedDict):
    time_cost: int
    memory_cost: int
    parallelism: int


# The cheapest parameters argon2id accepts, for WORKER_VOICE_ENV=testing only: the suite signs
# people in hundreds of times, and the recommended cost (0.2-0.8 s a hash here) dominated it.
TESTING_PARAMETERS: _Cost = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}
_DUMMY_PASSWORD = "not-a-real-password-for-timing"  # noqa: S105 (never anyone's password)


class AccountError(Exception):
    """An account could not be created as asked."""


def init_app(app: Flask) -> None:
    """Choose the app's hasher when the app is made: argon2id with the library's recommended
    parameters, or the cheap ones under testing. A cheap hash met in production is rehashed at
    the next sign-in (check_needs_rehash)."""
    testing = app.config.get("WORKER_VOICE_ENV") == "testing"
    app.extensions["password_hasher"] = (
        PasswordHasher(**TESTING_PARAMETERS) if testing else PasswordHasher())


def _hasher() -> PasswordHasher:
    return current_app.extensions["password_hasher"]


def _dummy_hash() -> str:
    """Verified against when the e-mail is unknown, so both cases take the same time; made on
    first use, with the app's own parameters."""
    extensions = current_app.extensions
    if "password_dummy_hash" not in extensions:
        extensions["password_dummy_hash"] = _hasher().hash(_DUMMY_PASSWORD)
    return extensions["password_dummy_hash"]


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def account_key(email: str) -> str:
    """A keyed hash of the e-mail tried: what throttling and the audit log know of a failure."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, email.strip().lower().encode(), hashlib.sha256).hexdigest()


def _organization_of(email: str) -> int | None:
    """Whose audit log a failure on this e-mail goes to (the platform's if no account)."""
    return db.session.scalar(sa.select(User.organization_id)
                             .where(User.email == email.strip().lower()))


def authenticate(*, email: str, password: str, now: datetime | None = None) -> User | None:
    """The user, or None: wrong password, unknown e-mail and a locked account look the same,
    and take the same time.

    An account with two-factor sign-in keeps its failures until the code is right too
    (twofactor.verify), so knowing the password does not reset the count.
    """
    now = now or datetime.now(UTC)
    key = account_key(email)
    if is_locked(email=email, now=now):
        _hasher().verify(_dummy_hash(), _DUMMY_PASSWORD)  # same cost as a try
        record("sign_in_locked", target=key[:16], organization_id=_organization_of(email))
        return None
    user = db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    try:
        _hasher().verify(user.password_hash if user else _dummy_hash(), password)
        ok = user is not None
    except (VerificationError, InvalidHashError):
        ok = False
    if user is None or not ok:
        count_failure(email=email, now=now)
        record("sign_in_failed", target=key[:16],
               organization_id=user.organization_id if user else None)
        return None
    if not user.totp_secret:
        clear_failures(email=email)
    if _hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    record("sign_in", actor_id=user.id, target=user.email, organization_id=user.organization_id)
    return user


def as_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite drops the zone


def is_locked(*, email: str, now: datetime | None = None) -> bool:
    throttle = db.session.get(LoginThrottle, account_key(email))
    return bool(throttle and throttle.locked_until
                and as_utc(throttle.locked_until) > (now or datetime.now(UTC)))


def count_failure(*, email: str, now: datetime | None = None) -> None:
    """One more failed attempt on this account (a wrong password or two-factor code)."""
    now = now or datetime.now(UTC)
    key = account_key(email)
    throttle = db.session.get(LoginThrottle, key)
    if throttle is None:
        throttle = LoginThrottle(account_key=key, window_start=now, failures=0)
        db.session.add(throttle)
    if now - as_utc(throttle.window_start) >= DAY:
        throttle.window_start, throttle.failures = now, 0
    throttle.failures += 1
    throttle.locked_until = locked_until(failures=throttle.failures, now=now,
                                         day_began=as_utc(throttle.window_start))


def locked_until(*, failures: int, now: datetime, day_began: datetime) -> datetime | None:
    """When an account with this many failures today opens again (None: it is open)."""
    if failures >= DAILY_CAP:
        return day_began + DAY
    if failures <= FREE_FAILURES:
        return None
    return now + min(FIRST_DELAY * 2 ** (failures - FREE_FAILURES - 1), MAX_DELAY)


def clear_failures(*, email: str) -> None:
    """A complete sign-in: the account's failures are forgotten."""
    throttle = db.session.get(LoginThrottle, account_key(email))
    if throttle is not None:
        db.session.delete(throttle)


def password_problem(password: str) -> str | None:
    """Why a new password is not good enough, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"the password needs at least {MIN_PASSWORD_LENGTH} characters"
    if password.strip().lower() in common_passwords():
        return "this password is on the list of common passwords"
    return None


@cache
def common_passwords() -> frozenset[str]:
    path = Path(__file__).with_name("common_passwords.txt")
    return frozenset(line.strip().lower() for line in path.read_text().splitlines()
                     if line.strip() and not line.startswith("#"))


def free_slug(name: str) -> str:
    base = "-".join(fold(name).split())[:32] or "org"
    slug, number = base, 1
    while db.session.scalar(sa.select(Organization.id).where(Organization.slug == slug)):
        number += 1
        slug = f"{base}-{number}"
    return slug


def create_user(*, email: str, password: str, organization_name: str | None,
                role: str = Role.ORGANIZER, platform_admin: bool = False) -> User:
    """Create a person with a role in an organization (made if new), or a platform admin
    with no organization; one commit."""
    email = email.strip().lower()
    if "@" not in email:
        raise AccountError("the e-mail address needs an @")
    if problem := password_problem(password):
        raise AccountError(problem)
    if db.session.scalar(sa.select(User.id).where(User.email == email)):
        raise AccountError(f"a user with the e-mail {email} already exists")
    if organization_name is None and not platform_admin:
        raise AccountError("an organizer needs an organization")
    user = User(email=email, password_hash=hash_password(password),
                is_platform_admin=platform_admin)
    if organization_name is not None:
        organization = find_or_create_organization(organization_name)
        user.organization = organization
        user.memberships.append(Membership(organization=organization, role=role))
    db.session.add(user)
    db.session.flush()
    record("user_created", target=email, role=role if organization_name else "platform_admin",
           organization=organization_name, organization_id=user.organization_id)
    return user


def find_or_create_organization(name: str) -> Organization:
    name = " ".join(name.split())
    if not name:
        raise AccountError("an organization needs a name")
    organization = db.session.scalar(sa.select(Organization).where(Organization.name == name))
    if organization is None:
        organization = Organization(name=name, slug=free_slug(name))
        db.session.add(organization)
    return organization
