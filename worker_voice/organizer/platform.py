"""Platform admins' pages: member organizations and coalitions. No raw report is here."""

from flask import flash, render_template, request, url_for
from flask_babel import gettext as _

from ..auth.invitations import invite_first_admin
from ..auth.passwords import AccountError
from ..registry.coalitions import CoalitionError, all_coalitions, form_coalition, set_members
from ..registry.organizations import (
    OrganizationError,
    create_organization,
    organizations_overview,
)
from . import bp, require_platform_admin


def _ids(values: list[str]) -> list[int]:
    return [int(value) for value in values if value.isdigit()]


@bp.route("/platform", methods=["GET", "POST"])
def platform():
    require_platform_admin()
    link = None
    if request.method == "POST":
        form = request.form
        try:
            action = form.get("action")
            if action == "organization":
                organization = create_organization(name=form.get("name", ""))
                if form.get("admin_email"):
                    link = url_for("auth.accept", _external=True, token=invite_first_admin(
                        organization_id=organization.id, email=form["admin_email"]))
                flash(_("Organization %(name)s added.", name=organization.name), "info")
            elif action == "coalition":
                coalition = form_coalition(name=form.get("name", ""),
                                           organization_ids=_ids(form.getlist("members")))
                flash(_("Coalition %(name)s formed.", name=coalition.name), "info")
            elif action == "members":
                set_members(coalition_id=int(form.get("coalition_id", "0") or 0),
                            organization_ids=_ids(form.getlist("members")))
                flash(_("Saved."), "info")
            else:
                flash(_("That did not work."), "error")
        except (OrganizationError, CoalitionError, AccountError):
            flash(_("That did not work: check the name (it must be new), the e-mail address, "
                    "and choose at least two organizations for a coalition."), "error")
    return render_template("organizer/platform.html", organizations=organizations_overview(),
                           coalitions=all_coalitions(), link=link)
