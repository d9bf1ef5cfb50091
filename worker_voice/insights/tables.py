"""Published figures as flat rows: the one shape that CSV, XLSX, the API and the tests read.

A row per indicator of a guarded summary. An indicator the guard holds back is still a row, with
its figures empty (`published` false), so a reader sees that it was held back rather than
missing; no number in a row comes from anywhere but the summary.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from flask_babel import lazy_gettext as _l

from ..survey import CATEGORY_LABELS
from .disclosure import EmployerSummary

ROUND = 4  # shares: 0.1234 (a hundredth of a percent is finer than any interval here)


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # integer, number, string, date, boolean
    description: str  # lazy gettext


SUMMARY_COLUMNS = (
    Column("employer_id", "integer", _l("The employer's number in Worker Voice.")),
    Column("employer", "string", _l("The employer's name.")),
    Column("included_employers", "string",
           _l("Related employers whose reports are added in (franchisees, staffing agencies, "
              "suppliers…), separated by semicolons.")),
    Column("first_day", "date", _l("First day the figures cover (the start of a quarter).")),
    Column("last_day", "date", _l("Last day the figures cover (the end of a quarter).")),
    Column("reports", "integer", _l("Reports counted for this employer.")),
    Column("tier", "string", _l("Overall job-quality tier, A (best) to D; empty when there are "
                                "too few figures.")),
    Column("score", "number", _l("Overall job-quality score from 0 to 100.")),
    Column("category", "string", _l("The group of questions the indicator belongs to.")),
    Column("indicator", "string", _l("The indicator's code in the question bank.")),
    Column("indicator_label", "string", _l("What the indicator asks about.")),
    Column("problem", "string", _l("What the share counts.")),
    Column("published", "boolean",
           _l("Whether the figure is published. When false, too few workers answered and the "
              "figure columns are empty.")),
    Column("workers_with_problem", "integer", _l("Workers who reported the problem.")),
    Column("workers_answered", "integer",
           _l("Workers who answered the question (the problem applied to them).")),
    Column("share", "number", _l("Workers with the problem divided by workers who answered.")),
    Column("ci95_low", "number", _l("Lower end of the interval around the share (Wilson, 95%).")),
    Column("ci95_high", "number", _l("Upper end of the interval around the share (Wilson, 95%).")),
    Column("industry_share", "number",
           _l("The same share over every employer in the industry with published figures.")),
    Column("industry_employers", "integer", _l("Employers in that industry figure.")),
    Column("industry_region_share", "number",
           _l("The same share over the industry's employers in this employer's city.")),
    Column("industry_region_employers", "integer", _l("Employers in that figure.")),
)

TREND_COLUMNS = (
    Column("indicator", "string", _l("The indicator's code in the question bank.")),
    Column("quarter", "date",
           _l("First day of the quarter in which the counted periods closed.")),
    Column("workers_with_problem", "integer", _l("Workers who reported the problem.")),
    Column("workers_answered", "integer", _l("Workers who answered the question.")),
    Column("share", "number", _l("Workers with the problem divided by workers who answered.")),
)


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, ROUND)


def summary_rows(summary: EmployerSummary) -> list[dict]:
    """One row per indicator (none when the employer has too few reports to show anything)."""
    if not summary.enough:
        return []
    rating = summary.rating
    head = {
        "employer_id": summary.employer_id,
        "employer": summary.employer_name,
        "included_employers": "; ".join(summary.included),
        "first_day": iso_day(summary.since),
        "last_day": iso_day(summary.through),
        "reports": summary.reports,
        "tier": rating.tier if rating else None,
        "score": round(rating.score, 1) if rating and rating.score is not None else None,
    }
    rows = []
    for item in summary.indicators:
        m = item.measure
        low, high = m.interval if m else (None, None)
        rows.append({
            **head,
            "category": str(CATEGORY_LABELS[item.question.category]),
            "indicator": item.question.key,
            "indicator_label": str(item.question.indicator),
            "problem": str(item.problem.statement),
            "published": m is not None,
            "workers_with_problem": m.problem if m else None,
            "workers_answered": m.n if m else None,
            "share": _share(m.share) if m else None,
            "ci95_low": _share(low),
            "ci95_high": _share(high),
            "industry_share": _share(item.sector.share) if item.sector else None,
            "industry_employers": item.sector.employers if item.sector else None,
            "industry_region_share": _share(item.region.share) if item.region else None,
            "industry_region_employers": item.region.employers if item.region else None,
        })
    return rows


class TrendPoint(Protocol):
    """A point of a trend (insights.trends.TrendPoint)."""

    @property
    def quarter(self) -> date: ...
    @property
    def problem(self) -> int: ...
    @property
    def n(self) -> int: ...
    @property
    def share(self) -> float: ...


def trend_rows(trend: Mapping[str, Iterable[TrendPoint]]) -> list[dict]:
    """`trend`: question key → TrendPoints (insights.trends)."""
    return [{"indicator": key, "quarter": iso_day(point.quarter),
             "workers_with_problem": point.problem, "workers_answered": point.n,
             "share": _share(point.share)}
            for key, points in trend.items() for point in points]


def iso_day(value: date | None) -> str | None:
    """A date as the files and the API write it (2026-04-01), or None."""
    return value.isoformat() if value else None
