"""Counts per (employer, collecting organization, question, option, quarter).

Two reserved rows make summaries possible without touching raw reports:
`question_key = REPORTS, option = ALL` counts reports, and `option = ANSWERED` counts the reports
that answered a question (for multi-choice questions the options do not add up to that).

The quarter is the one in which a report was *counted* (`Report.counted_on`), not received: a
quarter's figures are published once it has ended, and a change made later (a report linked in
review, a merge) is counted in the quarter it is made, so published history never moves and
no one can learn one report's answers by comparing two releases.
"""

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model

REPORTS = "_reports"
ALL = "_all"
ANSWERED = "_answered"
NO_ORGANIZATION = 0


class _QuarterCounts:
    """The key and count shared by the rollups and their adjustments."""

    employer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("employer.id", ondelete="CASCADE"), primary_key=True
    )
    # The collecting organization (NO_ORGANIZATION for reports collected for none), so that
    # an organization's own figures and a coalition's pooled ones come from the same rows.
    organization_id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, default=0)
    question_key: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    option: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    quarter: Mapped[date] = mapped_column(sa.Date, primary_key=True)  # first day of the quarter
    count: Mapped[int] = mapped_column(sa.Integer, default=0)


class RollupCount(_QuarterCounts, Model):
    __tablename__ = "rollup_count"


class RollupAdjustment(_QuarterCounts, Model):
    """What keeps published history fixed when a counted report leaves after its quarter was
    published (marked spam, or deleted by the worker): +its counts in the published quarter,
    −its counts in the open one. Rollups = counts of the raw reports + these rows, so a full
    recompute agrees with the incremental counts. Counts only: nothing here points to a report.
    """

    __tablename__ = "rollup_adjustment"
