"""Each survey rule once: the question bank decides what an answer may be, and the web form,
the SMS engine and intake refuse (and accept) the same answers for the same reasons."""

import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from worker_voice.channels.sms import texts as t
from worker_voice.channels.sms.engine import State, Survey, advance
from worker_voice.channels.sms.segments import within_budget
from worker_voice.extensions import db
from worker_voice.i18n import LANGUAGE_CODES
from worker_voice.intake import InvalidReport
from worker_voice.models import Answer
from worker_voice.survey import (
    QUESTIONS,
    QUESTIONS_BY_KEY,
    AnswerRefused,
    AnswerUnreadable,
    check_together,
    read_number,
)
from worker_voice.survey import answers as rules

from .factories import report
from .fixtures.forms import open_form

HOURS, PAY, HAZARDS, SCHEDULE = (QUESTIONS_BY_KEY[key] for key in ("S6", "C1", "H3", "S1"))
UNIT_WORDS = ("", "h", "hrs", "hours", "horas", "hrs.", "hours a week", "giờ", "oras", "èdtan",
              "小时", "시간", "ساعة")
# The same digits as people type them on other keyboards.
SCRIPTS = ({}, *(str.maketrans("0123456789", digits)
                 for digits in ("٠١٢٣٤٥٦٧٨٩", "０１２３４５６７８９", "۰۱۲۳۴۵۶۷۸۹")))
CURRENCY = st.characters(categories=["Sc"])
padding = st.text(" \t", max_size=3)


def reason_of(question, raw) -> str:
    with pytest.raises(AnswerRefused) as refused:
        question.accept(raw)
    reason = str(refused.value.reason)
    assert reason.strip()
    return reason


@given(number=st.integers(0, 100), unit=st.sampled_from(UNIT_WORDS),
       script=st.sampled_from(SCRIPTS), before=padding, after=padding)
def test_a_whole_number_with_a_unit_word_is_read_back(number, unit, script, before, after):
    text = f"{before}{str(number).translate(script)} {unit}{after}"
    assert HOURS.accept(text) == Decimal(number)


@given(number=st.integers(0, 100), sign=CURRENCY, words=st.sampled_from(("", " la hora", "/hr")),
       sign_after=st.booleans())
def test_an_amount_of_money_is_refused_as_hours_and_read_as_pay(number, sign, words, sign_after):
    text = f"{number}{sign}{words}" if sign_after else f"{sign}{number}{words}"
    assert reason_of(HOURS, text) == str(rules.PAY_NOT_HOURS)
    assert PAY.accept(text) == Decimal(number)


@given(number=st.integers(0, 99), cents=st.integers(1, 99), comma=st.booleans())
def test_a_fraction_is_refused_as_hours_and_read_as_pay(number, cents, comma):
    text = f"{number}{',' if comma else '.'}{cents:02d}"
    assert reason_of(HOURS, text) == str(rules.NOT_WHOLE)
    assert PAY.accept(text) == Decimal(f"{number}.{cents:02d}")


@given(number=st.integers(max_value=-1) | st.integers(min_value=101))
def test_a_number_out_of_range_is_refused_with_the_range(number):
    for raw in (number, str(number), f"{number} hours"):
        assert reason_of(HOURS, raw) == "Please write a number from 0 to 100."


@given(text=st.text(max_size=40).filter(
    lambda text: not re.search(r"\d", unicodedata.normalize("NFKC", text))))
def test_text_without_a_digit_is_no_number(text):
    with pytest.raises(AnswerUnreadable):
        read_number(text)


@given(raw=st.one_of(st.text(max_size=40), st.integers(), st.floats(), st.none(),
                     st.lists(st.text(max_size=10), max_size=4), st.decimals()))
def test_any_answer_is_accepted_or_refused_with_a_reason(raw):
    for question in QUESTIONS:
        try:
            value = question.accept(raw)
        except AnswerRefused as refused:
            assert str(refused.reason).strip()
        else:
            assert question.accept(value) == value  # accepting is idempotent


@pytest.mark.parametrize(("text", "number"), [
    ("40", 40), (" 40 ", 40), ("40 hrs", 40), ("40 horas", 40), ("unos 40", 40), ("about 40", 40),
    ("40.0", 40), ("٤٠", 40), ("４０時間", 40), ("0", 0),
])
def test_hours_as_people_write_them(text, number):
    assert HOURS.accept(text) == Decimal(number)


@pytest.mark.parametrize(("text", "reason"), [
    ("$15 la hora", rules.PAY_NOT_HOURS), ("15 dólares", rules.PAY_NOT_HOURS),
    ("15 an hour", rules.PAY_NOT_HOURS), ("15.5", rules.NOT_WHOLE), ("abc", rules.NOT_A_NUMBER),
    ("cuarenta", rules.NOT_A_NUMBER), ("", rules.NOT_A_NUMBER), ("30-40", rules.ONE_NUMBER),
    ("20 or 30", rules.ONE_NUMBER), ("1.2.3", rules.NOT_A_NUMBER),
])
def test_hours_refused_with_a_reason(text, reason):
    assert reason_of(HOURS, text) == str(reason)


@pytest.mark.parametrize(("text", "number"), [
    ("$15 la hora", "15"), ("$15,50", "15.50"), ("15.5", "15.5"), ("١٥٫٥", "15.5"),
    ("15美元", "15"), ("$ 7.25/hr", "7.25"), ("US$12", "12"), ("14.37", "14.37"),
])
def test_pay_as_people_write_it(text, number):
    assert PAY.accept(text) == Decimal(number)


def test_choices():
    assert SCHEDULE.accept("lt3d") == "lt3d"
    assert reason_of(SCHEDULE, "bogus") == str(rules.NOT_A_CHOICE)
    assert HAZARDS.accept(["heat", "lifting", "heat"]) == ("heat", "lifting")
    assert HAZARDS.accept("none") == ("none",)
    assert reason_of(HAZARDS, ["none", "heat"]) == str(rules.EXCLUSIVE)
    assert reason_of(HAZARDS, ["heat", "fire"]) == str(rules.NOT_A_CHOICE)
    assert reason_of(HAZARDS, []) == str(rules.NOT_A_CHOICE)


def test_questions_are_checked_together():
    fewest = str(rules.TOGETHER[0].reason)
    assert check_together({"S6": Decimal(20), "S7": Decimal(30)}) == {"S7": fewest}
    assert check_together({"S6": Decimal(30), "S7": Decimal(30)}) == {}
    assert check_together({"S7": Decimal(30)}) == {}


def test_a_number_question_needs_a_range_and_a_unit():
    with pytest.raises(ValueError, match="unit"):
        type(HOURS)("X1", HOURS.category, "x", "x", HOURS.answer_type,
                    minimum=Decimal(0), maximum=Decimal(1))


@pytest.mark.parametrize("locale", LANGUAGE_CODES)
def test_every_reason_fits_an_sms_in_every_language(locale):
    reasons = [rules.NOT_A_CHOICE, rules.NOT_A_NUMBER, rules.ONE_NUMBER, rules.NOT_WHOLE,
               rules.PAY_NOT_HOURS, rules.EXCLUSIVE, rules.out_of_range(Decimal(0), Decimal(500)),
               *(rule.reason for rule in rules.TOGETHER)]
    for reason in reasons:
        said = t.say(locale, reason)
        assert within_budget(said), said
        assert "%(" not in said
        if locale != "en":
            assert said != str(reason), f"untranslated: {reason}"


def test_no_channel_keeps_its_own_copy_of_a_rule():
    """Only survey/ says what an answer may be: no exclusive options, whole numbers or number
    parsing of their own in the channels, intake or the demo."""
    package = Path(__file__).resolve().parents[1] / "worker_voice"
    sources = [*package.glob("channels/**/*.py"), *package.glob("intake/*.py"), package / "demo.py"]
    copies = re.compile(r"\.exclusive\b|to_integral|InvalidOperation|def parse_number|\"S7\"")
    assert [str(path) for path in sources if copies.search(path.read_text())] == []


# The same inputs through the three doors. Each case: answers as the web form and intake take
# them, the SMS messages that give them (after the employer and city), and the key refused.
SMS_SURVEY = Survey(questions=(HOURS, QUESTIONS_BY_KEY["S7"], HAZARDS, PAY))
REFUSED = [
    pytest.param({"S6": "$15 la hora"}, ["$15 la hora"], "S6", rules.PAY_NOT_HOURS, id="pay"),
    pytest.param({"S6": "15.5"}, ["15.5"], "S6", rules.NOT_WHOLE, id="whole"),
    pytest.param({"S6": "30-40"}, ["30-40"], "S6", rules.ONE_NUMBER, id="one-number"),
    pytest.param({"H3": ["none", "heat"]}, ["0", "0", "6 1"], "H3", rules.EXCLUSIVE, id="none"),
    pytest.param({"S6": "20", "S7": "30"}, ["20", "30"], "S7", rules.TOGETHER[0].reason,
                 id="fewest-most"),
]


def sms_replies(messages: list[str]) -> tuple[State, list[str]]:
    state = State(step="question", locale="en", employer="Burger Barn", city="Chicago")
    replies = []
    for message in messages:
        outcome = advance(state, message, SMS_SURVEY)
        state = outcome.state
        replies.extend(outcome.replies)
    return state, replies


@pytest.mark.parametrize(("answers", "messages", "key", "reason"), REFUSED)
def test_web_sms_and_intake_refuse_alike(app, client, answers, messages, key, reason):
    with app.app_context(), pytest.raises(InvalidReport) as refused:
        report(answers=answers)
    with app.app_context():
        assert str(refused.value.problems[key]) == str(reason)

    form = open_form(client) | {"employer_name": "Burger Barn", "city": "Chicago"} | answers
    response = client.post("/report", data=form)
    assert response.status_code == 200 and str(reason) in response.get_data(as_text=True)

    state, replies = sms_replies(messages)
    assert t.say("en", reason) in replies
    assert key not in state.answers and state.retries == 1  # asked again, not stored


ACCEPTED = [
    pytest.param({"S6": "40 hrs"}, ["40 hrs"], ("S6", "h40_49", Decimal(40)), id="hours"),
    pytest.param({"S6": "40", "S7": "40"}, ["40", "40 horas"], ("S7", "h40_49", Decimal(40)),
                 id="fewest-equals-most"),
    pytest.param({"H3": "none"}, ["0", "0", "6"], ("H3", "none", None), id="none-alone"),
    pytest.param({"C1": "$15 la hora"}, ["0", "0", "0", "$15 la hora"],
                 ("C1", "w15_20", Decimal(15)), id="pay"),
]


@pytest.mark.parametrize(("answers", "messages", "row"), ACCEPTED)
def test_web_sms_and_intake_accept_alike(app, client, answers, messages, row):
    with app.app_context():
        report(answers=answers)
    form = open_form(client) | {"employer_name": "Burger Barn", "city": "Chicago"} | answers
    assert client.post("/report", data=form).status_code == 302
    with app.app_context():
        stored = db.session.execute(sa.select(Answer.question_key, Answer.option,
                                              Answer.value_number)
                                    .where(Answer.question_key == row[0])).all()
        assert [tuple(found) for found in stored] == [row, row]

    state, replies = sms_replies(messages)
    assert row[0] in state.answers and state.retries == 0
    assert not any("Sorry" in reply for reply in replies)
