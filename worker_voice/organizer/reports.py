"""The collecting organization's raw reports: a filtered queue and each report's page."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, IntegerField, RadioField, SelectChoice, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from ..clock import utcnow
from ..i18n import LANGUAGES
from ..intake.bursts import MIN_BURST, held_bursts
from ..intake.mailbox import MAX_MESSAGE, InvalidMessage, read_mailbox, send_to_worker
from ..intake.review import (
    QUEUES,
    QUOTE_QUEUE,
    Cursor,
    ReportFilter,
    ReportNotFound,
    approve_quote,
    decide_burst,
    neighbours,
    page_starting_at,
    redact_more,
    report_page,
    reporting_employers,
    set_status,
    set_statuses,
    view_report,
)
from ..models import Report
from ..models.ids import parse_id
from ..models.report import STATUSES
from ..survey import QUESTIONS_BY_KEY
from . import bp, require_editor, require_organization
from .forms import BulkStatusForm, QuoteForm, RedactForm, StatusForm, broken

LANGUAGE_NAMES = {language.code: language.native_name for language in LANGUAGES}


class BurstForm(FlaskForm):
    """Release or reject a whole held burst (intake.bursts): one employer, a run of days."""

    employer = IntegerField(widget=HiddenInput(), validators=[Optional()])
    employer_name = HiddenField(validators=[Length(max=200)])
    first = DateField(widget=HiddenInput(), validators=[InputRequired()])
    last = DateField(widget=HiddenInput(), validators=[InputRequired()])
    decision = RadioField(choices=[SelectChoice("release", _l("Release: count these reports")),
                                   SelectChoice("reject", _l("Reject as spam"))],
                          validators=[InputRequired()])


class MessageForm(FlaskForm):
    """A message to the report's author, read with the receipt code (intake.mailbox)."""

    text = TextAreaField(_l("Message to the worker"), validators=[
        DataRequired(_l("Write the message.")),
        Length(max=MAX_MESSAGE, message=_l("A message has %(max)d characters at most."))],
        render_kw={"rows": 4})


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def report_filter(args: Mapping[str, str]) -> ReportFilter:
    """The reports page's filters from its query string (the page and its export share them)."""
    return ReportFilter(
        status=args.get("status") or None,
        employer_id=parse_id(args.get("employer")),
        locale=args.get("language") or None,
        channel=args.get("channel") or None,
        category=args.get("category") or None,
        start=_date(args.get("from")),
        end=_date(args.get("to")),
        queue=args["queue"] if args.get("queue") in QUEUES else None,
    )


def filter_args(filters: ReportFilter) -> dict[str, Any]:
    """The query string that gives these filters back: what every link and form inside the
    filtered list carries, so that the filters follow the organizer from page to page."""
    values = {"status": filters.status, "employer": filters.employer_id,
              "language": filters.locale, "channel": filters.channel,
              "category": filters.category, "from": filters.start, "to": filters.end,
              "queue": filters.queue}
    return {name: value.isoformat() if isinstance(value, date) else str(value)
            for name, value in values.items() if value is not None}


def _page_args(args: Mapping[str, str]) -> dict[str, Any]:
    """The filters and the page (its cursor) of the list a form was sent from."""
    kept = filter_args(report_filter(args))
    for name in ("after", "before"):
        cursor = Cursor.parse(args.get(name))
        if cursor is not None:
            kept[name] = cursor.token()
    return kept


@bp.route("/reports")
def reports() -> ResponseReturnValue:
    """Reports this organization collected, newest first, a page at a time, with filters;
    `queue=quotes` lists the stories waiting for a decision on quoting, `queue=answers` the
    reports whose worker answered and nobody has read it."""
    organization_id = require_organization()
    filters = report_filter(request.args)
    page = report_page(organization_id=organization_id, filters=filters,
                       after=Cursor.parse(request.args.get("after")),
                       before=Cursor.parse(request.args.get("before")))
    return render_template(
        "organizer/reports.html", page=page, args=request.args, list_args=filter_args(filters),
        page_args=_page_args(request.args), queue=filters.queue,
        employers=reporting_employers(organization_id=organization_id), statuses=STATUSES,
        language_names=LANGUAGE_NAMES, bulk=BulkStatusForm(formdata=None),
        bursts=held_bursts(organization_id=organization_id), burst_min=MIN_BURST)


@bp.post("/reports/bulk")
def reports_bulk() -> ResponseReturnValue:
    """Set one status on the reports ticked in the list, each as if set on its own page."""
    organization_id = require_editor()
    form = BulkStatusForm()
    back = url_for(".reports", **_page_args(request.args))
    if not form.validate_on_submit():
        flash(_("Tick the reports to change, and choose their status."), "error")
        return redirect(back)
    changed = set_statuses(report_ids=form.reports.data, organization_id=organization_id,
                           status=form.status.data)
    flash(ngettext("%(num)d report changed.", "%(num)d reports changed.", changed), "info")
    return redirect(back)


@bp.post("/reports/bursts")
def burst_decide() -> ResponseReturnValue:
    """Release or reject every held report of one burst, in one action; back to the list with
    the filters it was sent from (held reports, when sent from elsewhere)."""
    organization_id = require_editor()
    form = BurstForm()
    back = url_for(".reports", **(filter_args(report_filter(request.args)) or {"status": "held"}))
    if not form.validate_on_submit():
        broken(form)
        flash(_("Choose whether to release or reject these reports."), "error")
        return redirect(back)
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
    return redirect(back)


@bp.route("/reports/<int:report_id>")
def report(report_id: int) -> ResponseReturnValue:
    return _report_page(report_id)


def _report_page(report_id: int, *, failed: FlaskForm | None = None) -> ResponseReturnValue:
    """The report with its review forms (the one sent is shown as it was sent), and the way
    to the reports before and after it in the filtered list it was opened from."""
    organization_id = require_organization()
    try:
        shown = view_report(report_id=report_id, organization_id=organization_id)
    except ReportNotFound:
        abort(404)
    filters = report_filter(request.args)
    previous, following = neighbours(report=shown, organization_id=organization_id,
                                     filters=filters)
    messages = read_mailbox(report_id=report_id, organization_id=organization_id,
                            today=utcnow().date())
    forms = {"status": StatusForm(formdata=None, status=shown.status),
             "redact": RedactForm(formdata=None), "quote": QuoteForm(formdata=None),
             "message": MessageForm(formdata=None)}
    forms = {key: failed if type(form) is type(failed) else form for key, form in forms.items()}
    list_args = filter_args(filters)
    # Back to the page this report is on (it begins the page), not to the first page.
    back_args = (list_args if previous is None else
                 {**list_args, "after": page_starting_at(shown).token()})
    return render_template("organizer/report.html", report=shown, questions=QUESTIONS_BY_KEY,
                           list_args=list_args, back_args=back_args,
                           queue=filters.queue == QUOTE_QUEUE,
                           previous=previous, following=following,
                           language_names=LANGUAGE_NAMES, messages=messages,
                           **forms), 400 if failed is not None else 200


def _onwards(decided: Report, organization_id: int) -> ResponseReturnValue:
    """After a decision: in the quote queue, on to the next story waiting (the list once none
    is left); elsewhere, back to the report, in the list it was opened from."""
    filters = report_filter(request.args)
    kept = filter_args(filters)
    if filters.queue != QUOTE_QUEUE:
        return redirect(url_for(".report", report_id=decided.id, **kept))
    _previous, following = neighbours(report=decided, organization_id=organization_id,
                                      filters=filters)
    if following is None:
        return redirect(url_for(".reports", **kept))
    return redirect(url_for(".report", report_id=following, **kept))


@bp.post("/reports/<int:report_id>/status")
def report_status(report_id: int) -> ResponseReturnValue:
    organization_id = require_editor()
    form = StatusForm()
    if not form.validate_on_submit():
        return _report_page(report_id, failed=form)
    try:
        marked = set_status(report_id=report_id, organization_id=organization_id,
                            status=form.status.data)
    except ReportNotFound:
        abort(404)
    flash(_("Saved."), "info")
    return _onwards(marked, organization_id)


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
    return redirect(url_for(".report", report_id=report_id,
                            **filter_args(report_filter(request.args))))


@bp.post("/reports/<int:report_id>/quote")
def report_quote(report_id: int) -> ResponseReturnValue:
    organization_id = require_editor()
    form = QuoteForm()
    if not form.validate_on_submit():
        return _report_page(report_id, failed=form)
    try:
        decided = approve_quote(report_id=report_id, organization_id=organization_id,
                                approved=form.approved.data)
    except ReportNotFound:
        abort(404)
    flash(_("Approved: the text may be quoted beyond your organization.") if form.approved.data
          else _("Declined: the text is not quoted beyond your organization."), "info")
    return _onwards(decided, organization_id)


@bp.post("/reports/<int:report_id>/message")
def report_message(report_id: int) -> ResponseReturnValue:
    """Write to the report's author; the worker reads it with the receipt code."""
    organization_id = require_editor()
    form = MessageForm()
    if not form.validate_on_submit():
        return _report_page(report_id, failed=form)
    try:
        send_to_worker(report_id=report_id, organization_id=organization_id,
                       text=form.text.data, today=utcnow().date())
    except ReportNotFound:
        abort(404)
    except InvalidMessage as error:
        form.text.errors = [str(error.problem)]
        return _report_page(report_id, failed=form)
    flash(_("Sent. The worker reads it with the receipt code, if they come back to look."),
          "info")
    return redirect(url_for(".report", report_id=report_id,
                            **filter_args(report_filter(request.args)), _anchor="messages"))
