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
from .report import Answer, Report
from .rollup import RollupCount
from .tokens import AccountToken

__all__ = [
    "AccountToken", "Answer", "AuditEvent", "Coalition", "Employer", "EmployerAlias",
    "EmployerRelation", "LoginThrottle", "Membership", "Organization", "RelationKind", "Report",
    "RollupCount", "SmsConversation", "SmsDelivery", "SmsOptOut", "User", "Worksite",
]
