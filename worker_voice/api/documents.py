"""The JSON documents the API returns, built from what the disclosure guard publishes.

Summary figures are `insights.tables.summary_rows` verbatim (the rows the CSV and XLSX exports
write), and the headline numbers of a document are taken from its first row, so the API cannot
publish a number the pages and exports do not.
"""


from flask import url_for

from ..campaigns.figures import CampaignFigures
from ..insights.disclosure import EmployerSummary
from ..insights.release import ListedEmployer
from ..insights.tables import iso_day, summary_rows, trend_rows
from ..models import Campaign


def page_of(items: list, *, total: int, page: int, per_page: int, endpoint: str) -> dict:
    """One page of a list, with the link to the next page (None on the last)."""
    following = (url_for(endpoint, page=page + 1, per_page=per_page, _external=True)
                 if page * per_page < total else None)
    return {"items": items, "total": total, "page": page, "per_page": per_page,
            "next": following}


def employer_item(row: ListedEmployer) -> dict:
    return {
        "id": row.employer_id,
        "name": row.name,
        "reports": row.reports,
        "tier": row.tier,
        # Rounded as in summary_rows, so the list and the summary show the same score.
        "score": round(row.score, 1) if row.score is not None else None,
        "sector": row.sector,
        "region": row.region,
        "summary": url_for("api.summary", employer_id=row.employer_id, _external=True),
    }


def _headline(summary: EmployerSummary) -> tuple[dict, list[dict]]:
    rows = summary_rows(summary)
    first = rows[0] if rows else {}
    return {
        "included_employers": list(summary.included),
        "left_out": summary.left_out,
        "min_cell_size": summary.min_cell_size,
        "min_unanimous_size": summary.min_unanimous_size,
        "reports": summary.reports,
        "first_day": first.get("first_day"),
        "last_day": first.get("last_day"),
        "tier": first.get("tier"),
        "score": first.get("score"),
    }, rows


def summary_document(summary: EmployerSummary) -> dict:
    headline, rows = _headline(summary)
    return {"employer_id": summary.employer_id, "employer": summary.employer_name,
            "sector": summary.sector, "region": summary.region, **headline, "figures": rows}


def campaign_item(campaign: Campaign) -> dict:
    return {
        "id": campaign.id,
        "name": campaign.name,
        "owner": {"kind": "coalition" if campaign.coalition_id is not None else "organization",
                  "name": campaign.owner_name},
        "target": {"id": campaign.target_employer_id, "name": campaign.target.name},
        "include": campaign.include,
        "goal": campaign.goal,
        "starts_on": iso_day(campaign.starts_on),
        "ends_on": iso_day(campaign.ends_on),
        "url": url_for("api.campaign", campaign_id=campaign.id, _external=True),
    }


def campaign_document(figures: CampaignFigures) -> dict:
    headline, rows = _headline(figures.summary)
    by_key = {row["indicator"]: row for row in rows}
    demands = [{"text": item.demand.text, "indicator": item.demand.question_key,
                "figure": by_key.get(item.demand.question_key) if item.indicator else None}
               for item in figures.demands]
    return {**campaign_item(figures.campaign), **headline, "demands": demands,
            "figures": rows, "trend": trend_rows(figures.trend), "quotes": list(figures.quotes)}
