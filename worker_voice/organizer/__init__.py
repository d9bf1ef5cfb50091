"""The organizer dashboard: guarded employer summaries."""

import time
from typing import TYPE_CHECKING

from flask import Blueprint, Flask, abort, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user, user_logged_in

from ..security import refuse_nul

if TYPE_CHECKING:
    from ..models import User

bp = Blueprint("organizer", __name__)


@bp.context_processor
def labels():
    from ..registry.labels import CHANNEL_LABELS, ROLE_LABELS, STATUS_LABELS
    from ..survey import CATEGORY_LABELS

    return {"status_labels": STATUS_LABELS, "category_labels": CATEGORY_LABELS,
            "channel_labels": CHANNEL_LABELS, "role_labels": ROLE_LABELS}


@user_logged_in.connect
def start_visit_on_sign_in(_app: Flask, user: "User", **_extra: object) -> None:
    """A sign-in starts a visit: the home page counts the reports received since the day the
    last one began."""
    from ..clock import utcnow
    from ..intake.review import start_visit

    if user.membership is not None:
        session["last_visit_on"] = {str(user.organization_id): start_visit(
            membership=user.membership, today=utcnow().date())}


IDLE_LIMIT = 3600  # seconds without a request before a session ends
SESSION_LIMIT = 12 * 3600  # seconds after sign-in, whatever happens


@bp.before_request
@login_required
def require_login():
    """Every organizer page needs a signed-in organizer with a fresh enough session."""
    now = time.time()
    if (now - session.get("seen_at", 0) > IDLE_LIMIT
            or now - session.get("signed_in_at", 0) > SESSION_LIMIT):
        logout_user()
        session.clear()
        flash(_("Your session ended. Please sign in again."), "info")
        return redirect(url_for("auth.login", next=request.path))
    session["seen_at"] = now
    if current_user.needs_two_factor and not current_user.totp_secret:
        flash(_("Administrators must turn on two-factor sign-in first."), "info")
        return redirect(url_for("auth.two_factor_setup"))
    return None


@bp.before_request
def refuse_forged_nul() -> None:
    """A filter, hidden field or name holding a NUL is forged: 400 before it fails a query."""
    refuse_nul()


def require_organization() -> int:
    """The organization the person is working in; 403 for someone in none (a platform
    admin who is no member anywhere)."""
    if current_user.membership is None:
        abort(403)
    return current_user.organization_id


def require_editor() -> int:
    """Viewers read; organizers and admins change things. Returns the organization."""
    organization_id = require_organization()
    if not current_user.can_edit:
        abort(403)
    return organization_id


def require_platform_admin() -> None:
    if not current_user.is_platform_admin:
        abort(403)


from . import (  # noqa: E402,F401
    api_tokens,
    audit,
    campaigns,
    coalitions,
    contacts,
    dossiers,
    exports,
    help_entries,
    home,
    people,
    platform,
    registry,
    reports,
    routes,
)
