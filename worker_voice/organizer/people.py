"""An organization admin's page for its people: invite, change roles, remove, issue reset
links; and the switch between one's own organizations."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.invitations import (
    ROLES,
    change_role,
    invite,
    issue_reset,
    members,
    remove_member,
    switch_organization,
)
from ..auth.passwords import AccountError
from ..models import Role
from . import bp, require_organization


@bp.route("/people", methods=["GET", "POST"])
def people():
    organization_id = require_organization()
    if current_user.role != Role.ADMIN:
        abort(403)
    link = None
    if request.method == "POST":
        try:
            action = request.form.get("action")
            user_id = int(request.form.get("user_id", "0") or 0)
            if action == "invite":
                token = invite(admin=current_user, email=request.form.get("email", ""),
                               role=request.form.get("role", ""))
                if token:
                    link = url_for("auth.accept", token=token, _external=True)
                else:
                    flash(_("This person has an account already and is now a member."), "info")
            elif action == "reset":
                link = url_for("auth.reset", token=issue_reset(admin=current_user,
                                                               user_id=user_id), _external=True)
            elif action == "role":
                change_role(admin=current_user, user_id=user_id,
                            role=request.form.get("role", ""))
                flash(_("Saved."), "info")
            elif action == "remove":
                remove_member(admin=current_user, user_id=user_id)
                flash(_("Removed from the organization."), "info")
            else:
                abort(400)
        except (AccountError, ValueError):
            flash(_("That did not work. Check the e-mail address and the role. An organization "
                    "keeps at least one admin, and only a platform admin can reset the password "
                    "of someone who belongs to other organizations too."), "error")
    return render_template("organizer/people.html", members=members(
        organization_id=organization_id), roles=ROLES, link=link)


@bp.post("/switch")
def switch():
    try:
        switch_organization(user=current_user,
                            organization_id=int(request.form.get("organization_id", "0")))
    except (AccountError, ValueError):
        abort(403)
    return redirect(url_for(".home"))
