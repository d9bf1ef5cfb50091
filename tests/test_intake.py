from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from worker_voice.extensions import db
from worker_voice.insights.disclosure import EVERYONE
from worker_voice.insights.summaries import employer_summary
from worker_voice.intake import InvalidReport, find_by_receipt, submit_report
from worker_voice.models import Answer, Report
from worker_voice.uow import retry_on_conflict, transaction

from .factories import add_employer, report
from .fixtures.concurrency import run_together


def test_report_is_stored_with_answers_and_linked_employer(app_context):
    employer = add_employer("Burger Barn", cities=("Chicago", "Houston"))
    receipt = report(
        "  burger barn, inc. ",
        city="chicago",
        answers={"S1": "lt3d", "H3": ["heat", "lifting"], "S6": 45, "C1": Decimal("14.50")},
        what_happened="Schedule changes at night.",
        received_on=date(2026, 3, 17),
    )
    assert receipt.employer_matched and not receipt.already_received
    stored = find_by_receipt(receipt.code)
    assert stored.employer_id == employer.id
    assert stored.worksite.city == "Chicago"
    assert stored.received_on == date(2026, 3, 17)
    rows = {(a.question_key, a.option, a.value_number) for a in stored.answers}
    assert rows == {
        ("S1", "lt3d", None), ("H3", "heat", None), ("H3", "lifting", None),
        ("S6", "h40_49", Decimal("45.00")), ("C1", "w12_15", Decimal("14.50")),
    }


def test_unmatched_employer_is_kept_for_review(app_context):
    add_employer("Burger Barn")
    receipt = report("Sunrise Laundromat", answers={"S2": "yes"})
    assert not receipt.employer_matched
    stored = find_by_receipt(receipt.code)
    assert stored.employer_id is None
    assert stored.employer_name_given == "Sunrise Laundromat"
    assert stored.employer_name_normalized == "sunrise laundromat"
    assert [a.option for a in stored.answers] == ["yes"]


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"S1": "sometimes"}, "S1"),
        ({"ZZ9": "yes"}, "ZZ9"),
        ({"S6": 101}, "S6"),
        ({"S6": "4.5"}, "S6"),
        ({"H3": ["none", "heat"]}, "H3"),
        ({"S6": 20, "S7": 30}, "S7"),
    ],
)
def test_invalid_answers_are_refused_and_nothing_is_stored(app_context, answers, field):
    with pytest.raises(InvalidReport) as error:
        report(answers=answers)
    assert field in error.value.problems
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Report)) == 0


def test_missing_employer_and_city_are_refused(app_context):
    with pytest.raises(InvalidReport) as error:
        submit_report(channel="web", locale="en", employer_name=" ", city="", answers={})
    assert set(error.value.problems) == {"employer_name", "city"}


def test_control_characters_are_removed(app_context):
    receipt = report("Burger\x00 Barn", what_happened="line one\x00\nline two\x07")
    stored = find_by_receipt(receipt.code)
    assert stored.employer_name_given == "Burger Barn"
    assert stored.what_happened == "line one\nline two"


def test_same_idempotency_key_stores_one_report(app_context):
    first = report(answers={"S2": "yes"}, idempotency_key="form-render-1")
    again = report(answers={"S2": "no"}, idempotency_key="form-render-1")
    assert again.code == first.code and again.already_received
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Report)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Answer)) == 1


def test_concurrent_retries_store_one_report(app):
    """Two requests carrying the same key at the same moment (a double tap) store one report:
    the loser's flush meets the unique key, and its boundary runs it again, finding the winner."""
    with app.app_context():
        add_employer("Burger Barn")

    def as_a_request():
        with transaction():
            return retry_on_conflict(lambda: submit_report(
                channel="web", locale="en", employer_name="Burger Barn", city="Chicago",
                answers={"S2": "yes"}, idempotency_key="double-tap"))

    receipts, failures = run_together(app, 4, as_a_request)
    assert failures == []
    assert len({r.code for r in receipts}) == 1
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Report)) == 1
        assert db.session.scalar(sa.text("SELECT sum(count) FROM rollup_count "
                                         "WHERE question_key = '_reports'")) == 1
        employer = db.session.scalar(sa.select(Report.employer_id))
        assert employer_summary(scope=EVERYONE, employer_id=employer).reports is None


def test_identifiers_typed_into_the_name_fields_are_taken_out(app_context):
    """Some workers put their number in any field: the employer and city are redacted like the
    stories, and the name still finds its employer."""
    employer = add_employer("Burger Barn")
    receipt = report("Burger Barn call 312-555-0188 canary@example.com",
                     city="Chicago, 1420 W Main St", answers={"S2": "yes"})
    stored = find_by_receipt(receipt.code)
    assert stored.employer_id == employer.id
    assert "312" not in stored.employer_name_given and "canary" not in stored.employer_name_given
    assert "[phone]" in stored.employer_name_given and "1420" not in stored.city_given
    assert stored.employer_name_normalized == "burger barn"
