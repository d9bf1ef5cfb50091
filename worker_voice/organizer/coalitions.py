"""Coalition pages for member organizations: the targets, and figures pooled over members."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..insights.disclosure import Scope, employer_listing
from ..registry.coalitions import (
    CoalitionError,
    coalitions_of,
    is_target,
    member_coalition,
    set_target,
)
from ..registry.review import employer_chosen
from . import bp, require_editor, require_organization
from .routes import render_summary


def _coalition(coalition_id: int):
    organization_id = require_organization()
    coalition = member_coalition(coalition_id=coalition_id, organization_id=organization_id)
    if coalition is None:
        abort(404)
    scope = Scope(frozenset(m.id for m in coalition.members), organization_id)
    return coalition, scope


@bp.route("/coalitions")
def coalitions():
    return render_template("organizer/coalitions.html",
                           coalitions=coalitions_of(organization_id=require_organization()))


@bp.route("/coalitions/<int:coalition_id>")
def coalition(coalition_id: int):
    coalition, scope = _coalition(coalition_id)
    targets = employer_listing(scope=scope, employer_ids=[e.id for e in coalition.targets])
    return render_template("organizer/coalition.html", coalition=coalition, targets=targets)


@bp.post("/coalitions/<int:coalition_id>/targets")
def coalition_targets(coalition_id: int):
    organization_id = require_editor()
    employer_id = employer_chosen(name=request.form.get("employer_name", ""),
                                  employer_id=request.form.get("employer_id", ""))
    try:
        set_target(coalition_id=coalition_id, organization_id=organization_id,
                   employer_id=employer_id, targeted=request.form.get("remove") is None)
    except CoalitionError:
        if member_coalition(coalition_id=coalition_id, organization_id=organization_id) is None:
            abort(404)
        flash(_("Choose an employer from the list."), "error")
    return redirect(url_for(".coalition", coalition_id=coalition_id))


@bp.route("/coalitions/<int:coalition_id>/employers/<int:employer_id>")
def coalition_employer(coalition_id: int, employer_id: int):
    coalition, scope = _coalition(coalition_id)
    if not is_target(coalition, employer_id):
        abort(404)
    return render_summary(employer_id, scope, coalition=coalition)
