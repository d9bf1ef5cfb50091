"""Intake: the single path by which any channel stores a report."""

from .additions import TooLateToAdd, add_answers, report_open_for_answers, stored_answers
from .collectors import default_organization, organizations_serving
from .errors import EmployerToConfirm, IntakeError, InvalidReport
from .service import (
    Receipt,
    delete_report,
    erase,
    find_by_receipt,
    submit_report,
)

__all__ = ["EmployerToConfirm", "IntakeError", "InvalidReport", "Receipt", "TooLateToAdd",
           "add_answers", "default_organization", "delete_report", "erase", "find_by_receipt",
           "organizations_serving", "report_open_for_answers", "stored_answers",
           "submit_report"]
