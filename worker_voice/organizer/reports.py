"""The collecting organization's raw reports: a filtered queue and each report's page."""

from datetime import date

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..intake.review import (
    ReportNotFound,
    approve_quote,
    redact_more,
    set_status,
    view_report,
)
from ..models import Answer, Employer, Report
from ..models.report import STATUSES
from ..survey import QUESTIONS_BY_KEY
from . import bp
from .registry import require_editor

PAGE = 100


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@bp.route("/reports")
def reports():
    """Reports this organization collected, newest first, with filters."""
    args = request.args
    query = (sa.select(Report).where(Report.organization_id == current_user.organization_id)
             .order_by(Report.id.desc()).limit(PAGE))
    if args.get("status") in STATUSES:
        query = query.where(Report.status == args["status"])
    if args.get("employer", "").isdigit():
        query = query.where(Report.employer_id == int(args["employer"]))
    if args.get("language"):
        query = query.where(Report.locale == args["language"])
    if args.get("channel"):
        query = query.where(Report.channel == args["channel"])
    if start := _date(args.get("from")):
        query = query.where(Report.received_on >= start)
    if end := _date(args.get("to")):
        query = query.where(Report.received_on <= end)
    if args.get("category"):
        keys = [k for k, q in QUESTIONS_BY_KEY.items() if q.category == args["category"]]
        query = query.where(sa.exists().where(Answer.report_id == Report.id,
                                              Answer.question_key.in_(keys)))
    employers = db.session.execute(
        sa.select(Employer.id, Employer.name).join(Report, Report.employer_id == Employer.id)
        .where(Report.organization_id == current_user.organization_id)
        .distinct().order_by(Employer.name)).all()
    return render_template("organizer/reports.html", reports=db.session.scalars(query).all(),
                           employers=employers, statuses=STATUSES, args=args)


@bp.route("/reports/<int:report_id>")
def report(report_id: int):
    try:
        shown = view_report(report_id=report_id, organization_id=current_user.organization_id)
    except ReportNotFound:
        abort(404)
    return render_template("organizer/report.html", report=shown, statuses=STATUSES,
                           questions=QUESTIONS_BY_KEY)


@bp.post("/reports/<int:report_id>/<action>")
def report_action(report_id: int, action: str):
    require_editor()
    org = current_user.organization_id
    try:
        if action == "status":
            set_status(report_id=report_id, organization_id=org,
                       status=request.form.get("status", ""))
        elif action == "redact":
            redact_more(report_id=report_id, organization_id=org,
                        phrase=request.form.get("phrase", ""))
        elif action == "quote":
            approve_quote(report_id=report_id, organization_id=org,
                          approved=request.form.get("approved") == "1")
        else:
            abort(404)
    except ReportNotFound:
        abort(404)
    except ValueError:
        abort(400)
    flash(_("Saved."), "info")
    return redirect(url_for(".report", report_id=report_id))
