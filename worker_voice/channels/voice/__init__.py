"""Report by phone call: a keypad survey over Twilio Voice, through the same intake as SMS."""

from flask import Blueprint

bp = Blueprint("voice", __name__)

from . import routes  # noqa: E402,F401
