"""HTTP hardening and the promise that the server's own log never records who a worker is."""

import logging
import re

from flask import Flask, Response, request

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


def init_app(app: Flask) -> None:
    app.after_request(set_security_headers)
    quiet_request_log()
    if app.config.get("PROXY_HOPS"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_HOPS"]
        # X-Forwarded-For is deliberately not trusted or used: we never want the client address.
        # Flask's documented way to add WSGI middleware, though Flask types wsgi_app a method.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=0, x_proto=hops, x_host=hops)
