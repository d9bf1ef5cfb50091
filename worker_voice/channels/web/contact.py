"""Asking an organization to make contact, on a page of its own (issue 21).

The thank-you page links here with the organization that collected the report (`?org=` its slug
or id) and nothing else: no receipt code, no report. What the worker gives is stored apart from
any report, encrypted (worker_voice/contacts). The page says plainly what asking means.
"""

import sqlalchemy as sa
from flask import abort, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_babel import refresh
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectChoice, SelectField, StringField, ValidationError
from wtforms.validators import DataRequired, Length

from ...contacts import ContactError, request_contact
from ...contacts.service import MAX_EMAIL, MAX_EMPLOYER, MAX_NAME, MAX_PHONE, MAX_TIME
from ...extensions import csrf, db
from ...i18n import LANGUAGES, current_language, match_language
from ...intake import default_organization
from ...models import Organization
from ...models.ids import parse_id
from . import bp
from .forms import SWITCH_LANGUAGE
from .limits import contact_requests_left, count_contact_request

SENT = "contact_sent"  # the thank-you page names the organization, once


def _most(limit: int) -> Length:
    return Length(max=limit, message=_l("Please use at most %(max)d characters."))


class ContactForm(FlaskForm):
    name = StringField(_l("Your name or a nickname (optional)"), validators=[_most(MAX_NAME)],
                       render_kw={"autocomplete": "off", "maxlength": MAX_NAME})
    phone = StringField(_l("Phone number"), validators=[_most(MAX_PHONE)],
                        render_kw={"inputmode": "tel", "autocomplete": "off",
                                   "maxlength": MAX_PHONE})
    texting_ok = BooleanField(_l("Yes, it is safe to send me text messages at this number."))
    email = StringField(_l("E-mail"), validators=[_most(MAX_EMAIL)],
                        render_kw={"inputmode": "email", "autocomplete": "off",
                                   "maxlength": MAX_EMAIL})
    language = SelectField(_l("Language to speak with you"), choices=[
        SelectChoice(language.code, language.native_name) for language in LANGUAGES])
    best_time = StringField(_l("Best time to reach you (optional)"),
                            validators=[_most(MAX_TIME)], render_kw={"maxlength": MAX_TIME})
    employer = StringField(_l("The company where you want to organize (optional)"),
                           validators=[_most(MAX_EMPLOYER)],
                           render_kw={"maxlength": MAX_EMPLOYER})
    understood = BooleanField(_l("I understand. I want them to contact me."), validators=[
        DataRequired(_l("Please tick this box if you want them to contact you."))])

    def validate_phone(self, field: StringField) -> None:
        if not (field.data or "").strip() and not (self.email.data or "").strip():
            raise ValidationError(_l("Please write a phone number or an e-mail address, so "
                                     "that they can reach you."))


def _organization() -> Organization | None:
    """The organization named by `?org=` (slug or id); the default one when none is named.
    404 for a name that is no organization."""
    wanted = request.args.get("org", "").strip()
    if not wanted:
        return default_organization()
    number = parse_id(wanted)
    query = sa.select(Organization).where(
        Organization.id == number if number is not None else Organization.slug == wanted)
    organization = db.session.scalar(query)
    if organization is None:
        abort(404)
    return organization


@bp.route("/contact", methods=["GET", "POST"])
@csrf.exempt  # checked by the form itself, so an expired page keeps what was typed
def contact() -> ResponseReturnValue:
    organization = _organization()
    form = ContactForm()
    if request.method == "GET":
        form.language.data = current_language()
    switched = (match_language(request.form.get(SWITCH_LANGUAGE))
                if request.method == "POST" else None)
    if switched and switched != current_language():
        # A language button: the page again in that language, with what was typed.
        session["lang"] = switched
        refresh()
        return _render(form, organization)
    if organization is None:
        return _render(form, None), 409 if request.method == "POST" else 200
    if form.validate_on_submit():
        if not contact_requests_left():  # nothing stored; what was typed is shown back
            return _render(form, organization, limited=True), 429
        try:
            request_contact(organization_id=organization.id, name=form.name.data,
                            phone=form.phone.data, email=form.email.data,
                            language=form.language.data or current_language(),
                            best_time=form.best_time.data, texting_ok=form.texting_ok.data,
                            employer=form.employer.data)
        except ContactError as error:
            form[error.field].errors = [*form[error.field].errors, str(error)]
        else:
            count_contact_request()
            session[SENT] = organization.id
            return redirect(url_for(".contact_sent"))
    return _render(form, organization), 400 if form.errors else 200


def _render(form: ContactForm, organization: Organization | None, *,
            limited: bool = False) -> str:
    expired = "csrf_token" in form.errors
    return render_template("web/contact.html", form=form, organization=organization,
                           org=request.args.get("org", ""), expired=expired, limited=limited)


@bp.route("/contact/sent")
def contact_sent() -> ResponseReturnValue:
    # Said once: the next person on a shared phone sees nothing of it.
    organization_id = session.pop(SENT, None)
    organization = db.session.get(Organization, organization_id) if organization_id else None
    return render_template("web/contact_sent.html", organization=organization)
