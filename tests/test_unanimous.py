"""Group disclosure: a share in which every worker of a group gave the same answer ("5 of 5",
"0 of 8") tells each of them how the others answered, to anyone who knows who reported. The
guard shows it only from MIN_UNANIMOUS_SIZE workers on (default 2 × MIN_CELL_SIZE), and the
pages say exactly that, with the numbers from the configuration."""

import html
import random
import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import config
from worker_voice.extensions import db
from worker_voice.insights.disclosure import (
    ALWAYS,
    EVERYONE,
    Scope,
    Window,
    add_up,
    min_unanimous_size,
    unit_measures,
)
from worker_voice.insights.measures import Measure, QuarterCount, close_periods
from worker_voice.insights.release import publish
from worker_voice.insights.summaries import employer_summary
from worker_voice.models import Organization, PublishedBenchmark, PublishedFigure
from worker_voice.models.rollup import ALL, ANSWERED, REPORTS
from worker_voice.uow import transaction

from .factories import add_employer, report

QUARTERS = [date(2024 + i // 4, 3 * (i % 4) + 1, 1) for i in range(8)]


def stated(problem: int, n: int, k: int, unanimous: int) -> bool:
    """What /methods and the dossier say of every share they show."""
    return n >= k and (k <= problem <= n - k or (problem in (0, n) and n >= unanimous))


def shown(measure: Measure):
    """Every figure a page can print from a measure: the total and each period of its trend."""
    return [(measure.problem, measure.n), *((p.problem, p.n) for p in measure.periods)]


# One organization's rollup counts about one employer: S2 (yes / no) and W2, whose "under40"
# leaves the denominator. Zeros are frequent, so that unanimous quarters are too.
cell = st.one_of(st.just(0), st.integers(0, 13))
quarter_cells = st.tuples(cell, cell, cell, cell, cell, st.integers(0, 3))


def unit_counts(cells) -> dict:
    counts: dict = {REPORTS: {}, "S2": {}, "W2": {}}
    for quarter, (s2_yes, s2_no, w2_yes, w2_no, w2_under, extra) in zip(QUARTERS, cells,
                                                                         strict=False):
        counts["S2"][quarter] = {"yes": s2_yes, "no": s2_no, ANSWERED: s2_yes + s2_no}
        counts["W2"][quarter] = {"yes": w2_yes, "no": w2_no, "under40": w2_under,
                                 ANSWERED: w2_yes + w2_no + w2_under}
        counts[REPORTS][quarter] = {ALL: max(s2_yes + s2_no, w2_yes + w2_no + w2_under) + extra}
    return counts


@settings(max_examples=300, deadline=None)
@given(units=st.lists(st.lists(quarter_cells, min_size=1, max_size=8), min_size=1, max_size=3),
       k=st.integers(2, 7), extra=st.one_of(st.none(), st.integers(0, 12)),
       window=st.tuples(st.integers(0, 8), st.integers(0, 8)))
def test_every_published_share_is_what_the_methods_page_says(units, k, extra, window):
    """Each organization's figures, their trends, a window of them and their sum across
    organizations: every share printed has k ≤ problem ≤ n − k, or is unanimous in a group of
    at least MIN_UNANIMOUS_SIZE (None: 2k)."""
    unanimous = None if extra is None else k + extra
    size = 2 * k if unanimous is None else unanimous
    start, end = sorted(window)
    windows = [ALWAYS, Window(QUARTERS[start] if start < 8 else None,
                              QUARTERS[end] if end < 8 else None)]
    for limits in windows:
        published = [unit for cells in units
                     for unit in [unit_measures(unit_counts(cells), k, limits, unanimous)]
                     if unit is not None]
        total = add_up(published)
        for figures in [*published, *([total] if total is not None else [])]:
            for measure in figures.by_question.values():
                for problem, n in shown(measure):
                    assert stated(problem, n, k, size), (problem, n, k, size)


@settings(max_examples=300, deadline=None)
@given(cells=st.lists(st.tuples(cell, cell), min_size=1, max_size=8), k=st.integers(2, 7),
       extra=st.integers(0, 12))
def test_the_guard_holds_back_nothing_the_statement_allows(cells, k, extra):
    """The other direction: a period closes at the first quarter whose pooled table the
    statement allows, and the tail it keeps back is one the statement forbids. So the pages
    describe the rule the guard enforces, not a looser or a stricter one."""
    unanimous = k + extra
    quarters = [QuarterCount(QUARTERS[i], yes, yes + no) for i, (yes, no) in enumerate(cells)]
    periods = close_periods(quarters, k, unanimous=unanimous)
    position = 0
    for period in periods:
        inside = [q for q in quarters if period.first <= q.quarter <= period.last]
        for end in range(1, len(inside)):  # every shorter run from the same first quarter
            head = inside[:end]
            assert not stated(sum(q.problem for q in head), sum(q.n for q in head), k,
                              unanimous)
        assert stated(period.problem, period.n, k, unanimous)
        position += len(inside)
    tail = quarters[position:]
    if tail:
        assert not stated(sum(q.problem for q in tail), sum(q.n for q in tail), k, unanimous)


K, UNANIMOUS = 3, 7
RELEASE = date(2026, 5, 15)  # 2026 Q1 is the last ended quarter
ENDED = [date(2025, 1, 1), date(2025, 4, 1), date(2025, 7, 1), date(2025, 10, 1),
         date(2026, 1, 1)]


@pytest.fixture
def app_config():
    return {"RELEASE_DATE": RELEASE, "MIN_CELL_SIZE": K, "MIN_UNANIMOUS_SIZE": UNANIMOUS}


def reset():
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1))
def test_every_share_in_the_release_and_on_the_pages_is_what_the_methods_page_says(
        app, app_context, seed):
    """Random reports from two organizations about three employers, with a configured
    MIN_UNANIMOUS_SIZE: every figure of the release (each organization's, everyone's, the
    industry and regional sums) and of each employer's summary obeys the statement."""
    reset()
    rng = random.Random(seed)
    with transaction():
        organizations = []
        for name in ("Centro", "Union"):
            organization = Organization(name=name, slug=name.lower())
            db.session.add(organization)
            db.session.flush()
            organizations.append(organization.id)
        employers = [add_employer(name, naics="722513").id
                     for name in ("Burger Barn", "Taco Place", "Box Depot")]
        for name in ("Burger Barn", "Taco Place", "Box Depot"):
            for unit in organizations:
                share = rng.choice((0.0, 1.0, rng.random()))  # unanimous groups are common
                for quarter in ENDED:
                    for _ in range(rng.choice((0, 1, 2, 3, 4, 5, 8))):
                        answers = {"S2": "yes" if rng.random() < share else "no",
                                   "W2": rng.choice(("yes", "no", "under40"))}
                        report(name, answers=answers, organization_id=unit,
                               received_on=quarter + timedelta(days=rng.randrange(85)))
    with transaction():
        publish()
    assert min_unanimous_size() == UNANIMOUS
    rows = [*db.session.execute(sa.select(PublishedFigure.problem, PublishedFigure.n)),
            *db.session.execute(sa.select(PublishedBenchmark.problem, PublishedBenchmark.n))]
    for problem, n in rows:
        assert stated(problem, n, K, UNANIMOUS), (problem, n)
    for scope in (EVERYONE, *(Scope.own(unit) for unit in organizations)):
        for employer in employers:
            for item in employer_summary(scope=scope, employer_id=employer).indicators:
                for figure in ([item.measure] if item.measure else []):
                    for problem, n in shown(figure):
                        assert stated(problem, n, K, UNANIMOUS), (problem, n)
                for comparison in (item.sector, item.region):
                    if comparison is not None:
                        assert stated(comparison.problem, comparison.n, K, UNANIMOUS)


def test_a_small_unanimous_quarter_waits_for_the_next_ones(app, app_context):
    """Every one of 4 workers, then of 2 more, had the problem: "4 of 4" and "6 of 6" would
    tell each of them how the others answered. Joined with a third quarter (2 of 5 did), the
    period is shown."""
    add_employer("Burger Barn")
    for quarter, answers in ((ENDED[0], ["yes"] * 4), (ENDED[1], ["yes"] * 2),
                             (ENDED[2], ["yes"] * 2 + ["no"] * 3)):
        for day, answer in enumerate(answers):  # a day each: a burst would be held back
            report(answers={"S2": answer}, received_on=quarter + timedelta(days=3 + 5 * day))
    summary = employer_summary(scope=EVERYONE, employer_id=summary_id())
    [s2] = [i.measure for i in summary.indicators if i.question.key == "S2"]
    assert [(p.problem, p.n) for p in s2.periods] == [(8, 11)]


def test_a_unanimous_group_of_the_configured_size_is_shown(app, app_context):
    add_employer("Burger Barn")
    for day in range(UNANIMOUS):
        report(answers={"S2": "no"}, received_on=ENDED[0] + timedelta(days=3 + 5 * day))
    summary = employer_summary(scope=EVERYONE, employer_id=summary_id())
    [s2] = [i.measure for i in summary.indicators if i.question.key == "S2"]
    assert (s2.problem, s2.n) == (0, UNANIMOUS)


def summary_id() -> int:
    from worker_voice.models import Employer
    return db.session.scalar(sa.select(Employer.id).where(Employer.name == "Burger Barn"))


def page_text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_the_methods_page_states_the_configured_numbers(client):
    text = page_text(client.get("/methods").get_data(as_text=True))
    assert f"at least {K} workers had the problem and at least {K} did not" in text
    assert f"its share is shown only when it has at least {UNANIMOUS} workers" in text
    assert f"fewer than {K} workers had the problem" not in text  # contradicted "5 of 5"


def test_the_dossier_methods_state_the_configured_numbers(app, app_context):
    from flask import render_template

    from worker_voice.insights import ratings

    class Campaign:
        coalition = None
        owner_name = "Centro"
        starts_on = ends_on = None

    class Figures:
        first_day = None

    page = page_text(render_template(
        "campaigns/dossier_methods.html", k=K, unanimous=min_unanimous_size(),
        campaign=Campaign(), figures=Figures(), summary=employer_summary(
            scope=EVERYONE, employer_id=add_employer("Burger Barn").id),
        ratings=ratings, min_peers=3, scored_categories=[]))
    assert f"at least {K} workers had the problem and at least {K} did not" in page
    assert f"its share is shown only when it has at least {UNANIMOUS} workers" in page


def test_min_unanimous_size_defaults_to_twice_the_cell_size_and_is_refused_below_it(
        monkeypatch):
    monkeypatch.setenv("MIN_CELL_SIZE", "6")
    monkeypatch.delenv("MIN_UNANIMOUS_SIZE", raising=False)
    assert config.from_environment()["MIN_UNANIMOUS_SIZE"] is None  # 2 × MIN_CELL_SIZE
    monkeypatch.setenv("MIN_UNANIMOUS_SIZE", "6")
    assert config.from_environment()["MIN_UNANIMOUS_SIZE"] == 6
    for wrong in ("5", "0"):
        monkeypatch.setenv("MIN_UNANIMOUS_SIZE", wrong)
        with pytest.raises(config.ConfigError):
            config.from_environment()


def test_the_default_is_twice_the_cell_size(app, app_context):
    app.config["MIN_UNANIMOUS_SIZE"] = None
    assert min_unanimous_size() == 2 * K
