"""Typed SQLAlchemy 2.0 models, one aggregate per module."""

from .api import ApiToken
from .audit import AuditEvent, LoginThrottle
from .campaign import Campaign, CampaignDemand
from .conversation import SmsConversation, SmsDelivery, SmsOptOut
from .dossier import Dossier
from .employer import (
    Employer,
    EmployerAlias,
    EmployerRelation,
    RelationKind,
    Worksite,
)
from .org import Coalition, Membership, Organization, User
from .release import PublishedBenchmark, PublishedEmployer, PublishedFigure, Release
from .report import Answer, Report
from .rollup import RollupAdjustment, RollupCount
from .tokens import AccountToken

__all__ = [
    "AccountToken", "Answer", "ApiToken", "AuditEvent", "Campaign", "CampaignDemand", "Coalition",
    "Dossier", "Employer", "EmployerAlias",
    "EmployerRelation", "LoginThrottle", "Membership", "Organization", "PublishedBenchmark",
    "PublishedEmployer", "PublishedFigure", "RelationKind", "Release", "Report",
    "RollupAdjustment", "RollupCount", "SmsConversation", "SmsDelivery", "SmsOptOut", "User",
    "Worksite",
]
