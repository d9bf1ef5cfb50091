"""Public pages: nothing here records who is asking."""

import secrets

import sqlalchemy as sa
from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from ...extensions import csrf, db
from ...i18n import current_language
from ...intake import EmployerToConfirm, InvalidReport, submit_report
from ...intake.receipts import display_receipt
from ...models import Employer, Organization
from ...registry.matching import Candidate
from ...survey import CATEGORY_LABELS, questions_by_category
from ...uow import retry_on_conflict
from . import bp
from .forms import ReportForm

EMPLOYER_SUGGESTIONS = 300


@bp.route("/")
def index():
    return render_template("web/index.html")


@bp.route("/methods")
def methods():
    """How summaries, scores and tiers are computed: public, so anyone handed a figure can
    check what it means."""
    from ...insights import ratings
    from ...insights.disclosure import INDICATORS
    from ...insights.release import MIN_PEERS
    from ...survey import CATEGORY_LABELS
    from ...survey.problems import PROBLEMS, SCORED_CATEGORIES

    return render_template(
        "web/methods.html", indicators=INDICATORS, problems=PROBLEMS, ratings=ratings,
        categories=[CATEGORY_LABELS[c] for c in SCORED_CATEGORIES], min_peers=MIN_PEERS,
        k=current_app.config["MIN_CELL_SIZE"],
    )


@bp.route("/r/<slug>", methods=["GET", "POST"])
@csrf.exempt
def report_for(slug: str) -> ResponseReturnValue:
    """An organization's own intake link: reports sent here are collected for it."""
    organization = db.session.scalar(sa.select(Organization).where(Organization.slug == slug))
    if organization is None:
        abort(404)
    return report(organization=organization)


@bp.route("/report", methods=["GET", "POST"])
@csrf.exempt  # checked by the form itself, so an expired token re-shows what was typed
def report(organization: Organization | None = None) -> ResponseReturnValue:
    form = ReportForm()
    if request.method == "GET":
        # One key per rendered form: a refresh, a double tap or back-and-resubmit stores once.
        form.submission_key.data = secrets.token_urlsafe(24)
        session.pop("receipt", None)
    elif not form.submission_key.data:
        form.submission_key.data = secrets.token_urlsafe(24)
    if form.validate_on_submit():
        if form.website.data:
            # A bot filled the honeypot: thank it, store nothing.
            return redirect(url_for(".thanks"))
        return _submit(form, request.form.get("employer_choice"), organization)
    expired = request.method == "POST" and "csrf_token" in form.errors
    return _render(form, expired=expired), 400 if expired else 200


def _render(form: ReportForm, *, expired: bool = False,
            candidates: tuple[Candidate, ...] = ()) -> str:
    return render_template(
        "web/report.html",
        form=form,
        expired=expired,
        candidates=candidates,
        sections=questions_by_category(),
        category_labels=CATEGORY_LABELS,
        employer_names=_employer_suggestions(),
    )


def _submit(form: ReportForm, choice: str | None,
            organization: Organization | None) -> ResponseReturnValue:
    """Store the report; the first time a name is not sure, offer the candidates instead (the
    form then sends `employer_choice`: an employer's id, or anything else for none of them)."""
    try:
        receipt = retry_on_conflict(lambda: submit_report(
            channel="web",
            locale=current_language(),
            employer_name=form.employer_name.data,
            city=form.city.data,
            answers=form.answers(),
            what_happened=form.what_happened.data,
            one_change=form.one_change.data,
            idempotency_key=form.submission_key.data,
            employer_choice=int(choice) if choice and choice.isdigit() else None,
            organization_id=organization.id if organization else None,
            confirm_employer=choice is None,
        ))
    except EmployerToConfirm as unsure:
        return _render(form, candidates=unsure.candidates)  # ask before storing
    except InvalidReport as error:
        form.add_problems(error.problems)
        return _render(form)
    session["receipt"] = receipt.code
    session["report_again"] = request.path  # "send another" goes back to the same link
    return redirect(url_for(".thanks"))


@bp.route("/report/thanks")
def thanks():
    # Shown once: a shared phone's next user cannot reload the page to read the code.
    code = session.pop("receipt", None)
    again = session.get("report_again", url_for(".report"))
    return render_template("web/thanks.html", receipt=display_receipt(code) if code else None,
                           again=again)


def _employer_suggestions() -> list[str]:
    query = sa.select(Employer.name).order_by(Employer.name).limit(EMPLOYER_SUGGESTIONS)
    return list(db.session.scalars(query))
