"""Linking reports to employers after intake: the review queue and merges. Together with
submit_report these are the only places where a report's employer changes."""

import sqlalchemy as sa

from ..extensions import db
from ..insights.periods import open_quarter, release_day
from ..insights.rollups import count_report, rebuild_employers
from ..models import Employer, Report, Worksite
from ..models.report import UNCOUNTED
from .normalize import normalize_city


def worksite_in_city(employer: Employer, city: str) -> Worksite | None:
    """The employer's worksite in that city, only when the city leaves no doubt which one."""
    wanted = normalize_city(city)
    in_city = [site for site in employer.worksites if normalize_city(site.city) == wanted]
    return in_city[0] if len(in_city) == 1 else None


def link_reports_named(*, organization_id: int, normalized_name: str,
                       employer: Employer) -> list[Report]:
    """Link the organization's unmatched reports with this name to the employer, rollups
    included; the caller commits."""
    reports = list(db.session.scalars(
        sa.select(Report).where(Report.employer_id.is_(None),
                                Report.organization_id == organization_id,
                                Report.employer_name_normalized == normalized_name)
    ))
    for report in reports:
        report.employer = employer
        report.worksite = worksite_in_city(employer, report.city_given)
        db.session.flush()
        if report.status not in UNCOUNTED:
            count_report(report)
    return reports


def move_reports(*, source_id: int, target_id: int) -> None:
    """Move every report of one employer to another and rebuild both rollups; caller commits.

    The moved reports are counted for the target from the open quarter on (their day, if it
    is still open): the target's published quarters stay as they were. None of them is in the
    target's published totals, so none is kept there.
    """
    db.session.execute(sa.update(Report).where(Report.employer_id == source_id,
                                               Report.counted_on < open_quarter())
                       .values(counted_on=release_day()))
    db.session.execute(sa.update(Report).where(Report.employer_id == source_id)
                       .values(employer_id=target_id, kept_in_published=False))
    rebuild_employers([source_id, target_id])
