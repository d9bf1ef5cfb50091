"""TOTP two-factor sign-in (pyotp), with the replay protection pyotp leaves to us."""

from datetime import UTC, datetime

import pyotp

from ..audit import record
from ..models import User
from .passwords import clear_failures, count_failure

ISSUER = "Worker Voice"
STEP = 30  # seconds
# Wrong codes one sign-in may send before it starts again from the password; each wrong code
# also counts as a failed attempt on the account (passwords.count_failure), so a copy of the
# half-signed-in cookie buys no more tries than the account's lockout allows.
MAX_CODE_TRIES = 5


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def _accepted_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step the code belongs to (now, or one step either side), or None."""
    code = "".join(ch for ch in code if ch.isdigit())
    totp = pyotp.TOTP(secret)
    current = int(now.timestamp()) // STEP
    for step in (current, current - 1, current + 1):
        if len(code) == 6 and totp.at(step * STEP) == code:
            return step
    return None


def enable(*, user: User, secret: str, code: str, now: datetime | None = None) -> bool:
    """Turn on two-factor sign-in once the user proves their app has the secret."""
    step = _accepted_step(secret, code, now or datetime.now(UTC))
    if step is None:
        return False
    user.totp_secret, user.totp_last_step = secret, step
    record("two_factor_enabled", actor_id=user.id, target=user.email,
           organization_id=user.organization_id)
    return True


def verify(*, user: User, code: str, now: datetime | None = None) -> bool:
    """Check a sign-in code; each code is accepted once only. A right code completes the
    sign-in (the account's failures are forgotten); a wrong one counts as a failure."""
    now = now or datetime.now(UTC)
    step = _accepted_step(user.totp_secret or "", code, now)
    ok = step is not None and step > (user.totp_last_step or -1)
    if ok:
        user.totp_last_step = step
        clear_failures(email=user.email)
    else:
        count_failure(email=user.email, now=now)
    record("two_factor_ok" if ok else "two_factor_failed", actor_id=user.id, target=user.email,
           organization_id=user.organization_id)
    return ok
