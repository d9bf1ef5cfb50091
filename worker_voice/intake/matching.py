"""Employer guesses for channels that can ask the worker to confirm (SMS).

Exact normalized matches are certain; a close fuzzy match is offered for confirmation. The
registry issue replaces this with calibrated, city-aware matching.
"""

import sqlalchemy as sa
from rapidfuzz import fuzz, process

from ..extensions import db
from ..models import Employer
from .normalize import normalize_employer_name

CONFIRM_THRESHOLD = 85


def guess_employer(name: str, city: str) -> tuple[str, bool] | None:
    """(canonical name, certain) for the best registry match, or None."""
    wanted = normalize_employer_name(name)
    if not wanted:
        return None
    rows = db.session.execute(sa.select(Employer.normalized_name, Employer.name)).all()
    names = dict(rows)
    if wanted in names:
        return names[wanted], True
    best = process.extractOne(wanted, list(names), scorer=fuzz.WRatio,
                              score_cutoff=CONFIRM_THRESHOLD)
    return (names[best[0]], False) if best else None
