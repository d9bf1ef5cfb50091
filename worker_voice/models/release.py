"""The published figures of the current release: what ranked lists, industry comparisons,
listings and exemplars read, so that none of them recomputes thousands of employers per request.

A release holds, per scope ("all", or "org:<id>" for one organization's own reports), the
guarded figures of every employer with enough reports. Everything here is already published
(sums of safe periods, see insights.measures); a comparison built from these rows reveals
nothing they do not. The release is rebuilt when a quarter ends, and when a change reaches a
quarter that was already published (a recompute, a merge, historical data).
"""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from .enums import Tier, enum_column


class Release(Model):
    __tablename__ = "release"

    id: Mapped[int] = mapped_column(primary_key=True)
    open_quarter: Mapped[date] = mapped_column(sa.Date)  # quarters before it are published
    stale: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    published_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))


class PublishedEmployer(Model):
    __tablename__ = "published_employer"
    __table_args__ = (sa.Index("ix_published_employer_peers", "scope", "sector", "region"),)

    scope: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    employer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("employer.id", ondelete="CASCADE"), primary_key=True)
    reports: Mapped[int] = mapped_column(sa.Integer)
    sector: Mapped[str] = mapped_column(sa.String(2))  # NAICS sector, "" when unknown
    region: Mapped[str] = mapped_column(sa.String(120))  # "Chicago, IL", "" when unknown
    score: Mapped[float | None] = mapped_column(sa.Float)
    tier: Mapped[Tier | None] = mapped_column(enum_column(Tier, name="tier", length=1))


class PublishedFigure(Model):
    __tablename__ = "published_figure"
    __table_args__ = (sa.Index("ix_published_figure_question", "scope", "question_key"),)

    scope: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    employer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("employer.id", ondelete="CASCADE"), primary_key=True)
    question_key: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    problem: Mapped[int] = mapped_column(sa.Integer)
    n: Mapped[int] = mapped_column(sa.Integer)
    share: Mapped[float] = mapped_column(sa.Float)  # problem / n, stored to rank by index


class PublishedBenchmark(Model):
    """Sums of published figures over the employers of a sector (and region): the comparison
    an employer's figure is read against, and the mean its rating shrinks toward."""

    __tablename__ = "published_benchmark"

    scope: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    sector: Mapped[str] = mapped_column(sa.String(2), primary_key=True)  # "" = every sector
    region: Mapped[str] = mapped_column(sa.String(120), primary_key=True)  # "" = every region
    question_key: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    problem: Mapped[int] = mapped_column(sa.Integer)
    n: Mapped[int] = mapped_column(sa.Integer)
    employers: Mapped[int] = mapped_column(sa.Integer)
