"""Typed SQLAlchemy 2.0 models, one aggregate per module."""

from .conversation import SmsConversation, SmsDelivery, SmsOptOut
from .employer import (
    Employer,
    EmployerAlias,
    EmployerRelation,
    RelationKind,
    Worksite,
)
from .org import Organization, User
from .report import Answer, Report
from .rollup import RollupCount

__all__ = [
    "Answer", "Employer", "EmployerAlias", "EmployerRelation", "Organization", "RelationKind",
    "Report", "RollupCount", "SmsConversation", "SmsDelivery", "SmsOptOut", "User", "Worksite",
]
