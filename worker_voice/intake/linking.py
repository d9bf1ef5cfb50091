"""Linking reports to employers after intake: the review queue and merges. Together with
submit_report these are the only places where a report's employer changes."""

import sqlalchemy as sa

from ..extensions import db
from ..insights.rollups import apply_deltas, rebuild_employers, report_deltas
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
    reports = db.session.scalars(
        sa.select(Report).where(Report.employer_id.is_(None),
                                Report.organization_id == organization_id,
                                Report.employer_name_normalized == normalized_name)
    ).all()
    for report in reports:
        report.employer = employer
        report.worksite = worksite_in_city(employer, report.city_given)
        db.session.flush()
        if report.status in UNCOUNTED:
            continue
        apply_deltas(report_deltas(
            employer_id=employer.id, organization_id=report.organization_id,
            received_on=report.received_on,
            answers=[(a.question_key, a.option) for a in report.answers],
        ))
    return reports


def move_reports(*, source_id: int, target_id: int) -> None:
    """Move every report of one employer to another and rebuild both rollups; caller commits."""
    db.session.execute(sa.update(Report).where(Report.employer_id == source_id)
                       .values(employer_id=target_id))
    rebuild_employers([source_id, target_id])
