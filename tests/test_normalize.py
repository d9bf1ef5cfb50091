import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from worker_voice.extensions import db
from worker_voice.intake import InvalidReport, find_by_receipt
from worker_voice.models import Report
from worker_voice.registry.normalize import normalize_employer_name

from .factories import report


@pytest.mark.parametrize(
    ("given_name", "expected"),
    [
        ("McDonald's", "mcdonalds"),
        ("  MCDONALDS  ", "mcdonalds"),
        ("Taco Rápido, LLC", "taco rapido"),
        ("Crate & Carry Inc.", "crate and carry"),
        ("Co-op Market", "co op market"),
        ("Loading Zone Co", "loading zone"),
        ("Inc", "inc"),
    ],
)
def test_normalize_examples(given_name, expected):
    assert normalize_employer_name(given_name) == expected


@given(st.text())
def test_normalize_is_idempotent_and_ignores_case(name):
    once = normalize_employer_name(name)
    assert normalize_employer_name(once) == once
    assert normalize_employer_name(name.casefold()) == once


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(employer=st.text(max_size=250), city=st.text(max_size=120), story=st.text(max_size=300))
def test_any_text_is_either_stored_intact_or_refused_with_a_reason(app_context, employer, city,
                                                                    story):
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Report))
    try:
        receipt = report(employer, city=city, what_happened=story)
    except InvalidReport as error:
        assert set(error.problems) <= {
            "employer_name", "city", "what_happened"
        }
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Report)) == before
        return
    stored = find_by_receipt(receipt.code)
    assert stored.employer_name_given.strip() and stored.city_given.strip()
    assert "\x00" not in (stored.what_happened or "")
