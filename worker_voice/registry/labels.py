from flask_babel import lazy_gettext as _l

from ..models import RelationKind

# How a roll-up along each relation reads to an organizer.
RELATION_LABELS = {
    RelationKind.FRANCHISEE: _l("its franchisees"),
    RelationKind.SUBSIDIARY: _l("its subsidiaries"),
    RelationKind.CONTRACTOR: _l("its contractors"),
    RelationKind.STAFFING_AGENCY: _l("staffing agencies placing workers with it"),
    RelationKind.SUPPLIER: _l("its suppliers"),
}

STATUS_LABELS = {
    "new": _l("New"),
    "reviewed": _l("Reviewed"),
    "spam": _l("Spam"),
    "duplicate": _l("Duplicate"),
}

CHANNEL_LABELS = {
    "web": _l("Web form"),
    "sms": _l("SMS"),
    "whatsapp": _l("WhatsApp"),
    "voice": _l("Phone call"),
    "demo": _l("Demo data"),
}

ROLE_LABELS = {
    "viewer": _l("Viewer (reads)"),
    "organizer": _l("Organizer (reads and changes)"),
    "admin": _l("Admin (also manages people)"),
}
