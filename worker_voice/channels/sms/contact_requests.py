"""A request to be contacted, texted with JOIN (channels/sms/joining.py): stored by the contacts
service with the sender's number — encrypted, apart from any report — and answered in the
worker's language. The conversation service never sees the number; the webhook hands it here."""

from ...extensions import db
from ...intake import default_organization
from ...models import Organization
from . import texts as t
from .joining import ContactDraft


def keep_contact(draft: ContactDraft, *, number: str | None) -> str:
    """Store the request for the organization that reads this conversation's reports (or the
    line's default) and return the reply; with no organization or no usable number, nothing
    is kept and the reply says so."""
    # Here, not at the top: the contacts package sends through this one.
    from ...contacts import ContactError, request_contact

    reader = (db.session.get(Organization, draft.organization_id)
              if draft.organization_id is not None else default_organization())
    if reader is None or number is None:
        return t.say(draft.locale, t.JOIN_CANCELLED)
    try:
        request_contact(organization_id=reader.id, name=draft.name, phone=number, email=None,
                        language=draft.locale, best_time=draft.best_time,
                        texting_ok=draft.texting_safe, employer=draft.employer)
    except ContactError:
        return t.say(draft.locale, t.JOIN_CANCELLED)
    return t.say(draft.locale, t.JOIN_DONE, organization=reader.name)
