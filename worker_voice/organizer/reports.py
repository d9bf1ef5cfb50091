"""The collecting organization's raw reports: a filtered queue and each report's page."""

from collections.abc import Mapping
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, IntegerField, RadioField, SelectChoice
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from ..intake.bursts import MIN_BURST, held_bursts
from ..intake.review import (
    ReportFilter,
    ReportNotFound,
    approve_quote,
    decide_burst,
    own_reports,
    redact_more,
    reporting_employers,
    set_status,
    view_report,
)
from ..models.report import STATUSES
from ..survey import QUESTIONS_BY_KEY
from . import bp, require_editor, require_organization
from .forms import QuoteForm, RedactForm, StatusForm, broken


class BurstForm(FlaskForm):
    """Release or reject a whole held burst (intake.bursts): one employer, a run of days."""

    employer = IntegerField(widget=HiddenInput(), validators=[Optional()])
    employer_name = HiddenField(validators=[Length(max=200)])
    first = DateField(widget=HiddenInput(), validators=[InputRequired()])
    last = DateField(widget=HiddenInput(), validators=[InputRequired()])
    decision = RadioField(choices=[SelectChoice("release", _l("Release: count these reports")),
                                   SelectChoice("reject", _l("Reject as spam"))],
                          validators=[InputRequired()])


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def report_filter(args: Mapping[str, str]) -> ReportFilter:
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
def reports() -> ResponseReturnValue:
    """Reports this organization collected, newest first, with filters."""
    args = request.args
    found = own_reports(organization_id=require_organization(), filters=report_filter(args))
    employers = reporting_employers(organization_id=require_organization())
    return render_template("organizer/reports.html", reports=found, args=args,
                           employers=employers, statuses=STATUSES,
                           bursts=held_bursts(organization_id=require_organization()),
                           burst_min=MIN_BURST)


@bp.post("/reports/bursts")
def burst_decide() -> ResponseReturnValue:
    """Release or reject every held report of one burst, in one action."""
    organization_id = require_editor()
    form = BurstForm()
    if not form.validate_on_submit():
        broken(form)
        flash(_("Choose whether to release or reject these reports."), "error")
        return redirect(url_for(".reports", status="held"))
    try:
        decided = decide_burst(organization_id=organization_id, employer_id=form.employer.data,
                               employer_name=form.employer_name.data or None,
                               first=form.first.data, last=form.last.data,
                               release=form.decision.data == "release")
    except ReportNotFound:
        abort(404)
    flash(ngettext("%(num)d report released: it is counted now.",
                   "%(num)d reports released: they are counted now.", decided)
          if form.decision.data == "release" else
          ngettext("%(num)d report rejected as spam.", "%(num)d reports rejected as spam.",
                   decided), "info")
    return redirect(url_for(".reports", status="held"))


@bp.route("/reports/<int:report_id>")
def report(report_id: int) -> ResponseReturnValue:
    return _report_page(report_id)


def _report_page(report_id: int, *, failed: FlaskForm | None = None) -> ResponseReturnValue:
    """The report with its review forms; the one sent is shown as it was sent."""
    try:
        shown = view_report(report_id=report_id, organization_id=require_organization())
    except ReportNotFound:
        abort(404)
    forms = {"status": StatusForm(formdata=None, status=shown.status),
             "redact": RedactForm(formdata=None),
             "quote": QuoteForm(formdata=None, approved=not shown.quote_approved)}
    forms = {key: failed if type(form) is type(failed) else form for key, form in forms.items()}
    return render_template("organizer/report.html", report=shown, questions=QUESTIONS_BY_KEY,
                           **forms), 400 if failed is not None else 200


@bp.post("/reports/<int:report_id>/status")
def report_status(report_id: int) -> ResponseReturnValue:
    organization_id = require_editor()
    form = StatusForm()
    if not form.validate_on_submit():
        return _report_page(report_id, failed=form)
    try:
        set_status(report_id=report_id, organization_id=organization_id, status=form.status.data)
    except ReportNotFound:
        abort(404)
    flash(_("Saved."), "info")
    return redirect(url_for(".report", report_id=report_id))


@bp.post("/reports/<int:report_id>/redact")
def report_redact(report_id: int) -> ResponseReturnValue:
    organization_id = require_editor()
    form = RedactForm()
    if not form.validate_on_submit():
        return _report_page(report_id, failed=form)
    try:
        redact_more(report_id=report_id, organization_id=organization_id,
                    phrase=form.phrase.data)
    except ReportNotFound:
        abort(404)
    flash(_("Removed for good."), "info")
    return redirect(url_for(".report", report_id=report_id))


@bp.post("/reports/<int:report_id>/quote")
def report_quote(report_id: int) -> ResponseReturnValue:
    organization_id = require_editor()
    form = QuoteForm()
    if not form.validate_on_submit():
        return _report_page(report_id, failed=form)
    try:
        approve_quote(report_id=report_id, organization_id=organization_id,
                      approved=form.approved.data)
    except ReportNotFound:
        abort(404)
    flash(_("Approved: the text may be quoted beyond your organization.") if form.approved.data
          else _("Approval withdrawn: the text is no longer quoted."), "info")
    return redirect(url_for(".report", report_id=report_id))
