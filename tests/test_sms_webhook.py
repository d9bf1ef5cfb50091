"""The Twilio webhook end to end on SQLite and PostgreSQL, signatures computed offline."""

import logging
import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from twilio.request_validator import RequestValidator

from worker_voice.channels.sms import texts as t
from worker_voice.channels.sms.service import (
    KEEP_SIDS,
    WRONG_CODES_PER_DAY,
    expire_idle,
    handle_inbound,
    pseudonym,
)
from worker_voice.channels.sms.texts import LANGUAGE_MENU
from worker_voice.extensions import db
from worker_voice.i18n import LANGUAGE_CODES
from worker_voice.insights.disclosure import EVERYONE
from worker_voice.insights.rollups import recompute
from worker_voice.insights.summaries import employer_summary
from worker_voice.models import (
    Organization,
    Report,
    RollupCount,
    SealedQuarter,
    SmsConversation,
    SmsDelivery,
    SmsOptOut,
)
from worker_voice.models.conversation import PhoneDailyCount, SmsPendingDeletion
from worker_voice.survey.plan import CORE
from worker_voice.uow import transaction

from .factories import add_employer
from .fixtures.concurrency import run_together
from .fixtures.rollups import snapshot
from .fixtures.sms import ACCOUNT, BASE, CANARY, TOKEN, Phone, holds_trace, sign, twiml_messages


@pytest.fixture
def app_config():
    # The replies as the engine words them (tests/test_sms_modules.py: smart encoding).
    return {"TWILIO_AUTH_TOKEN": TOKEN, "PUBLIC_BASE_URL": BASE, "SMS_SMART_ENCODING": False}


def test_published_twilio_signature_example_validates():
    validator = RequestValidator("12345")
    params = {"CallSid": "CA1234567890ABCDE", "Caller": "+12349013030", "Digits": "1234",
              "From": "+12349013030", "To": "+18005551212"}
    url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    assert validator.validate(url, params, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")


def mutations(params):
    yield "byte flipped", params, "flip"
    yield "parameter added", params | {"Extra": "1"}, None
    yield "parameter dropped", {k: v for k, v in params.items() if k != "To"}, None
    yield "parameter changed", params | {"Body": params["Body"] + "!"}, None
    yield "http instead of https", params, "http"
    yield "another host", params, "host"


def test_every_mutation_of_a_signed_request_is_refused(app, client):
    phone = Phone(client)
    params = phone.params("HOLA")
    url = f"{BASE}/sms/inbound"
    good = RequestValidator(TOKEN).compute_signature(url, params)
    for name, sent, how in mutations(params):
        signature = good
        if how == "flip":
            signature = ("A" if good[0] != "A" else "B") + good[1:]
        elif how == "http":
            signature = RequestValidator(TOKEN).compute_signature(url.replace("https", "http"),
                                                                   params)
        elif how == "host":
            signature = RequestValidator(TOKEN).compute_signature(
                url.replace("voice.example.org", "evil.example"), params)
        assert phone.post(sent, signature=signature).status_code == 403, name
    assert client.post("/sms/inbound", data=params).status_code == 403  # no signature
    with app.app_context():
        for model in (SmsDelivery, SmsConversation, Report):
            assert db.session.scalar(sa.select(sa.func.count()).select_from(model)) == 0
    assert phone.post(params, signature=good).status_code == 200


def run_survey(phone, answers="1"):
    replies = phone.send("HOLA")
    replies += phone.send("Burger Barn")
    replies += phone.send("Chicago")
    for _ in range(60):  # bounded: a reply that never changes must fail, not hang
        if "0 para terminar" in replies[-1]:
            break
        replies += phone.send(answers)
    replies += phone.send("Nos cambian el horario")
    if menu_in(replies[-1]):  # the topics to add: 0 finishes
        replies += phone.send("0")
    return replies


def menu_in(reply, locale="es"):
    """Whether a reply is the menu of topics offered after the receipt."""
    return any(reply.startswith(t.say(locale, menu, choices="\0").split("\0")[0])
               for menu in (t.MODULE_MENU, t.MODULE_MENU_SHORT))


def thanks_in(replies):
    """The thank-you message with the receipt (where to get help follows it)."""
    return next(reply for reply in replies if "BORRAR" in reply)


def receipt_in(thanks):
    return re.search(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b", thanks).group(1)


def test_spanish_survey_lands_in_the_employer_summary(app, client):
    with app.app_context():
        employer = add_employer("Burger Barn").id
    for number in range(10):  # half answer 1 (yes), half 2 (no): a share the guard shows
        replies = run_survey(Phone(client, number=f"+1555000{number:04d}"),
                             answers="1" if number % 2 else "2")
        assert "¡Gracias!" in thanks_in(replies)
    with app.app_context():
        reports = db.session.scalars(sa.select(Report)).all()
        assert {(r.channel, r.locale, r.employer_id) for r in reports} == {("sms", "es", employer)}
        assert reports[0].what_happened == "Nos cambian el horario"
        summary = employer_summary(scope=EVERYONE, employer_id=employer)
        [s2] = [i.measure for i in summary.indicators if i.question.key == "S2"]
        assert summary.reports == 10 and (s2.problem, s2.n) == (5, 10)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(SmsConversation)) == 0


def test_canary_number_is_nowhere_in_the_database_or_logs(app, client, caplog):
    caplog.set_level(logging.DEBUG)
    with app.app_context():
        add_employer("Burger Barn")
    phone = Phone(client, prefix="whatsapp:")
    run_survey(phone)
    phone.send("HOLA")
    phone.send("STOP")
    with app.app_context():
        dump = "\n".join(
            str(value)
            for table in db.metadata.sorted_tables
            for row in db.session.execute(sa.select(table)).all()
            for value in row
        )
        assert db.session.scalar(sa.select(Report.channel)) == "whatsapp"
    digits = CANARY.lstrip("+")
    for needle in (digits, digits[-7:], "SPRINGFIELD", "62701"):
        assert not holds_trace(dump, needle)
        assert not holds_trace(caplog.text, needle)
    # The story is the report itself and is stored with it, but message bodies are never logged.
    assert "Nos cambian" not in caplog.text


def test_a_retried_delivery_is_answered_with_nothing_and_no_reply_is_kept(app, client):
    phone = Phone(client)
    params = phone.params("HOLA")
    first, again = phone.post(params), phone.post(params)
    assert "empresa" in twiml_messages(first)[0][0]
    assert again.status_code == 200 and twiml_messages(again) == []
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(SmsDelivery)) == 1
        columns = {c["name"] for c in sa.inspect(db.engine).get_columns("sms_delivery")}
        assert columns == {"message_hash", "received_on"}


def test_ten_concurrent_deliveries_store_one_answer(app):
    with app.app_context():
        key = app.config["PHONE_HASH_KEY"]
        phone_hash = pseudonym(CANARY, key)
        for text, n in (("HOLA", 1), ("Burger Barn", 2), ("Chicago", 3)):
            with transaction():
                handle_inbound(phone_hash=phone_hash, channel="sms", text=text,
                               message_hash=f"setup-{n}")
        db.session.remove()

    def as_a_request():
        with transaction():
            return handle_inbound(phone_hash=phone_hash, channel="sms", text="2",
                                  message_hash="the-same-message")

    results, failures = run_together(app, 10, as_a_request)
    assert failures == [] and len(results) == 10
    assert sorted((r.repeated, len(r.replies)) for r in results) == [(False, 1)] + [(True, 0)] * 9
    with app.app_context():
        state = db.session.get(SmsConversation, phone_hash).state
        assert state["answers"] == {"S2": "no"} and state["index"] == 1


def test_stop_silences_everything_until_start(app, client):
    phone = Phone(client)
    phone.send("HOLA")
    assert phone.send("STOP") == [t.say("es", t.STOPPED)]  # one short confirmation, once
    assert phone.send("Burger Barn") == []
    assert phone.send("AYUDA") == []
    assert phone.send("HOLA") == []
    assert phone.send("PARAR") == []
    # STOP forgot the conversation, and nothing sent while opted out started a new one.
    assert phone.send("START") == [t.say("en", t.STARTED), LANGUAGE_MENU]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(SmsOptOut)) == 0


def add_centro():
    organization = Organization(name="Centro de Trabajadores Unidos", sms_keyword="CENTRO")
    db.session.add(organization)
    db.session.commit()
    return organization.id


def test_keyword_then_company_name_goes_on_to_a_report_for_the_organization(app, client):
    """Issue 18: after the keyword, the company name brought the language menu back."""
    with app.app_context():
        add_employer("Burger Barn")
        centro = add_centro()
    phone = Phone(client)
    welcome = phone.send("CENTRO")
    assert "Centro de Trabajadores Unidos" in welcome[0]
    assert welcome[-1] == t.say("en", t.ASK_EMPLOYER)
    assert phone.send("Burger Barn") == [t.say("en", t.ASK_CITY)]
    replies = phone.send("Chicago")
    assert replies[-1].startswith(f"1/{len(CORE)} ")
    for _ in range(len(CORE)):  # "yes" to being hurt: the follow-up is asked too
        replies = phone.send("1")
    assert replies == [t.say("en", t.ASK_STORY)]
    thanks = phone.send("0")
    assert "DELETE" in thanks[0] and menu_in(thanks[-1], "en")
    assert phone.send("0") == [t.say("en", t.FINISHED)]
    with app.app_context():
        assert db.session.scalar(sa.select(Report.organization_id)) == centro


def test_a_spanish_greeting_with_the_keyword_chooses_spanish(app, client):
    with app.app_context():
        add_centro()
    assert Phone(client).send("Hola CENTRO") == [
        t.say("es", t.WELCOME, organization="Centro de Trabajadores Unidos"),
        t.say("es", t.ASK_EMPLOYER)]


def test_the_simulator_sequence_after_a_keyword_shows_the_menu_once(runner, app):
    """Issue 18: in the simulator the menu came back after the keyword four times."""
    with app.app_context():
        add_employer("Burger Barn", cities=("Chicago",))
        add_centro()
    typed = ["CENTRO", "Burger Barn", "Chicago", "1", "2"]
    result = runner.invoke(args=["sms", "simulate"], input="\n".join(typed) + "\n")
    assert result.exit_code == 0, result.output
    assert result.output.count(LANGUAGE_MENU) == 1
    assert "Centro de Trabajadores Unidos" in result.output
    assert f"2/{len(CORE)} " in result.output and f"3/{len(CORE)} " in result.output


def test_a_survey_skipped_throughout_is_not_stored(app, client):
    with app.app_context():
        add_employer("Burger Barn")
    phone = Phone(client)
    replies = phone.send("HOLA") + phone.send("Burger Barn") + phone.send("Chicago")
    for _ in range(len(CORE)):
        replies = phone.send("0")
    assert replies == [t.say("es", t.ASK_STORY)]
    assert phone.send("0") == [t.say("es", t.NOTHING_SAVED)]
    with app.app_context():
        assert count(Report) == 0 and count(SmsConversation) == 0


def test_delete_by_receipt_takes_the_report_out_of_the_rollups(app, client):
    with app.app_context():
        employer = add_employer("Burger Barn").id
    phones = [Phone(client, number=f"+1555000{n:04d}") for n in range(5)]
    receipts = [thanks_in(run_survey(phone)) for phone in phones]
    code = receipt_in(receipts[0])
    assert phones[0].send(f"BORRAR {code}") == [f"Su reporte {code} fue borrado."]
    assert "No encontramos" in phones[0].send(f"BORRAR {code}")[0]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Report)) == 4
        # Its quarter was already published (the tests' release day is next quarter): the
        # quarter is sealed, its totals keep the report, and a recompute leaves them alone.
        assert employer_summary(scope=EVERYONE, employer_id=employer).reports == 5
        assert db.session.scalar(sa.select(sa.func.sum(RollupCount.count))
                                 .where(RollupCount.question_key == "_reports")) == 5
        assert db.session.scalars(sa.select(SealedQuarter.quarter)).all() != []
        incremental = snapshot()
        recompute()
        assert snapshot() == incremental


def test_idle_conversations_are_submitted_after_a_day(app, client):
    with app.app_context():
        add_employer("Burger Barn")
    Phone(client, number="+15550000001").send("HOLA")  # no employer: forgotten
    worker = Phone(client, number="+15550000002")
    for text in ("HOLA", "Burger Barn", "Chicago", "1", "2"):
        worker.send(text)
    with app.app_context():
        assert expire_idle() == (0, 0)  # not idle yet
        later = datetime.now(UTC) + timedelta(hours=25)
        assert expire_idle(now=later) == (1, 1)
        report = db.session.scalar(sa.select(Report))
        assert {(a.question_key, a.option) for a in report.answers} == {("S2", "yes"),
                                                                         ("W1", "no")}
        assert db.session.scalar(sa.select(sa.func.count()).select_from(SmsConversation)) == 0


def test_simulate_command_runs_a_conversation(runner, app):
    with app.app_context():
        add_employer("Burger Barn")
    result = runner.invoke(args=["sms", "simulate"], input="hola\nBurger Barn\nChicago\n1\n")
    assert result.exit_code == 0, result.output
    assert "¿En qué empresa trabaja?" in result.output
    assert f"1/{len(CORE)} " in result.output and f"2/{len(CORE)} " in result.output


def test_browser_simulator_only_in_development(app, client):
    from .fixtures.forms import csrf_token

    assert client.get("/sms/simulator").status_code == 404  # testing is not development
    app.config["WORKER_VOICE_ENV"] = "development"
    page = client.get("/sms/simulator?lang=es").get_data(as_text=True)
    response = client.post("/sms/simulator", data={"body": "HOLA", "csrf_token": csrf_token(page)})
    assert response.status_code == 302
    assert "¿En qué empresa trabaja?" in client.get("/sms/simulator").get_data(as_text=True)


LOCAL_DIGITS = {"ar": "٠١٢٣٤٥٦٧٨٩", "zh_Hans": "０１２３４５６７８９"}


@pytest.mark.parametrize("number", range(len(LANGUAGE_CODES)))
def test_a_new_worker_reports_by_sms_in_each_language(runner, app, number):
    """Choose the language from the menu (in that language's own digits where it has them),
    then answer everything: every reply is in that language and the report records it."""
    locale = LANGUAGE_CODES[number]
    digits = LOCAL_DIGITS.get(locale, "0123456789")
    with app.app_context():
        add_employer("Burger Barn", cities=("Chicago",))
    answers = [digits[1]] * (len(CORE) + 1) + [digits[0]]  # the core, a story, 0 at the menu
    typed = ["hello there", digits[number + 1], "Burger Barn", "Chicago", *answers]
    result = runner.invoke(args=["sms", "simulate", "--phone", f"+1555555{number:04d}"],
                           input="\n".join(typed) + "\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        stored = db.session.scalar(sa.select(Report))
        assert stored.locale == locale and stored.employer.name == "Burger Barn"
        assert len(stored.answers) == len(CORE)
    [code] = set(re.findall(r"[A-Z0-9]{4}-[A-Z0-9]{4}", result.output))
    assert t.thanks(locale, code=code, site="voice.example.org") in result.output
    replies = [line for line in result.output.splitlines() if line.startswith("  ← ")][1:]
    if locale != "en":
        english = {t.msgid(text) for text in (t.ASK_EMPLOYER, t.ASK_CITY, t.ASK_STORY)}
        assert not [reply for reply in replies if any(e in reply for e in english)]


def count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


SPLICED = "SM" + "1" * 32  # with NumMedia=0 dropped, MessageSid=SM…NumMedia0 signs the same


@pytest.mark.parametrize(("field", "value"), [
    ("MessageSid", SPLICED + "NumMedia0"),
    ("MessageSid", "SM" + "A" * 32),  # Twilio's ids are lowercase hex
    ("MessageSid", "SM" + "1" * 31),
    ("MessageSid", "XX" + "1" * 32),
    ("MessageSid", "SM" + "1" * 32 + "\n"),
    ("MessageSid", ""),
    ("From", "15550001234"),
    ("From", "+05550001234"),
    ("From", "+1555"),
    ("From", "+1555000123456789"),
    ("From", "whatsapp+15550001234"),
    ("From", "whatsapp: +15550001234"),
    ("From", "+15550001234\n"),
    ("From", "sim-0123"),
])
def test_a_signed_message_with_a_field_of_the_wrong_shape_is_refused(app, client, field, value):
    phone = Phone(client)
    params = phone.params("HOLA", sid=SPLICED)
    if value.endswith("NumMedia0"):
        del params["NumMedia"]
    params[field] = value
    assert phone.post(params).status_code == 400  # signed correctly, so past the 403
    with app.app_context():
        assert [count(m) for m in (SmsDelivery, SmsConversation, SmsPendingDeletion)] == [0, 0, 0]
    good = phone.params("HOLA")
    assert phone.post(good).status_code == 200
    assert phone.post(good | {"From": "whatsapp:" + CANARY, "MessageSid": "MM" + "a" * 32}
                      ).status_code == 200


def test_the_spliced_signature_really_is_the_same():
    url, sid = f"{BASE}/sms/inbound", SPLICED
    honest = {"MessageSid": sid, "NumMedia": "0", "Body": "x"}
    spliced = {"MessageSid": sid + "NumMedia0", "Body": "x"}
    assert sign(url, honest) == sign(url, spliced)


def test_a_message_for_another_twilio_account_is_refused(app, client):
    app.config.update(TWILIO_ACCOUNT_SID="AC" + "f" * 32)
    phone = Phone(client)
    assert phone.post(phone.params("HOLA")).status_code == 400
    assert phone.status("SM" + "a" * 32, "delivered").status_code == 400
    with app.app_context():
        assert count(SmsDelivery) == 0
    app.config.update(TWILIO_ACCOUNT_SID=ACCOUNT)
    assert phone.post(phone.params("HOLA")).status_code == 200


def test_the_thanks_names_both_ways_to_delete(app, client):
    with app.app_context():
        add_employer("Burger Barn")
    thanks = thanks_in(run_survey(Phone(client)))
    code = receipt_in(thanks)
    assert f"BORRAR {code}" in thanks and "voice.example.org/delete" in thanks
    assert thanks == t.thanks("es", code=code, site="voice.example.org")


def test_wrong_receipt_codes_are_limited_per_phone_and_day(app, client):
    with app.app_context():
        add_employer("Burger Barn")
    code = receipt_in(thanks_in(run_survey(Phone(client, number="+15550000001"))))
    guesser = Phone(client, number="+15550000002")
    for attempt in range(WRONG_CODES_PER_DAY):
        assert guesser.send(f"BORRAR ZZZZ-{2000 + attempt}") == [
            t.say("es", t.NOT_FOUND, code=f"ZZZZ-{2000 + attempt}")]
    # Past the limit even the right code gets the wrong code's answer, and nothing is deleted.
    assert guesser.send(f"BORRAR {code}") == [t.say("es", t.NOT_FOUND, code=code)]
    with app.app_context():
        assert count(Report) == 1
        phone_hash = pseudonym(guesser.number, app.config["PHONE_HASH_KEY"])
        keys = db.session.scalars(sa.select(PhoneDailyCount.key)).all()
        assert keys and phone_hash not in keys  # a hash of the pseudonym, not the pseudonym
        # The next day starts from zero: yesterday's counts are dropped by the sweep.
        expire_idle(now=datetime.now(UTC) + timedelta(days=1))
        assert count(PhoneDailyCount) == 0
    owner = Phone(client, number="+15550000003")  # another phone is not held back
    assert owner.send(f"BORRAR {code}") == [t.say("es", t.DELETED, code=code)]


def test_delete_without_a_code_is_told_how_and_costs_no_try(app, client):
    with app.app_context():
        add_employer("Burger Barn")
    code = receipt_in(thanks_in(run_survey(Phone(client, number="+15550000001"))))
    forgetful = Phone(client, number="+15550000002")
    for _ in range(WRONG_CODES_PER_DAY + 1):
        assert forgetful.send("borrar") == [t.say("es", t.DELETE_HOW)]
    assert "BORRAR ABCD-2345" in t.say("es", t.DELETE_HOW)
    assert forgetful.send(f"BORRAR {code}") == [t.say("es", t.DELETED, code=code)]


def test_a_right_code_does_not_count_against_the_phone(app):
    app.config["SMS_CONVERSATIONS_PER_DAY"] = WRONG_CODES_PER_DAY + 1  # one phone, many reports
    with app.app_context():
        add_employer("Burger Barn")
        phone_hash = pseudonym(CANARY, app.config["PHONE_HASH_KEY"])
        codes = []
        for n in range(WRONG_CODES_PER_DAY + 1):
            with transaction():
                for step, text in enumerate(["HOLA", "Burger Barn", "Chicago", "1", "x"] +
                                            ["1"] * (len(CORE) + 2)):
                    replies = handle_inbound(phone_hash=phone_hash, channel="sms", text=text,
                                             message_hash=f"m{n}-{step}").replies
                    if replies and "BORRAR" in replies[0]:
                        codes.append(receipt_in(replies[0]))
                        break
        assert len(codes) == WRONG_CODES_PER_DAY + 1
        for n, code in enumerate(codes):
            with transaction():
                [reply] = handle_inbound(phone_hash=phone_hash, channel="sms",
                                         text=f"BORRAR {code}", message_hash=f"d{n}").replies
            assert reply == t.say("es", t.DELETED, code=code)


def test_twilio_keeps_no_message_of_a_finished_conversation(app, client):
    with app.app_context():
        add_employer("Burger Barn")
    gateway = app.extensions["sms_gateway"]
    phone = Phone(client)
    replies = phone.send("HOLA") + phone.send("Burger Barn")
    assert replies and gateway.deleted == []  # a running conversation keeps its messages
    response = phone.post(phone.params("Chicago"))
    assert {action for _text, action in twiml_messages(response)} == {f"{BASE}/sms/status"}
    run_survey(phone)  # starts over (HOLA) and finishes
    assert sorted(gateway.deleted) == sorted(phone.sids)
    with app.app_context():
        assert count(SmsConversation) == 0 and count(SmsPendingDeletion) == 0


@pytest.mark.parametrize("ending", ["STOP", "BORRAR ABCD-2345", "idle"])
def test_twilio_keeps_no_message_of_an_ended_conversation(app, client, ending):
    gateway = app.extensions["sms_gateway"]
    phone = Phone(client)
    phone.send("HOLA")
    phone.send("Burger Barn")
    if ending == "idle":
        with app.app_context(), transaction():
            expire_idle(now=datetime.now(UTC) + timedelta(hours=25))
        assert sorted(gateway.deleted) == sorted(phone.sids)
    elif ending == "STOP":
        phone.send(ending)
        assert sorted(gateway.deleted) == sorted(phone.sids)
        phone.send("HOLA")  # while opted out: nothing kept, not even for a conversation
        assert sorted(gateway.deleted) == sorted(phone.sids)
    else:  # a code goes at once; the conversation goes on with its messages
        phone.send(ending)
        assert gateway.deleted == [phone.sids[-1]]


def test_a_reply_is_deleted_at_twilio_once_its_status_is_final(app, client):
    gateway, phone = app.extensions["sms_gateway"], Phone(client)
    reply = "SM" + "b" * 32
    for status in ("queued", "sending", "accepted"):
        assert phone.status(reply, status).status_code == 204
    assert gateway.deleted == []
    assert phone.status(reply, "delivered").status_code == 204
    assert gateway.deleted == [reply]
    assert phone.status("SM" + "c" * 32, "sent").status_code == 204  # SMS without receipts
    assert phone.status(reply + "0", "delivered").status_code == 400
    forged = client.post("/sms/status", data={"MessageSid": reply, "MessageStatus": "failed"},
                         headers={"X-Twilio-Signature": "forged"})
    assert forged.status_code == 403 and len(gateway.deleted) == 2


def test_a_deletion_twilio_refuses_is_tried_again_later(app, client):
    gateway, phone = app.extensions["sms_gateway"], Phone(client)
    reply = "SM" + "d" * 32
    gateway.not_final.add(reply)
    phone.status(reply, "sent")
    assert gateway.deleted == []
    with app.app_context():
        assert db.session.scalar(sa.select(SmsPendingDeletion.attempts)) == 1
        with transaction():
            expire_idle()  # not due yet
        gateway.not_final.clear()
        with transaction():
            expire_idle(now=datetime.now(UTC) + timedelta(hours=1))
        assert gateway.deleted == [reply] and count(SmsPendingDeletion) == 0


def test_a_long_conversation_does_not_pile_up_message_ids(app, client):
    gateway, phone = app.extensions["sms_gateway"], Phone(client)
    phone.send("HOLA")
    for _ in range(KEEP_SIDS - 1):
        phone.send("AYUDA")  # help keeps the conversation where it is
    assert gateway.deleted == []
    phone.send("AYUDA")
    assert sorted(gateway.deleted) == sorted(phone.sids)
    with app.app_context():
        assert db.session.scalar(sa.select(SmsConversation.message_sids)) == []
