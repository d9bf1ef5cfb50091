from flask_babel import lazy_gettext as _l

from ..models import Channel, RelationKind, ReportStatus, Role

# How a roll-up along each relation reads to an organizer.
RELATION_LABELS = {
    RelationKind.FRANCHISEE: _l("its franchisees"),
    RelationKind.SUBSIDIARY: _l("its subsidiaries"),
    RelationKind.CONTRACTOR: _l("its contractors"),
    RelationKind.STAFFING_AGENCY: _l("staffing agencies placing workers with it"),
    RelationKind.SUPPLIER: _l("its suppliers"),
}

STATUS_LABELS = {
    ReportStatus.NEW: _l("New"),
    ReportStatus.REVIEWED: _l("Reviewed"),
    ReportStatus.SPAM: _l("Spam"),
    ReportStatus.DUPLICATE: _l("Duplicate"),
    ReportStatus.HELD: _l("Held for review"),
}

CHANNEL_LABELS = {
    Channel.WEB: _l("Web form"),
    Channel.SMS: _l("SMS"),
    Channel.WHATSAPP: _l("WhatsApp"),
    Channel.VOICE: _l("Phone call"),
    Channel.DEMO: _l("Demo data"),
}

ROLE_LABELS = {
    Role.VIEWER: _l("Viewer (reads)"),
    Role.ORGANIZER: _l("Organizer (reads and changes)"),
    Role.ADMIN: _l("Admin (also manages people)"),
}
