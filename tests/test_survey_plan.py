"""The survey's shape: a short core with a headline per scored category, modules that reach
every other question, and skip logic that leaves a follow-up out only where it does not apply.
Not asked is not "no": an indicator's n counts exactly the workers asked and answering."""

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from worker_voice.extensions import db
from worker_voice.insights.disclosure import EVERYONE
from worker_voice.insights.summaries import employer_summary
from worker_voice.intake import (
    InvalidReport,
    TooLateToAdd,
    add_answers,
    find_by_receipt,
    stored_answers,
)
from worker_voice.models import RollupCount
from worker_voice.models.rollup import ANSWERED
from worker_voice.survey import QUESTIONS, QUESTIONS_BY_KEY, AnswerType
from worker_voice.survey.plan import CORE, MAX_CORE, MODULES, asked
from worker_voice.survey.problems import SCORED_CATEGORIES
from worker_voice.uow import transaction

from .factories import add_employer, report


def test_the_core_is_short_and_measures_every_scored_category():
    assert len(CORE) <= MAX_CORE == 10
    assert {question.category for question in CORE} >= set(SCORED_CATEGORIES)
    # Every question is reachable: in the core or in exactly one module.
    reachable = [question.key for question in CORE] + [
        key for module in MODULES for key in module.keys]
    assert sorted(reachable) == sorted(question.key for question in QUESTIONS)
    # A follow-up comes after the questions that screen it, wherever it is asked.
    order = {question.key: position for position, question in enumerate(
        [*CORE, *(q for module in MODULES for q in module.questions)])}
    for question in QUESTIONS:
        for screen in question.screens:
            same_place = (question in CORE) == (QUESTIONS_BY_KEY[screen.key] in CORE)
            assert not same_place or order[screen.key] < order[question.key], question.key


@pytest.mark.parametrize(("answers", "follow_up", "is_asked"), [
    ({"H1": "no"}, "H2", False),
    ({"H1": "yes_worked"}, "H2", True),
    ({}, "H2", True),  # injury question skipped: the follow-up keeps its own "not hurt"
    ({"S6": Decimal(40)}, "W2", False),  # 40 hours is no overtime
    ({"S6": Decimal(41)}, "W2", True),
    ({"S2": "no", "S3": "no"}, "S9", False),
    ({"S2": "no", "S3": "yes"}, "S9", True),
    ({"S2": "no"}, "S9", True),  # S3 not answered (yet): it may still apply
])
def test_a_follow_up_is_asked_unless_the_screening_answers_rule_it_out(answers, follow_up,
                                                                      is_asked):
    assert QUESTIONS_BY_KEY[follow_up].is_asked(answers) is is_asked
    assert (QUESTIONS_BY_KEY[follow_up] in asked(QUESTIONS, answers)) is is_asked


def expected_asked(key, answers):
    """Skip logic restated plainly, independently of the survey code."""
    if key == "H2":
        return answers.get("H1") != "no"
    if key == "W2":
        return "S6" not in answers or answers["S6"] > 40
    if key == "S9":
        return not (answers.get("S2") == "no" and answers.get("S3") == "no")
    return True


def answer_for(question):
    if question.is_numeric:
        return st.integers(min_value=0, max_value=80)
    codes = question.option_codes()
    if question.answer_type == AnswerType.MULTI:
        return st.sampled_from([code for code in codes if code not in question.exclusive_codes]
                               ).map(lambda code: [code])
    return st.sampled_from(codes)


SKIP_PATTERN_KEYS = ("S2", "S3", "S6", "S9", "W1", "W2", "H1", "H2", "B1")
worker = st.fixed_dictionaries({}, optional={
    key: answer_for(QUESTIONS_BY_KEY[key]) for key in SKIP_PATTERN_KEYS})
# Some workers send the core and add a topic later (the pay module: W2 among others).
later = st.sampled_from([(), ("W2",), ("S6", "W2"), ("H2",)])


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(workers=st.lists(st.tuples(worker, later), min_size=1, max_size=12))
def test_each_indicator_counts_exactly_the_workers_asked_and_answering(app_context, workers):
    # Hypothesis reuses the fixture's database across examples: each starts from none.
    with transaction():
        for table in ("rollup_count", "answer", "report", "employer_alias", "worksite",
                      "employer"):
            db.session.execute(sa.text(f"DELETE FROM {table}"))  # noqa: S608 (fixed names)
        employer = add_employer("Burger Barn").id
    expected = dict.fromkeys(SKIP_PATTERN_KEYS, 0)
    for answers, added_later in workers:
        first = {key: value for key, value in answers.items() if key not in added_later}
        rest = {key: value for key, value in answers.items() if key in added_later}
        receipt = report("Burger Barn", answers=first)
        kept = dict(first)
        if rest:
            with transaction():
                add_answers(report=find_by_receipt(receipt.code), answers=rest,
                            today=date.today())
            kept.update(rest)
        for key in kept:
            if expected_asked(key, kept):
                expected[key] += 1
    counted = dict(db.session.execute(
        sa.select(RollupCount.question_key, sa.func.sum(RollupCount.count))
        .where(RollupCount.employer_id == employer, RollupCount.option == ANSWERED)
        .group_by(RollupCount.question_key)).all())
    assert {key: counted.get(key, 0) for key in SKIP_PATTERN_KEYS} == expected


def test_answers_added_later_are_checked_against_the_first_ones(app_context):
    add_employer("Burger Barn")
    receipt = report(answers={"S6": 30, "H1": "no"})
    stored = find_by_receipt(receipt.code)
    with transaction(), pytest.raises(InvalidReport) as refused:
        add_answers(report=stored, answers={"S7": 35}, today=date.today())
    assert set(refused.value.problems) == {"S7"}  # fewest hours above the most
    with transaction():
        # H2 does not apply to a worker who was not hurt: left out, not refused.
        assert add_answers(report=stored, answers={"S7": 20, "H2": "yes", "S6": 50},
                           today=date.today()) == 1
    assert stored_answers(find_by_receipt(receipt.code)) == {
        "S6": Decimal(30), "H1": "no", "S7": Decimal(20)}  # S6 kept as first answered
    with transaction(), pytest.raises(TooLateToAdd):
        add_answers(report=stored, answers={"B1": "no"},
                    today=date.today().replace(year=date.today().year + 1))


@pytest.fixture
def app_config():
    return {"RELEASE_DATE": date(2026, 8, 15), "MIN_CELL_SIZE": 2}


def test_core_only_and_full_reports_both_count_in_the_summary(app_context):
    employer = add_employer("Burger Barn").id
    core = {question.key: ("yes" if "yes" in question.option_codes() else
                           question.option_codes()[0]) for question in CORE
            if question.answer_type == AnswerType.SINGLE}
    full = core | {"S1": "lt3d", "S6": 45, "H3": ["heat"], "B2": "yes_taken"}
    with transaction():
        for number in range(8):
            answers = core if number % 2 else full | {"W2": "yes" if number % 4 else "no"}
            report(answers=answers, received_on=date(2026, 5, 2))
    summary = employer_summary(employer_id=employer, scope=EVERYONE)
    by_key = {item.question.key: item.measure for item in summary.indicators}
    assert summary.reports == 8
    assert by_key["S2"].n == 8  # the core: every report
    assert (by_key["W2"].problem, by_key["W2"].n) == (2, 4)  # a module: the full reports
