"""The collecting organization's raw reports: a filtered queue and each report's page."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..intake.review import (
    ReportFilter,
    ReportNotFound,
    approve_quote,
    own_reports,
    redact_more,
    reporting_employers,
    set_status,
    view_report,
)
from ..models.report import STATUSES
from ..survey import QUESTIONS_BY_KEY
from . import bp, require_editor, require_organization


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def report_filter(args) -> ReportFilter:
    """The reports page's filters from its query string (the page and its export share them)."""
    return ReportFilter(
        status=args.get("status") or None,
        employer_id=int(args["employer"]) if args.get("employer", "").isdigit() else None,
        locale=args.get("language") or None,
        channel=args.get("channel") or None,
        category=args.get("category") or None,
        start=_date(args.get("from")),
        end=_date(args.get("to")),
    )


@bp.route("/reports")
def reports():
    """Reports this organization collected, newest first, with filters."""
    args = request.args
    found = own_reports(organization_id=require_organization(), filters=report_filter(args))
    employers = reporting_employers(organization_id=require_organization())
    return render_template("organizer/reports.html", reports=found, args=args,
                           employers=employers, statuses=STATUSES)


@bp.route("/reports/<int:report_id>")
def report(report_id: int):
    try:
        shown = view_report(report_id=report_id, organization_id=require_organization())
    except ReportNotFound:
        abort(404)
    return render_template("organizer/report.html", report=shown, statuses=STATUSES,
                           questions=QUESTIONS_BY_KEY)


@bp.post("/reports/<int:report_id>/<action>")
def report_action(report_id: int, action: str):
    org = require_editor()
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
