"""Intake: the single path by which any channel stores a report."""

from .collectors import default_organization, organizations_serving
from .errors import EmployerToConfirm, IntakeError, InvalidReport
from .service import (
    Receipt,
    delete_report,
    erase,
    find_by_receipt,
    submit_report,
)

__all__ = ["EmployerToConfirm", "IntakeError", "InvalidReport", "Receipt",
           "default_organization", "delete_report", "erase", "find_by_receipt",
           "organizations_serving", "submit_report"]
