"""Typed SQLAlchemy 2.0 models, one aggregate per module."""

from .audit import AuditEvent, LoginThrottle
from .conversation import SmsConversation, SmsDelivery, SmsOptOut
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
    "AccountToken", "Answer", "AuditEvent", "Coalition", "Employer", "EmployerAlias",
    "EmployerRelation", "LoginThrottle", "Membership", "Organization", "PublishedBenchmark",
    "PublishedEmployer", "PublishedFigure", "RelationKind", "Release", "Report",
    "RollupAdjustment", "RollupCount", "SmsConversation", "SmsDelivery", "SmsOptOut", "User",
    "Worksite",
]
