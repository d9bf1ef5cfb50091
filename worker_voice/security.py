"""HTTP hardening and the promise that the server's own log never records who a worker is."""

import logging
import re

from flask import Flask, Response, abort, request

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


def set_security_headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    # `no-referrer` would break Flask-WTF's CSRF Referer check over HTTPS.
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if request.endpoint != "static":
        # Nothing a worker or organizer saw may linger in a shared phone's cache.
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000"
    return response


# Werkzeug's development server formats each request line as
# '127.0.0.1 - - [28/Nov/2026 16:00:00] "GET /report HTTP/1.1" 200 -'.
_ADDRESS_AND_TIME = re.compile(r"^\S+ - - \[[^\]]*\] ")


class DropClientAddress(logging.Filter):
    """Strip the client address and timestamp from request log lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _ADDRESS_AND_TIME.match(message):
            record.msg = _ADDRESS_AND_TIME.sub("", message)
            record.args = ()
        return True


def quiet_request_log() -> None:
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, DropClientAddress) for f in logger.filters):
        logger.addFilter(DropClientAddress())


def holds_nul(*, form: bool) -> bool:
    """Whether the query string (and the form, if `form`) holds a NUL character. Nobody types
    one, and PostgreSQL refuses one in text: a value holding one is forged."""
    sent = [*request.args.lists(), *(request.form.lists() if form else ())]
    return any("\x00" in value for _name, values in sent for value in values)


def refuse_nul_in_query() -> None:
    """Every page: a query string with a NUL is answered 400 before it reaches a query. Forms
    are the blueprints' to check: a worker's text goes through intake's clean_text, which
    drops control characters and keeps the rest of what was typed."""
    if holds_nul(form=False):
        abort(400)


def refuse_nul(*, form: bool = True) -> None:
    """For the blueprints of signed-in people (organizer, auth): a query string or form with a
    NUL is answered 400."""
    if holds_nul(form=form):
        abort(400)


def init_app(app: Flask) -> None:
    app.before_request(refuse_nul_in_query)
    app.after_request(set_security_headers)
    quiet_request_log()
    if app.config.get("PROXY_HOPS"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_HOPS"]
        # X-Forwarded-For is deliberately not trusted or used: we never want the client address.
        # Flask's documented way to add WSGI middleware, though Flask types wsgi_app a method.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=0, x_proto=hops, x_host=hops)
