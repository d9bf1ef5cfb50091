"""Intake: the single path by which any channel stores a report."""

from .errors import EmployerToConfirm, IntakeError, InvalidReport
from .service import (
    Receipt,
    default_organization,
    delete_report,
    erase,
    find_by_receipt,
    submit_report,
)

__all__ = ["EmployerToConfirm", "IntakeError", "InvalidReport", "Receipt",
           "default_organization", "delete_report", "erase", "find_by_receipt", "submit_report"]
