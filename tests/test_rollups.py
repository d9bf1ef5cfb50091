from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from worker_voice.extensions import db
from worker_voice.insights.rollups import recompute
from worker_voice.intake import delete_report
from worker_voice.models import RollupCount, SealedQuarter
from worker_voice.survey import QUESTIONS, AnswerType

from .factories import add_employer, report
from .fixtures.rollups import snapshot

EMPLOYERS = ("Burger Barn", "Taco Rapido", "Cluck Shack")


def answer_strategy(question):
    if question.answer_type == AnswerType.SINGLE:
        return st.sampled_from(question.option_codes())
    if question.answer_type == AnswerType.MULTI:
        plain = [o.code for o in question.options if not o.exclusive]
        return st.one_of(
            st.just(["none"]), st.lists(st.sampled_from(plain), min_size=1, unique=True)
        )
    if question.answer_type == AnswerType.INTEGER:
        return st.integers(0, 100)
    return st.decimals(0, 500, places=2)


SOME_QUESTIONS = [q for q in QUESTIONS if q.key in {"S1", "S2", "S6", "H3", "W2", "C1"}]
report_strategy = st.fixed_dictionaries(
    {
        # An unknown name exercises the unmatched path, which must not count anywhere.
        "employer": st.sampled_from((*EMPLOYERS, "Somewhere Unknown")),
        "days_ago": st.integers(0, 400),
        "deleted": st.booleans(),
        "answers": st.fixed_dictionaries(
            {}, optional={q.key: answer_strategy(q) for q in SOME_QUESTIONS}
        ),
    }
)


RELEASE_DAY = date(2026, 8, 15)  # quarters before 2026-07-01 are published


@pytest.fixture
def app_config():
    return {"RELEASE_DATE": RELEASE_DAY}


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(reports=st.lists(report_strategy, max_size=25))
def test_incremental_rollups_equal_a_recompute(app_context, reports):
    db.session.execute(sa.delete(RollupCount))
    db.session.execute(sa.delete(SealedQuarter))
    db.session.execute(sa.text("DELETE FROM answer"))
    db.session.execute(sa.text("DELETE FROM report"))
    db.session.commit()
    if not db.session.scalar(sa.text("SELECT count(*) FROM employer")):
        for name in EMPLOYERS:  # once per fixture; hypothesis reuses it across examples
            add_employer(name)
    today = date(2026, 9, 28)
    receipts = [report(item["employer"], answers=item["answers"],
                       received_on=today - timedelta(days=item["days_ago"]))
                for item in reports]
    published = snapshot(published_only=True)
    # Workers delete reports, some from quarters already published: those quarters keep
    # their totals (sealed), the open quarter loses what it counted, and a recompute agrees.
    for item, receipt in zip(reports, receipts, strict=True):
        if item["deleted"]:
            delete_report(receipt_code=receipt.code)
    assert snapshot(published_only=True) == published
    incremental = snapshot()
    drift(open_since=date(2026, 7, 1))
    recompute()
    assert incremental == snapshot()
    reports_total = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(RollupCount.count), 0))
        .where(RollupCount.question_key == "_reports")
    )
    open_since = date(2026, 7, 1)
    assert reports_total == sum(
        1 for item in reports if item["employer"] in EMPLOYERS and not (
            item["deleted"] and today - timedelta(days=item["days_ago"]) >= open_since))


def drift(*, open_since):
    """Put the open quarters' stored rows out of step with the reports (one count changed, one
    row gone, one row that counts nothing), so that a recompute has to write, not only agree."""
    rows = db.session.execute(sa.select(RollupCount).where(RollupCount.quarter >= open_since)
                              .order_by(*RollupCount.__table__.primary_key)).scalars().all()
    if rows:
        rows[0].count += 1
        db.session.delete(rows[-1])
    employer_id = db.session.scalar(sa.text("SELECT min(id) FROM employer"))
    db.session.add(RollupCount(employer_id=employer_id, organization_id=0, question_key="S2",
                               option="no-such-option", quarter=open_since, count=3))
    db.session.flush()


def test_recompute_command(runner, app_context):
    add_employer("Burger Barn")
    report(answers={"S2": "yes"})
    db.session.execute(sa.delete(RollupCount))
    db.session.commit()
    result = runner.invoke(args=["insights", "recompute"])
    assert result.exit_code == 0, result.output
    assert "Rebuilt 3 rollup rows" in result.output
