"""The pure conversation engine, table-driven through its branches in English and Spanish."""

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from worker_voice.channels.sms import parsing
from worker_voice.channels.sms import texts as t
from worker_voice.channels.sms.engine import Collector, EmployerGuess, State, Survey, advance
from worker_voice.channels.sms.segments import within_budget
from worker_voice.i18n import LANGUAGES
from worker_voice.survey import QUESTIONS_BY_KEY

KEYS = ("S1", "S2", "S6", "H3", "C1")
SURVEY = Survey(
    questions=tuple(QUESTIONS_BY_KEY[key] for key in KEYS),
    guess_employer=lambda name, city: {
        "burger barn": EmployerGuess("Burger Barn", True, 7),
        "burgr barn": EmployerGuess("Burger Barn", False, 7),
    }.get(name.lower()),
)


CENTRO = Collector(3, "Centro de Trabajadores Unidos")
KEYED = replace(SURVEY, organization_for=lambda word: CENTRO if word == "CENTRO" else None)


def converse(messages, state=None, survey=SURVEY):
    """Run messages through the engine; return the final outcome and every reply."""
    replies, outcome = [], None
    for message in messages:
        outcome = advance(state, message, survey)
        replies.extend(outcome.replies)
        state = outcome.state
    return outcome, replies


@pytest.mark.parametrize(
    ("messages", "locale", "employer", "choice", "answers", "story"),
    [
        # English, language chosen from the menu, every answer type, a story.
        (["hi there", "1", "Burger Barn", "Chicago", "2", "yes", "40 hrs", "1 3", "$15.50",
          "They cut hours"], "en", "Burger Barn", None,
         {"S1": "3to6d", "S2": "yes", "S6": "40", "H3": ["heat", "lifting"], "C1": "15.50"},
         "They cut hours"),
        # Spanish by greeting, full-width and Arabic-Indic digits, "sí", a skip, no story.
        (["Hola", "burgr barn", "Houston", "1", "１", "sí", "0", "٦", "15,5", "0"], "es",
         "burgr barn", 7, {"S1": "lt3d", "S2": "yes", "H3": ["none"], "C1": "15.5"}, None),
        # Unconfirmed guess keeps what was typed; two bad answers skip the question.
        (["HOLA", "burgr barn", "Houston", "2", "9", "tal vez", "no", "101", "SALTAR", "7",
          "x", "6", "0"], "es", "burgr barn", None, {"S2": "no", "C1": "6"}, None),
    ],
)
def test_conversations_end_in_a_draft(messages, locale, employer, choice, answers, story):
    outcome, replies = converse(messages)
    assert outcome.state is None
    draft = outcome.submit
    assert draft.locale == locale and draft.employer_name == employer
    assert draft.employer_choice == choice
    assert draft.answers == answers and draft.what_happened == story
    assert all(reply.strip() for reply in replies)


def test_first_contact_shows_the_language_menu_in_each_language():
    outcome = advance(None, "hello?? who is this", SURVEY)
    assert outcome.replies == (t.LANGUAGE_MENU,)
    for number, language in enumerate(LANGUAGES, start=1):
        assert f"{number}={language.native_name}" in t.LANGUAGE_MENU


@pytest.mark.parametrize(("greeting", "locale"), [
    ("Hola!", "es"), ("你好", "zh_Hans"), ("Xin chào", "vi"), ("Kumusta po", "fil"),
    ("Bonjou", "ht"), ("مرحبا", "ar"), ("안녕하세요", "ko"), ("hi", "en"),
])
def test_a_greeting_chooses_its_language(greeting, locale):
    outcome = advance(None, greeting, SURVEY)
    assert outcome.state.locale == locale and outcome.state.step == "employer"


@pytest.mark.parametrize(("text", "locale", "choice"), [
    ("١", "ar", 1), ("٢", "ar", 2), ("네", "ko", 1), ("아니요", "ko", 2), ("是", "zh_Hans", 1),
    ("２", "zh_Hans", 2), ("Có", "vi", 1), ("không", "vi", 2), ("Oo", "fil", 1),
    ("hindi", "fil", 2), ("wi", "ht", 1), ("non", "ht", 2), ("نعم", "ar", 1), ("لا", "ar", 2),
])
def test_yes_no_and_digits_in_each_language(text, locale, choice):
    assert parsing.parse_choice(text, 2, locale, yes_no=True) == choice


@pytest.mark.parametrize(("word", "locale"), [
    ("删除", "zh_Hans"), ("Xóa", "vi"), ("burahin", "fil"), ("efase", "ht"), ("حذف", "ar"),
    ("삭제", "ko"), ("borrar", "es"), ("delete", "en"),
])
def test_delete_keyword_in_each_language_replies_in_it(word, locale):
    texts = [f"{word} abcd-2345", f"{word}  ABCD2345"]
    if not parsing.normalize(word).isascii():  # scripts written without spaces
        texts.append(f"{word}ABCD2345")
    for text in texts:
        outcome = advance(None, text, SURVEY)
        assert outcome.delete_code.replace("-", "") == "ABCD2345" and outcome.locale == locale


@pytest.mark.parametrize("word", ["STOP", "stop", " Cancel ", "END", "quit", "OptOut", "parar"])
def test_opt_out_words_opt_out_at_any_step(word):
    for state in (None, State(step="question", locale="es", employer="X", city="Y")):
        outcome = advance(state, word, SURVEY)
        said = "es" if state or word == "parar" else "en"
        assert outcome.opt_out and outcome.replies == (t.say(said, t.STOPPED),)


def test_stop_is_confirmed_shortly_in_the_workers_language():
    assert t.STOPPED == "You will get no more messages. Text START to come back."
    outcome = advance(State(step="city", locale="vi", employer="X"), "STOP", SURVEY)
    assert outcome.replies == (t.say("vi", t.STOPPED),)


def test_start_welcomes_back_then_asks_again():
    assert advance(None, "START", SURVEY).replies == (t.say("en", t.STARTED), t.LANGUAGE_MENU)
    state = State(step="city", locale="es", employer="X")
    outcome = advance(state, "start", SURVEY)
    assert outcome.opt_in and outcome.replies == (t.say("es", t.STARTED), t.say("es", t.ASK_CITY))


def test_a_keyword_alone_greets_in_english_with_the_menu_and_asks_for_the_employer():
    outcome = advance(None, "centro", KEYED)
    assert outcome.state == State(step="employer", organization=3)
    welcome, menu, ask = outcome.replies
    assert welcome == t.say("en", t.WELCOME, organization="Centro de Trabajadores Unidos")
    assert "Centro de Trabajadores Unidos" in welcome
    assert menu.endswith(t.LANGUAGE_MENU) and ask == t.say("en", t.ASK_EMPLOYER)


@pytest.mark.parametrize(("text", "locale"), [
    ("HOLA CENTRO", "es"), ("centro hola!", "es"), ("Xin chào CENTRO", "vi"),
    ("안녕하세요 centro", "ko"), ("Hi Centro", "en"), ("Kumusta po CENTRO", "fil"),
])
def test_a_keyword_with_a_greeting_greets_in_that_language(text, locale):
    outcome = advance(None, text, KEYED)
    assert outcome.state == State(step="employer", locale=locale, organization=3)
    assert outcome.replies == (
        t.say(locale, t.WELCOME, organization="Centro de Trabajadores Unidos"),
        t.say(locale, t.ASK_EMPLOYER))


@pytest.mark.parametrize("text", ["centro burger barn", "CENTRO please", "hola centro norte"])
def test_a_keyword_among_other_words_is_not_a_keyword(text):
    outcome = advance(None, text, KEYED)
    assert outcome.state.organization is None and outcome.replies == (t.LANGUAGE_MENU,)


def test_keyword_then_company_name_goes_on_with_the_survey():
    """Issue 18: the company name after the keyword brought the language menu back."""
    _, replies = converse(["CENTRO", "Burger Barn"], survey=KEYED)
    assert replies[-1] == t.say("en", t.ASK_CITY)
    assert t.LANGUAGE_MENU not in replies[-1]


def test_the_simulator_sequence_ends_in_a_report_for_the_organization():
    """Issue 18: keyword, company, city and answers each got the menu back in the simulator."""
    messages = ["CENTRO", "Burger Barn", "Chicago", "2", "yes", "40", "1 3", "15.50", "0"]
    outcome, replies = converse(messages, survey=KEYED)
    assert not [reply for reply in replies if reply == t.LANGUAGE_MENU]
    assert outcome.submit.organization_id == 3 and outcome.submit.locale == "en"
    assert outcome.submit.answers["S1"] == "3to6d"


@pytest.mark.parametrize(("choice", "locale"), [("2", "es"), ("８", "ko"), ("Bonjou", "ht")])
def test_after_a_bare_keyword_a_menu_number_chooses_the_language(choice, locale):
    outcome, replies = converse(["CENTRO", choice, "Burger Barn"], survey=KEYED)
    assert replies[-2] == t.say(locale, t.ASK_EMPLOYER)
    assert outcome.state.locale == locale and outcome.state.employer == "Burger Barn"


def test_a_keyword_conversation_stored_at_the_menu_takes_the_company_name():
    """Conversations stored before the welcome existed wait at the language menu."""
    outcome = advance(State(organization=3), "Burger Barn", KEYED)
    assert outcome.state.step == "city" and outcome.state.employer == "Burger Barn"
    assert advance(State(organization=3), "2", KEYED).state.locale == "es"


def test_questions_carry_their_position():
    _, replies = converse(["hi", "Burger Barn", "Chicago", "1"])
    assert replies[-2].startswith(f"1/{len(KEYS)} ") and replies[-1].startswith(f"2/{len(KEYS)} ")
    assert replies[-1] == t.question_prompt("en", SURVEY.questions[1], position=2,
                                            count=len(KEYS))


def test_a_survey_skipped_throughout_is_not_stored_and_the_worker_is_told():
    outcome, replies = converse(["hola", "Burger Barn", "Chicago", "0", "0", "0", "0", "0", "0"])
    assert outcome.state is None and outcome.submit is None
    assert replies[-1] == t.say("es", t.NOTHING_SAVED)


def test_a_story_alone_is_stored():
    outcome, _ = converse(["hola", "Burger Barn", "Chicago", "0", "0", "0", "0", "0", "Me pagan"])
    assert outcome.submit.answers == {} and outcome.submit.what_happened == "Me pagan"


def test_help_answers_and_repeats_the_current_question():
    state = State(step="question", locale="es", employer="X", city="Y", index=1)
    outcome = advance(state, "ayuda", SURVEY)
    assert outcome.state == state
    assert outcome.replies[0] == t.say("es", t.HELP, operator="Worker Voice")
    assert outcome.replies[1] == t.question_prompt("es", SURVEY.questions[1], position=2,
                                                   count=len(KEYS))


def test_restart_keeps_the_language_and_starts_over():
    state = State(step="question", locale="es", employer="X", city="Y", index=3,
                  answers={"S1": "lt3d"})
    outcome = advance(state, "NUEVO", SURVEY)
    assert outcome.state == State(step="employer", locale="es")


def test_delete_with_a_receipt_code():
    outcome = advance(None, "borrar abcd-2345", SURVEY)
    assert outcome.delete_code == "ABCD-2345" and outcome.state is None


def test_interrupted_conversation_resumes_where_it_stopped():
    outcome, _ = converse(["hola", "Burger Barn", "Chicago", "1"])
    resumed = State.from_dict(outcome.state.to_dict())  # as stored and loaded again
    assert resumed == outcome.state and resumed.index == 1
    nxt = advance(resumed, "2", SURVEY)
    assert nxt.state.index == 2 and nxt.state.answers == {"S1": "lt3d", "S2": "no"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1", 1), (" 1.", 1), ("1)", 1), ("#2", 2), ("２", 2), ("٢", 2), ("۳", 3), ("3 ", 3),
     ("4", None), ("0", None), ("one", None), ("", None)],
)
def test_tolerant_choice_parsing(text, expected):
    assert parsing.parse_choice(text, 3, "en", yes_no=False) == expected


def test_no_prompt_invites_an_opt_out_word():
    """The engine never asks a question whose natural answer is STOP, CANCEL, END, QUIT…"""
    prompts = [t.question_prompt(locale, q) for locale in ("en", "es")
               for q in QUESTIONS_BY_KEY.values()]
    prompts += [t.say(locale, text, count=3, code="ABCD-2345", name="Burger Barn")
                for locale in ("en", "es")
                for text in (t.ASK_EMPLOYER, t.ASK_CITY, t.CONFIRM_EMPLOYER, t.INTRO,
                             t.RETRY_CHOICE, t.RETRY_NUMBER, t.ASK_STORY, t.THANKS)]
    for prompt in prompts:
        words = set(parsing.normalize(prompt).replace("=", " ").split())
        assert not words & (parsing.OPT_OUT - {"END"}), prompt
        assert "END" not in words, prompt


states = st.builds(
    State,
    step=st.sampled_from(["language", "employer", "city", "confirm", "question", "story"]),
    locale=st.sampled_from([None, "en", "es"]),
    employer=st.text(max_size=30),
    city=st.text(max_size=30),
    candidate=st.just("Burger Barn"),
    index=st.integers(0, len(KEYS) - 1),
    retries=st.integers(0, 1),
)


@settings(max_examples=400)
@given(state=st.one_of(st.none(), states), text=st.text(max_size=300))
def test_any_text_never_crashes_and_replies_fit_the_budget(state, text):
    outcome = advance(state, text, SURVEY)
    for reply in outcome.replies:
        assert reply.strip() and within_budget(reply), reply


@pytest.mark.parametrize(
    ("messages", "expect_last_reply", "step"),
    [
        (["que es esto", "tres"], t.LANGUAGE_MENU, "language"),  # menu shown again
        (["hola", "x"], t.say("es", t.ASK_EMPLOYER), "employer"),  # too short
        (["hola", "0"], t.say("es", t.ASK_EMPLOYER), "employer"),  # cannot skip the employer
        (["hola", "Burger Barn", "?"], t.say("es", t.ASK_CITY), "city"),
        (["hi", "burgr barn", "Houston", "maybe"],
         t.say("en", t.CONFIRM_EMPLOYER, name="Burger Barn"), "confirm"),
        (["hi", "Burger Barn", "Chicago", "1", "2", "0", "6 1"],
         t.say("en", t.RETRY_CHOICE, count=6), "question"),  # "none" with a hazard
        (["hi", "Burger Barn", "Chicago", "1", "2", "forty"], t.say("en", t.RETRY_NUMBER),
         "question"),
    ],
)
def test_branches_reply_and_stay(messages, expect_last_reply, step):
    outcome, replies = converse(messages)
    assert replies[-1] == expect_last_reply
    assert outcome.state.step == step


def test_unreadable_confirmation_twice_keeps_the_typed_name():
    outcome, _ = converse(["hi", "burgr barn", "Houston", "maybe", "perhaps"])
    assert outcome.state.step == "question" and outcome.state.employer == "burgr barn"
