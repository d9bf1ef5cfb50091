"""NAICS sectors (the first two digits of a NAICS code), used to compare an employer with its
industry; and an employer's region, the city most of its worksites are in."""

from collections import Counter

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..models import Worksite

# Sectors that span several two-digit codes are known by their first.
_SPANS = {"32": "31", "33": "31", "45": "44", "49": "48"}

SECTOR_LABELS = {
    "11": _l("Agriculture, forestry and fishing"),
    "21": _l("Mining, oil and gas"),
    "22": _l("Utilities"),
    "23": _l("Construction"),
    "31": _l("Manufacturing"),
    "42": _l("Wholesale trade"),
    "44": _l("Retail"),
    "48": _l("Transportation and warehousing"),
    "51": _l("Information"),
    "52": _l("Finance and insurance"),
    "53": _l("Real estate"),
    "54": _l("Professional services"),
    "55": _l("Company management"),
    "56": _l("Staffing, cleaning and other support services"),
    "61": _l("Education"),
    "62": _l("Health care and social assistance"),
    "71": _l("Arts, entertainment and recreation"),
    "72": _l("Restaurants and hotels"),
    "81": _l("Other services (repair, personal care, laundry)"),
    "92": _l("Public administration"),
}


def sector_of(naics_code: str | None) -> str:
    """The NAICS sector of a code, or "" when the code is missing or not a NAICS sector."""
    prefix = (naics_code or "")[:2]
    prefix = _SPANS.get(prefix, prefix)
    return prefix if prefix in SECTOR_LABELS else ""


def sector_label(sector: str) -> str:
    return SECTOR_LABELS.get(sector, _l("Industry unknown")) if sector else _l("Industry unknown")


def regions_of(employer_ids: list[int] | None = None) -> dict[int, str]:
    """Each employer's region: the city (with state) most of its worksites are in."""
    query = sa.select(Worksite.employer_id, Worksite.city, Worksite.state,
                      sa.func.count()).group_by(Worksite.employer_id, Worksite.city,
                                                Worksite.state)
    if employer_ids is not None:
        query = query.where(Worksite.employer_id.in_(employer_ids))
    tallies: dict[int, Counter] = {}
    for employer_id, city, state, count in db.session.execute(query):
        label = f"{city}, {state}" if state else city
        tallies.setdefault(employer_id, Counter())[label] += count
    # Ties go to the alphabetically first city, so the region does not change between runs.
    return {employer_id: min(tally.items(), key=lambda item: (-item[1], item[0]))[0][:120]
            for employer_id, tally in tallies.items()}
