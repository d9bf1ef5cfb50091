"""Coalition pages for member organizations: the targets, and figures pooled over members."""

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from ..insights.disclosure import Scope, employer_listing
from ..models import Coalition
from ..registry.coalitions import (
    CoalitionError,
    coalitions_of,
    is_target,
    member_coalition,
    set_target,
)
from ..registry.review import employer_chosen
from . import bp, require_editor, require_organization
from .forms import RemoveTargetForm, TargetForm, broken, refuse
from .routes import render_summary


def _coalition(coalition_id: int) -> tuple[Coalition, Scope]:
    organization_id = require_organization()
    coalition = member_coalition(coalition_id=coalition_id, organization_id=organization_id)
    if coalition is None:
        abort(404)
    scope = Scope(frozenset(m.id for m in coalition.members), organization_id)
    return coalition, scope


@bp.route("/coalitions")
def coalitions() -> ResponseReturnValue:
    return render_template("organizer/coalitions.html",
                           coalitions=coalitions_of(organization_id=require_organization()))


@bp.route("/coalitions/<int:coalition_id>")
def coalition(coalition_id: int) -> ResponseReturnValue:
    return _coalition_page(coalition_id)


def _coalition_page(coalition_id: int, *, add: TargetForm | None = None) -> ResponseReturnValue:
    """The coalition's targets; with the form to add one as sent when it was refused."""
    coalition, scope = _coalition(coalition_id)
    targets = employer_listing(scope=scope, employer_ids=[e.id for e in coalition.targets])
    removes = {row.employer_id: RemoveTargetForm(formdata=None, employer_id=row.employer_id)
               for row in targets}
    return render_template("organizer/coalition.html", coalition=coalition, targets=targets,
                           add=add or TargetForm(formdata=None), removes=removes,
                           ), 400 if add is not None else 200


@bp.post("/coalitions/<int:coalition_id>/targets")
def add_target(coalition_id: int) -> ResponseReturnValue:
    organization_id = require_editor()
    _coalition(coalition_id)
    form = TargetForm()
    if form.validate_on_submit():
        try:
            set_target(coalition_id=coalition_id, organization_id=organization_id,
                       employer_id=employer_chosen(name=form.employer_name.data, employer_id=""),
                       targeted=True)
        except CoalitionError as error:
            refuse(form, "employer_name", error)
        else:
            flash(_("Saved."), "info")
            return redirect(url_for(".coalition", coalition_id=coalition_id))
    return _coalition_page(coalition_id, add=form)


@bp.post("/coalitions/<int:coalition_id>/targets/remove")
def remove_target(coalition_id: int) -> ResponseReturnValue:
    organization_id = require_editor()
    _coalition(coalition_id)
    form = RemoveTargetForm()
    if not form.validate_on_submit():
        broken(form)
    try:
        set_target(coalition_id=coalition_id, organization_id=organization_id,
                   employer_id=form.employer_id.data, targeted=False)
    except CoalitionError:
        abort(404)
    flash(_("Saved."), "info")
    return redirect(url_for(".coalition", coalition_id=coalition_id))


@bp.route("/coalitions/<int:coalition_id>/employers/<int:employer_id>")
def coalition_employer(coalition_id: int, employer_id: int) -> ResponseReturnValue:
    coalition, scope = _coalition(coalition_id)
    if not is_target(coalition, employer_id):
        abort(404)
    return render_summary(employer_id, scope, coalition=coalition)
