"""Where the organization's workers get help: how they reach it, the cities it serves and its
help entries, shown to a worker after a report (help_entries.choice)."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Length

from ..extensions import db
from ..help_entries import (
    NATIONAL,
    TOPIC_LABELS,
    Contact,
    HelpEntryError,
    add_help_entry,
    remove_help_entry,
    set_contact,
)
from ..i18n import LANGUAGES
from ..models import HelpEntry, Organization
from . import bp, require_editor, require_organization
from .forms import _row_id, broken, refuse


class ContactForm(FlaskForm):
    phone = StringField(_l("Phone workers can call"), validators=[Length(max=40)],
                        render_kw={"maxlength": 40, "autocomplete": "off"})
    web = StringField(_l("Web address"), validators=[Length(max=200)],
                      render_kw={"maxlength": 200})
    cities = TextAreaField(_l("Cities you serve, one per line"), validators=[Length(
        max=5000, message=_l("Up to 5,000 characters."))], render_kw={"rows": 4})


class HelpEntryForm(FlaskForm):
    name = StringField(_l("Name"), render_kw={"maxlength": 200})
    phone = StringField(_l("Phone"), validators=[Length(max=40)], render_kw={"maxlength": 40})
    web = StringField(_l("Web address"), validators=[Length(max=200)],
                      render_kw={"maxlength": 200})
    languages = SelectMultipleField(_l("Languages spoken there"), choices=[
        SelectChoice(language.code, language.native_name) for language in LANGUAGES])
    topics = SelectMultipleField(_l("Helps with"), choices=[
        SelectChoice(topic.value, label) for topic, label in TOPIC_LABELS.items()])
    city = StringField(_l("Only for reports from this city (leave empty for all)"),
                       validators=[Length(max=100)], render_kw={"maxlength": 100})


class RemoveHelpEntryForm(FlaskForm):
    entry_id = _row_id()


@bp.get("/help")
def help_entries() -> ResponseReturnValue:
    return _page(require_organization())


def _page(organization_id: int, *, contact: ContactForm | None = None,
          entry: HelpEntryForm | None = None) -> ResponseReturnValue:
    organization = db.session.get_one(Organization, organization_id)
    if contact is None:
        contact = ContactForm(formdata=None, phone=organization.contact_phone,
                              web=organization.contact_web, cities=organization.cities)
    entries = list(db.session.scalars(sa.select(HelpEntry).where(
        HelpEntry.organization_id == organization_id).order_by(HelpEntry.name, HelpEntry.id)))
    removes = {row.id: RemoveHelpEntryForm(formdata=None, entry_id=row.id) for row in entries}
    failed = contact.errors or (entry is not None and entry.errors)
    return render_template(
        "organizer/help_entries.html", organization=organization, entries=entries,
        removes=removes, contact=contact, entry=entry or HelpEntryForm(formdata=None),
        shown=[(Contact.of(row), row) for row in entries] or [(item, None) for item in NATIONAL],
        topic_labels=TOPIC_LABELS,
        language_names={language.code: language.native_name for language in LANGUAGES},
    ), 400 if failed else 200


@bp.post("/help/contact")
def save_contact() -> ResponseReturnValue:
    organization_id = require_editor()
    form = ContactForm()
    if form.validate_on_submit():
        try:
            set_contact(organization_id=organization_id, phone=form.phone.data,
                        web=form.web.data, cities=form.cities.data)
        except HelpEntryError as error:
            refuse(form, error.field, error)
        else:
            flash(_("Saved."), "info")
            return redirect(url_for(".help_entries"))
    return _page(organization_id, contact=form)


@bp.post("/help/entries")
def add_entry() -> ResponseReturnValue:
    organization_id = require_editor()
    form = HelpEntryForm()
    if form.validate_on_submit():
        try:
            add_help_entry(organization_id=organization_id, name=form.name.data or "",
                           phone=form.phone.data, web=form.web.data,
                           languages=form.languages.data or (), topics=form.topics.data or (),
                           city=form.city.data)
        except HelpEntryError as error:
            refuse(form, error.field, error)
        else:
            flash(_("Added. Workers see it after their report."), "info")
            return redirect(url_for(".help_entries"))
    return _page(organization_id, entry=form)


@bp.post("/help/entries/remove")
def remove_entry() -> ResponseReturnValue:
    organization_id = require_editor()
    form = RemoveHelpEntryForm()
    if not form.validate_on_submit():
        broken(form)
    if not remove_help_entry(organization_id=organization_id, entry_id=form.entry_id.data):
        abort(404)
    flash(_("Removed."), "info")
    return redirect(url_for(".help_entries"))
