"""The audit log page: administrators read and filter it; nobody edits it."""

from flask import abort, render_template, request
from flask_login import current_user

from ..audit import recent_events, recorded_actions
from . import bp


@bp.route("/audit")
def audit_log():
    if current_user.role != "admin":
        abort(403)
    action = request.args.get("action") or None
    return render_template("organizer/audit.html", events=recent_events(action=action),
                           actions=recorded_actions(), action=action)
