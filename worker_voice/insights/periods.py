"""Quarters and releases: figures are published per quarter, once the quarter has ended.

Publishing only whole, ended quarters is what stops the simplest attack on small numbers: if
figures moved with every report, anyone who looked before and after one report arrived would
read that report's answers by subtraction. `RELEASE_DATE` (config) stands in for today where a
test or a demonstration needs another day; it never changes what a quarter contains.
"""

from datetime import UTC, date, datetime

from flask import current_app
from flask_babel import format_date


def quarter_of(day: date) -> date:
    """The first day of the quarter `day` falls in."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def next_quarter(quarter: date) -> date:
    if quarter.month == 10:
        return date(quarter.year + 1, 1, 1)
    return date(quarter.year, quarter.month + 3, 1)


def release_day() -> date:
    configured = current_app.config.get("RELEASE_DATE")
    if configured:
        return configured if isinstance(configured, date) else date.fromisoformat(configured)
    return datetime.now(UTC).date()


def open_quarter() -> date:
    """The quarter still collecting reports; every earlier one is published."""
    return quarter_of(release_day())


def is_published(quarter: date) -> bool:
    return quarter < open_quarter()


def counting_day(day: date) -> date:
    """The day to count a report on: its own day, unless that quarter is already published, in
    which case it is counted today (in the open quarter) so that published history stays."""
    return day if not is_published(quarter_of(day)) else release_day()


def quarter_label(quarter: date) -> str:
    """"2026 Q3" in the reader's locale's digits and year format."""
    return f"{format_date(quarter, 'yyyy')} Q{(quarter.month - 1) // 3 + 1}"
