"""The worker's side of the mailbox behind the receipt code (intake.mailbox): questions from the
organization that reads the report, and the worker's answers.

The code opens the mailbox for the rest of the UTC day in this browser's session, as it opens a
report for topics (topics.py), until the worker closes it. A wrong code gets one answer and
counts against the same daily limit of wrong codes as /delete and /report/more
(limits.count_miss); past the limit the code is not even looked at. Messages show the day only.
"""

from datetime import timedelta

from flask import redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_date, format_number, refresh
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired

from ... import clock
from ...extensions import csrf
from ...i18n import current_language
from ...intake.mailbox import (
    MAX_MESSAGE,
    InvalidMessage,
    NothingToAnswer,
    WorkerMailbox,
    answer_by_receipt,
    mailbox_by_receipt,
)
from ...intake.receipts import parse_receipt
from . import bp
from .forms import TextLimit, receipt_shape
from .limits import CODE_TRIES_PER_DAY, count_miss, misses_today

MAILBOX = "mailbox"  # session key: [UTC day, receipt code] of the mailbox open here
_SENT = "mailbox_sent"  # session key: say "Sent" once


class MailboxCodeForm(FlaskForm):
    receipt_code = StringField(
        _l("Receipt code"),
        validators=[DataRequired(_l("Please write your receipt code.")), receipt_shape],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false",
                   "autocorrect": "off", "maxlength": 20},
    )


class MailboxAnswerForm(FlaskForm):
    text = TextAreaField(_l("Your answer"), validators=[
        DataRequired(_l("Please write your message.")), TextLimit(MAX_MESSAGE)])

    def switched_language(self) -> str | None:
        """The language asked for by one of this form's language buttons, if one was pressed."""
        from ...i18n import match_language
        from .forms import SWITCH_LANGUAGE

        return match_language(request.form.get(SWITCH_LANGUAGE))


class MailboxCloseForm(FlaskForm):
    """Close the mailbox on this phone (CSRF only)."""


def _today() -> str:
    return clock.utcnow().date().isoformat()


def _yesterday() -> str:
    return (clock.utcnow().date() - timedelta(days=1)).isoformat()


def _open_mailbox(*, answering: bool = False) -> tuple[str, WorkerMailbox] | None:
    """The code and mailbox open in this session today; forgets one gone or from another day.
    An answer typed before midnight UTC and sent after it still goes: nothing typed is lost."""
    day, code = session.get(MAILBOX) or (None, None)
    days = {_today(), *([_yesterday()] if answering else [])}
    mailbox = (mailbox_by_receipt(receipt_code=code)
               if isinstance(code, str) and day in days else None)
    if mailbox is None:
        session.pop(MAILBOX, None)
        return None
    return str(code), mailbox


@bp.route("/messages", methods=["GET", "POST"])
def messages() -> ResponseReturnValue:
    """The receipt code opens the mailbox; with one open, its messages and the answer form."""
    if request.method == "GET":
        opened = _open_mailbox()
        if opened is not None:
            return _render_mailbox(opened[1], MailboxAnswerForm(formdata=None),
                                   sent=session.pop(_SENT, False))
        return _render_code(MailboxCodeForm(formdata=None))
    if misses_today() >= CODE_TRIES_PER_DAY:
        return _wrong_code()  # a right code found by guessing past the limit looks like a wrong one
    form = MailboxCodeForm()
    if form.validate_on_submit():
        code = parse_receipt(form.receipt_code.data)
        if mailbox_by_receipt(receipt_code=code) is None:
            count_miss()
            return _wrong_code()
        session[MAILBOX] = [_today(), code]
        return redirect(url_for(".messages"))  # a reload cannot send the code again
    return _render_code(form)


@bp.route("/messages/answer", methods=["POST"])
@csrf.exempt  # checked by the form itself, so an expired token shows the answer back
def mailbox_answer() -> ResponseReturnValue:
    opened = _open_mailbox(answering=True)
    if opened is None:
        return redirect(url_for(".messages"))
    code, mailbox = opened
    form = MailboxAnswerForm()
    switched = form.switched_language()
    if switched and switched != current_language():
        session["lang"] = switched  # the same answer again in the new language, nothing sent
        refresh()
        return _render_mailbox(mailbox, form)
    if form.validate_on_submit():
        try:
            answer_by_receipt(receipt_code=code, text=form.text.data,
                              today=clock.utcnow().date())
        except InvalidMessage as error:
            form.text.errors = [str(error.problem)]
            return _render_mailbox(mailbox, form), 400
        except NothingToAnswer:
            return redirect(url_for(".messages"))
        session[_SENT] = True
        return redirect(url_for(".messages"))  # a reload cannot send the answer again
    expired = "csrf_token" in form.errors
    return _render_mailbox(mailbox, form, expired=expired), 400


@bp.post("/messages/close")
def mailbox_close() -> ResponseReturnValue:
    """The worker is done: the code leaves the session (CSRF-checked before this runs)."""
    session.pop(MAILBOX, None)
    session.pop(_SENT, None)
    return redirect(url_for(".messages"))


def _wrong_code() -> str:
    # A new, empty form: the page is the same whatever the code was, and the code typed is not
    # left on the screen of a shared phone.
    form = MailboxCodeForm(formdata=None)
    form.receipt_code.errors = [
        _("We could not find a report with this code. Please check the code and try again.")]
    return _render_code(form)


def _render_code(form: MailboxCodeForm) -> str:
    return render_template("web/mailbox.html", mailbox=None, form=form,
                           tries=CODE_TRIES_PER_DAY)


def _render_mailbox(mailbox: WorkerMailbox, form: MailboxAnswerForm, *, sent: bool = False,
                    expired: bool = False) -> str:
    return render_template(
        "web/mailbox.html", mailbox=mailbox, form=form, sent=sent, expired=expired,
        close=MailboxCloseForm(formdata=None), max_message=format_number(MAX_MESSAGE),
        days={m.number: format_date(m.sent_on, format="long") for m in mailbox.messages})
