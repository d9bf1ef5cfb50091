"""Figures about the review backlog (not about any employer, so outside the guard)."""

import sqlalchemy as sa

from ..extensions import db
from ..models import Report


def unmatched_report_count(*, organization_id: int | None) -> int:
    """The organization's reports that name no known employer yet."""
    return db.session.execute(
        sa.select(sa.func.count()).select_from(Report)
        .where(Report.employer_id.is_(None), Report.organization_id == organization_id)
    ).scalar_one()
