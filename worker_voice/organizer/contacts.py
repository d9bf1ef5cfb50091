"""Organizer → Contacts: the workers who asked this organization to contact them (issue 21).

Only the organization's own contacts, never a coalition partner's (another's is a 404). Viewers
read the list and a contact; organizers and admins change, delete, export (the file holds
personal data) and message. Every read, export and message is audited by the service.
"""

from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectChoice,
    SelectField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from ..contacts import (
    ContactError,
    ContactFilter,
    ContactNotFound,
    delete_contact,
    estimate,
    export_csv,
    get_contact,
    list_contacts,
    message_recipients,
    send_message,
    update_contact,
)
from ..contacts.service import MAX_MESSAGE, MAX_NOTES
from ..i18n import BY_CODE, LANGUAGES
from ..models import ContactStatus
from . import bp, require_editor, require_organization
from .forms import refuse

STATUS_NAMES = {
    ContactStatus.NEW: _l("New"),
    ContactStatus.REACHED: _l("Reached"),
    ContactStatus.MET: _l("Met"),
    ContactStatus.COMMITTEE: _l("On the committee"),
    ContactStatus.NOT_INTERESTED: _l("Not interested"),
}


class ContactEditForm(FlaskForm):
    status = SelectField(_l("Status"), choices=[
        SelectChoice(status.value, label) for status, label in STATUS_NAMES.items()])
    follow_up_on = DateField(_l("Follow up on"), validators=[Optional()])
    notes = TextAreaField(_l("Notes"), validators=[Length(
        max=MAX_NOTES, message=_l("Up to 5,000 characters."))], render_kw={"rows": 5})


class DeleteContactForm(FlaskForm):
    confirm = BooleanField(_l("Yes, erase this contact for good."), validators=[
        DataRequired(_l("Please tick this box to erase the contact."))])


class MessageForm(FlaskForm):
    status = HiddenField()
    employer = HiddenField()
    language = HiddenField()
    body = TextAreaField(_l("Message"), validators=[
        DataRequired(_l("Please write the message.")),
        Length(max=MAX_MESSAGE, message=_l("Up to 640 characters."))],
        render_kw={"rows": 5, "maxlength": MAX_MESSAGE})
    preview = SubmitField(_l("Count the cost"))
    send = SubmitField(_l("Send"))


def _filter(values: dict) -> ContactFilter:
    """The list's filters from the query string or the message form; unknown values ignored."""
    status = values.get("status") or ""
    language = values.get("language") or ""
    return ContactFilter(
        status=ContactStatus(status) if status in ContactStatus._value2member_map_ else None,
        employer=(values.get("employer") or "").strip()[:200] or None,
        language=language if language in BY_CODE else None)


def _page_context(where: ContactFilter) -> dict:
    return {"where": where, "status_names": STATUS_NAMES, "languages": LANGUAGES,
            "language_names": {language.code: language.native_name for language in LANGUAGES},
            "query": {"status": where.status.value if where.status else "",
                      "employer": where.employer or "", "language": where.language or ""}}


@bp.get("/contacts")
def contacts() -> ResponseReturnValue:
    organization_id = require_organization()
    where = _filter(request.args)
    cards = list_contacts(organization_id=organization_id, where=where)
    return render_template("organizer/contacts.html", cards=cards, today=date.today(),
                           **_page_context(where))


@bp.get("/contacts/export.csv")
def contacts_export() -> Response:
    organization_id = require_editor()
    data, _count = export_csv(organization_id=organization_id, where=_filter(request.args))
    response = Response(data, content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = 'attachment; filename="contacts.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/contacts/<int:contact_id>")
def contact(contact_id: int) -> ResponseReturnValue:
    organization_id = require_organization()
    return _contact_page(organization_id, contact_id, ContactEditForm(formdata=None))


def _contact_page(organization_id: int, contact_id: int, form: ContactEditForm,
                  audit: bool = True) -> ResponseReturnValue:
    try:
        card = get_contact(organization_id=organization_id, contact_id=contact_id, audit=audit)
    except ContactNotFound:
        abort(404)
    if form.status.data is None:
        form.status.data = card.status.value
        form.follow_up_on.data = card.follow_up_on
        form.notes.data = card.details.notes
    return render_template("organizer/contacts_edit.html", card=card, form=form,
                           delete=DeleteContactForm(formdata=None), status_names=STATUS_NAMES,
                           language_names={lang.code: lang.native_name for lang in LANGUAGES}
                           ), 400 if form.errors else 200


@bp.post("/contacts/<int:contact_id>")
def contact_update(contact_id: int) -> ResponseReturnValue:
    organization_id = require_editor()
    form = ContactEditForm()
    if form.validate_on_submit():
        try:
            update_contact(organization_id=organization_id, contact_id=contact_id,
                           status=ContactStatus(form.status.data),
                           follow_up_on=form.follow_up_on.data, notes=form.notes.data)
        except ContactNotFound:
            abort(404)
        except ContactError as error:
            refuse(form, error.field, error)
        else:
            flash(_("Saved."), "info")
            return redirect(url_for(".contacts"))
    return _contact_page(organization_id, contact_id, form, audit=False)


@bp.post("/contacts/<int:contact_id>/delete")
def contact_delete(contact_id: int) -> ResponseReturnValue:
    organization_id = require_editor()
    form = DeleteContactForm()
    if not form.validate_on_submit():
        try:
            get_contact(organization_id=organization_id, contact_id=contact_id, audit=False)
        except ContactNotFound:
            abort(404)
        flash(_("Please tick the box to erase the contact."), "error")
        return redirect(url_for(".contact", contact_id=contact_id))
    try:
        delete_contact(organization_id=organization_id, contact_id=contact_id)
    except ContactNotFound:
        abort(404)
    flash(_("The contact is erased."), "info")
    return redirect(url_for(".contacts"))


@bp.route("/contacts/message", methods=["GET", "POST"])
def contacts_message() -> ResponseReturnValue:
    """Write one message to the filtered list's contacts who may be texted; see how many get
    it and what it costs; then send."""
    organization_id = require_editor()
    form = MessageForm() if request.method == "POST" else MessageForm(
        formdata=None, **_page_context(_filter(request.args))["query"])
    where = _filter({"status": form.status.data, "employer": form.employer.data,
                     "language": form.language.data})
    recipients = len(message_recipients(organization_id=organization_id, where=where))
    if request.method == "POST" and form.validate_on_submit():
        if form.send.data:
            try:
                sent = send_message(organization_id=organization_id, body=form.body.data or "",
                                    where=where)
            except ContactError as error:
                refuse(form, error.field, error)
            else:
                flash(ngettext("Sent to %(num)d contact.", "Sent to %(num)d contacts.",
                               sent.recipients), "info")
                return redirect(url_for(".contacts", **_page_context(where)["query"]))
    # What send_message sends: the text trimmed.
    cost = estimate(body=(form.body.data or "").strip(), recipients=recipients)
    return render_template("organizer/contacts_message.html", form=form, cost=cost,
                           previewed=request.method == "POST" and not form.errors,
                           **_page_context(where)), 400 if form.errors else 200
