"""Employers whose published figures moved in the latest release, beyond chance.

A release adds periods at the end of each indicator's history and never changes the earlier
ones (insights.measures): what "moved" is an indicator whose last period ends with the latest
published quarter, compared with the period before it. Both are published tables, so the
comparison reveals nothing the employer's own page does not. A move counts only when it is
more than chance (insights.change: the 95% interval of the difference leaves out zero; it holds
whenever the two periods' intervals do not overlap, and catches real changes whose intervals
overlap a little), as the campaign page and the briefing judge a change.

The release tables hold totals, not periods, so they serve here as the index: only employers
with figures of the organization's own in the current release, and with counts in the latest
quarter (the only ones whose last period can end there), are read through the guard.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from ..extensions import db
from ..models import Employer, PublishedEmployer, RollupCount
from .change import Direction, change_between
from .disclosure import INDICATORS, Scope, unit_figures
from .measures import Period
from .periods import quarter_of
from .release import current_release

BATCH = 500  # employers read through the guard at once
INDICATOR_KEYS = tuple(q.key for q in INDICATORS)


@dataclass(frozen=True)
class Move:
    employer_id: int
    name: str
    question_key: str
    before: Period
    after: Period

    direction: Direction  # WORSE: more workers with the problem (every indicator counts one)

    @property
    def worse(self) -> bool:
        return self.direction == Direction.WORSE

    @property
    def change(self) -> float:
        return self.after.share - self.before.share


@dataclass(frozen=True)
class Moves:
    quarter: date | None  # the latest published quarter; None: nothing published yet
    moves: tuple[Move, ...]
    total: int  # how many moves there are, when more than the ones listed


def latest_moves(*, organization_id: int, limit: int = 20) -> Moves:
    """The organization's own published figures that moved beyond chance between the period
    before and the one the latest release added; the largest changes first (worse before
    better at equal size)."""
    release = current_release()
    if release is None:
        return Moves(None, (), 0)
    latest = quarter_of(release.open_quarter - timedelta(days=1))
    scope = Scope.own(organization_id)
    found: list[Move] = []
    for batch in _batches(_candidates(scope=scope, quarter=latest)):
        for employer_id, units in unit_figures(batch, scope).items():
            for unit in units:
                for key, measure in unit.by_question.items():
                    periods = [p for p in measure.periods if p.last <= latest]
                    if len(periods) < 2 or periods[-1].last != latest:
                        continue
                    direction = change_between(periods[-2], periods[-1]).direction
                    if direction != Direction.CHANCE:
                        found.append(Move(employer_id, "", key, periods[-2], periods[-1],
                                          direction))
    found.sort(key=lambda m: (-abs(m.change), not m.worse, m.employer_id, m.question_key))
    shown = found[:limit]
    names = dict(db.session.execute(sa.select(Employer.id, Employer.name).where(
        Employer.id.in_({m.employer_id for m in shown}))).all())
    return Moves(latest, tuple(Move(m.employer_id, names.get(m.employer_id, ""), m.question_key,
                                    m.before, m.after, m.direction) for m in shown), len(found))


def _candidates(*, scope: Scope, quarter: date) -> list[int]:
    """Employers with the scope's figures in the release and its counts in `quarter`."""
    organizations = sorted(scope.organizations or ())
    counted = sa.exists().where(
        RollupCount.employer_id == PublishedEmployer.employer_id,
        RollupCount.organization_id.in_(organizations),
        RollupCount.question_key.in_(INDICATOR_KEYS), RollupCount.quarter == quarter)
    return list(db.session.scalars(
        sa.select(PublishedEmployer.employer_id)
        .where(PublishedEmployer.scope == scope.release_key, counted)
        .order_by(PublishedEmployer.employer_id)))


def _batches(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start:start + BATCH]
