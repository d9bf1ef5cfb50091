"""The topics a worker may add after sending the core: chosen on the thank-you page, answered on
a page of their own, added to the same report within a day (intake.add_answers).

The report is found by its receipt code, kept in the session (TOPICS_RECEIPT) only while topics
may still be added: from the moment the core is stored until the worker says they are done, no
topic is left, or it is too late. Later, the worker types the code (`/report/more`); a wrong or
too old code gets one answer and counts against the same daily limit of wrong codes as /delete,
so a guessed code learns nothing. The report's answers are never shown back: the phone may be
shared.
"""

from datetime import date

from flask import redirect, render_template, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import refresh

from ... import clock
from ...i18n import current_language
from ...intake import (
    InvalidReport,
    TooLateToAdd,
    add_answers,
    report_open_for_answers,
    stored_answers,
)
from ...intake.receipts import parse_receipt
from ...models import Report
from ...survey import CATEGORY_LABELS
from ...survey.plan import MODULES, Module, asked
from . import bp
from .limits import CODE_TRIES_PER_DAY as DELETE_TRIES_PER_DAY
from .limits import count_miss, misses_today
from .pages import Section, items
from .topic_forms import MoreForm, TopicAnswersForm, TopicsForm

TOPICS_RECEIPT = "topics_receipt"  # session key: the receipt code of the report taking topics
_ADDED = "topics_added"  # session key: say "Added" once


def _today() -> date:
    return clock.utcnow().date()


def open_report() -> Report | None:
    """The report this browser may still add topics to; forgets a code that is too late."""
    code = session.get(TOPICS_RECEIPT)
    report = report_open_for_answers(receipt_code=code, today=_today()) if code else None
    if report is None:
        session.pop(TOPICS_RECEIPT, None)
    return report


def open_modules(report: Report) -> tuple[Module, ...]:
    """The topics with a question the report has not answered and that still applies."""
    stored = stored_answers(report)
    return tuple(module for module in MODULES
                 if asked([q for q in module.questions if q.key not in stored], stored))


def topics_offer() -> TopicsForm | None:
    """The topic choice for the thank-you page, or None when no topic may be added."""
    report = open_report()
    modules = open_modules(report) if report is not None else ()
    if not modules:
        session.pop(TOPICS_RECEIPT, None)
        return None
    return TopicsForm(formdata=None).offer(modules)


@bp.route("/report/topics", methods=["GET", "POST"])
def topics() -> ResponseReturnValue:
    """Which topics to add; sent, the page of their questions."""
    report = open_report()
    if report is None:
        return redirect(url_for(".more"))
    modules = open_modules(report)
    if not modules:
        session.pop(TOPICS_RECEIPT, None)
        return render_template("web/added.html", form=None, added=False)
    form = TopicsForm().offer(modules)
    if form.validate_on_submit():
        chosen = [module for module in modules if module.category.value in form.topics.data]
        return _render_answers(TopicAnswersForm(formdata=None), chosen, report)
    return render_template("web/topics_choice.html", form=form)


@bp.route("/report/topics/answers", methods=["GET", "POST"])
def topic_answers() -> ResponseReturnValue:
    """Add the answers of the chosen topics to the report."""
    form = TopicAnswersForm()
    report = open_report()
    if report is None:
        return render_template("web/too_late.html")
    offered = open_modules(report)
    chosen = [module for module in offered if module.category.value in (form.topic.data or ())]
    if not chosen:
        return redirect(url_for(".topics"))  # a GET, or topics now answered
    switched = form.switched_language()
    if switched and switched != current_language():
        # A language button: the same answers again in the new language, nothing stored.
        session["lang"] = switched
        refresh()
        return _render_answers(form, chosen, report)
    if form.validate_on_submit():
        try:
            add_answers(report=report, answers=form.answers(), today=_today())
        except TooLateToAdd:
            session.pop(TOPICS_RECEIPT, None)
            return render_template("web/too_late.html")
        except InvalidReport as error:
            form.add_problems(error.problems)
            return _render_answers(form, chosen, report)
        session[_ADDED] = True
        return redirect(url_for(".topics_added"))  # a reload cannot send the answers again
    expired = "csrf_token" in form.errors
    return _render_answers(form, chosen, report, expired=expired), 400 if expired else 200


def _render_answers(form: TopicAnswersForm, chosen: list[Module], report: Report, *,
                    expired: bool = False) -> str:
    stored = stored_answers(report)
    sections = [
        Section(str(CATEGORY_LABELS[module.category]), items(
            asked([q for q in module.questions if q.key not in stored], stored), stored=stored))
        for module in chosen]
    return render_template(
        "web/topics.html", form=form, sections=[s for s in sections if s.items],
        topics=[module.category.value for module in chosen], expired=expired)


@bp.route("/report/added")
def topics_added() -> ResponseReturnValue:
    if not session.pop(_ADDED, False):
        return redirect(url_for(".topics"))
    return render_template("web/added.html", form=topics_offer(), added=True)


@bp.route("/report/topics/done", methods=["POST"])
def topics_done() -> ResponseReturnValue:
    """The worker is done: the code leaves the session (CSRF-checked before this runs)."""
    session.pop(TOPICS_RECEIPT, None)
    return redirect(url_for(".index"))


@bp.route("/report/more", methods=["GET", "POST"])
def more() -> ResponseReturnValue:
    """Add topics later: the receipt code opens the report, the day it arrived and the next."""
    form = MoreForm()
    if form.is_submitted() and misses_today() >= DELETE_TRIES_PER_DAY:
        return _wrong_code()  # past the limit the code is not even looked at
    if form.validate_on_submit():
        code = parse_receipt(form.receipt_code.data)
        if report_open_for_answers(receipt_code=code, today=_today()) is None:
            count_miss()
            return _wrong_code()
        session[TOPICS_RECEIPT] = code
        return redirect(url_for(".topics"))
    return render_template("web/more.html", form=form, tries=DELETE_TRIES_PER_DAY)


def _wrong_code() -> str:
    form = MoreForm(formdata=None)  # what was typed is not shown back
    form.receipt_code.errors = [_(
        "We cannot add to a report with this code: it is wrong, or more than a day old.")]
    return render_template("web/more.html", form=form, tries=DELETE_TRIES_PER_DAY)
