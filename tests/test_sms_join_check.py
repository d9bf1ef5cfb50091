"""SMS keywords of the mailbox and the contact request: in the engine, CHECK <code> [answer] in
every language and JOIN's questions (the warning first, nothing of a report along); through the
webhook, the organization's question read and answered by code, wrong codes limited with
DELETE's, a request to be contacted stored encrypted and ended by STOP."""

import re
from datetime import date

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from worker_voice.auth.passwords import create_user
from worker_voice.channels.sms import parsing
from worker_voice.channels.sms import texts as t
from worker_voice.channels.sms.engine import State, Survey, advance
from worker_voice.extensions import db
from worker_voice.i18n import LANGUAGE_CODES
from worker_voice.intake import find_by_receipt
from worker_voice.intake.mailbox import send_to_worker
from worker_voice.intake.receipts import display_receipt
from worker_voice.models import (
    Contact,
    MailboxDirection,
    MailboxMessage,
    Organization,
    SmsConversation,
)
from worker_voice.organizer.organizations import set_default_organization
from worker_voice.uow import transaction

from .factories import report
from .fixtures.accounts import PASSWORD
from .fixtures.sms import BASE, TOKEN, Phone

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
    assert outcome.replies == (t.say("es", t.JOIN_WARNING, organization="Centro Unido"),
                               t.say("es", t.JOIN_RISK))
    outcome, replies = converse(["1", "Ana", "0", "tal vez", "1", "Burger Barn"], outcome.state)
    assert replies[0] == t.say("es", t.JOIN_NAME)
    assert t.say("es", t.JOIN_SAFE) in replies[2:4]  # asked again after "tal vez"
    assert outcome.state is None and outcome.replies == ()  # the webhook answers, once stored
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


# Through the webhook, with the mailbox and contacts services behind it.

@pytest.fixture
def app_config():
    return {"TWILIO_AUTH_TOKEN": TOKEN, "PUBLIC_BASE_URL": BASE, "SMS_SMART_ENCODING": False}


@pytest.fixture
def centro(app):
    """Centro, the line's default organization, with one report of its own (its receipt)."""
    with app.app_context():
        with transaction():
            create_user(email="lead@centro.org", password=PASSWORD, organization_name="Centro")
            slug = db.session.scalar(sa.select(Organization.slug)
                                     .where(Organization.name == "Centro"))
            organization = set_default_organization(slug=slug).id
        receipt = report(answers={"S2": "yes"}, organization_id=organization)
        report_id = find_by_receipt(receipt.code).id
    return {"id": organization, "code": display_receipt(receipt.code), "report": report_id}


def test_check_reads_the_organizations_questions_and_sends_the_answer_back(app, client,
                                                                           centro):
    phone = Phone(client)
    assert phone.send(f"CHECK {centro['code']}") == [
        t.say("en", t.MAILBOX_EMPTY, code=centro["code"])]
    with app.app_context(), transaction():
        send_to_worker(report_id=centro["report"], organization_id=centro["id"],
                       text="Which manager took the tips?", today=date.today())
    replies = phone.send(f"check {centro['code'].lower()}")
    assert replies[0].endswith(": Which manager took the tips?")
    assert replies[-1] == t.say("en", t.MAILBOX_HOW_TO_ANSWER, code=centro["code"])
    answer = "The night manager. Call me at 312-555-0188 or ana@example.org"
    assert phone.send(f"CHECK {centro['code']} {answer}") == [t.say("en", t.MAILBOX_ANSWERED)]
    with app.app_context():
        stored = db.session.scalars(sa.select(MailboxMessage.text).where(
            MailboxMessage.direction == MailboxDirection.FROM_WORKER)).all()
    assert len(stored) == 1 and stored[0].startswith("The night manager.")
    assert "555-0188" not in stored[0] and "ana@example.org" not in stored[0]


def test_wrong_codes_by_check_and_delete_share_one_daily_limit(app, client, centro):
    phone = Phone(client)
    for attempt in range(3):
        phone.send(f"CHECK ZZZZ-ZZZ{attempt}")
        phone.send(f"DELETE ZZZZ-YYY{attempt}")
    # Six wrong codes today: the right one is no longer even looked up.
    assert phone.send(f"CHECK {centro['code']}") == [
        t.say("en", t.NOT_FOUND, code=centro["code"].replace("-", ""))]
    assert Phone(client, number="+15550009999").send(f"CHECK {centro['code']}") == [
        t.say("en", t.MAILBOX_EMPTY, code=centro["code"])]


def test_join_by_sms_stores_an_encrypted_request_and_stop_ends_its_messages(app, client,
                                                                           centro):
    phone = Phone(client, number="+13125550147")
    assert phone.send("JOIN") == [t.say("en", t.JOIN_WARNING, organization="Centro"),
                                  t.say("en", t.JOIN_RISK)]
    for answer in ("1", "Ana", "evenings", "1"):
        phone.send(answer)
    assert phone.send("Burger Barn") == [t.say("en", t.JOIN_DONE, organization="Centro")]
    with app.app_context():
        [contact] = db.session.scalars(sa.select(Contact)).all()
        assert contact.organization_id == centro["id"] and contact.texting_ok
        assert not contact.opted_out
        raw = " ".join(str(value) for value in db.session.execute(
            sa.select(Contact.__table__)).one())
        assert not {"Ana", "evenings", "Burger Barn", "3125550147"} & set(raw.split())
        assert "5550147" not in raw
        assert db.session.scalar(sa.select(sa.func.count()).select_from(SmsConversation)) == 0
    phone.send("STOP")
    with app.app_context():
        assert db.session.scalar(sa.select(Contact.opted_out))


def test_the_last_message_of_a_report_offers_the_mailbox_and_joining(app, client, centro):
    phone = Phone(client, number="+13125550148")
    replies = phone.send("HI") + phone.send("Burger Barn") + phone.send("Chicago")
    for _ in range(60):
        if replies[-1] == t.say("en", t.ASK_STORY):
            break
        replies += phone.send("0" if "1=" in replies[-1] else "1")
    replies += phone.send("They cut our hours")
    code = re.search(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b", replies[-3] + replies[-2]).group(1)
    assert t.say("en", t.AFTER_REPORT, code=code) in replies
