"""An organization admin's page for its people: invite, change roles, remove, issue reset
links; and the switch between one's own organizations."""

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from ..auth.invitations import (
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
from .forms import (
    InviteForm,
    RemoveMemberForm,
    ResetLinkForm,
    RoleForm,
    SwitchForm,
    broken,
    refuse,
)


def require_admin() -> int:
    """The organization whose admin is asking; 403 for anyone else."""
    organization_id = require_organization()
    if current_user.role != Role.ADMIN:
        abort(403)
    return organization_id


@bp.get("/people")
def people() -> ResponseReturnValue:
    return _people_page(require_admin())


def _people_page(organization_id: int, *, invitation: InviteForm | None = None,
                 failed: FlaskForm | None = None, link: str | None = None) -> ResponseReturnValue:
    """The members, each with a form per action; a refused form is shown as it was sent."""
    rows = []
    for membership in members(organization_id=organization_id):
        user_id = membership.user_id
        forms: dict[str, FlaskForm] = {
            "role": RoleForm(formdata=None, user_id=user_id, role=str(membership.role)),
            "reset": ResetLinkForm(formdata=None, user_id=user_id),
            "remove": RemoveMemberForm(formdata=None, user_id=user_id)}
        if failed is not None and failed.user_id.data == user_id:
            forms = {key: failed if type(form) is type(failed) else form
                     for key, form in forms.items()}
        rows.append((membership, forms))
    refused = invitation is not None or failed is not None
    return render_template("organizer/people.html", rows=rows, link=link,
                           invitation=invitation or InviteForm(formdata=None),
                           ), 400 if refused else 200


@bp.post("/people")
def invite_person() -> ResponseReturnValue:
    organization_id = require_admin()
    form = InviteForm()
    if not form.validate_on_submit():
        return _people_page(organization_id, invitation=form)
    try:
        token = invite(admin=current_user, email=form.email.data, role=form.role.data)
    except AccountError as error:
        refuse(form, "email", error)
        return _people_page(organization_id, invitation=form)
    # The same answer whether or not the e-mail has an account: the person joins by the link.
    # The link is shown in this answer only: a redirect would carry it in the session cookie.
    return _people_page(organization_id,
                        link=url_for("auth.accept", token=token, _external=True))


@bp.post("/people/role")
def change_person_role() -> ResponseReturnValue:
    organization_id = require_admin()
    form = RoleForm()
    if form.validate_on_submit():
        try:
            change_role(admin=current_user, user_id=form.user_id.data, role=form.role.data)
        except AccountError as error:
            refuse(form, "role", error)
        else:
            flash(_("Saved."), "info")
            return redirect(url_for(".people"))
    else:
        broken(form)
    return _people_page(organization_id, failed=form)


@bp.post("/people/reset")
def reset_link() -> ResponseReturnValue:
    organization_id = require_admin()
    form = ResetLinkForm()
    if form.validate_on_submit():
        try:
            token = issue_reset(admin=current_user, user_id=form.user_id.data)
        except AccountError as error:
            refuse(form, "user_id", error)
        else:
            return _people_page(organization_id,
                                link=url_for("auth.reset", token=token, _external=True))
    else:
        broken(form)
    return _people_page(organization_id, failed=form)


@bp.post("/people/remove")
def remove_person() -> ResponseReturnValue:
    organization_id = require_admin()
    form = RemoveMemberForm()
    if form.validate_on_submit():
        try:
            remove_member(admin=current_user, user_id=form.user_id.data)
        except AccountError as error:
            refuse(form, "user_id", error)
        else:
            flash(_("Removed from the organization."), "info")
            return redirect(url_for(".people"))
    else:
        broken(form)
    return _people_page(organization_id, failed=form)


@bp.context_processor
def switch_form() -> dict:
    """The menu's switch between one's organizations, made only where it is shown."""
    def make() -> SwitchForm:
        return SwitchForm(formdata=None, memberships=current_user.memberships,
                          organization_id=current_user.organization_id)
    return {"switch_form": make}


@bp.post("/switch")
def switch() -> ResponseReturnValue:
    form = SwitchForm(memberships=current_user.memberships)
    if not form.validate_on_submit():
        abort(403)  # not one of one's organizations
    try:
        switch_organization(user=current_user, organization_id=form.organization_id.data)
    except AccountError:
        abort(403)
    return redirect(url_for(".home"))
