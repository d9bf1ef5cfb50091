"""API tokens: created and revoked by an organization's admins (or on the command line), each
the key to what that one organization may read.

Only the SHA-256 hash of a token is stored. A token carries 256 random bits, so a plain (unsalted,
fast) hash is enough: nobody can guess their way back from it, and the hash doubles as the lookup
key, so checking a token costs one indexed query and compares no secret byte by byte.
"""

import hashlib
import secrets
from datetime import UTC, date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..audit import record
from ..extensions import db
from ..models import ApiToken, Organization

TOKEN_PREFIX = "wv_"  # noqa: S105 (marks a string as ours, e.g. for secret scanners)
PREFIX_LENGTH = 10  # "wv_" and 7 random characters: enough to tell tokens apart, not to guess
MIN_TOKEN_LENGTH = 20  # a token given by the caller (the demo's) must still be long
MAX_TOKEN_LENGTH = 200  # longer is no token of ours: refused before hashing
MAX_NAME_LENGTH = 100


class TokenError(Exception):
    """A token cannot be created or revoked as asked."""


class TokenNotFound(TokenError):
    """No such token in the organization (or at all)."""


def hash_token(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


def create_token(*, organization_id: int, name: str, created_by: int | None,
                 token: str | None = None) -> tuple[ApiToken, str]:
    """Create a token for the organization and return it with its plaintext, which is shown
    once and never stored. `token` fixes the plaintext (the demo data's known token)."""
    label = " ".join(name.split())
    if not label or len(label) > MAX_NAME_LENGTH:
        raise TokenError(_l("Give the token a name of up to %(num)d characters, such as what "
                            "will use it.", num=MAX_NAME_LENGTH))
    if db.session.get(Organization, organization_id) is None:
        raise TokenError("no such organization")
    plaintext = token if token is not None else TOKEN_PREFIX + secrets.token_urlsafe(32)
    if (not MIN_TOKEN_LENGTH <= len(plaintext) <= MAX_TOKEN_LENGTH or not plaintext.isascii()
            or any(c.isspace() for c in plaintext)):
        raise TokenError(f"a token is {MIN_TOKEN_LENGTH} to {MAX_TOKEN_LENGTH} ASCII "
                         "characters without spaces")
    digest = hash_token(plaintext)
    if db.session.scalar(sa.select(ApiToken.id).where(ApiToken.token_hash == digest)):
        raise TokenError("that token exists already")
    api_token = ApiToken(organization_id=organization_id, name=label, token_hash=digest,
                         prefix=plaintext[:PREFIX_LENGTH], created_by=created_by)
    db.session.add(api_token)
    record("api_token_created", target=label, actor_id=created_by,
           organization_id=organization_id, prefix=api_token.prefix)
    db.session.flush()
    return api_token, plaintext


def revoke_token(*, token_id: int, organization_id: int | None) -> ApiToken:
    """Revoke a token of the organization (`None`: of any organization, for the command line).
    Revoking a revoked token changes nothing."""
    query = sa.select(ApiToken).where(ApiToken.id == token_id)
    if organization_id is not None:
        query = query.where(ApiToken.organization_id == organization_id)
    api_token = db.session.scalar(query)
    if api_token is None:
        raise TokenNotFound("no such token")
    if api_token.revoked_at is None:
        api_token.revoked_at = datetime.now(UTC)
        record("api_token_revoked", target=api_token.name,
               organization_id=api_token.organization_id, prefix=api_token.prefix)
    return api_token


def tokens_of(*, organization_id: int) -> list[ApiToken]:
    """The organization's tokens, active ones first, newest first."""
    return list(db.session.scalars(
        sa.select(ApiToken).where(ApiToken.organization_id == organization_id)
        .order_by(ApiToken.revoked_at.is_not(None), ApiToken.id.desc())))


def authenticate(plaintext: str) -> ApiToken | None:
    """The active token with this plaintext, or None. Notes the day of use (once a day, so
    reading the API does not write on every request; the audit log shows one use a day)."""
    if not plaintext or len(plaintext) > MAX_TOKEN_LENGTH:
        return None
    api_token = db.session.scalar(sa.select(ApiToken).where(
        ApiToken.token_hash == hash_token(plaintext)))
    if api_token is None or api_token.revoked_at is not None:
        return None
    today = date.today()
    if api_token.last_used_on != today:
        api_token.last_used_on = today
        record("api_token_used", target=api_token.name, actor_id=None,
               organization_id=api_token.organization_id, prefix=api_token.prefix)
    return api_token
