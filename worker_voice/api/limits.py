"""Rate limits on the API: one budget per token, shared by every endpoint.

Flask-Limiter's usual key is the client's IP address, which it would then keep in its storage;
here the key is the token's id and nothing else, so no address is ever stored or logged. Limits
are checked inside the view, after the token was authenticated (routes.require_token): a request
without a valid token is refused with 401 before it is counted. A shared "anonymous" budget
would only let one stranger turn everyone's 401 into 429, and guessing a 256-bit token is
hopeless however fast one asks; floods belong to the TLS proxy in front.
"""

import math
import time

from flask import Flask, current_app, g
from flask_limiter import Limiter
from limits import parse_many

# One instance, initialised for each app like the extensions in worker_voice.extensions: the
# decorator below is applied when routes are imported. init_app gives it the app's storage.
limiter = Limiter(key_func=lambda: f"token:{g.api_token_id}", default_limits=[],
                  key_prefix="wv-api", headers_enabled=False)


def _configured_limit() -> str:
    return current_app.config["API_RATE_LIMIT"]


# Every data endpoint draws on the same budget per token.
limited = limiter.shared_limit(_configured_limit, scope="api",
                               key_func=lambda: f"token:{g.api_token_id}")


def init_app(app: Flask) -> None:
    from config import ConfigError

    app.config.setdefault("API_RATE_LIMIT", "120 per minute")
    try:
        parse_many(app.config["API_RATE_LIMIT"])
    except ValueError as error:
        raise ConfigError(f"API_RATE_LIMIT is not a rate limit such as '120 per minute': "
                          f"{app.config['API_RATE_LIMIT']!r}") from error
    # Redis when there is one: memory:// is per process, so several gunicorn workers would
    # each grant the full budget.
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    app.config.setdefault("RATELIMIT_STRATEGY", "fixed-window")
    # The one limiter is shared by every app in the process (tests build many); it would
    # otherwise carry one app's RATELIMIT_ENABLED over to the next as the default.
    app.config.setdefault("RATELIMIT_ENABLED", True)
    limiter.init_app(app)


def retry_after() -> int:
    """Seconds until the limit just exceeded frees up again (at least one)."""
    current = limiter.current_limit
    if current is None:
        return 60
    reset_time, _remaining = current.window
    return max(1, math.ceil(reset_time - time.time()))
