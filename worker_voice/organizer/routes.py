from flask import abort, render_template, request
from flask_login import current_user

from ..insights.disclosure import employer_listing, employer_summary, related_kinds
from ..insights.review import unmatched_report_count
from ..intake.review import home_overview
from ..registry.labels import RELATION_LABELS
from ..survey import CATEGORY_LABELS
from . import bp


@bp.route("/")
def home():
    return render_template("organizer/home.html", **home_overview(user=current_user))


@bp.route("/employers")
def employers():
    return render_template(
        "organizer/employers.html",
        employers=employer_listing(),
        unmatched=unmatched_report_count(),
    )


@bp.route("/employers/<int:employer_id>")
def employer(employer_id: int):
    kinds = related_kinds(employer_id)
    include = [kind for kind in request.args.getlist("include") if kind in kinds]
    summary = employer_summary(employer_id=employer_id, include=include)
    if summary is None:
        abort(404)
    return render_template(
        "organizer/employer.html", summary=summary, category_labels=CATEGORY_LABELS,
        kinds=kinds, include=include, relation_labels=RELATION_LABELS,
    )
