"""The organizer's home and the guarded employer figures of their own organization."""

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user

from ..insights.disclosure import EVERYONE, Scope, employer_listing, employer_summary, related_kinds
from ..insights.review import unmatched_report_count
from ..intake.review import home_overview
from ..registry.coalitions import targeting
from ..registry.labels import RELATION_LABELS
from ..survey import CATEGORY_LABELS
from . import bp, require_organization


def reader_scope() -> Scope:
    """An organization reads its own reports' figures; a platform admin outside any
    organization (or asking for it) reads every organization's."""
    if current_user.is_platform_admin and (current_user.membership is None
                                           or request.args.get("scope") == "all"):
        return EVERYONE
    return Scope.own(require_organization())


@bp.route("/")
def home():
    if current_user.membership is None and current_user.is_platform_admin:
        return redirect(url_for(".platform"))
    require_organization()
    return render_template("organizer/home.html", **home_overview(user=current_user))


@bp.route("/employers")
def employers():
    scope = reader_scope()
    return render_template(
        "organizer/employers.html", employers=employer_listing(scope=scope), scope=scope,
        unmatched=unmatched_report_count(organization_id=scope.reader) if scope.reader else 0,
    )


@bp.route("/employers/<int:employer_id>")
def employer(employer_id: int):
    scope = reader_scope()
    return render_summary(employer_id, scope, coalitions=targeting(
        employer_id=employer_id, organization_id=scope.reader) if scope.reader else [])


def render_summary(employer_id: int, scope: Scope, *, coalition=None, coalitions=()):
    kinds = related_kinds(employer_id)
    include = [kind for kind in request.args.getlist("include") if kind in kinds]
    summary = employer_summary(employer_id=employer_id, scope=scope, include=include)
    if summary is None:
        abort(404)
    return render_template(
        "organizer/employer.html", summary=summary, category_labels=CATEGORY_LABELS,
        kinds=kinds, include=include, relation_labels=RELATION_LABELS, scope=scope,
        coalition=coalition, coalitions=coalitions,
    )
