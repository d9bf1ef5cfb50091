"""Platform admins' pages: member organizations and coalitions. No raw report is here."""

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from ..auth.passwords import AccountError
from ..registry.coalitions import CoalitionError, all_coalitions, form_coalition, set_members
from . import bp, require_platform_admin
from .forms import CoalitionForm, CoalitionMembersForm, OrganizationForm, broken, refuse
from .organizations import (
    OrganizationError,
    open_organization,
    organizations_overview,
)


@bp.get("/platform")
def platform() -> ResponseReturnValue:
    require_platform_admin()
    return _platform_page()


def _platform_page(*, failed: FlaskForm | None = None,
                   link: str | None = None) -> ResponseReturnValue:
    """Organizations and coalitions, each form fresh but the one refused, shown as it was sent."""
    overview = organizations_overview()
    organizations = [organization for organization, _people in overview]
    coalitions = []
    for coalition in all_coalitions():
        form = CoalitionMembersForm(formdata=None, organizations=organizations,
                                    coalition_id=coalition.id,
                                    members=[m.id for m in coalition.members])
        if isinstance(failed, CoalitionMembersForm) and failed.coalition_id.data == coalition.id:
            form = failed
        coalitions.append((coalition, form))
    forms = {"organization_form": OrganizationForm(formdata=None),
             "coalition_form": CoalitionForm(formdata=None, organizations=organizations)}
    forms = {key: failed if type(form) is type(failed) else form for key, form in forms.items()}
    return render_template("organizer/platform.html", organizations=overview,
                           coalitions=coalitions, link=link, **forms,
                           ), 400 if failed is not None else 200


@bp.post("/platform/organizations")
def add_organization() -> ResponseReturnValue:
    require_platform_admin()
    form = OrganizationForm()
    if form.validate_on_submit():
        try:
            organization, token = open_organization(name=form.name.data,
                                                    admin_email=form.admin_email.data or "")
        except OrganizationError as error:
            refuse(form, "name", error)
        except AccountError as error:
            refuse(form, "admin_email", error)
        else:
            flash(_("Organization %(name)s added.", name=organization.name), "info")
            if token is None:
                return redirect(url_for(".platform"))
            # The link is shown in this answer only: a redirect would carry it in the session.
            return _platform_page(link=url_for("auth.accept", _external=True, token=token))
    return _platform_page(failed=form)


@bp.post("/platform/coalitions")
def add_coalition() -> ResponseReturnValue:
    require_platform_admin()
    form = CoalitionForm(organizations=[o for o, _people in organizations_overview()])
    if form.validate_on_submit():
        try:
            coalition = form_coalition(name=form.name.data, organization_ids=form.members.data)
        except CoalitionError as error:
            refuse(form, error.field, error)
        else:
            flash(_("Coalition %(name)s formed.", name=coalition.name), "info")
            return redirect(url_for(".platform"))
    return _platform_page(failed=form)


@bp.post("/platform/coalitions/members")
def coalition_members() -> ResponseReturnValue:
    require_platform_admin()
    form = CoalitionMembersForm(organizations=[o for o, _people in organizations_overview()])
    if form.validate_on_submit():
        try:
            set_members(coalition_id=form.coalition_id.data, organization_ids=form.members.data)
        except CoalitionError as error:
            if error.field == "coalition":
                abort(404)
            refuse(form, error.field, error)
        else:
            flash(_("Saved."), "info")
            return redirect(url_for(".platform"))
    else:
        broken(form)
    return _platform_page(failed=form)
