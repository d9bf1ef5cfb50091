"""Counts per (employer, collecting organization, question, option, quarter).

Two reserved rows make summaries possible without touching raw reports:
`question_key = REPORTS, option = ALL` counts reports, and `option = ANSWERED` counts the reports
that answered a question (for multi-choice questions the options do not add up to that).

The quarter is the one in which a report was *counted* (`Report.counted_on`), not received: a
quarter's figures are published once it has ended, and a change made later (a report linked in
review, a merge) is counted in the quarter it is made, so published history never moves and
no one can learn one report's answers by comparing two releases. A report that leaves a
published quarter stays in its totals (SealedQuarter).
"""

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model

REPORTS = "_reports"
ALL = "_all"
ANSWERED = "_answered"
NO_ORGANIZATION = 0


class RollupCount(Model):
    __tablename__ = "rollup_count"

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


class SealedQuarter(Model):
    """A published quarter whose totals are the record: the raw reports no longer add up to them.

    A report that leaves after its quarter was published (deleted by the worker, erased at the
    end of retention, marked spam) stays in that quarter's totals, so that published history
    never moves and no release can be subtracted from another to read one report. Once that has
    happened, the quarter's rollup rows are kept as they are: a recompute rebuilds only quarters
    that are not sealed. This keeps the totals, never a record of the report that left (which
    would be a copy of a deleted report's answers).
    """

    __tablename__ = "sealed_quarter"

    quarter: Mapped[date] = mapped_column(sa.Date, primary_key=True)
