import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from worker_voice.extensions import db
from worker_voice.intake import InvalidReport, find_by_receipt
from worker_voice.models import Report
from worker_voice.registry.normalize import (
    normalize_city,
    normalize_employer_name,
    parse_employer_text,
)

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
        # Every script keeps its letters; legal forms go, glued or not.
        ("麦当劳 唐人街", "麦当劳 唐人街"),
        ("麦当劳有限公司", "麦当劳"),
        ("ماكدونالدز", "ماكدونالدز"),
        ("مَاكْدُونَالْدز", "ماكدونالدز"),  # vowel marks are optional in Arabic
        ("أمازون", "امازون"),
        ("맥도날드 주식회사", "맥도날드"),
        ("マクドナルド", "マクドナルド"),  # dakuten change the letter: kept
        ("Phở Hòa Đông", "pho hoa dong"),
        ("ＭｃＤｏｎａｌｄ’ｓ", "mcdonalds"),
        ("公司", "公司"),
    ],
)
def test_normalize_examples(given_name, expected):
    assert normalize_employer_name(given_name) == expected


@pytest.mark.parametrize(
    ("city", "expected"),
    [("芝加哥", "芝加哥"), ("ديربورن", "ديربورن"), ("로스앤젤레스", "로스앤젤레스"),
     ("Thành phố Hồ Chí Minh", "thanh pho ho chi minh"), ("  Chicago ", "chicago")],
)
def test_cities_in_every_script_are_kept(city, expected):
    assert normalize_city(city) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我在麦当劳工作", ("麦当劳", None, ())),
        ("맥도날드에서 일해요", ("맥도날드", None, ())),
        ("أعمل في ماكدونالدز", ("ماكدونالدز", None, ())),
        ("tôi làm ở Walmart #٢٢٣١", ("walmart", "2231", ())),
    ],
)
def test_workers_words_around_the_name_go_in_every_language(text, expected):
    assert parse_employer_text(text) == expected


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
