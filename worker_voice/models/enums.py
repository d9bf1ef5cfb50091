"""The closed sets of values the database stores as strings, each declared once.

A StrEnum member is its string, so code may still compare with "new" or use a member as a dict
key next to plain strings. Every column holding one is made by `enum_column`, which gives it a
CHECK constraint on SQLite and PostgreSQL alike: a value from raw SQL, a script or an old
release cannot slip past the ORM's own check.
"""

from enum import StrEnum

import sqlalchemy as sa


class ReportStatus(StrEnum):
    """Review by the collecting organization. Spam, duplicates and held reports are left out
    of rollups."""

    NEW = "new"
    REVIEWED = "reviewed"
    SPAM = "spam"
    DUPLICATE = "duplicate"
    # Stored but not counted until an organizer releases it: sent past a per-phone or
    # per-browser limit, or part of a burst (intake.bursts).
    HELD = "held"


class Channel(StrEnum):
    """How a report (or an SMS conversation) came in."""

    WEB = "web"
    SMS = "sms"
    WHATSAPP = "whatsapp"
    VOICE = "voice"
    DEMO = "demo"  # demonstration data made by `flask demo`


class Role(StrEnum):
    """A person's role in one organization, from least to most it may do."""

    VIEWER = "viewer"  # reads
    ORGANIZER = "organizer"  # reads and changes
    ADMIN = "admin"  # also manages people

    @property
    def can_edit(self) -> bool:
        return self in (Role.ORGANIZER, Role.ADMIN)


class HelpTopic(StrEnum):
    """What a help entry helps with; a report's answers choose the topics that fit it."""

    WAGES = "wages"  # unpaid wages, overtime, minimum wage
    SAFETY = "safety"  # injuries, hazards
    RETALIATION = "retaliation"  # punished for speaking up or complaining
    IMMIGRATION_SAFE = "immigration_safe"  # serves workers without asking immigration status


class RelationKind(StrEnum):
    """Read as: `from_employer` is the brand/parent/client/buyer of `to_employer`."""

    FRANCHISEE = "franchisee"  # brand → franchisee
    SUBSIDIARY = "subsidiary"  # parent → subsidiary
    CONTRACTOR = "contractor"  # client → contractor
    STAFFING_AGENCY = "staffing_agency"  # client → staffing agency
    SUPPLIER = "supplier"  # buyer → supplier


class DossierState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class AliasSource(StrEnum):
    """Where the registry learnt another name of an employer."""

    IMPORT = "import"  # a CSV import
    REVIEW = "review"  # an organizer linked a report's employer name
    MERGE = "merge"  # the name of an employer merged into this one
    MANUAL = "manual"


class TokenPurpose(StrEnum):
    INVITE = "invite"
    RESET = "reset"


class Tier(StrEnum):
    """Overall job-quality tier, A (best) to D."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"


class MailboxDirection(StrEnum):
    """Which way a message behind a receipt code went (models.mailbox)."""

    TO_WORKER = "to_worker"  # the collecting organization asked
    FROM_WORKER = "from_worker"  # the report's author answered


def enum_column(enum: type[StrEnum], *, name: str, length: int) -> sa.Enum:
    """A VARCHAR of `length` with a CHECK constraint named ck_<table>_<name> (the naming
    convention in extensions.py) that admits the enum's values and nothing else."""
    return sa.Enum(enum, name=name, length=length, native_enum=False, create_constraint=True,
                   validate_strings=True,
                   values_callable=lambda members: [member.value for member in members])
