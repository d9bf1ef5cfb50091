"""The report form, built from the question bank so the web asks exactly what SMS asks; and the
form that deletes a report by its receipt code."""

import re

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

# Eight letters and digits, however they were typed: "ABCD-EFGH", "abcd efgh". Which letters a
# code may hold is the intake service's business; this only catches a code cut short or too long
# before it counts as a guess.
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


class ReportForm(FlaskForm):
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
            Length(max=MAX_FREE_TEXT, message=_l("Please use at most %(max)d characters.")),
        ],
    )
    one_change = TextAreaField(
        _l("One change that would make this job better (optional)"),
        validators=[
            Optional(),
            Length(max=MAX_FREE_TEXT, message=_l("Please use at most %(max)d characters.")),
        ],
    )
    # Honeypot: hidden from people by CSS and from assistive technology; bots fill it in.
    website = StringField(_l("Leave this empty"))

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
        validators=[Optional(), Accepted(question)],
        render_kw={"inputmode": "decimal", "autocomplete": "off"},
    )


for _question in QUESTIONS:
    setattr(ReportForm, _question.key, _field_for(_question))


def _receipt_shape(form: FlaskForm, field: Field) -> None:
    if field.data and not RECEIPT_SHAPE.fullmatch(_SEPARATORS.sub("", field.data)):
        raise ValidationError(_l("A receipt code has 8 letters and numbers, like ABCD-EFGH."))


class DeleteForm(FlaskForm):
    """A receipt code, and a tick that says "yes, delete": a mistyped code on a shared phone
    must not erase a report by surprise."""

    receipt_code = StringField(
        _l("Receipt code"),
        validators=[DataRequired(_l("Please write your receipt code.")), _receipt_shape],
        # A code is not a word: typed in capitals, never "corrected", and not remembered by
        # the browser for the next person on a shared phone.
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false",
                   "autocorrect": "off", "maxlength": 20},
    )
    confirm = BooleanField(
        _l("Yes, delete my report. I know it cannot be brought back."),
        validators=[DataRequired(_l("Please tick this box to delete the report."))],
    )
