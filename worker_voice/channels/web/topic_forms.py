"""The forms of the topics a worker adds after the core: which topics, their answers, and the
receipt code that finds the report again."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField
from wtforms.validators import DataRequired
from wtforms.widgets import CheckboxInput, ListWidget

from ...survey import CATEGORY_LABELS
from ...survey.plan import Module
from .forms import AnswersForm, receipt_shape


class TopicsForm(FlaskForm):
    """One box per topic still open; the choices are set for the report at hand."""

    topics = SelectMultipleField(
        _l("Pick the topics that matter to you"),
        validators=[DataRequired(_l("Please pick at least one topic."))],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )

    def offer(self, modules: tuple[Module, ...]) -> "TopicsForm":
        self.topics.choices = [(module.category.value, CATEGORY_LABELS[module.category])
                               for module in modules]
        return self


class TopicAnswersForm(AnswersForm):
    """The questions of the chosen topics. The topics ride along (hidden) so that a page with
    a mistake comes back with the same questions."""

    topic = SelectMultipleField(validate_choice=False)


class MoreForm(FlaskForm):
    """The receipt code that opens a report for more answers, within a day."""

    receipt_code = StringField(
        _l("Receipt code"),
        validators=[DataRequired(_l("Please write your receipt code.")), receipt_shape],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false",
                   "autocorrect": "off", "maxlength": 20},
    )
