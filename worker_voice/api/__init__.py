"""The read-only JSON API under /api/v1/ (token auth, per organization)."""

from flask import Blueprint

bp = Blueprint("api", __name__)

from . import routes  # noqa: E402,F401
