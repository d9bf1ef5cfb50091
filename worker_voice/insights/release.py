"""Building and reading the current release (models.release): per scope, the published
figures of every employer, sums of them per sector and region, and ratings.

`publish` rebuilds it in one transaction, as a job that starts after the commit of a change that
reached a published quarter (`mark_stale`), or after a read that found the release older than the
quarter (`current_release`). Pages read the last release built; reading never writes.
"""

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import groupby
from typing import TypeVarTuple

import sqlalchemy as sa

from ..extensions import db
from ..jobs import enqueue
from ..models import (
    Employer,
    PublishedBenchmark,
    PublishedEmployer,
    PublishedFigure,
    Release,
    RollupCount,
)
from ..registry.sectors import regions_of, sector_of
from .disclosure import (
    Comparison,
    QuestionCounts,
    Scope,
    add_up,
    min_cell_size,
    min_unanimous_size,
    unit_measures,
)
from .measures import Measure, Proportion
from .periods import open_quarter
from .ratings import Rating, rate

MIN_PEERS = 3  # a comparison is shown when at least this many employers have figures in it
EVERY = ""  # sector or region: all of them

Place = tuple[str, str]  # (sector, region), either of them EVERY
_Columns = TypeVarTuple("_Columns")


def mark_stale() -> None:
    """A change reached a published quarter: rebuild the release once this change commits."""
    db.session.execute(sa.update(Release).values(stale=True))
    enqueue(publish, key="publish")


def current_release() -> Release | None:
    """The last release built, which pages read (every figure in it was published).

    Reading never writes: when the release is out of date (a quarter has ended since, or a
    change reached a published quarter), a rebuild starts after the reader's commit, in the
    background with a queue (on a large database a rebuild takes longer than a page should),
    inline without one."""
    release = db.session.scalar(sa.select(Release))
    if release is None or release.stale or release.open_quarter != open_quarter():
        enqueue(publish, key="publish")
    return release


@dataclass(frozen=True)
class PublishStats:
    scopes: int
    employers: int
    figures: int


def publish() -> PublishStats:
    """Rebuild the release from the rollups of published quarters (the job; its boundary
    commits)."""
    if db.session.get_bind().dialect.name == "postgresql":
        # One rebuild at a time; a second waits and then finds the release current.
        db.session.execute(sa.text("SELECT pg_advisory_xact_lock(7240611)"))
        release = db.session.scalar(sa.select(Release))
        if release is not None and not release.stale and release.open_quarter == open_quarter():
            return PublishStats(0, 0, 0)
    k, unanimous = min_cell_size(), min_unanimous_size()
    sectors = {id_: sector_of(code) for id_, code in
               db.session.execute(sa.select(Employer.id, Employer.naics_code))}
    regions = regions_of()
    published: dict[str, dict[int, dict[str, Measure]]] = defaultdict(dict)
    reports: dict[str, dict[int, int]] = defaultdict(dict)
    for employer_id, by_organization in _stream_counts():
        units = {organization: unit for organization, counts in by_organization.items()
                 for unit in [unit_measures(counts, k, unanimous=unanimous)]
                 if unit is not None}
        everyone = add_up(list(units.values()))
        for scope, found in [("all", everyone), *((f"org:{organization}", unit)
                                                   for organization, unit in units.items()
                                                   if organization)]:
            if found is not None:
                reports[scope][employer_id] = found.reports
                published[scope][employer_id] = found.by_question
    benchmarks = _benchmarks(published, sectors, regions)
    for model in (PublishedFigure, PublishedEmployer, PublishedBenchmark, Release):
        db.session.execute(sa.delete(model))
    employers: list[dict[str, object]] = []
    figures: list[dict[str, object]] = []
    for scope, by_employer in published.items():
        for employer_id, measures in by_employer.items():
            sector, region = sectors.get(employer_id, ""), regions.get(employer_id, "")
            rating = rate(measures, means(benchmarks[scope], sector))
            employers.append({"scope": scope, "employer_id": employer_id, "sector": sector,
                              "region": region, "reports": reports[scope][employer_id],
                              "score": rating.score, "tier": rating.tier})
            figures.extend({"scope": scope, "employer_id": employer_id, "question_key": key,
                            "problem": m.problem, "n": m.n, "share": m.share}
                           for key, m in measures.items())
    rows = [{"scope": scope, "sector": sector, "region": region, "question_key": key,
             "problem": c.problem, "n": c.n, "employers": c.employers}
            for scope, by_place in benchmarks.items()
            for (sector, region), by_key in by_place.items() for key, c in by_key.items()]
    connection = db.session.connection()
    for model, batch in ((PublishedEmployer, employers), (PublishedFigure, figures),
                         (PublishedBenchmark, rows)):
        for start in range(0, len(batch), 5000):
            connection.execute(sa.insert(model.__table__), batch[start:start + 5000])
    db.session.add(Release(open_quarter=open_quarter(), stale=False,
                           published_at=datetime.now(UTC)))
    db.session.flush()
    return PublishStats(len(published), len(employers), len(figures))


def _stream_counts() -> Iterator[tuple[int, dict[int, QuestionCounts]]]:
    """(employer, {organization: {question: {quarter: {option: count}}}}), one employer at a
    time, for the published quarters."""
    rows = db.session.execute(
        sa.select(RollupCount.employer_id, RollupCount.organization_id,
                  RollupCount.question_key, RollupCount.quarter, RollupCount.option,
                  RollupCount.count)
        .where(RollupCount.quarter < open_quarter())
        .order_by(RollupCount.employer_id)
        .execution_options(yield_per=20000)
    )
    for employer_id, group in groupby(rows, key=lambda row: row[0]):
        by_organization: dict[int, QuestionCounts] = {}
        for _e, organization, question_key, quarter, option, count in group:
            (by_organization.setdefault(organization, {}).setdefault(question_key, {})
             .setdefault(quarter, {}))[option] = count
        yield employer_id, by_organization


def _benchmarks(published: Mapping[str, dict[int, dict[str, Measure]]], sectors: dict[int, str],
                regions: dict[int, str]) -> dict[str, dict[Place, dict[str, Comparison]]]:
    """scope → (sector, region) → question → Comparison, summed over published figures."""
    sums: dict[str, dict[Place, dict[str, tuple[int, int, int]]]] = {}
    for scope, by_employer in published.items():
        place_sums = sums.setdefault(scope, {})
        for employer_id, measures in by_employer.items():
            sector, region = sectors.get(employer_id, ""), regions.get(employer_id, "")
            places = {(EVERY, EVERY), (sector, EVERY), (sector, region)} if sector \
                else {(EVERY, EVERY)}
            for place in places:
                by_key = place_sums.setdefault(place, {})
                for key, m in measures.items():
                    problem, n, employers = by_key.get(key, (0, 0, 0))
                    by_key[key] = (problem + m.problem, n + m.n, employers + 1)
    return {scope: {place: {key: Comparison(*values) for key, values in by_key.items()}
                    for place, by_key in places.items()}
            for scope, places in sums.items()}


def means(benchmarks_of_scope: Mapping[Place, dict[str, Comparison]],
          sector: str) -> dict[str, float]:
    """The industry share each indicator's rating shrinks toward: the sector's, or where the
    sector has no figure for it, every sector's."""
    overall = benchmarks_of_scope.get((EVERY, EVERY), {})
    own = benchmarks_of_scope.get((sector, EVERY), {}) if sector else {}
    return {key: (own.get(key) or comparison).share for key, comparison in overall.items()}


@dataclass(frozen=True)
class Context:
    sector_code: str
    region_name: str
    sector: dict[str, Comparison]
    region: dict[str, Comparison]
    rating: Rating


def comparisons_for(*, employer: Employer, scope: Scope,
                    measures: dict[str, Measure]) -> Context:
    """What an employer's figures are compared with, and its rating, in the reader's scope."""
    current_release()
    key = scope.release_key
    sector = sector_of(employer.naics_code)
    region = regions_of([employer.id]).get(employer.id, "")
    rows = db.session.scalars(sa.select(PublishedBenchmark).where(
        PublishedBenchmark.scope == key,
        sa.or_(sa.and_(PublishedBenchmark.sector == EVERY, PublishedBenchmark.region == EVERY),
               sa.and_(PublishedBenchmark.sector == sector,
                       PublishedBenchmark.region.in_([EVERY, region]))))).all()
    places: dict[Place, dict[str, Comparison]] = {}
    for row in rows:
        places.setdefault((row.sector, row.region), {})[row.question_key] = Comparison(
            row.problem, row.n, row.employers)

    def shown(place):
        return {k: c for k, c in places.get(place, {}).items() if c.employers >= MIN_PEERS}

    return Context(
        sector, region, shown((sector, EVERY)) if sector else {},
        shown((sector, region)) if sector and region else {},
        rate(measures, means(places, sector)),
    )


@dataclass(frozen=True)
class RankedRow(Proportion):
    employer_id: int
    name: str
    problem: int
    n: int
    region: str


def ranked(*, scope: Scope, question_key: str, sector: str = EVERY, region: str = EVERY,
           best: bool = False, limit: int = 25) -> list[RankedRow]:
    """Employers with the largest (or, `best`, the smallest) published share of workers with a
    problem; only employers with published figures are ranked."""
    current_release()
    query = (
        sa.select(PublishedFigure.employer_id, Employer.name, PublishedFigure.problem,
                  PublishedFigure.n, PublishedEmployer.region)
        .join(PublishedEmployer, sa.and_(PublishedEmployer.scope == PublishedFigure.scope,
                                         PublishedEmployer.employer_id
                                         == PublishedFigure.employer_id))
        .join(Employer, Employer.id == PublishedFigure.employer_id)
        .where(PublishedFigure.scope == scope.release_key,
               PublishedFigure.question_key == question_key)
        .order_by(PublishedFigure.share if best else PublishedFigure.share.desc(),
                  PublishedFigure.n.desc(), Employer.name)
        .limit(limit)
    )
    query = _in_place(query, sector, region)
    return [RankedRow(*row) for row in db.session.execute(query)]


@dataclass(frozen=True)
class ListedEmployer:
    employer_id: int
    name: str
    reports: int
    tier: str | None
    score: float | None
    sector: str
    region: str


def published_employers(*, scope: Scope, sector: str = EVERY, region: str = EVERY,
                        exemplars: bool = False, offset: int = 0, limit: int = 50,
                        ) -> tuple[list[ListedEmployer], int]:
    """Employers with published figures (most reports first), or the exemplars: those rated
    A or B, best first. Returns a page and the total."""
    current_release()
    where = [PublishedEmployer.scope == scope.release_key]
    if exemplars:
        where.append(PublishedEmployer.tier.in_(["A", "B"]))
    base = _in_place(sa.select(PublishedEmployer).where(*where), sector, region).subquery()
    total = db.session.execute(sa.select(sa.func.count()).select_from(base)).scalar_one()
    order = ((base.c.score.desc(), base.c.reports.desc()) if exemplars
             else (base.c.reports.desc(),))
    rows = db.session.execute(
        sa.select(base.c.employer_id, Employer.name, base.c.reports, base.c.tier,
                  base.c.score, base.c.sector, base.c.region)
        .join(Employer, Employer.id == base.c.employer_id)
        .order_by(*order, Employer.name).offset(offset).limit(limit)
    )
    return [ListedEmployer(*row) for row in rows], total


def places(*, scope: Scope) -> tuple[list[str], list[str]]:
    """The sectors and regions that have published employers, for the filters."""
    current_release()
    rows = db.session.execute(sa.select(PublishedEmployer.sector, PublishedEmployer.region)
                              .where(PublishedEmployer.scope == scope.release_key)
                              .distinct()).all()
    return (sorted({s for s, _r in rows if s}), sorted({r for _s, r in rows if r}))


def _in_place(query: sa.Select[*_Columns], sector: str,
              region: str) -> sa.Select[*_Columns]:
    if sector:
        query = query.where(PublishedEmployer.sector == sector)
    if region:
        query = query.where(PublishedEmployer.region == region)
    return query
