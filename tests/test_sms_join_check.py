"""SMS keywords of the mailbox and the contact request, in the engine: CHECK <code> [answer] in
every language, and JOIN's questions — with the warning first, and nothing of a report along."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from worker_voice.channels.sms import parsing
from worker_voice.channels.sms import texts as t
from worker_voice.channels.sms.engine import State, Survey, advance
from worker_voice.i18n import LANGUAGE_CODES

SURVEY = Survey(reader_for=lambda organization: {3: "Centro Unido"}.get(organization,
                                                                        "Worker Center"))


def converse(messages, state=None):
    replies, outcome = [], None
    for message in messages:
        outcome = advance(state, message, SURVEY)
        replies.extend(outcome.replies)
        state = outcome.state
    return outcome, replies


@pytest.mark.parametrize("locale", LANGUAGE_CODES)
def test_every_language_has_its_check_and_join_words(locale):
    keywords = parsing.KEYWORDS[locale]
    assert keywords.check and keywords.join
    for word in keywords.check:
        assert parsing.check_request(f"{word} 6B4C-KVVF") == (locale, "6B4CKVVF", None)
    for word in keywords.join:
        assert parsing.join_request(word.lower()) == locale
    # No check or join word is also another keyword: it would be read as that one.
    others = {*parsing.HELP, *parsing.RESTART, *parsing.DELETE, *parsing.SKIP, *parsing.STOP}
    assert not {parsing.normalize(w) for w in (*keywords.check, *keywords.join)} & others


@given(st.text(min_size=1, max_size=60).filter(lambda s: s.strip() and s == s.strip()))
def test_an_answer_after_the_code_is_kept_as_typed(answer):
    found = parsing.check_request(f"check 6b4c-kvvf {answer}")
    assert found == ("en", "6B4CKVVF", answer)


def test_check_reaches_the_service_wherever_the_conversation_is():
    running = State(step="question", locale="es", index=2, answers={"S1": "yes"})
    outcome = advance(running, "REVISAR 6B4C-KVVF el gerente de noche", SURVEY)
    assert outcome.check == ("6B4CKVVF", "el gerente de noche") and outcome.state == running
    assert advance(None, "查看6B4CKVVF", SURVEY).locale == "zh_Hans"


def test_join_warns_first_then_asks_and_hands_over_a_request_without_the_report():
    after_report = State(step="menu", locale="es", organization=3, report=41,
                         answers={"S1": "yes"}, employer="Burger Barn")
    outcome = advance(after_report, "Unirme", SURVEY)
    assert outcome.state.report is None and outcome.state.answers == {}
    assert outcome.state.employer == "" and outcome.state.organization == 3
    assert outcome.replies == (t.say("es", t.JOIN_WARNING, organization="Centro Unido"),)
    outcome, replies = converse(["1", "Ana", "0", "tal vez", "1", "Burger Barn"], outcome.state)
    assert replies[0] == t.say("es", t.JOIN_NAME)
    assert t.say("es", t.JOIN_SAFE) in replies[2:4]  # asked again after "tal vez"
    assert outcome.state is None
    assert replies[-1] == t.say("es", t.JOIN_DONE, organization="Centro Unido")
    draft = outcome.contact
    assert (draft.organization_id, draft.locale, draft.name, draft.best_time,
            draft.texting_safe, draft.employer) == (3, "es", "Ana", None, True, "Burger Barn")


def test_join_can_be_stopped_and_keeps_nothing():
    outcome, replies = converse(["JOIN", "0"])
    assert outcome.state is None and outcome.contact is None
    assert replies[-1] == t.say("en", t.JOIN_CANCELLED)
    outcome, _ = converse(["JOIN", "1", "Ana", "STOP"])
    assert outcome.contact is None and outcome.opt_out


def test_join_is_not_read_as_an_answer_in_the_middle_of_questions():
    running = State(step="city", locale="en", employer="Join Corp")
    outcome = advance(running, "join", SURVEY)
    assert outcome.state.step != "join_confirm" and outcome.contact is None
