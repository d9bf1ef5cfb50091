"""The organizer's forms: one class per action a page posts.

A form checks the shape of what was sent (there, not too long, one of the choices, a date). The
services check the rules and raise domain errors whose messages are translated where they are
raised; a view puts such a message next to the field at fault with `refuse`. The id of a row
acted on (a person, a token, a target) rides in a hidden field: a bad one is a broken or forged
request, not a typing mistake, and is answered with 400 (`broken`).

Query-string filters (reports, employers, rankings, audit log) are not forms: they keep their
parsers, which ignore what they do not understand.
"""

from collections.abc import Iterable

from flask import abort, flash
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    Field,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import HiddenInput

from ..api.tokens import MAX_NAME_LENGTH
from ..campaigns.service import MAX_DEMANDS
from ..i18n import LANGUAGES
from ..insights.disclosure import INDICATORS
from ..models import Coalition, Membership, Organization, RelationKind
from ..models.ids import parse_id
from ..models.report import STATUSES
from ..registry.labels import RELATION_LABELS, ROLE_LABELS, STATUS_LABELS
from ..registry.naics import naics_code_in

DEMAND_ROWS = 6  # demand rows the campaign form offers at least
EMAIL = r"^[^@\s]+@[^@\s]+$"  # the rest is checked by the invitation arriving


def refuse(form: FlaskForm, field: str, message: object) -> None:
    """Show a service's refusal (translated where it was raised) next to the field it names;
    a flash when the form has no such field."""
    if field in form:
        form[field].errors = [*form[field].errors, str(message)]
    else:
        flash(str(message), "error")


def broken(form: FlaskForm) -> None:
    """Answer 400 when a field nobody types (a hidden id) failed."""
    if any(field.errors for field in form if isinstance(field.widget, HiddenInput)):
        abort(400)


def _row_id() -> Field:
    return IntegerField(widget=HiddenInput(), validators=[InputRequired()])


def _required(message: str, *, limit: int) -> list[object]:
    return [DataRequired(message), Length(max=limit, message=message)]


# Campaigns ----------------------------------------------------------------------------------

class DayField(DateField):
    """A day as <input type=date> sends it (year-month-day), or nothing; the message for
    anything else names the field."""

    def __init__(self, label: str, *, message: str, **kwargs: object) -> None:
        super().__init__(label, validators=[Optional()], format="%Y-%m-%d", **kwargs)
        self.invalid_message = message

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(self.invalid_message) from None


class DemandForm(Form):
    """One demand row: what the campaign asks for, and the indicator that measures it."""

    text = StringField(_l("Demand"), validators=[Length(
        max=500, message=_l("Write the demand in up to 500 characters."))],
        default="", render_kw={"maxlength": 500})
    indicator = SelectField(_l("Measured by"), default="", choices=[
        SelectChoice("", _l("Measured by…")),
        *(SelectChoice(q.key, q.indicator) for q in INDICATORS)])

    def validate_indicator(self, field: SelectField) -> None:
        if (self.text.data or "").strip() and not field.data:
            raise ValidationError(_l("Choose the indicator that measures this demand."))


class CampaignForm(FlaskForm):
    """Changing a campaign: everything but who runs it."""

    name = StringField(_l("Name"), validators=_required(
        _l("Give the campaign a name (up to 200 characters)."), limit=200),
        render_kw={"maxlength": 200})
    target = StringField(_l("Target employer (its exact name in the registry)"), validators=[
        DataRequired(_l("Choose the target employer by its exact name in the registry.")),
        Length(max=200)], render_kw={"maxlength": 200})
    include = SelectMultipleField(_l("Also count the reports of"), choices=[
        SelectChoice(kind.value, RELATION_LABELS[kind]) for kind in RelationKind])
    goal = TextAreaField(_l("Goal"), validators=[Length(
        max=2000, message=_l("Write the goal in up to 2000 characters."))],
        render_kw={"rows": 3, "maxlength": 2000})
    starts_on = DayField(_l("Figures from"), message=_l(
        "Enter the start of the window as a date (year-month-day)."))
    ends_on = DayField(_l("Figures up to"), message=_l(
        "Enter the end of the window as a date (year-month-day)."))
    demands = FieldList(FormField(DemandForm), _l("Demands"), min_entries=DEMAND_ROWS,
                        max_entries=MAX_DEMANDS)


class NewCampaignForm(CampaignForm):
    """Opening a campaign: also who runs it, the organization or one of its coalitions."""

    owner = SelectField(_l("Run by"))

    def __init__(self, *args: object, coalitions: Iterable[Coalition] = (),
                 **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.owner.choices = [SelectChoice("", _l("My organization only (its own reports)")), *(
            SelectChoice(str(c.id), _l("Coalition %(name)s (figures pooled over its members)",
                                       name=c.name))
            for c in coalitions)]


class DeleteCampaignForm(FlaskForm):
    """Deleting a campaign: a button, and the CSRF token."""


class DossierForm(FlaskForm):
    language = SelectField(_l("Dossier (PDF) in"), choices=[
        SelectChoice(language.code, language.native_name, {"lang": language.tag})
        for language in LANGUAGES])


# Coalitions and the registry ------------------------------------------------------------------

class TargetForm(FlaskForm):
    employer_name = StringField(
        _l("Add a target employer (its exact name in the registry)"),
        validators=_required(_l("Write the employer's exact name in the registry."), limit=200),
        render_kw={"maxlength": 200})


class RemoveTargetForm(FlaskForm):
    employer_id = _row_id()


class LinkNameForm(FlaskForm):
    """Link an unmatched name to an employer: a suggestion, or another by its exact name."""

    name = HiddenField(validators=[InputRequired()])
    employer_id = RadioField(_l("Link to"), validate_choice=False)
    other_employer = StringField(_l("or another employer (its exact name)"),
                                 validators=[Length(max=200)])

    def validate_other_employer(self, field: StringField) -> None:
        if not (field.data or "").strip() and not self.employer_id.data:
            raise ValidationError(_l("Choose an employer from the list, or write another's exact "
                                "name."))


def _naics_2022(form: FlaskForm, field: Field) -> None:
    if (field.data or "").strip() and naics_code_in(field.data) is None:
        raise ValidationError(_l("Choose an industry from the NAICS 2022 list: type words like "
                                 "“restaurant” and pick one, or write its code."))


class CreateEmployerForm(FlaskForm):
    """Add an unmatched name as a new employer (and link its reports to it)."""

    name = HiddenField()
    employer_name = StringField(_l("Or add it as a new employer"), validators=_required(
        _l("Write the new employer's name (up to 200 characters)."), limit=200))
    naics = StringField(_l("Industry (NAICS 2022: a code, or words to search the list)"),
                        validators=[Optional(), _naics_2022])


class MergeForm(FlaskForm):
    target_id = SelectField(_l("Merge into"), coerce=int)

    def __init__(self, *args: object, others: Iterable[tuple[int, str]] = (),
                 **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.target_id.choices = [SelectChoice(employer_id, name) for employer_id, name in others]


# Reports ------------------------------------------------------------------------------------

class StatusForm(FlaskForm):
    status = RadioField(_l("Status"), choices=[SelectChoice(str(s), STATUS_LABELS[s])
                                                 for s in STATUSES])


class RedactForm(FlaskForm):
    phrase = StringField(
        _l("Remove more (a name, a place): the words are deleted for good"),
        validators=_required(_l("Write the words to remove, as they appear in the text."),
                             limit=200))


class QuoteForm(FlaskForm):
    """Approve the report's text as a quote beyond the organization, or decline it (withdraw
    an approval)."""

    approved = BooleanField(false_values=("0", "", "false"))


MAX_BULK = 200  # reports one bulk change may name (a page of the list holds 50)


def _report_id(value: object) -> int:
    """An id ticked in the list, read as every id from a form is (ASCII digits only: int()
    reads '٣' as 3 and '1_0' as 10)."""
    number = value if isinstance(value, int) else parse_id(str(value))
    if number is None:
        raise ValueError(value)
    return number


def _report_ids(form: FlaskForm, field: Field) -> None:
    if len(field.data) > MAX_BULK or not all(0 < value < 2 ** 63 for value in field.data):
        raise ValidationError(_l("Tick the reports to change."))


class BulkStatusForm(FlaskForm):
    """Set one status on the reports ticked in the list."""

    reports = SelectMultipleField(coerce=_report_id, validate_choice=False, validators=[
        DataRequired(_l("Tick the reports to change.")), _report_ids])
    status = SelectField(_l("Set the status of the reports ticked to"),
                         choices=[SelectChoice(str(s), STATUS_LABELS[s]) for s in STATUSES])


# People, the platform, API tokens ---------------------------------------------------------------

def _role() -> Field:
    return SelectField(_l("Role"), choices=[SelectChoice(role, label)
                                            for role, label in ROLE_LABELS.items()])


class InviteForm(FlaskForm):
    email = StringField(_l("E-mail"), validators=[
        *_required(_l("Write the person's e-mail address."), limit=254),
        Regexp(EMAIL, message=_l("Write the person's e-mail address, such as "
                                 "name@example.org."))], render_kw={"type": "email"})
    role = _role()


class RoleForm(FlaskForm):
    user_id = _row_id()
    role = _role()


class ResetLinkForm(FlaskForm):
    user_id = _row_id()


class RemoveMemberForm(FlaskForm):
    user_id = _row_id()


class SwitchForm(FlaskForm):
    organization_id = SelectField(_l("Organization"), coerce=int)

    def __init__(self, *args: object, memberships: Iterable[Membership] = (),
                 **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.organization_id.choices = sorted(
            (SelectChoice(m.organization_id, m.organization.name) for m in memberships),
            key=lambda choice: choice.label)


class TokenForm(FlaskForm):
    name = StringField(_l("What will use it"), validators=_required(
        _l("Give the token a name of up to %(num)d characters, such as what will use it.",
           num=MAX_NAME_LENGTH), limit=MAX_NAME_LENGTH), render_kw={"maxlength": MAX_NAME_LENGTH})


class RevokeTokenForm(FlaskForm):
    token_id = _row_id()


class OrganizationForm(FlaskForm):
    name = StringField(_l("New organization"), validators=_required(
        _l("Write the organization's name (up to 200 characters)."), limit=200),
        render_kw={"maxlength": 200})
    admin_email = StringField(_l("E-mail of its first admin (optional)"), validators=[
        Optional(), Length(max=254), Regexp(EMAIL, message=_l(
            "Write the first admin's e-mail address, such as name@example.org, or leave it "
            "empty."))], render_kw={"type": "email"})


class _MembersForm(FlaskForm):
    members = SelectMultipleField(_l("Members"), coerce=int)

    def __init__(self, *args: object, organizations: Iterable[Organization] = (),
                 **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.members.choices = [SelectChoice(organization.id, organization.name)
                                for organization in organizations]


class CoalitionForm(_MembersForm):
    name = StringField(_l("New coalition"), validators=_required(
        _l("Write the coalition's name (up to 200 characters)."), limit=200),
        render_kw={"maxlength": 200})


class CoalitionMembersForm(_MembersForm):
    coalition_id = _row_id()
