"""Organizer pages for the registry: the review queue of unmatched names, and merges."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_wtf import FlaskForm

from ..extensions import db
from ..models import Employer, Worksite
from ..registry.matching import AUTO_LINK, CONFIRM
from ..registry.naics import industries, naics_code_in
from ..registry.normalize import normalize_city
from ..registry.review import (
    RegistryError,
    create_employer,
    employer_chosen,
    link_unmatched,
    merge_employers,
    unmatched_names,
)
from ..registry.search import Found, Reason, search_registry
from . import bp, require_editor, require_organization, require_platform_admin
from .forms import CreateEmployerForm, LinkNameForm, MergeForm, broken, refuse

EMPLOYER_SUGGESTIONS = 500
SEARCH_LENGTH = 100  # characters of a registry search read


@bp.route("/review")
def review() -> ResponseReturnValue:
    return _review_page()


def _review_page(*, failed: LinkNameForm | CreateEmployerForm | None = None) -> ResponseReturnValue:
    """The unmatched names, each with its two forms; the one sent is shown as it was sent.
    A registry search (GET: `q`, and `name`, the unmatched name it is for) adds the employers
    found to that name's choices, none of them chosen."""
    organization_id = require_organization()
    searched_for = request.args.get("name", "")
    words = request.args.get("q", "")[:SEARCH_LENGTH].strip()
    found = search_registry(words=words) if searched_for and words else []
    suggestions = db.session.scalars(sa.select(Employer.name)
                                     .where(Employer.merged_into_id.is_(None))
                                     .order_by(Employer.name).limit(EMPLOYER_SUGGESTIONS)).all()
    items = []
    for item in unmatched_names(organization_id=organization_id):
        # Pre-selected only when matching itself would have asked the worker to confirm it: a
        # weak suggestion ("Sparkle Car Wash" → SuperSaver) must be chosen on purpose.
        best = item.candidates[0] if item.candidates else None
        first = best.employer_id if best is not None and best.score >= CONFIRM else None
        forms: dict[str, FlaskForm] = {
            "link": LinkNameForm(formdata=None, name=item.normalized_name,
                                 employer_id=str(first or "")),
            "create": CreateEmployerForm(formdata=None, name=item.normalized_name,
                                         employer_name=item.example)}
        if failed is not None and failed.name.data == item.normalized_name:
            forms = {key: failed if type(form) is type(failed) else form
                     for key, form in forms.items()}
        items.append((item, forms))
    return render_template("organizer/review.html", items=items, employer_names=suggestions,
                           reasons=_reasons(items), confirm=CONFIRM, auto=AUTO_LINK,
                           industries=industries(), searched_for=searched_for, words=words,
                           found=found, found_reasons={item.employer_id: _found_reasons(item)
                                                       for item in found},
                           ), 400 if failed is not None else 200


def _found_reasons(found: Found) -> list[str]:
    """Why a search found an employer, in words (an alias is not quoted: workers wrote some)."""
    why = []
    if Reason.NAME in found.reasons:
        why.append(_("a word of its name"))
    if Reason.ALIAS in found.reasons:
        why.append(_("a word of a name it is also known as"))
    if Reason.CITY in found.reasons:
        why.append(ngettext("a worksite in %(cities)s", "worksites in %(cities)s",
                            len(found.cities), cities=", ".join(found.cities)))
    if Reason.SIMILAR in found.reasons:
        why.append(_("a similar name (no employer has every word)"))
    return why


def _reasons(items: list) -> dict[tuple[str, int], list[str]]:
    """Why each suggestion is offered: its score, and whether the employer has a worksite in
    the worker's city or at the street they named. Keyed by (name, employer id)."""
    wanted = {employer_id for item, _forms in items for employer_id in
              (c.employer_id for c in item.candidates)}
    cities: dict[int, set[str]] = {}
    for employer_id, city in db.session.execute(sa.select(Worksite.employer_id, Worksite.city)
                                                .where(Worksite.employer_id.in_(wanted))):
        cities.setdefault(employer_id, set()).add(normalize_city(city or ""))
    reasons: dict[tuple[str, int], list[str]] = {}
    for item, _forms in items:
        for candidate in item.candidates:
            why = [_("name and place score %(score)d of 100", score=round(candidate.score))]
            if candidate.worksite_id is not None:
                why.append(_("a worksite at the street or store named"))
            elif normalize_city(item.city or "") in cities.get(candidate.employer_id, set()):
                why.append(_("a worksite in %(city)s", city=item.city))
            reasons[(item.normalized_name, candidate.employer_id)] = why
    return reasons


@bp.post("/review/link")
def review_link() -> ResponseReturnValue:
    organization_id = require_editor()
    form = LinkNameForm()
    if form.validate_on_submit():
        chosen = employer_chosen(name=form.other_employer.data or "",
                                 employer_id=form.employer_id.data or "")
        try:
            linked = link_unmatched(organization_id=organization_id,
                                    normalized_name=form.name.data, employer_id=chosen)
        except RegistryError as error:
            refuse(form, "other_employer", error)
        else:
            flash(ngettext("%(num)d report linked.", "%(num)d reports linked.", linked), "info")
            return redirect(url_for(".review"))
    else:
        broken(form)
    return _review_page(failed=form)


@bp.post("/review/create")
def review_create() -> ResponseReturnValue:
    organization_id = require_editor()
    form = CreateEmployerForm()
    if form.validate_on_submit():
        try:
            employer = create_employer(name=form.employer_name.data,
                                       naics_code=naics_code_in(form.naics.data),
                                       link_name=form.name.data or None,
                                       organization_id=organization_id)
        except RegistryError as error:
            refuse(form, "employer_name", error)
        else:
            flash(_("Employer %(name)s added.", name=employer.name), "info")
            return redirect(url_for(".review"))
    return _review_page(failed=form)


@bp.route("/employers/<int:employer_id>/merge", methods=["GET", "POST"])
def merge(employer_id: int) -> ResponseReturnValue:
    """Merging changes every organization's figures: platform admins only."""
    require_platform_admin()
    source = db.session.get(Employer, employer_id) or abort(404)
    if source.merged_into_id is not None:  # merged already: its page says into which
        flash(_("This employer was merged into another already."), "info")
        return redirect(url_for(".employer", employer_id=employer_id))
    others = db.session.execute(sa.select(Employer.id, Employer.name)
                                .where(Employer.id != employer_id,
                                       Employer.merged_into_id.is_(None))
                                .order_by(Employer.name)).all()
    form = MergeForm(others=others)
    if form.validate_on_submit():
        try:
            target = merge_employers(source_id=employer_id, target_id=form.target_id.data)
        except RegistryError as error:
            refuse(form, "target_id", error)
        else:
            flash(_("Merged."), "info")
            return redirect(url_for(".employer", employer_id=target.id))
    return render_template("organizer/merge.html", source=source, form=form,
                           ), 400 if form.errors else 200
