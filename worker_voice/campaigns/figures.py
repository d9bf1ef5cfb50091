"""Everything a campaign publishes, read through the disclosure guard: the summary of the
target (with the related employers it rolls up) over the campaign's window, the trend, the
demands with the indicator each is measured by, and approved quotes.

The campaign page, the dossier, the exports and the API all render a CampaignFigures; none of
them reads another figure, so they publish the same numbers.
"""

import hashlib
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from ..extensions import db
from ..insights.change import Change, change_between
from ..insights.disclosure import (
    EmployerSummary,
    IndicatorSummary,
    Scope,
    Window,
    related_ids,
    unit_figures,
)
from ..insights.periods import next_quarter, open_quarter, quarter_of
from ..insights.summaries import summarize
from ..insights.trends import Trend, TrendPoint, trend_of
from ..models import Campaign, CampaignDemand, Report
from ..models.report import UNCOUNTED
from .service import campaign_scope, campaign_window

MAX_QUOTES = 12


@dataclass(frozen=True)
class DemandFigure:
    demand: CampaignDemand
    indicator: IndicatorSummary | None  # None: no published figure for it in the window
    baseline: TrendPoint | None = None  # the first published period in the window
    latest: TrendPoint | None = None  # the last one, when it is not the baseline

    @property
    def change(self) -> Change | None:
        """From the baseline to the latest figure, with whether it is more than chance."""
        if self.baseline is None or self.latest is None:
            return None
        return change_between(self.baseline, self.latest)


@dataclass(frozen=True)
class CampaignFigures:
    campaign: Campaign
    scope: Scope
    window: Window
    summary: EmployerSummary
    trend: Trend
    demands: tuple[DemandFigure, ...]
    quotes: tuple[str, ...]

    @property
    def first_day(self) -> date | None:
        """The first day the figures cover (whole quarters)."""
        return self.summary.since

    @property
    def last_day(self) -> date | None:
        return self.summary.through


def campaign_figures(*, campaign: Campaign, reader: int) -> CampaignFigures:
    scope = campaign_scope(campaign, reader)
    window = campaign_window(campaign)
    related = related_ids(campaign.target_employer_id, campaign.include)
    # Read once: the summary and the trend are both made from these units.
    units = unit_figures([campaign.target_employer_id, *related], scope, window)
    summary = summarize(campaign.target, related, scope, units)
    by_key = {item.question.key: item for item in summary.indicators}
    trend = trend_of(units) if summary.enough else {}
    demands = tuple(_demand(d, by_key.get(d.question_key) if summary.enough else None,
                            trend.get(d.question_key, ()))
                    for d in campaign.demands)
    return CampaignFigures(
        campaign, scope, window, summary, trend, demands,
        _quotes(scope, sorted(units), window) if summary.enough else (),
    )


def _demand(demand: CampaignDemand, indicator: IndicatorSummary | None,
            points: tuple[TrendPoint, ...]) -> DemandFigure:
    if indicator is None or indicator.measure is None or not points:
        return DemandFigure(demand, indicator)
    return DemandFigure(demand, indicator, points[0], points[-1] if len(points) > 1 else None)


def _quotes(scope: Scope, employer_ids: list[int], window: Window) -> tuple[str, ...]:
    """Free text that the collecting organization approved for use beyond it, from counted
    reports on the employers whose figures are shown, counted in published quarters inside
    the window. The order is fixed by the text itself, not by when or by whom a report came
    in."""
    if not employer_ids:
        return ()
    query = sa.select(Report.what_happened, Report.one_change).where(
        Report.quote_approved == sa.true(),  # the term ix_report_approved_quotes names
        Report.status.not_in(sorted(UNCOUNTED)),
        Report.employer_id.in_(employer_ids), Report.counted_on < open_quarter())
    if scope.organizations is not None:
        query = query.where(Report.organization_id.in_(sorted(scope.organizations)))
    if window.start is not None:
        query = query.where(Report.received_on >= quarter_of(window.start))
    if window.end is not None:
        query = query.where(Report.received_on < next_quarter(quarter_of(window.end)))
    texts = {text.strip() for row in db.session.execute(query) for text in row
             if text and text.strip()}
    ordered = sorted(texts, key=lambda text: hashlib.sha256(text.encode()).hexdigest())
    return tuple(ordered[:MAX_QUOTES])
