"""Typed SQLAlchemy 2.0 models, one aggregate per module."""

from .employer import Employer, Worksite
from .org import Organization, User
from .report import Answer, Report
from .rollup import RollupCount

__all__ = ["Answer", "Employer", "Organization", "Report", "RollupCount", "User", "Worksite"]
