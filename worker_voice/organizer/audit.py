"""The audit log page: administrators read and filter it; nobody edits it."""

import sqlalchemy as sa
from flask import abort, render_template, request
from flask_login import current_user

from ..extensions import db
from ..models import AuditEvent, User
from . import bp

PAGE = 200


@bp.route("/audit")
def audit_log():
    if current_user.role != "admin":
        abort(403)
    action = request.args.get("action") or None
    query = (sa.select(AuditEvent, User.email).outerjoin(User, User.id == AuditEvent.actor_id)
             .order_by(AuditEvent.id.desc()).limit(PAGE))
    if action:
        query = query.where(AuditEvent.action == action)
    actions = db.session.scalars(sa.select(AuditEvent.action).distinct()
                                 .order_by(AuditEvent.action)).all()
    return render_template("organizer/audit.html", events=db.session.execute(query).all(),
                           actions=actions, action=action)
