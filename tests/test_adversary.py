"""An adversary against the disclosure guard.

For random data sets (three collecting units, five employers, six quarters, two indicators) we
publish every view the product offers in two consecutive releases, with history changing in
between: workers delete reports, organizers mark reports spam, duplicate or held and release
them, link unmatched names to employers, and platform admins merge employers (into one with or
without the adversary's own reports, into one no organization reported on, and in chains).
The views: each organization's summaries with their trends, a coalition's pooled summaries as
each member reads them, the platform's, a brand rolled up with its franchisee,
industry and regional comparisons, ranked lists and the employer listing.

The adversary reads all of it, from both releases, and knows every raw count of one
organization (its own reports). It writes each published number as a linear equation over the
unknown counts (employer × organization × quarter × indicator × answer), and tries every small
group (1..k−1 workers: one organization's or everyone's, in any run of quarters) for a unique
solution by differencing, i.e. by linear algebra. It must recover none.
"""

import random
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from worker_voice.extensions import db
from worker_voice.insights import disclosure
from worker_voice.insights.disclosure import EVERYONE, Scope, related_ids, unit_measures
from worker_voice.insights.release import publish, published_employers, ranked
from worker_voice.insights.summaries import employer_summary
from worker_voice.intake import delete_report
from worker_voice.intake.review import set_status
from worker_voice.models import Employer, EmployerRelation, Organization, Report, RollupCount
from worker_voice.models.report import STATUSES
from worker_voice.models.rollup import ALL, ANSWERED, NO_ORGANIZATION, REPORTS
from worker_voice.registry.coalitions import form_coalition
from worker_voice.registry.review import link_unmatched, merge_employers, unmatched_names
from worker_voice.survey import QUESTIONS_BY_KEY
from worker_voice.survey.problems import split
from worker_voice.uow import transaction

from .factories import add_employer, report

K = 5
PRIME = (1 << 61) - 1
QUARTERS = [date(2025, 1, 1), date(2025, 4, 1), date(2025, 7, 1), date(2025, 10, 1),
            date(2026, 1, 1), date(2026, 4, 1)]
RELEASES = (date(2026, 5, 15), date(2026, 7, 15))  # the second also publishes 2026 Q2
KEYS = ("S2", "W2")  # W2 has an answer that leaves the denominator ("I worked under 40")
EMPLOYERS = (("Burger Brand", "722513", "Chicago"), ("Burger Franchise", "722513", "Chicago"),
             ("Taco Place", "722511", "Chicago"), ("Box Depot", "493110", "Houston"),
             ("Empty Lot", "722511", "Chicago"))  # no one reports on it: a merge target
UNREPORTED = {"Empty Lot"}
UNKNOWN_NAMES = ("Nowhere Grill", "Mystery Mart")  # in no registry: reviewed between releases
# Review statuses that take a report out of the counts ("held" once intake holds reports).
LEAVING = tuple(status for status in ("spam", "duplicate", "held") if status in STATUSES)


@pytest.fixture
def app_config():
    return {"RELEASE_DATE": RELEASES[0], "MIN_CELL_SIZE": K}


def reset():
    """Hypothesis reuses the fixture's database across examples: empty it, children first."""
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


def build(rng: random.Random | None):
    """One transaction (the factories join it): the release is rebuilt once, after it. Without
    a random generator, the registry, organizations and coalition only."""
    with transaction():
        return _add_world(rng)


def _add_world(rng: random.Random | None):
    organizations = []
    for name in ("Centro", "Union"):
        organization = Organization(name=name, slug=name.lower())
        db.session.add(organization)
        db.session.flush()
        organizations.append(organization.id)
    employers = [add_employer(name, naics=naics, cities=(city,)).id
                 for name, naics, city in EMPLOYERS]
    db.session.add(EmployerRelation(kind="franchisee", from_employer_id=employers[0],
                                    to_employer_id=employers[1]))
    db.session.commit()
    form_coalition(name="Fair Food", organization_ids=organizations)
    receipts: list[str] = []
    if rng is None:
        return organizations, employers, receipts
    for name, _naics, city in EMPLOYERS:
        if name in UNREPORTED:
            continue
        bad = rng.random()
        for unit in (*organizations, None):
            for quarter in QUARTERS:
                for _ in range(rng.choice((0, 0, 1, 2, 3, 4, 6, 9))):
                    answers = {"S2": "yes" if rng.random() < bad else "no",
                               "W2": rng.choice(("yes", "no", "under40"))}
                    day = quarter + timedelta(days=rng.randrange(85))
                    receipt = report(name, city=city, answers=answers, organization_id=unit,
                                     received_on=day)
                    receipts.append(receipt.code)
    for name in UNKNOWN_NAMES:  # unmatched: no employer counts them until they are linked
        for _ in range(rng.randrange(4)):
            report(name, city="Chicago", answers={"S2": rng.choice(("yes", "no"))},
                   organization_id=rng.choice(organizations),
                   received_on=rng.choice(QUARTERS[:-1]) + timedelta(days=rng.randrange(85)))
    return organizations, employers, receipts


def unit_counts():
    """(employer, unit) → question → quarter → option → count, published quarters only."""
    before = disclosure.open_quarter()
    counts: dict = {}
    for row in db.session.execute(sa.select(
            RollupCount.employer_id, RollupCount.organization_id, RollupCount.question_key,
            RollupCount.quarter, RollupCount.option, RollupCount.count)
            .where(RollupCount.quarter < before)):
        employer, unit, key, quarter, option, count = row
        (counts.setdefault((employer, unit), {}).setdefault(key, {})
         .setdefault(quarter, {}))[option] = count
    return counts


def atoms_of(counts):
    """The true value of every unknown: (employer, unit, quarter, key, cell) → count, with
    cell P (had the problem), O (did not), R (reports)."""
    values = {}
    for (employer, unit), by_key in counts.items():
        for quarter, options in by_key.get(REPORTS, {}).items():
            values[(employer, unit, quarter, REPORTS, "R")] = options.get(ALL, 0)
        for key in KEYS:
            for quarter, options in by_key.get(key, {}).items():
                problem, n = split(QUESTIONS_BY_KEY[key], options, options.get(ANSWERED, 0))
                values[(employer, unit, quarter, key, "P")] = problem
                values[(employer, unit, quarter, key, "O")] = n - problem
    return values


def publish_everything(organizations, employers):
    """Every view the product offers, and the equations the published numbers make, once the
    release is rebuilt (what the job does after a change, or after a quarter ends)."""
    with transaction():
        publish()
    counts = unit_counts()
    units = {key: unit for key, by_key in counts.items()
             for unit in [unit_measures(by_key, K)] if unit is not None}
    equations = []  # (frozenset of atoms, value)
    for (employer, unit), figures in units.items():
        for period in figures.report_periods:
            equations.append((_span(employer, unit, period, REPORTS, "R"), period.n))
        for key in KEYS:
            if key in figures.by_question:
                for period in figures.by_question[key].periods:
                    equations.append((_span(employer, unit, period, key, "P"), period.problem))
                    equations.append((_span(employer, unit, period, key, "P", "O"), period.n))

    def expected(employer_ids, scope_units):
        parts = [units[(e, u)] for e in employer_ids for u in scope_units if (e, u) in units]
        reports = sum(p.reports for p in parts) or None
        by_key = {}
        for key in KEYS:
            found = [p.by_question[key] for p in parts if key in p.by_question]
            if found:
                by_key[key] = (sum(m.problem for m in found), sum(m.n for m in found))
        return reports, by_key if reports else {}

    everyone = (*organizations, NO_ORGANIZATION)
    scopes = [(Scope.own(o), (o,)) for o in organizations]
    scopes += [(Scope(frozenset(organizations), reader), tuple(organizations))
               for reader in (*organizations, None)]
    scopes.append((EVERYONE, everyone))
    views = 0
    for scope, scope_units in scopes:
        for employer in employers:
            summary = employer_summary(employer_id=employer, scope=scope)
            shown = {i.question.key: (i.measure.problem, i.measure.n)
                     for i in summary.indicators if i.measure and i.question.key in KEYS}
            assert (summary.reports, shown) == expected([employer], scope_units)
            for item in summary.indicators:  # comparisons: sums of published figures
                if item.sector is not None and item.question.key in KEYS:
                    peers = [e for e, (_n, naics, _c) in zip(employers, EMPLOYERS, strict=True)
                             if naics[:2] == "72"]
                    release_units = (scope_units if scope.organizations is None
                                     else (scope.reader,) if scope.reader else ())
                    total = [expected([e], release_units)[1].get(item.question.key)
                             for e in peers]
                    total = [t for t in total if t]
                    assert (item.sector.problem, item.sector.n) == (
                        sum(t[0] for t in total), sum(t[1] for t in total))
        # A merge moves relations: the brand's family is what the registry says now.
        family = [employers[0], *related_ids(employers[0], ["franchisee"])]
        rolled = employer_summary(employer_id=employers[0], scope=scope, include=["franchisee"])
        shown = {i.question.key: (i.measure.problem, i.measure.n)
                 for i in rolled.indicators if i.measure and i.question.key in KEYS}
        assert (rolled.reports, shown) == expected(family, scope_units)
        views += 1 + len(employers)
        if scope.organizations is None or scope.organizations == frozenset({scope.reader}):
            for key in KEYS:
                for row in ranked(scope=scope, question_key=key):
                    assert (row.problem, row.n) == expected([row.employer_id],
                                                            scope_units)[1][key]
            listed, _total = published_employers(scope=scope)
            for row in listed:
                assert row.reports == expected([row.employer_id], scope_units)[0]
            views += len(KEYS) + 1
    return counts, equations, views


def _span(employer, unit, period, key, *cells):
    return frozenset((employer, unit, quarter, key, cell) for quarter in QUARTERS
                     if period.first <= quarter <= period.last for cell in cells)


class RowSpace:
    """Rows over GF(p), kept in echelon form: is a vector a combination of what we know?"""

    def __init__(self):
        self.pivots: dict = {}  # atom → row (dict atom → coefficient), pivot coefficient 1

    def reduce(self, row: dict) -> dict:
        row = dict(row)
        for atom in sorted(row, key=str):
            if atom in row and atom in self.pivots and row[atom]:
                factor = row[atom]
                for other, value in self.pivots[atom].items():
                    row[other] = (row.get(other, 0) - factor * value) % PRIME
                row = {a: v for a, v in row.items() if v}
        return row

    def add(self, atoms) -> None:
        row = self.reduce(dict.fromkeys(atoms, 1))
        if not row:
            return
        pivot = min(row, key=str)
        inverse = pow(row[pivot], PRIME - 2, PRIME)
        row = {a: v * inverse % PRIME for a, v in row.items()}
        for atom, other in self.pivots.items():
            if pivot in other:
                factor = other[pivot]
                self.pivots[atom] = {a: v for a in set(other) | set(row)
                                     for v in [(other.get(a, 0) - factor * row.get(a, 0))
                                               % PRIME] if v}
        self.pivots[pivot] = row

    def determines(self, atoms) -> bool:
        return not self.reduce(dict.fromkeys(atoms, 1))


def small_groups(values, others):
    """Every group an adversary would like to single out among the reports it did not
    collect (`others`): one unit's or all of theirs, per answer cell, in any run of published
    quarters, counting 1..k−1 workers. (What it collected itself it knows anyway.)"""
    employers = {atom[0] for atom in values}
    quarters = sorted({atom[2] for atom in values})
    for employer in employers:
        for key, cells in ((REPORTS, "R"), *((key, "PO") for key in KEYS)):
            for cell in cells:
                for units in {*((u,) for u in others), tuple(others)}:
                    for i in range(len(quarters)):
                        for j in range(i, len(quarters)):
                            group = [(employer, u, q, key, cell) for u in units
                                     for q in quarters[i:j + 1]]
                            total = sum(values.get(atom, 0) for atom in group)
                            if 0 < total < K:
                                yield group


def change_history(rng: random.Random, organizations, employers, receipts) -> list[str]:
    """What may happen between two releases, in random order: deletions, reports arriving in
    the open quarter, status changes and their undoing, links of unmatched names, merges (into
    an employer with or without the adversary's reports, or no one's, and chains of them).
    Returns the kinds of change made."""
    done = []

    def delete():
        for code in rng.sample(receipts, len(receipts) // 8):
            delete_report(receipt_code=code)
        done.append("deletions")

    def arrive():
        for _ in range(rng.randrange(12)):
            name, _naics, city = rng.choice(EMPLOYERS)
            report(name, city=city, answers={"S2": rng.choice(("yes", "no"))},
                   organization_id=rng.choice((*organizations, None)),
                   received_on=QUARTERS[-1] + timedelta(days=rng.randrange(80)))
        done.append("arrivals")

    def review():
        rows = db.session.execute(sa.select(Report.id, Report.organization_id).where(
            Report.organization_id.is_not(None)).order_by(Report.id)).all()
        marked = rng.sample(rows, min(len(rows), rng.randrange(1, 12)))
        with transaction():
            for report_id, organization in marked:
                set_status(report_id=report_id, organization_id=organization,
                           status=rng.choice(LEAVING))
        with transaction():  # some come back (released, or unmarked by mistake)
            for report_id, organization in marked[::2]:
                set_status(report_id=report_id, organization_id=organization, status="reviewed")
        done.append("status changes")

    def link():
        for organization in organizations:
            for item in unmatched_names(organization_id=organization):
                with transaction():
                    link_unmatched(organization_id=organization,
                                   normalized_name=item.normalized_name,
                                   employer_id=rng.choice(employers))
                done.append("links")

    def merge():
        live = list(db.session.scalars(sa.select(Employer.id).where(
            Employer.merged_into_id.is_(None), Employer.id.in_(employers))))
        if len(live) < 2:
            return
        source, target = rng.sample(live, 2)
        if db.session.scalar(sa.select(Employer.id).where(Employer.merged_into_id == source)):
            done.append("merges extending a chain")
        if target == employers[-1]:
            done.append("merges into an employer no one reported on")
        with transaction():
            merge_employers(source_id=source, target_id=target)
        done.append("merges")

    steps = [delete, arrive, review, link, merge, merge, merge]
    rng.shuffle(steps)
    for step in steps:
        if rng.random() < 0.8:
            step()
    return done


def recoveries(values, equations, organizations):
    """The small groups each reader (an organization, knowing its own counts, or anyone)
    recovers from the equations; and how many groups were tried."""
    units = (*organizations, NO_ORGANIZATION)
    recovered, tried = [], 0
    for reader in (*organizations, None):
        groups = list(small_groups(values, [u for u in units if u != reader]))
        tried += len(groups)
        space = RowSpace()
        for atoms, _value in equations:
            space.add(atoms)
        if reader is not None:  # it knows each of its own counts
            for atom in values:
                if atom[1] == reader:
                    space.add([atom])
        recovered += [(reader, g) for g in groups if space.determines(g)]
    return recovered, tried


def test_no_small_group_can_be_recovered_from_two_releases(app, app_context, figure):
    seen = {"scenarios": 0, "views": 0, "numbers": 0, "groups": 0}
    changes: dict[str, int] = {}

    @settings(max_examples=3, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(seed=st.integers(0, 2**32 - 1))
    @example(seed=707)  # the reader's own reports made a "group" others had 0 in: not a leak
    def check(seed):
        reset()
        app.config["RELEASE_DATE"] = RELEASES[0]
        rng = random.Random(seed)
        organizations, employers, receipts = build(rng)
        counts_1, equations, views_1 = publish_everything(organizations, employers)

        for kind in change_history(rng, organizations, employers, receipts):
            changes[kind] = changes.get(kind, 0) + 1
        assert unit_counts() == counts_1  # published quarters did not move

        app.config["RELEASE_DATE"] = RELEASES[1]
        counts_2, more, views_2 = publish_everything(organizations, employers)
        values = atoms_of(counts_2)
        for atoms, value in equations + more:  # every published number is true of the same data
            assert sum(values.get(atom, 0) for atom in atoms) == value
        recovered, tried = recoveries(values, equations + more, organizations)
        assert tried  # the data sets do contain small groups to protect
        assert recovered == [], f"recovered {recovered[:3]}"
        seen["scenarios"] += 1
        seen["views"] += views_1 + views_2
        seen["numbers"] += len(equations) + len(more)
        seen["groups"] += tried

    check()
    figure(f"[adversary] {seen['scenarios']} scenarios (two releases each), {seen['views']} "
           f"views, {seen['numbers']} published numbers, {seen['groups']} small groups tried: "
           f"none recovered; changes between releases: "
           + ", ".join(f"{kind} {n}" for kind, n in sorted(changes.items())))


def test_a_merge_gives_away_no_hidden_cell(app, app_context):
    """Issue 17, item 3: an organization's 3 reports about Taco Place (1 yes, 2 no) wait,
    hidden, after 10 published ones; a platform admin merges Taco Place into an employer no
    one reported on. A merge used to move all 13 into the target's open quarter, where they
    made one period of 13 in the next release: 13 − 10 gave the 3 away. Now the published
    reports stay with Taco Place: no figure of any employer changes but by new quarters."""
    reset()
    app.config["RELEASE_DATE"] = RELEASES[0]
    organizations, employers, _receipts = build(None)
    centro, union = organizations
    taco, empty = employers[2], employers[4]
    shown = [("yes", QUARTERS[0])] * 5 + [("no", QUARTERS[0])] * 5
    hidden = [("yes", QUARTERS[4]), ("no", QUARTERS[4]), ("no", QUARTERS[4])]
    with transaction():
        for answer, quarter in shown + hidden:
            report("Taco Place", answers={"S2": answer}, organization_id=centro,
                   received_on=quarter + timedelta(days=10))
    _counts, before, _views = publish_everything(organizations, employers)
    summary = employer_summary(employer_id=taco, scope=Scope.own(centro))
    assert summary.reports == 10  # the 3 of 2026 Q1 wait for more

    with transaction():
        merge_employers(source_id=taco, target_id=empty)
    app.config["RELEASE_DATE"] = RELEASES[1]
    counts, after, _views = publish_everything(organizations, employers)
    assert db.session.get(Employer, taco).merged_into_id == empty
    for scope in (Scope.own(centro), Scope(frozenset(organizations), union), EVERYONE):
        assert employer_summary(employer_id=taco, scope=scope).reports == 10
        assert employer_summary(employer_id=empty, scope=scope).reports is None
    # Whatever the coalition partner subtracts, the 3 stay hidden.
    values = atoms_of(counts)
    recovered, tried = recoveries(values, before + after, organizations)
    assert tried and recovered == []
    assert sorted(set(after) - set(before)) == []  # the second release adds no number
