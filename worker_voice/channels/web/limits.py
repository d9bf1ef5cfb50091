"""The per-browser limit on sending reports, without keeping an address.

A browser is known here only as HMAC-SHA256 of its client address under a key derived from
SECRET_KEY and the UTC day: the key changes every day, so yesterday's counters cannot be tied to
today's, and without SECRET_KEY a counter cannot be tied to an address at all. Counters live in
Flask-Limiter's storage (the `limits` library it is built on: Redis when REDIS_URL is set, else
the process's memory), never in the database, for no longer than their window (at most an hour),
and the address is never logged.

Past the limit nothing is refused: the report is stored held (not counted) and the browser sees
the same thank-you page, so a bot learns nothing, and a worker sharing a tablet or a network at
a meeting loses nothing (an organizer releases the held reports).
"""

import hashlib
import hmac

from flask import current_app, request, session
from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from ... import clock

# 50 identical reports from one browser in a minute leave at most 5 counted.
DEFAULT_LIMIT = "5 per minute;20 per hour"
LONGEST_WINDOW = 3600  # seconds: no counter outlives an hour
SCOPE = "web-report"
# Requests to be contacted one browser may send (CONTACT_REQUEST_LIMIT overrides): coworkers
# sharing a tablet at a meeting get through; a script filling an organization's contact list
# with strangers' numbers, for it to text, does not.
CONTACT_LIMIT = "5 per hour"
CONTACT_SCOPE = "web-contact"
# Wrong receipt codes a browser may try in a day (deleting a report, or adding topics to it). A
# worker mistypes once or twice; someone trying codes to reach other people's reports needs
# millions of tries.
CODE_TRIES_PER_DAY = 5
_MISSES = "delete_misses"  # session key: [day, wrong codes that day]
# The session's count is the worker's: a script drops the cookie. Wrong codes are counted per
# address too (CODE_MISS_LIMIT overrides), high enough for a worker center's shared network,
# low enough that trying codes (31^8 of them) from one address takes lifetimes.
CODE_MISS_LIMIT = "30 per hour"
CODE_SCOPE = "web-code"


def client_key(scope: str = SCOPE) -> str:
    """The browser's name for today: an HMAC of its address under today's key."""
    day = clock.utcnow().date().isoformat()
    key = hmac.new(current_app.config["SECRET_KEY"].encode(), f"{scope}:{day}".encode(),
                   hashlib.sha256).digest()
    return hmac.new(key, (request.remote_addr or "").encode(), hashlib.sha256).hexdigest()


def within_limit() -> bool:
    """Count one report from this browser; False when it went past a limit."""
    return _hit(SCOPE, "WEB_REPORT_LIMIT", DEFAULT_LIMIT)


def contact_requests_left() -> bool:
    """Whether this browser may send another request to be contacted (counted only once one
    is stored, so a form sent back for a typo costs nothing)."""
    items = _limits("CONTACT_REQUEST_LIMIT", CONTACT_LIMIT)
    key = client_key(CONTACT_SCOPE)
    return all(_limiter().test(item, CONTACT_SCOPE, key) for item in items)


def count_contact_request() -> None:
    _hit(CONTACT_SCOPE, "CONTACT_REQUEST_LIMIT", CONTACT_LIMIT)


def _hit(scope: str, setting: str, default: str) -> bool:
    items = _limits(setting, default)
    if not items:
        return True
    limiter = _limiter()
    key = client_key(scope)
    return all([limiter.hit(item, scope, key) for item in items])  # every window counts it


def _limits(setting: str = "WEB_REPORT_LIMIT", default: str = DEFAULT_LIMIT) -> list[RateLimitItem]:
    spec = current_app.config.get(setting, default)
    items = parse_many(spec) if spec else []
    if any(item.get_expiry() > LONGEST_WINDOW for item in items):
        raise ValueError(f"{setting} windows may last an hour at most: {spec!r}")
    return items


def _limiter() -> FixedWindowRateLimiter:
    extensions = current_app.extensions
    if "web_report_limiter" not in extensions:
        uri = (current_app.config.get("RATELIMIT_STORAGE_URI")
               or current_app.config.get("REDIS_URL") or "memory://")
        extensions["web_report_limiter"] = FixedWindowRateLimiter(storage_from_string(uri))
    return extensions["web_report_limiter"]


def misses_today() -> int:
    """Wrong receipt codes this browser sent today, as its session counts them; all the tries
    allowed once its address sent CODE_MISS_LIMIT wrong codes (under the daily-keyed HMAC of
    the address, in Redis or memory for an hour at most, never stored)."""
    day, misses = session.get(_MISSES) or (None, 0)
    in_session = int(misses) if day == _today() else 0
    items = _limits("CODE_MISS_LIMIT", CODE_MISS_LIMIT)
    key = client_key(CODE_SCOPE)
    if not all(_limiter().test(item, CODE_SCOPE, key) for item in items):
        return max(in_session, CODE_TRIES_PER_DAY)
    return in_session


def count_miss() -> None:
    day, misses = session.get(_MISSES) or (None, 0)
    session[_MISSES] = [_today(), (int(misses) if day == _today() else 0) + 1]
    _hit(CODE_SCOPE, "CODE_MISS_LIMIT", CODE_MISS_LIMIT)


def _today() -> str:
    return clock.utcnow().date().isoformat()
