"""Linking reports to employers after intake: the review queue and merges. Together with
submit_report these are the only places where a report's employer changes."""

import sqlalchemy as sa

from ..extensions import db
from ..insights.periods import open_quarter
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


def final_employer_id(employer_id: int) -> int:
    """The employer that stands for this one now: itself, or the end of its chain of merges."""
    seen = {employer_id}
    while (merged_into := db.session.scalar(
            sa.select(Employer.merged_into_id).where(Employer.id == employer_id))) is not None:
        if merged_into in seen:  # never made by merge_employers; do not loop on bad data
            break
        seen.add(merged_into)
        employer_id = merged_into
    return employer_id


def merged_into(employer_id: int) -> Employer | None:
    """The employer this one was merged into (the end of its chain), or None."""
    final = final_employer_id(employer_id)
    return db.session.get(Employer, final) if final != employer_id else None


def move_reports(*, source_id: int, target_id: int) -> list[int]:
    """Move to the target the source's reports that no published figure counts (those counted
    in the open quarter), rebuild both rollups and return the ids moved; caller commits.

    Every other report stays with the source (which is kept): those counted in published
    quarters, whether their period was shown or is still waiting, those kept in a sealed
    quarter's totals, and uncounted ones from published quarters. Moving them would change the
    source's published periods and pool them with the target's hidden tail in its next period,
    which a release before and one after would give away by subtraction. What moves was never
    published anywhere, and counts for the target as if it had been reported there.
    """
    moved = list(db.session.scalars(
        sa.select(Report.id).where(Report.employer_id == source_id,
                                   Report.counted_on >= open_quarter(),
                                   Report.kept_in_published.is_(False))))
    if moved:
        db.session.execute(sa.update(Report).where(Report.id.in_(moved))
                           .values(employer_id=target_id))
    rebuild_employers([source_id, target_id])
    return moved
