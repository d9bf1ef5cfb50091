"""Counts per (employer, question, option, month), kept in step with reports by intake.

Two reserved rows make summaries possible without touching raw reports:
`question_key = REPORTS, option = ALL` counts reports, and `option = ANSWERED` counts the reports
that answered a question (for multi-choice questions the options do not add up to that).
"""

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db

REPORTS = "_reports"
ALL = "_all"
ANSWERED = "_answered"
NO_ORGANIZATION = 0


class RollupCount(db.Model):
    __tablename__ = "rollup_count"

    employer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("employer.id", ondelete="CASCADE"), primary_key=True
    )
    # The collecting organization (NO_ORGANIZATION for reports collected for none), so that
    # an organization's own figures and a coalition's pooled ones come from the same rows.
    organization_id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, default=0)
    question_key: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    option: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    month: Mapped[date] = mapped_column(sa.Date, primary_key=True)  # first day of the month
    count: Mapped[int] = mapped_column(sa.Integer, default=0)
