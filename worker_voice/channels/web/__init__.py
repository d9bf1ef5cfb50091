"""The public report form: mobile first, works without JavaScript."""

from flask import Blueprint

bp = Blueprint("web", __name__)

from . import contact, mailbox, routes  # noqa: E402,F401  (routes imports topics)
