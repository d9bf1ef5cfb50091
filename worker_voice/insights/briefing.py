"""An employer's briefing: its guarded summary with the trend, the problems that stand out from
its industry, and what its related employers (franchisees, agencies, suppliers) publish. Every
figure here is a published one or a sum of published ones (insights.disclosure)."""

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa

from ..extensions import db
from ..models import Employer, EmployerRelation
from ..survey import Category
from .change import Direction, against
from .disclosure import (
    ALWAYS,
    Comparison,
    EmployerSummary,
    IndicatorSummary,
    Scope,
    Window,
    add_up,
    related_ids,
    unit_figures,
)
from .measures import Measure
from .summaries import summarize
from .trends import Trend, TrendPoint, trend_of


@dataclass(frozen=True)
class Briefing:
    summary: EmployerSummary
    trend: Trend


def employer_briefing(*, employer_id: int, scope: Scope, include: Iterable[str] = (),
                      window: Window = ALWAYS) -> Briefing | None:
    """The summary (as insights.summaries.employer_summary) and its trend, from one read."""
    employer = db.session.get(Employer, employer_id)
    if employer is None:
        return None
    related = related_ids(employer_id, include)
    units = unit_figures([employer_id, *related], scope, window)
    summary = summarize(employer, related, scope, units)
    return Briefing(summary, trend_of(units) if summary.enough else {})


@dataclass(frozen=True)
class Standout:
    """An indicator whose whole 95% interval lies above (WORSE) or below (BETTER) the
    industry's share: in this region when the region has a published figure, else anywhere."""

    item: IndicatorSummary
    measure: Measure  # the item's, never None here
    industry: Comparison
    here: bool  # the industry in this employer's region
    direction: Direction

    @property
    def gap(self) -> float:
        return abs(self.measure.share - self.industry.share)


def industry_of(item: IndicatorSummary) -> tuple[Comparison | None, bool]:
    """The share an indicator is held against: the industry here when published, else the
    industry everywhere; and whether it is the one here."""
    return (item.region, True) if item.region is not None else (item.sector, False)


def standouts(summary: EmployerSummary) -> list[Standout]:
    """Worse ones first, the largest gap first; then the better ones."""
    found = []
    for item in summary.indicators:
        industry, here = industry_of(item)
        if item.measure is None or industry is None:
            continue
        direction = against(item.measure, industry.share)
        if direction is not Direction.CHANCE:
            found.append(Standout(item, item.measure, industry, here, direction))
    found.sort(key=lambda s: (s.direction is Direction.BETTER, -s.gap, s.item.question.key))
    return found


@dataclass(frozen=True)
class CategoryTrend:
    category: Category
    lines: tuple[tuple[IndicatorSummary, tuple[TrendPoint, ...]], ...]

    def named_lines(self) -> tuple[tuple[str, tuple[TrendPoint, ...]], ...]:
        """Each line with its indicator's name, as charts.lines_plot draws them."""
        return tuple((str(item.question.indicator), points) for item, points in self.lines)


def category_trends(summary: EmployerSummary, trend: Trend) -> list[CategoryTrend]:
    """Per category, its indicators' trends; a category is drawn when one of its indicators
    has two points or more (a line), the others of it as single points beside."""
    grouped: dict[Category, list[tuple[IndicatorSummary, tuple[TrendPoint, ...]]]] = {}
    for item in summary.indicators:
        points = trend.get(item.question.key, ())
        if item.measure is not None and points:
            grouped.setdefault(item.question.category, []).append((item, points))
    return [CategoryTrend(category, tuple(lines)) for category, lines in grouped.items()
            if any(len(points) > 1 for _item, points in lines)]


@dataclass(frozen=True)
class RelatedFigures:
    """What the employers related one way (its franchisees, say) publish, added up."""

    kind: str
    employers: int  # related this way
    publishing: int  # of them, with published figures
    reports: int  # their published report counts, added up


def related_figures(*, employer_id: int, scope: Scope) -> list[RelatedFigures]:
    by_kind: dict[str, set[int]] = {}
    for kind, related in db.session.execute(
            sa.select(EmployerRelation.kind, EmployerRelation.to_employer_id)
            .where(EmployerRelation.from_employer_id == employer_id,
                   EmployerRelation.to_employer_id != employer_id)):
        by_kind.setdefault(str(kind), set()).add(related)
    if not by_kind:
        return []
    units = unit_figures(sorted(set().union(*by_kind.values())), scope)
    totals = {e: total.reports for e, found in units.items()
              for total in [add_up(found)] if total is not None}
    return [RelatedFigures(kind, len(ids), sum(1 for e in ids if e in totals),
                           sum(totals.get(e, 0) for e in ids))
            for kind, ids in sorted(by_kind.items())]
