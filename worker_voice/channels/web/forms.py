"""The report form, built from the question bank so the web asks exactly what SMS asks."""

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ...intake.validation import MAX_CITY, MAX_EMPLOYER_NAME, MAX_FREE_TEXT
from ...survey import QUESTIONS, AnswerType, Question

NOT_A_CHOICE = _l("Please choose one of the answers shown.")


def parse_number(text: str) -> Decimal:
    """Accept what people type: '15.50', '15,50', '$15', ' 32 hours'."""
    cleaned = text.strip().replace("$", "").replace(",", ".")
    cleaned = cleaned.split()[0] if cleaned.split() else ""
    try:
        number = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError from exc
    if not number.is_finite():
        raise ValueError
    return number


class NumberAnswer:
    """Checks a typed number against the question's range, keeping the typed text on error."""

    def __init__(self, question: Question):
        self.question = question

    def __call__(self, form, field):
        try:
            number = parse_number(field.data)
        except ValueError as exc:
            raise ValidationError(_l("Please write a number, like 32.")) from exc
        q = self.question
        if q.answer_type == AnswerType.INTEGER and number != number.to_integral_value():
            raise ValidationError(_l("Please write a whole number, like 32."))
        if number < q.minimum or number > q.maximum:
            raise ValidationError(
                _l("Please write a number from %(low)s to %(high)s.", low=q.minimum, high=q.maximum)
            )


class ExclusiveOption:
    def __init__(self, question: Question):
        self.exclusive = {o.code for o in question.options if o.exclusive}

    def __call__(self, form, field):
        if len(field.data or []) > 1 and self.exclusive & set(field.data):
            raise ValidationError(_l("“None of these” cannot be chosen with other answers."))


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

    def answers(self) -> dict[str, object]:
        """The answered questions, in the shape the intake service takes."""
        answers: dict[str, object] = {}
        for question in QUESTIONS:
            data = self[question.key].data
            if question.is_numeric:
                if data and data.strip():
                    answers[question.key] = parse_number(data)
            elif data:
                answers[question.key] = data
        return answers

    def add_problems(self, problems: dict[str, str]) -> None:
        """Show errors the intake service found next to the field they belong to."""
        for name, message in problems.items():
            field = self._fields.get(name)
            if field is not None:
                field.errors = [*field.errors, message]


def _field_for(question: Question):
    choices = [SelectChoice(cell.code, cell.label) for cell in question.cells]
    if question.answer_type == AnswerType.SINGLE:
        return RadioField(
            question.text, choices=choices, validators=[Optional()],
            invalid_choice_message=NOT_A_CHOICE,
        )
    if question.answer_type == AnswerType.MULTI:
        return SelectMultipleField(
            question.text,
            choices=choices,
            validators=[Optional(), ExclusiveOption(question)],
            widget=ListWidget(prefix_label=False),
            option_widget=CheckboxInput(),
            invalid_choice_message=NOT_A_CHOICE,
        )
    return StringField(
        question.text,
        validators=[Optional(), NumberAnswer(question)],
        render_kw={"inputmode": "decimal", "autocomplete": "off"},
    )


for _question in QUESTIONS:
    setattr(ReportForm, _question.key, _field_for(_question))
