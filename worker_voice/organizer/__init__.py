"""The organizer dashboard: guarded employer summaries."""

from flask import Blueprint
from flask_login import login_required

bp = Blueprint("organizer", __name__)


@bp.before_request
@login_required
def require_login():
    """Every organizer page needs a signed-in organizer."""


from . import registry, routes  # noqa: E402,F401
