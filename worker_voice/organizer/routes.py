from flask import abort, render_template

from ..insights.disclosure import employer_listing, employer_summary
from ..insights.review import unmatched_report_count
from ..survey import CATEGORY_LABELS
from . import bp


@bp.route("/")
@bp.route("/employers")
def employers():
    return render_template(
        "organizer/employers.html",
        employers=employer_listing(),
        unmatched=unmatched_report_count(),
    )


@bp.route("/employers/<int:employer_id>")
def employer(employer_id: int):
    summary = employer_summary(employer_id=employer_id)
    if summary is None:
        abort(404)
    return render_template(
        "organizer/employer.html", summary=summary, category_labels=CATEGORY_LABELS
    )
