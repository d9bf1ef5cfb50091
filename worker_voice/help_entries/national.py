"""The help every worker in the United States can use, shown when the collecting organization
has entered none of its own. Both agencies take complaints in any language (they provide
interpreters) and by phone."""

from flask_babel import lazy_gettext as _l

from ..i18n import LANGUAGE_CODES
from ..models import HelpTopic
from .contact import Contact

NATIONAL: tuple[Contact, ...] = (
    Contact(
        name=_l("US Department of Labor, Wage and Hour Division"),
        phone="1-866-487-9243", web="dol.gov/agencies/whd",
        languages=LANGUAGE_CODES,
        topics=frozenset({HelpTopic.WAGES, HelpTopic.RETALIATION}),
    ),
    Contact(
        name=_l("OSHA (job safety)"),
        phone="1-800-321-6742", web="osha.gov/workers/file-complaint",
        languages=LANGUAGE_CODES,
        topics=frozenset({HelpTopic.SAFETY, HelpTopic.RETALIATION}),
    ),
)
