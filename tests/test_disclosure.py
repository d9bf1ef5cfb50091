"""Disclosure guard v2: safe periods, sums of published units, intervals and ratings."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from worker_voice.insights.disclosure import EVERYONE, employer_listing
from worker_voice.insights.measures import (
    Measure,
    QuarterCount,
    close_periods,
    safe,
    wilson_interval,
)
from worker_voice.insights.ratings import PRIOR_WEIGHT, rate
from worker_voice.insights.release import published_employers, ranked
from worker_voice.insights.summaries import employer_summary

from .factories import add_employer, report

K = 5
QUARTERS = [date(2024 + i // 4, 3 * (i % 4) + 1, 1) for i in range(12)]
quarter_tables = st.lists(
    st.tuples(st.integers(0, 12), st.integers(0, 12)), min_size=1, max_size=12
).map(lambda cells: [QuarterCount(QUARTERS[i], problem, problem + ok)
                     for i, (problem, ok) in enumerate(cells)])


@given(quarters=quarter_tables, k=st.integers(2, 11))
def test_every_published_period_is_safe_and_the_tail_is_never_shown(quarters, k):
    periods = close_periods(quarters, k)
    for period in periods:
        assert safe(period.problem, period.n, k)
        inside = [q for q in quarters if period.first <= q.quarter <= period.last]
        assert period.problem == sum(q.problem for q in inside)
        assert period.n == sum(q.n for q in inside)
    # Periods follow each other from the first quarter on, without gaps or overlaps, and
    # what follows the last one is still unsafe: that is why it is not shown.
    ends = [QUARTERS.index(p.last) + 1 for p in periods]
    assert [p.first for p in periods] == [QUARTERS[e] for e in [0, *ends][:len(periods)]]
    tail = quarters[ends[-1] if ends else 0:]
    if tail:
        assert not safe(sum(q.problem for q in tail), sum(q.n for q in tail), k)


@given(quarters=quarter_tables, later=quarter_tables, k=st.integers(2, 11))
def test_a_new_quarter_only_adds_periods_at_the_end(quarters, later, k):
    """Two consecutive releases: everything published before is published again unchanged,
    so their difference is made of whole new periods, each safe on its own."""
    before = close_periods(quarters, k)
    extra = [QuarterCount(QUARTERS[len(quarters) + i], q.problem, q.n)
             for i, q in enumerate(later) if len(quarters) + i < len(QUARTERS)]
    after = close_periods(quarters + extra, k)
    assert after[:len(before)] == before
    assert all(safe(p.problem, p.n, k) for p in after[len(before):])


def test_wilson_interval_matches_published_values():
    # 34% of 41 (the example), by hand: centre 0.3550, half-width 0.1395
    low, high = wilson_interval(14, 41)
    assert (round(low, 3), round(high, 3)) == (0.216, 0.495)
    assert wilson_interval(0, 10)[0] == 0.0 and 0.27 < wilson_interval(0, 10)[1] < 0.28
    assert wilson_interval(10, 10)[1] == pytest.approx(1.0)


def test_few_angry_reports_are_pulled_toward_the_industry():
    """Five workers who all had every problem, in an industry where a third do: the rating
    moves far less than the raw shares, and more reports move it further."""
    keys = ["S1", "S2", "W1", "W2", "H1", "V1", "R1", "B1", "T1"]
    industry = dict.fromkeys(keys, 1 / 3)
    angry = rate({key: Measure(5, 5, ()) for key in keys}, industry)
    many = rate({key: Measure(50, 50, ()) for key in keys}, industry)
    typical = rate({key: Measure(10, 30, ()) for key in keys}, industry)
    assert angry.score == pytest.approx(100 * (1 - (5 + PRIOR_WEIGHT / 3) / (5 + PRIOR_WEIGHT)))
    assert typical.score > angry.score > many.score
    assert angry.tier in {"C", "D"} and typical.tier == "B"
    assert rate({"S1": Measure(5, 5, ())}, industry).tier is None  # one category: no tier


def test_employer_below_threshold_shows_nothing(app_context):
    employer = add_employer("Burger Barn")
    for _ in range(K - 1):
        report(answers={"S2": "yes"})
    summary = employer_summary(scope=EVERYONE, employer_id=employer.id)
    assert not summary.enough and summary.reports is None and summary.indicators == ()
    assert employer_listing(scope=EVERYONE, employer_ids=[employer.id])[0].reports is None
    assert published_employers(scope=EVERYONE) == ([], 0)


@pytest.mark.parametrize("small", range(1, K))
def test_a_share_is_hidden_while_either_side_is_small(app_context, small):
    employer = add_employer("Burger Barn")
    for _ in range(small):
        report(answers={"S2": "yes", "S3": "no"})
    for _ in range(K + 3):
        report(answers={"S2": "no", "S3": "no"})
    summary = employer_summary(scope=EVERYONE, employer_id=employer.id)
    by_key = {item.question.key: item.measure for item in summary.indicators}
    assert summary.reports == small + K + 3
    assert by_key["S2"] is None  # "yes" is small, and n − "no" would give it away
    # Nobody had it: a unanimous answer, shown only for a group of at least 2k.
    n = small + K + 3
    assert by_key["S3"] is None if n < 2 * K else (by_key["S3"].problem, by_key["S3"].n) == (0, n)


def test_figures_count_only_ended_quarters_and_pool_small_ones(app, app_context):
    """Three quarters of 3, 4 and 5 reports, every worker with the problem: a unanimous group
    is shown from 2k = 10 on, so the three quarters make one period of 12; the report count
    is one cell, safe from 5 on (7, then 5); the open quarter is not counted at all."""
    employer = add_employer("Burger Barn")
    release = app.config["RELEASE_DATE"]
    for quarter, count in ((3, 3), (2, 4), (1, 5)):
        for _ in range(count):
            report(answers={"S2": "yes"}, received_on=release - timedelta(days=92 * quarter))
    for _ in range(6):
        report(answers={"S2": "yes"}, received_on=release)  # the open quarter
    summary = employer_summary(scope=EVERYONE, employer_id=employer.id)
    [s2] = [i.measure for i in summary.indicators if i.question.key == "S2"]
    assert summary.reports == 7 + 5  # the report count is one cell: 5 is enough for it
    assert [(p.problem, p.n) for p in s2.periods] == [(12, 12)]
    assert [p.n for p in summary.report_periods] == [7, 5]
    assert summary.through < release


def test_ranked_lists_and_listing_show_the_same_published_figures(app_context):
    for name, yes in (("Alpha Foods", 6), ("Zeta Foods", 12), ("Small Foods", 2)):
        add_employer(name)
        for answer in ["yes"] * yes + ["no"] * 6:
            report(name, answers={"S2": answer})
    rows = ranked(scope=EVERYONE, question_key="S2")
    assert [(r.name, r.problem, r.n) for r in rows] == [("Zeta Foods", 12, 18),
                                                        ("Alpha Foods", 6, 12)]
    best = ranked(scope=EVERYONE, question_key="S2", best=True)
    assert [r.name for r in best] == ["Alpha Foods", "Zeta Foods"]
    listed, total = published_employers(scope=EVERYONE)
    assert total == 3 and [row.reports for row in listed] == [18, 12, 8]
    for row in rows:
        summary = employer_summary(scope=EVERYONE, employer_id=row.employer_id)
        [s2] = [i.measure for i in summary.indicators if i.question.key == "S2"]
        assert (s2.problem, s2.n) == (row.problem, row.n)
