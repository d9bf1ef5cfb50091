"""Retention: raw reports are erased RETENTION_DAYS after they arrived; figures stay."""

import itertools
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from worker_voice.events import ApprovedQuoteLeft
from worker_voice.extensions import db
from worker_voice.insights.disclosure import EVERYONE
from worker_voice.insights.summaries import employer_summary
from worker_voice.intake import find_by_receipt
from worker_voice.intake.retention import expire_reports, mix_day
from worker_voice.models import Answer, Report, RollupCount
from worker_voice.uow import subscribe, transaction

from .factories import add_employer, report

RELEASE_DAY = date(2026, 8, 15)  # the open quarter began on 2026-07-01


@pytest.fixture
def app_config():
    return {"RELEASE_DATE": RELEASE_DAY, "RETENTION_DAYS": 365}


def rollups():
    return sorted(tuple(row) for row in db.session.execute(
        sa.select(RollupCount.employer_id, RollupCount.organization_id,
                  RollupCount.question_key, RollupCount.option, RollupCount.quarter,
                  RollupCount.count)))


def test_old_reports_are_erased_and_every_figure_stays(app, runner):
    with app.app_context():
        employer = add_employer("Burger Barn").id
        old = [report(answers={"S2": "yes", "S6": 30 + i}, received_on=date(2025, 5, 2),
                      what_happened=f"old story {i}").code for i in range(6)]
        recent = [report(answers={"S2": "no"}, received_on=date(2026, 5, 2),
                         what_happened="recent story").code for _ in range(5)]
        # Received long ago but linked only now: counted in the open quarter, not yet published.
        late = report(answers={"S2": "yes"}, received_on=date(2025, 5, 3)).code
        with transaction():
            db.session.execute(sa.update(Report).where(Report.receipt_hash.in_(
                [find_by_receipt(late).receipt_hash])).values(counted_on=RELEASE_DAY))
            find_by_receipt(old[0]).quote_approved = True
        counts = rollups()
        summary = employer_summary(scope=EVERYONE, employer_id=employer)
        quotes_left = []
        subscribe(app, ApprovedQuoteLeft, quotes_left.append)

    result = runner.invoke(args=["reports", "expire"])
    assert result.exit_code == 0 and "Erased 6 reports" in result.output, result.output
    with app.app_context():
        assert [find_by_receipt(code) for code in old] == [None] * 6
        assert all(find_by_receipt(code) for code in [*recent, late])
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Answer)) == 5 + 1
        assert not db.session.scalar(sa.select(sa.func.count()).select_from(Report)
                                     .where(Report.what_happened.like("old story%")))
        assert rollups() == counts
        assert employer_summary(scope=EVERYONE, employer_id=employer) == summary
        assert len(quotes_left) == 1  # the stored dossiers that quoted it are discarded
        # Run again: nothing more to erase.
        with transaction():
            assert expire_reports(today=RELEASE_DAY) == 0


def test_retention_days_is_checked(monkeypatch):
    from config import ConfigError, from_environment

    monkeypatch.setenv("RETENTION_DAYS", "0")
    with pytest.raises(ConfigError):
        from_environment()


def arrival_order_in_storage(codes: list[str]) -> list[int]:
    """The reports' arrival positions, read in the order PostgreSQL stores them."""
    position = {find_by_receipt(code).id: i for i, code in enumerate(codes)}
    stored = db.session.scalars(sa.text(
        "SELECT id FROM report ORDER BY xmin::text::bigint, ctid")).all()
    return [position[report_id] for report_id in stored]


def test_a_days_reports_are_rewritten_in_random_order(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite keeps rows in id order, which is random already")
        add_employer("Burger Barn")
        day = date(2026, 8, 10)
        codes = [report(answers={"S2": "yes" if i % 2 else "no", "H3": ["heat", "lifting"]},
                        received_on=day).code for i in range(40)]
        # Each report was its own transaction: storage gives their order of arrival exactly.
        assert arrival_order_in_storage(codes) == list(range(40))
        counts, answers = rollups(), db.session.scalar(
            sa.select(sa.func.count()).select_from(Answer))
        with transaction():
            assert mix_day(day=day) == 40
            assert mix_day(day=day + timedelta(days=1)) == 0
        order = arrival_order_in_storage(codes)
        rising = sum(b > a for a, b in itertools.pairwise(order)) / (len(order) - 1)
        assert 0.2 < rising < 0.8, order
        assert db.session.scalar(sa.text("SELECT count(DISTINCT xmin::text) FROM report")) == 1
        assert rollups() == counts
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Answer)) == answers
        assert all(len(find_by_receipt(code).answers) == 3 for code in codes)
