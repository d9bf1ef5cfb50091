"""SMS and WhatsApp through Twilio: a webhook over the pure conversation engine."""

from flask import Blueprint

bp = Blueprint("sms", __name__)

from . import routes  # noqa: E402,F401
