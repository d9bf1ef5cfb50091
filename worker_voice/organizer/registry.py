"""Organizer pages for the registry: the review queue of unmatched names, and merges."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from ..extensions import db
from ..models import Employer
from ..registry.review import (
    RegistryError,
    create_employer,
    employer_chosen,
    link_unmatched,
    merge_employers,
    unmatched_names,
)
from . import bp, require_editor, require_organization, require_platform_admin

EMPLOYER_SUGGESTIONS = 500


@bp.route("/review")
def review():
    organization_id = require_organization()
    suggestions = db.session.scalars(sa.select(Employer.name).order_by(Employer.name)
                                     .limit(EMPLOYER_SUGGESTIONS)).all()
    return render_template("organizer/review.html",
                           names=unmatched_names(organization_id=organization_id),
                           employer_names=suggestions)


@bp.post("/review/link")
def review_link():
    organization_id = require_editor()
    try:
        chosen = employer_chosen(name=request.form.get("other_employer", ""),
                                 employer_id=request.form.get("employer_id", ""))
        linked = link_unmatched(organization_id=organization_id,
                                normalized_name=request.form.get("name", ""),
                                employer_id=chosen)
    except (RegistryError, ValueError):
        flash(_("Choose an employer from the list."), "error")
    else:
        flash(ngettext("%(num)d report linked.", "%(num)d reports linked.", linked), "info")
    return redirect(url_for(".review"))


@bp.post("/review/create")
def review_create():
    organization_id = require_editor()
    try:
        employer = create_employer(name=request.form.get("employer_name", ""),
                                   naics_code=(request.form.get("naics") or "").strip() or None,
                                   link_name=request.form.get("name") or None,
                                   organization_id=organization_id)
    except RegistryError:
        flash(_("That name is empty or belongs to an employer already."), "error")
        return redirect(url_for(".review"))
    flash(_("Employer %(name)s added.", name=employer.name), "info")
    return redirect(url_for(".review"))


@bp.route("/employers/<int:employer_id>/merge", methods=["GET", "POST"])
def merge(employer_id: int):
    """Merging changes every organization's figures: platform admins only."""
    require_platform_admin()
    source = db.session.get(Employer, employer_id) or abort(404)
    if request.method == "POST":
        try:
            target_id = int(request.form.get("target_id", "0"))
            merge_employers(source_id=employer_id, target_id=target_id)
        except (RegistryError, ValueError):
            flash(_("Choose another employer to merge into."), "error")
        else:
            flash(_("Merged."), "info")
            return redirect(url_for(".employer", employer_id=target_id))
    others = db.session.execute(sa.select(Employer.id, Employer.name)
                                .where(Employer.id != employer_id).order_by(Employer.name)).all()
    return render_template("organizer/merge.html", source=source, others=others)
