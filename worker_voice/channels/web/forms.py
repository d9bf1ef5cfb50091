"""The report form, built from the question bank so the web asks exactly what SMS asks; and the
form that deletes a report by its receipt code."""

import re
import unicodedata

from flask import request
from flask_babel import format_number
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ...intake.validation import MAX_CITY, MAX_EMPLOYER_NAME, MAX_FREE_TEXT, RawAnswer
from ...survey import QUESTIONS, AnswerRefused, AnswerType, Question, check_together
from ...survey.model import Unit

# Eight letters and digits, however they were typed: "ABCD-EFGH", "abcd efgh". Which letters a
# code may hold is the intake service's business; this only catches a code cut short or too long
# before it counts as a guess.
SWITCH_LANGUAGE = "switch_language"  # the name of the form's language buttons
RECEIPT_SHAPE = re.compile(r"[A-Za-z0-9]{8}")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015]")  # spaces, and dashes a phone keyboard offers


class Accepted:
    """The question bank decides what an answer may be; the form shows its reason, in place,
    keeping what was typed."""

    def __init__(self, question: Question):
        self.question = question

    def __call__(self, form: FlaskForm, field: Field) -> None:
        try:
            self.question.accept(field.data)
        except AnswerRefused as refused:
            raise ValidationError(refused.reason) from refused


class TextLimit:
    """A story longer than intake keeps is refused, never cut: the message gives both lengths
    and the text stays in the box for the worker to shorten. Counted as intake counts it
    (`clean_text`): a browser sends each line break as two characters, a person sees one."""

    def __init__(self, limit: int):
        self.limit = limit

    def __call__(self, form: FlaskForm, field: Field) -> None:
        length = len(field.data.replace("\r\n", "\n").strip()) if field.data else 0
        if length > self.limit:
            raise ValidationError(_l(
                "This has %(count)s characters. Please shorten it to %(max)s or fewer. "
                "Everything you wrote is still here.",
                count=format_number(length), max=format_number(self.limit)))


# Under a number field: what to write. "$15 la hora" is still read as 15 where pay is asked
# (one number, unambiguous), and refused with a reason where hours are.
NUMBER_HINTS = {
    Unit.HOURS: _l("Write only the number, like 40."),
    Unit.DOLLARS: _l("Write only the number, like 15 or 15.50."),
}


class AnswersForm(FlaskForm):
    """One field per question of the bank (set below): a page shows some of them, and takes an
    answer to any (intake decides what applies)."""

    def validate(self, extra_validators: dict | None = None) -> bool:
        """Each field on its own, then the rules between questions (fewest ≤ most hours)."""
        valid = super().validate(extra_validators)
        accepted = {}
        for question in QUESTIONS:
            field = self[question.key]
            if not field.errors and _given(field.data):
                accepted[question.key] = question.accept(field.data)
        problems = check_together(accepted)
        self.add_problems(problems)
        return valid and not problems

    def switched_language(self) -> str | None:
        """The language asked for by a language button of this form, if one was pressed."""
        from ...i18n import match_language

        return match_language(request.form.get(SWITCH_LANGUAGE)) if request.form else None

    def answers(self) -> dict[str, RawAnswer]:
        """The answered questions as given, in the shape the intake service takes."""
        return {question.key: self[question.key].data for question in QUESTIONS
                if _given(self[question.key].data)}

    def add_problems(self, problems: dict[str, str]) -> None:
        """Show errors the intake service found next to the field they belong to."""
        for name, message in problems.items():
            field = self._fields.get(name)
            if field is not None:
                field.errors = [*field.errors, message]


class ReportForm(AnswersForm):
    submission_key = HiddenField()
    employer_name = StringField(
        _l("Company you work for"),
        validators=[
            DataRequired(_l("Please write the name of the company.")),
            Length(max=MAX_EMPLOYER_NAME, message=_l("Please use at most %(max)d characters.")),
        ],
    )
    city = StringField(
        _l("City where you work"),
        validators=[
            DataRequired(_l("Please write the city.")),
            Length(max=MAX_CITY, message=_l("Please use at most %(max)d characters.")),
        ],
    )
    what_happened = TextAreaField(
        _l("What happened? (optional)"),
        validators=[
            Optional(),
            TextLimit(MAX_FREE_TEXT),
        ],
    )
    one_change = TextAreaField(
        _l("One change that would make this job better (optional)"),
        validators=[
            Optional(),
            TextLimit(MAX_FREE_TEXT),
        ],
    )
    # Honeypot: hidden from people by CSS and from assistive technology; bots fill it in.
    website = StringField(_l("Leave this empty"))


def _given(data: object) -> bool:
    return bool(data.strip() if isinstance(data, str) else data)


def _field_for(question: Question) -> Field:
    choices = [SelectChoice(cell.code, cell.label) for cell in question.cells]
    if question.answer_type == AnswerType.SINGLE:
        return RadioField(
            question.text, choices=choices, validators=[Optional(), Accepted(question)],
            validate_choice=False,  # the question bank decides
        )
    if question.answer_type == AnswerType.MULTI:
        return SelectMultipleField(
            question.text,
            choices=choices,
            validators=[Optional(), Accepted(question)],
            validate_choice=False,
            widget=ListWidget(prefix_label=False),
            option_widget=CheckboxInput(),
        )
    return StringField(
        question.text,
        description=NUMBER_HINTS.get(question.unit, ""),  # type: ignore[arg-type]
        validators=[Optional(), Accepted(question)],
        render_kw={"inputmode": "decimal", "autocomplete": "off"},
    )


for _question in QUESTIONS:
    setattr(AnswersForm, _question.key, _field_for(_question))


def receipt_shape(form: FlaskForm, field: Field) -> None:
    typed = unicodedata.normalize("NFKC", field.data or "")  # full-width letters and digits too
    if typed and not RECEIPT_SHAPE.fullmatch(_SEPARATORS.sub("", typed)):
        raise ValidationError(_l("A receipt code has 8 letters and numbers, like ABCD-EFGH."))


class DeleteForm(FlaskForm):
    """A receipt code, and a tick that says "yes, delete": a mistyped code on a shared phone
    must not erase a report by surprise."""

    receipt_code = StringField(
        _l("Receipt code"),
        validators=[DataRequired(_l("Please write your receipt code.")), receipt_shape],
        # A code is not a word: typed in capitals, never "corrected", and not remembered by
        # the browser for the next person on a shared phone.
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false",
                   "autocorrect": "off", "maxlength": 20},
    )
    confirm = BooleanField(
        _l("Yes, delete my report. I know it cannot be brought back."),
        validators=[DataRequired(_l("Please tick this box to delete the report."))],
    )
