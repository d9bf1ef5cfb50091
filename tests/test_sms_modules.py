"""Issue 19 by SMS: the core survey, then the topics (modules) a worker adds to the same report;
full mode as before; what a complete core survey costs in messages and segments; smart
encoding of the replies."""

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from worker_voice.channels.sms import texts as t
from worker_voice.channels.sms.engine import State, Survey, advance
from worker_voice.channels.sms.segments import is_gsm7, segments, smart_encode
from worker_voice.channels.sms.service import expire_idle
from worker_voice.extensions import db
from worker_voice.i18n import LANGUAGE_CODES
from worker_voice.models import Report, RollupCount, SmsConversation
from worker_voice.models.rollup import ANSWERED
from worker_voice.survey import CATEGORY_LABELS, QUESTIONS, Category
from worker_voice.survey.plan import CORE, MODULES
from worker_voice.uow import transaction

from .factories import add_employer
from .fixtures.sms import BASE, TOKEN, Phone

GREETING = {"en": "hi", "es": "Hola", "zh_Hans": "你好", "vi": "Xin chào", "fil": "Kumusta po",
            "ht": "Bonjou", "ar": "مرحبا", "ko": "안녕하세요"}
SCHEDULING = next(module for module in MODULES if module.category == Category.SCHEDULING)


@pytest.fixture
def app_config():
    # Today's quarter still collecting (the tests' default has it published): a report can
    # take the topics a worker adds while its quarter is open (intake.additions).
    return {"TWILIO_AUTH_TOKEN": TOKEN, "PUBLIC_BASE_URL": BASE, "RELEASE_DATE": date.today()}


def said(text, locale="es", **values):
    """A reply as it leaves by SMS (smart encoding is on by default)."""
    return smart_encode(t.say(locale, text, **values), locale)


def menu_in(reply, locale="es"):
    """Whether a reply is the menu of topics (its long or its short form)."""
    return any(reply.startswith(said(menu, locale, choices="\0").split("\0")[0])
               for menu in (t.MODULE_MENU, t.MODULE_MENU_SHORT))


def label(category, locale="es"):
    return smart_encode(t.say(locale, CATEGORY_LABELS[category]), locale)


def count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def core_survey(phone, answer="1", first="HOLA", story="Nos cambian el horario"):
    """Greeting, employer, city, the core (answering `answer`), the story: every reply."""
    replies = phone.send(first) + phone.send("Burger Barn") + phone.send("Chicago")
    sent = 3
    for _ in range(len(CORE) + 1):  # bounded: a prompt that never changes must fail
        if replies[-1] == said(t.ASK_STORY, phone.locale):
            break
        replies += phone.send(answer)
        sent += 1
    assert replies[-1] == said(t.ASK_STORY, phone.locale), replies[-1]
    replies += phone.send(story)
    return replies, sent + 1


@pytest.fixture
def burger_barn(app):
    with app.app_context():
        return add_employer("Burger Barn").id


def spanish_phone(client, number="+15550001234", prefix=""):
    phone = Phone(client, number=number, prefix=prefix)
    phone.locale = "es"
    return phone


def test_the_core_skips_a_follow_up_that_does_not_apply_and_counts_over_nine(app, client,
                                                                          burger_barn):
    phone = spanish_phone(client)
    replies = phone.send("HOLA") + phone.send("Burger Barn") + phone.send("Chicago")
    assert replies[-2] == said(t.INTRO, count=len(CORE))
    assert replies[-1].startswith(f"1/{len(CORE)} ")
    for position in (2, 3, 4):
        assert phone.send("1")[-1].startswith(f"{position}/{len(CORE)} ")
    # H1 (4/9) answered "no" (3): H2 (5/9) does not apply.
    assert phone.send("3")[-1].startswith(f"6/{len(CORE)} ")
    for _ in range(3):
        phone.send("1")
    assert phone.send("1") == [said(t.ASK_STORY)]
    thanks = phone.send("Nos cambian el horario")
    assert "BORRAR" in thanks[0] and menu_in(thanks[-1])
    with app.app_context():
        report = db.session.scalar(sa.select(Report))
        keys = {answer.question_key for answer in report.answers}
        assert keys == {q.key for q in CORE} - {"H2"}
        # While the topics are offered, the conversation knows its report; it alone.
        state = db.session.scalar(sa.select(SmsConversation.state))
        assert state["report"] == report.id and state["step"] == "menu"


def test_a_chosen_topic_adds_its_answers_to_the_same_report(app, client, burger_barn):
    phone = spanish_phone(client)
    replies, _sent = core_survey(phone)
    menu = replies[-1]
    assert menu_in(menu)
    for number, module in enumerate(MODULES, start=1):
        assert f"{number}={label(module.category)}" in menu
    with app.app_context():
        core_answers = len(db.session.scalar(sa.select(Report)).answers)
    prompt = phone.send("1")  # Scheduling
    assert len(prompt) == 1 and prompt[0].startswith(f"1/{len(SCHEDULING.questions)} ")
    for _ in range(len(SCHEDULING.questions)):
        if menu_in(prompt[-1]):
            break
        prompt = phone.send("1")
    assert menu_in(prompt[-1])
    # The menu offers only the topics left.
    assert label(Category.SCHEDULING) not in prompt[-1]
    assert f"1={label(Category.WAGE_THEFT)}" in prompt[-1]
    with app.app_context():
        [report] = db.session.scalars(sa.select(Report)).all()  # one report, grown
        keys = {answer.question_key for answer in report.answers}
        assert len(report.answers) > core_answers and "S1" in keys and "S3" in keys
        answered = db.session.scalar(sa.select(sa.func.sum(RollupCount.count)).where(
            RollupCount.question_key == "S1", RollupCount.option == ANSWERED))
        assert answered == 1
        assert count(SmsConversation) == 1
    assert phone.send("0") == [said(t.FINISHED)]
    with app.app_context():
        assert count(SmsConversation) == 0 and count(Report) == 1
    # Twilio keeps nothing of the ended conversation.
    assert sorted(app.extensions["sms_gateway"].deleted) == sorted(phone.sids)


def test_a_conversation_idle_in_a_topic_keeps_the_answers_given(app, client, burger_barn):
    phone = spanish_phone(client)
    core_survey(phone)
    phone.send("1")  # Scheduling
    phone.send("2")  # S1: 3 to 6 days
    phone.send("1")  # S3
    with app.app_context(), transaction():  # the sweep's boundary commits
        assert expire_idle(now=datetime.now(UTC) + timedelta(hours=25)) == (1, 0)
    with app.app_context():
        report = db.session.scalar(sa.select(Report))
        answers = {(a.question_key, a.option) for a in report.answers}
        assert ("S1", "3to6d") in answers and "S3" in {key for key, _o in answers}
        assert count(SmsConversation) == 0 and count(Report) == 1
    assert sorted(app.extensions["sms_gateway"].deleted) == sorted(phone.sids)


def test_a_greeting_at_the_menu_starts_a_new_report(app, client, burger_barn):
    phone = spanish_phone(client)
    core_survey(phone)
    assert phone.send("HOLA") == [said(t.ASK_EMPLOYER)]
    with app.app_context():
        state = db.session.scalar(sa.select(SmsConversation.state))
        assert state["report"] is None and state["answers"] == {}


def test_full_mode_asks_every_question_and_offers_no_topics(app, client, burger_barn):
    app.config["SURVEY_MODE"] = "full"
    phone = spanish_phone(client)
    replies = phone.send("HOLA") + phone.send("Burger Barn") + phone.send("Chicago")
    assert replies[-1].startswith(f"1/{len(QUESTIONS)} ")
    for _ in range(len(QUESTIONS) + 1):
        if replies[-1] == said(t.ASK_STORY):
            break
        replies = phone.send("1")
    assert replies == [said(t.ASK_STORY)]
    thanks = phone.send("Nos cambian el horario")
    assert "BORRAR" in thanks[0] and not any(menu_in(reply) for reply in thanks)
    with app.app_context():
        assert count(SmsConversation) == 0
        assert len(db.session.scalar(sa.select(Report)).answers) > len(CORE)


def test_the_engine_numbers_a_module_over_its_own_questions():
    survey = Survey(questions=CORE, modules=MODULES)
    state = State(step="menu", locale="en", answers={"S2": "yes"}, report=1)
    outcome = advance(state, "1", survey)
    assert outcome.state.module == Category.SCHEDULING
    assert outcome.replies[0].startswith(f"1/{len(SCHEDULING.questions)} ")
    done = advance(state, "0", survey)
    assert done.state is None and done.replies == (t.say("en", t.FINISHED),)


@pytest.mark.parametrize("locale", LANGUAGE_CODES)
def test_a_complete_core_survey_takes_at_most_fifteen_messages(app, client, burger_barn,
                                                                locale, figure):
    """Answering "yes" (1) to everything, so that the follow-up H2 is asked: the worker's
    messages (first contact, employer, city, the core, the story, 0 at the menu) and what the
    replies cost as sent."""
    phone = Phone(client)
    phone.locale = locale
    replies, sent = core_survey(phone, first=GREETING[locale], story="1")
    assert menu_in(replies[-1], locale)
    replies += phone.send("0")
    sent += 1
    assert sent <= 15
    total = sum(segments(reply) for reply in replies)
    per_message = total / len(replies)
    with app.app_context():
        dialect = db.engine.dialect.name
    if dialect == "sqlite":  # one line per language (the figures are the same on PostgreSQL)
        figure(f"[sms] {locale}: {sent} messages from the worker, {len(replies)} replies, "
               f"{total} segments per completed core survey "
               f"({per_message:.2f} segments per message)")
    if locale == "es":
        assert all(is_gsm7(reply) for reply in replies), [r for r in replies if not is_gsm7(r)]
        assert per_message <= 1.1


def test_smart_encoding_off_keeps_the_accents(app, client):
    accented = t.say("es", t.ASK_EMPLOYER)
    assert not is_gsm7(accented)  # "envíe"
    assert Phone(client, number="+15550000001").send("HOLA") == [smart_encode(accented, "es")]
    assert is_gsm7(smart_encode(accented, "es"))
    # WhatsApp has no segments: every accent stays.
    assert Phone(client, number="+15550000002", prefix="whatsapp:").send("HOLA") == [accented]
    app.config["SMS_SMART_ENCODING"] = False
    assert Phone(client, number="+15550000003").send("HOLA") == [accented]


@pytest.mark.parametrize(("locale", "text", "sent"), [
    ("es", "¿Cuántas horas? Envíe “sí”… — ¡Ya!", '¿Cuantas horas? Envie "si"... - ¡Ya!'),
    ("es", "Niño, pingüino, Él", "Niño, pingüino, Él"),  # GSM-7 already: unchanged
    ("ht", "KREYÒL È", "KREYOL E"),
    ("vi", "Tiếng Việt", "Tiếng Việt"),  # tone marks carry meaning: kept
    ("es", "Burger Barn 中文 envíe", "Burger Barn 中文 envíe"),  # UCS-2 anyway: kept
    ("ko", "한국어", "한국어"),
])
def test_smart_encoding_by_language(locale, text, sent):
    assert smart_encode(text, locale) == sent


def test_replies_sent_through_the_gateway_are_smart_encoded_too(app, client):
    app.config.update(SMS_REPLY_MODE="gateway", SMS_GATEWAY="fake")
    Phone(client).send("HOLA")
    [(_to, body)] = app.extensions["sms_gateway"].sent
    assert body == said(t.ASK_EMPLOYER) and is_gsm7(body)


def test_a_conversation_idle_at_the_menu_or_stopped_in_a_topic_is_forgotten(app, client,
                                                                             burger_barn):
    idle, stopped = (spanish_phone(client, number=f"+1555000{n:04d}") for n in (1, 2))
    core_survey(idle)
    core_survey(stopped)
    stopped.send("1")  # Scheduling
    stopped.send("2")  # S1, not added: STOP takes nothing further
    assert stopped.send("STOP") == [said(t.STOPPED)]
    with app.app_context(), transaction():
        assert expire_idle(now=datetime.now(UTC) + timedelta(hours=25)) == (0, 1)
    with app.app_context():
        assert count(SmsConversation) == 0 and count(Report) == 2
        keys = {answer.question_key for report in db.session.scalars(sa.select(Report))
                for answer in report.answers}
        assert "S1" not in keys


def test_a_conversation_stored_by_the_full_survey_goes_on_to_the_story():
    """Deployed to core mode in the middle of a full survey: past the core, the story."""
    survey = Survey(questions=CORE, modules=MODULES)
    state = State(step="question", locale="en", employer="Burger Barn", city="Chicago",
                  index=20, answers={"S1": "lt3d"})
    outcome = advance(state, "1", survey)
    assert outcome.state.step == "story" and outcome.replies == (t.say("en", t.ASK_STORY),)
    done = advance(outcome.state, "They cut hours", survey)
    assert done.submit.answers == {"S1": "lt3d"} and done.state.step == "menu"
