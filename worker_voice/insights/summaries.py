"""An employer's guarded summary: its published figures (the guard, insights.disclosure) with
the comparisons and rating of the current release (insights.release), which builds on the guard.
"""

from collections.abc import Iterable

import sqlalchemy as sa

from ..extensions import db
from ..models import Employer
from ..survey.problems import PROBLEMS
from .disclosure import (
    ALWAYS,
    INDICATORS,
    EmployerMeasures,
    EmployerSummary,
    IndicatorSummary,
    Scope,
    Window,
    add_up,
    min_cell_size,
    related_ids,
    unit_figures,
)
from .release import comparisons_for


def employer_summary(*, employer_id: int, scope: Scope, include: Iterable[str] = (),
                     window: Window = ALWAYS) -> EmployerSummary | None:
    """The guarded summary of one employer, or of it with related employers (`include` names
    relation kinds: its franchisees, staffing agencies, contractors, subsidiaries, suppliers).

    A roll-up adds up the published figures of the employers that have some, so subtracting
    one view from another yields only figures that are published anyway.
    """
    employer = db.session.get(Employer, employer_id)
    if employer is None:
        return None
    related = related_ids(employer_id, include)
    return summarize(employer, related, scope,
                     unit_figures([employer_id, *related], scope, window))


def summarize(employer: Employer, related: list[int], scope: Scope,
              units: dict[int, list[EmployerMeasures]]) -> EmployerSummary:
    """The summary of an employer and the related employers rolled up with it, from their
    published units (unit_figures), for a caller that reads the units for more (a trend)."""
    figures = {e: total for e, found in units.items()
               for total in [add_up(found)] if total is not None}
    members = [m for m in [employer.id, *related] if m in figures]
    mine = add_up([figures[m] for m in members])
    included: tuple[str, ...] = ()
    if related:
        names = dict(db.session.execute(sa.select(Employer.id, Employer.name)
                                        .where(Employer.id.in_(members))).all())
        included = tuple(names[m] for m in members if m != employer.id)
    context = comparisons_for(employer=employer, scope=scope,
                              measures=mine.by_question if mine else {})
    indicators = tuple(
        IndicatorSummary(q, PROBLEMS[q.key], mine.by_question.get(q.key),
                         context.sector.get(q.key), context.region.get(q.key))
        for q in INDICATORS
    ) if mine else ()
    return EmployerSummary(
        employer.id, employer.name, min_cell_size(), mine.reports if mine else None,
        mine.report_periods if mine else (), indicators,
        context.rating if mine else None, context.sector_code, context.region_name,
        included, sum(1 for m in related if m not in figures),
        mine.through if mine else None, mine.since if mine else None,
    )
