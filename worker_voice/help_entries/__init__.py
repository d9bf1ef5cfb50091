"""Help after a report: where a worker can turn, chosen to fit what was reported and where.

Each organization keeps its own entries (`service`); when it has none, national defaults
(`national`) are shown. `choice.help_for_report` picks the entries a thank-you page and the
last SMS give.
"""

from .choice import help_for_report, reach, topics_reported
from .contact import TOPIC_LABELS, Contact
from .national import NATIONAL
from .service import HelpEntryError, add_help_entry, remove_help_entry, set_contact

__all__ = [
    "NATIONAL", "TOPIC_LABELS", "Contact", "HelpEntryError", "add_help_entry", "help_for_report",
    "reach", "remove_help_entry", "set_contact", "topics_reported",
]
