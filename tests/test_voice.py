"""Report by phone call: the keypad survey end to end on SQLite and PostgreSQL, every request
signed as Twilio signs it (offline), the employer spoken (SpeechResult, as Twilio sends it)."""

import logging
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import current_app

from worker_voice.channels.sms import texts as sms_texts
from worker_voice.channels.voice import texts as t
from worker_voice.channels.voice.engine import CallState, CallSurvey, Event, advance
from worker_voice.channels.voice.prompts import VOICES, file_stem, fixed_prompts
from worker_voice.channels.voice.service import expire_calls
from worker_voice.extensions import db
from worker_voice.i18n import LANGUAGE_CODES, LANGUAGES
from worker_voice.models import Report, SmsConversation
from worker_voice.models.conversation import SmsPendingDeletion
from worker_voice.survey.plan import CORE
from worker_voice.uow import transaction

from .factories import add_employer
from .fixtures.sms import BASE, CANARY, TOKEN, holds_trace, sign
from .fixtures.voice import Caller, records_nothing


@pytest.fixture
def app_config():
    return {"TWILIO_AUTH_TOKEN": TOKEN, "PUBLIC_BASE_URL": BASE}


def in_language(locale, msgid, **values):
    return sms_texts.say(locale, msgid, **values)


def through_questions(caller, key="1", limit=30):
    """Answer every question with `key` until the call ends (bounded: it must end)."""
    for _ in range(limit):
        if caller.listen != "dtmf":
            return
        caller.press(key)
    raise AssertionError("the questions never ended")


def rows_text(app):
    """Every row of every table, as text."""
    with app.app_context():
        chunks = []
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(sa.select(table)):
                chunks.append(" ".join(str(value) for value in row))
        return "\n".join(chunks)


def count(app, model, *where):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


@pytest.mark.parametrize("locale", LANGUAGE_CODES)
def test_a_call_completes_the_core_survey_in_every_language(app, client, locale):
    with app.app_context():
        add_employer("Burger Barn")
    gateway = app.extensions["sms_gateway"]
    caller = Caller(client)
    menu = caller.start()
    assert caller.listen == "dtmf"
    assert len(menu) == len(LANGUAGES)  # one line per language, each in its own voice
    root = ET.fromstring(caller.body)  # noqa: S314
    voices = [say.get("voice") for say in root.iter("Say")]
    plays = list(root.iter("Play"))
    assert len(set(voices)) + len(plays) >= len(LANGUAGES) - 1
    key = LANGUAGE_CODES.index(locale) + 1
    assert caller.press(str(key))[-1] == in_language(locale, t.ASK_EMPLOYER) or \
        VOICES[locale].recorded
    assert caller.listen == "speech"
    assert caller.gather.get("language") == VOICES[locale].speech_language
    caller.speak("Burger Barn")
    assert caller.listen == "speech"
    caller.speak("Chicago")  # a certain match: no confirmation asked, as by SMS
    through_questions(caller)
    assert caller.hung_up
    if not VOICES[locale].recorded:
        said = " ".join(caller.said)
        assert in_language(locale, t.AGAIN) in said
    with app.app_context():
        reports = db.session.scalars(sa.select(Report)).all()
        assert len(reports) == 1
        assert reports[0].channel == "voice" and reports[0].locale == locale
        assert db.session.scalar(sa.select(sa.func.count()).select_from(SmsConversation)) == 0
    assert caller.hang_up().status_code == 204
    assert gateway.deleted_calls == [caller.call]  # Twilio's record of the call goes
    assert count(app, SmsPendingDeletion) == 0
    everything = rows_text(app)
    for trace in (CANARY, CANARY[1:], CANARY[2:], "SPRINGFIELD", "62701"):
        assert not holds_trace(everything, trace)


def test_the_receipt_is_read_twice_character_by_character(app, client):
    caller = Caller(client)
    caller.start()
    caller.press("1")
    caller.speak("Taco Town")
    caller.speak("Chicago")
    through_questions(caller)
    root = ET.fromstring(caller.body)  # noqa: S314
    spelled = [say for say in root.iter("Say") if say.find("say-as") is not None]
    assert len(spelled) == 2
    codes = ["".join(s.text for s in say.iter("say-as")) for say in spelled]
    assert codes[0] == codes[1] and len(codes[0]) == 8
    assert all(s.get("interpret-as") == "characters" for s in spelled[0].iter("say-as"))
    assert len(list(spelled[0].iter("break"))) == 7  # a pause between characters
    assert any("DELETE" in text for text in caller.said)
    assert any("voice.example.org/delete" in text for text in caller.said)


def test_unsigned_or_altered_requests_are_refused_and_store_nothing(app, client):
    caller = Caller(client)
    params = caller.params()
    good = sign(f"{BASE}/voice/inbound", params)
    assert client.post("/voice/inbound", data=params).status_code == 403
    bad = ("A" if good[0] != "A" else "B") + good[1:]
    assert caller.post("/voice/inbound", params, signature=bad).status_code == 403
    assert caller.post("/voice/inbound", params | {"From": "+15550009999"},
                       signature=good).status_code == 403
    http = sign(f"{BASE}/voice/inbound".replace("https", "http"), params)
    assert caller.post("/voice/inbound", params, signature=http).status_code == 403
    caller.start()
    caller.press("2")
    step = caller.params(SpeechResult="Burger Barn")
    signed = sign(f"{BASE}/voice/step?turn={caller.turn}", step)
    # The turn is part of the signed URL: another turn is another request.
    other = int(caller.turn) + 1
    assert caller.post(f"/voice/step?turn={other}", step, signature=signed).status_code == 403
    assert caller.post(f"/voice/step?turn={caller.turn}", step | {"SpeechResult": "Evil"},
                       signature=signed).status_code == 403
    assert caller.post("/voice/status", caller.params(CallStatus="completed"),
                       signature=signed).status_code == 403
    for path in ("/voice/step?turn=1", "/voice/status"):
        assert client.post(path, data=step).status_code == 403
    with app.app_context():
        state = db.session.scalars(sa.select(SmsConversation)).one().state
        assert state["step"] == "employer" and state["employer"] == ""
    assert count(app, Report) == 0
    # Shapes: a CallSid that is not one is refused before anything is read.
    odd = caller.params(CallSid="CA" + "0" * 31 + "Z")
    assert caller.post("/voice/inbound", odd).status_code == 400


def test_star_repeats_pound_goes_back_and_silence_asks_once_more_then_skips(app, client):
    caller = Caller(client)
    caller.start()
    caller.press("1")
    caller.speak("Taco Town")
    caller.speak("Chicago")
    first = list(caller.said)
    assert in_language("en", t.POSITION, number=1, count=len(CORE)) in first
    assert caller.press("*")[-3:] == first[-3:]  # the question again, unchanged
    caller.press("1")  # S2: yes
    second = in_language("en", t.POSITION, number=2, count=len(CORE))
    assert second in caller.said
    assert in_language("en", t.POSITION, number=1, count=len(CORE)) in caller.press("#")
    caller.press("2")  # S2 answered again: no
    assert second in caller.said
    assert caller.silence()[0] == in_language("en", t.NO_KEY)  # asked once more
    assert second in caller.said
    third = in_language("en", t.POSITION, number=3, count=len(CORE))
    said = caller.silence()  # then skipped
    assert said[0] == in_language("en", t.SKIPPED) and third in said
    caller.press("9")  # not an answer: asked again with the keys
    assert caller.said[0] == in_language("en", t.WRONG_KEY, count=2)
    caller.press("0")  # skipped
    with app.app_context():
        state = db.session.scalars(sa.select(SmsConversation)).one().state
    assert state["answers"] == {"S2": "no"}
    # A retried request (the same turn again) changes nothing.
    turn = caller.turn
    caller.press("1")
    caller.turn = turn
    caller.press("2")
    with app.app_context():
        state = db.session.scalars(sa.select(SmsConversation)).one().state
    assert state["answers"] == {"S2": "no", "H1": "yes_missed"}


def test_skip_logic_leaves_out_the_follow_up(app, client):
    caller = Caller(client)
    caller.start()
    caller.press("1")
    caller.speak("Taco Town")
    caller.speak("Chicago")
    for key in ("2", "2", "2"):  # S2, W1, W3
        caller.press(key)
    h1 = next(q for q in CORE if q.key == "H1")
    caller.press(str(h1.option_codes().index("no") + 1))
    # H2 (discouraged from reporting an injury) is not asked of someone not hurt: V2 is next.
    assert in_language("en", t.POSITION, number=6, count=len(CORE)) in caller.said


def test_a_call_hung_up_midway_is_submitted_with_an_employer_and_an_answer(app, client):
    gateway = app.extensions["sms_gateway"]
    caller = Caller(client)
    caller.start()
    caller.press("2")
    caller.speak("Burger Barn")
    caller.speak("Chicago")
    caller.press("1")
    assert caller.hang_up().status_code == 204
    with app.app_context():
        report = db.session.scalars(sa.select(Report)).one()
        assert report.channel == "voice" and report.locale == "es"
    assert count(app, SmsConversation) == 0
    assert gateway.deleted_calls == [caller.call]


def test_a_call_hung_up_without_an_answer_is_not_submitted(app, client):
    gateway = app.extensions["sms_gateway"]
    quiet = Caller(client)
    quiet.start()
    quiet.press("1")
    quiet.speak("Burger Barn")
    quiet.speak("Chicago")  # an employer, no answer
    quiet.hang_up()
    early = Caller(client, number="+15550004321")
    early.start()
    early.press("3")  # a language, no employer
    early.hang_up()
    assert count(app, Report) == 0
    assert count(app, SmsConversation) == 0
    assert sorted(gateway.deleted_calls) == sorted([quiet.call, early.call])


def test_the_sweep_submits_a_call_whose_end_never_came(app, client):
    gateway = app.extensions["sms_gateway"]
    caller = Caller(client)
    caller.start()
    caller.press("1")
    caller.speak("Burger Barn")
    caller.speak("Chicago")
    caller.press("1")
    with app.app_context(), transaction():
        assert expire_calls(now=datetime.now(UTC) + timedelta(hours=2)) == (1, 0)
    assert count(app, Report) == 1 and count(app, SmsConversation) == 0
    assert gateway.deleted_calls == [caller.call]


def test_a_call_in_progress_is_deleted_later(app, client):
    gateway = app.extensions["sms_gateway"]
    caller = Caller(client)
    gateway.not_final.add(caller.call)
    caller.start()
    caller.press("1")
    caller.hang_up()
    assert count(app, SmsPendingDeletion) == 1  # Twilio kept it: tried again by the sweep
    gateway.not_final.clear()
    with app.app_context(), transaction():
        expire_calls(now=datetime.now(UTC) + timedelta(hours=2))
    assert gateway.deleted_calls == [caller.call]
    assert count(app, SmsPendingDeletion) == 0


def test_the_call_state_never_meets_the_sms_conversation(app, client):
    from worker_voice.channels.sms.service import pseudonym

    from .fixtures.sms import Phone

    caller = Caller(client)
    caller.start()
    Phone(client).send("HOLA")
    with app.app_context():
        rows = db.session.scalars(sa.select(SmsConversation)).all()
        assert sorted(row.channel for row in rows) == ["sms", "voice"]
        sms_hash = pseudonym(CANARY, current_app.config["PHONE_HASH_KEY"])
        assert {row.channel for row in rows if row.phone_hash == sms_hash} == {"sms"}


def test_recorded_prompts_play_and_a_missing_one_falls_back_to_speech(app, client, tmp_path,
                                                                      caplog, monkeypatch):
    app.config["VOICE_PROMPTS_DIR"] = str(tmp_path)
    # Only the recording made here, whether or not `make voice-prompts` ran.
    monkeypatch.setattr("worker_voice.channels.voice.routes.STATIC_DIR", tmp_path / "built")
    welcome = in_language("ht", t.WELCOME)
    (tmp_path / "ht").mkdir()
    (tmp_path / "ht" / f"{file_stem(welcome)}.wav").write_bytes(b"RIFF")
    caller = Caller(client)
    caller.start()
    with caplog.at_level(logging.WARNING):
        caller.press(str(LANGUAGE_CODES.index("ht") + 1))
    root = ET.fromstring(caller.body)  # noqa: S314
    played = [play.text for play in root.iter("Play")]
    assert played == [f"{BASE}/voice/prompts/ht/{file_stem(welcome)}.wav"]
    fallback = [say for say in root.iter("Say")]
    assert fallback and all(say.get("language") == "fr-FR" for say in fallback)
    assert "voice prompt missing: ht/" in caplog.text and CANARY not in caplog.text
    assert client.get(played[0].removeprefix(BASE)).status_code == 200
    assert client.get("/voice/prompts/ht/../../config.py").status_code == 404
    assert welcome in set(fixed_prompts("ht"))


def test_every_fixed_line_a_call_says_can_be_recorded():
    """The build (espeak-ng, or a native speaker) covers every fixed text of a call."""
    survey = CallSurvey(questions=CORE)
    for locale in LANGUAGE_CODES:
        recordable = set(fixed_prompts(locale))
        state, said = None, []
        for event in (Event("start"), Event("digits", str(LANGUAGE_CODES.index(locale) + 1)),
                      Event("speech", ""), Event("speech", "Burger Barn"),
                      Event("timeout"), Event("timeout"), Event("digits", "9"),
                      *(Event("digits", "1") for _ in CORE)):
            turn = advance(state, event, survey)
            said.extend(turn.say)
            state = turn.state or CallState()
        assert {line.text for line in said if line.fixed and line.locale == locale} \
            <= recordable


def test_simulator_renders_and_runs_a_call(app, client):
    from .fixtures.forms import csrf_token

    app.config["WORKER_VOICE_ENV"] = "development"
    page = client.get("/voice/simulator").get_data(as_text=True)
    for action in ("call", "1"):
        response = client.post("/voice/simulator", data={"action": action,
                                                         "csrf_token": csrf_token(page)})
        assert response.status_code == 302
        page = client.get("/voice/simulator").get_data(as_text=True)
        if action == "call":
            assert "For English, press 1." in page and 'value="#"' in page
    assert 'name="speech"' in page and in_language("en", t.ASK_EMPLOYER) in page


def test_simulator_is_hidden_outside_development(app, client):
    app.config["WORKER_VOICE_ENV"] = "production"
    app.debug = False
    assert client.get("/voice/simulator").status_code == 404


def test_cli_simulates_a_call(app, runner):
    app.config["WORKER_VOICE_ENV"] = "development"
    keys = "\n".join(["1", "Burger Barn", "Chicago", *("1" for _ in CORE), ""])
    result = runner.invoke(args=["voice", "simulate"], input=keys + "\n")
    assert result.exit_code == 0, result.output
    assert "receipt code" in result.output
    assert count(app, Report) == 1


def test_no_answer_ever_records_anything(app, client):
    """Every kind of answer a call gets (each test's answers are also checked as they come)."""
    assert not records_nothing('<Response><Gather record="true"/></Response>')
    assert not records_nothing("<Response><Record/></Response>")
    with app.app_context():
        add_employer("Burger Barn")
        add_employer("Burger Barns of Illinois")
    bodies = []
    for locale in LANGUAGE_CODES:
        caller = Caller(client, number=f"+1555000{LANGUAGE_CODES.index(locale):04d}")
        caller.start()
        caller.silence()
        caller.press(str(LANGUAGE_CODES.index(locale) + 1))
        caller.silence()
        caller.speak("Burger Bar")
        caller.speak("Chicago")
        caller.press("*")
        caller.silence()
        through_questions(caller, key="2")
        caller.hang_up()
        bodies.extend(caller.bodies)
    last = Caller(client)
    last.start()
    bodies.extend(last.bodies)
    assert len(bodies) > 8 * 12
    assert all(records_nothing(body) for body in bodies)
    assert any("<Play>" in body for body in bodies) or any('"fr-FR"' in b for b in bodies)


def test_a_new_call_ends_an_earlier_one_whose_end_never_came(app, client):
    gateway = app.extensions["sms_gateway"]
    earlier = Caller(client)
    earlier.start()
    earlier.press("1")
    earlier.speak("Burger Barn")
    earlier.speak("Chicago")
    earlier.press("1")
    later = Caller(client)  # the same phone, a new call
    assert len(later.start()) == len(LANGUAGES)  # the language menu: a fresh call
    assert count(app, Report) == 1
    assert gateway.deleted_calls == [earlier.call]
    with app.app_context():
        state = db.session.scalars(sa.select(SmsConversation)).one().state
    assert state["call"] == later.call and state["answers"] == {}
