"""The audit log page: an organization's admins read and filter its events, platform admins
every event (another organization's without what it was done on); nobody edits it."""

from flask import abort, render_template, request
from flask_login import current_user

from ..audit import events_for, recorded_actions
from ..models import Role
from . import bp


@bp.route("/audit")
def audit_log():
    everything = current_user.is_platform_admin
    if not everything and current_user.role != Role.ADMIN:
        abort(403)
    action = request.args.get("action") or None
    events = events_for(reader=current_user, action=action)
    return render_template("organizer/audit.html", events=events, actions=recorded_actions(),
                           action=action)
