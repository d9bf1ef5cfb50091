"""An organization admin's page for its people: invite, change roles, issue reset links."""

import sqlalchemy as sa
from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.invitations import ROLES, change_role, invite, issue_reset
from ..auth.passwords import AccountError
from ..extensions import db
from ..models import User
from . import bp


@bp.route("/people", methods=["GET", "POST"])
def people():
    if current_user.role != "admin":
        abort(403)
    link = None
    if request.method == "POST":
        try:
            action = request.form.get("action")
            if action == "invite":
                token = invite(admin=current_user, email=request.form.get("email", ""),
                               role=request.form.get("role", ""))
                link = url_for("auth.accept", token=token, _external=True)
            elif action == "reset":
                token = issue_reset(admin=current_user,
                                    user_id=int(request.form.get("user_id", "0")))
                link = url_for("auth.reset", token=token, _external=True)
            elif action == "role":
                change_role(admin=current_user, user_id=int(request.form.get("user_id", "0")),
                            role=request.form.get("role", ""))
                flash(_("Saved."), "info")
            else:
                abort(400)
        except (AccountError, ValueError):
            flash(_("That did not work: check the e-mail address and the role."), "error")
    members = db.session.scalars(sa.select(User).where(
        User.organization_id == current_user.organization_id).order_by(User.email)).all()
    return render_template("organizer/people.html", members=members, roles=ROLES, link=link)
