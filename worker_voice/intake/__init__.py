"""Intake: the single path by which any channel stores a report."""

from .errors import IntakeError, InvalidReport
from .service import Receipt, delete_report, submit_report

__all__ = ["IntakeError", "InvalidReport", "Receipt", "delete_report", "submit_report"]
