"""Typed SQLAlchemy 2.0 models, one aggregate per module."""

from .api import ApiToken
from .audit import AuditEvent, LoginThrottle
from .campaign import Campaign, CampaignDemand, CampaignRelation
from .contact import Contact, ContactStatus
from .conversation import SmsConversation, SmsDelivery, SmsOptOut
from .dossier import Dossier
from .employer import Employer, EmployerAlias, EmployerRelation, Worksite
from .enums import (
    AliasSource,
    Channel,
    DossierState,
    HelpTopic,
    MailboxDirection,
    RelationKind,
    ReportStatus,
    Role,
    Tier,
    TokenPurpose,
)
from .help import HelpEntry, HelpEntryTopic
from .mailbox import MailboxMessage
from .org import Coalition, Membership, Organization, User
from .release import PublishedBenchmark, PublishedEmployer, PublishedFigure, Release
from .report import Answer, Report
from .rollup import RollupCount, SealedQuarter
from .tokens import AccountToken

__all__ = [
    "AccountToken",
    "AliasSource",
    "Answer",
    "ApiToken",
    "AuditEvent",
    "Campaign",
    "CampaignDemand",
    "CampaignRelation",
    "Channel",
    "Coalition",
    "Contact",
    "ContactStatus",
    "Dossier",
    "DossierState",
    "Employer",
    "EmployerAlias",
    "EmployerRelation",
    "HelpEntry",
    "HelpEntryTopic",
    "HelpTopic",
    "LoginThrottle",
    "MailboxDirection",
    "MailboxMessage",
    "Membership",
    "Organization",
    "PublishedBenchmark",
    "PublishedEmployer",
    "PublishedFigure",
    "RelationKind",
    "Release",
    "Report",
    "ReportStatus",
    "Role",
    "RollupCount",
    "SealedQuarter",
    "SmsConversation",
    "SmsDelivery",
    "SmsOptOut",
    "Tier",
    "TokenPurpose",
    "User",
    "Worksite",
]
