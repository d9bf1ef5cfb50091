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
