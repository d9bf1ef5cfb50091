"""Organizer sign-in. Workers never sign in."""

from flask import Blueprint

from ..security import refuse_nul

bp = Blueprint("auth", __name__)


@bp.before_request
def refuse_forged_nul() -> None:
    """An e-mail or password holding a NUL is forged: 400 before it fails a query."""
    refuse_nul()


from . import routes  # noqa: E402,F401
