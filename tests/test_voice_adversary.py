"""An adversary's calls and texts: retried and out-of-order Twilio rounds, odd keys, silence,
speech without words, a status callback before the last round, withheld numbers, very long
speech, signatures, the worker's language in every spoken line, and the SMS keywords (CHECK,
JOIN, DELETE, STOP, START) where they meet ordinary answers."""

import logging
import xml.etree.ElementTree as ET

import pytest
import sqlalchemy as sa

from worker_voice.channels.sms import parsing
from worker_voice.channels.sms import texts as sms_texts
from worker_voice.channels.sms.engine import State, Survey, advance
from worker_voice.channels.voice import texts as t
from worker_voice.channels.voice.prompts import VOICES
from worker_voice.extensions import db
from worker_voice.i18n import LANGUAGE_CODES
from worker_voice.models import Report, SmsConversation
from worker_voice.survey.plan import CORE

from .factories import add_employer
from .fixtures.sms import BASE, CANARY, TOKEN, Phone, holds_trace
from .fixtures.voice import Caller

# The caller IDs Twilio puts in From when the caller withheld the number: ANONYMOUS,
# RESTRICTED, BLOCKED, UNKNOWN and UNAVAILABLE spelled on a keypad. They look like E.164.
WITHHELD = ("+266696687", "+7378742833", "+2562533", "+8656696", "+86282452253")


@pytest.fixture
def app_config():
    return {"TWILIO_AUTH_TOKEN": TOKEN, "PUBLIC_BASE_URL": BASE}


def say(locale, msgid, **values):
    return sms_texts.say(locale, msgid, **values)


def position(number):
    return say("en", t.POSITION, number=number, count=len(CORE))


def count(app, model):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def call_state(app, caller_hash=None):
    with app.app_context():
        return db.session.scalars(sa.select(SmsConversation)).one().state


def to_questions(caller, key="1"):
    caller.start()
    caller.press(key)
    caller.speak("Taco Town")
    caller.speak("Chicago")


# Withheld numbers.

@pytest.mark.parametrize("withheld", WITHHELD)
def test_two_callers_with_withheld_numbers_do_not_end_each_others_calls(app, client,
                                                                        withheld):
    """Twilio gives every withheld caller the same From: the calls are not one phone's."""
    first, second = Caller(client, number=withheld), Caller(client, number=withheld)
    to_questions(first)
    second.start()
    second.press("2")
    assert position(2) in first.press("1")  # the first call goes on where it was
    assert count(app, Report) == 0 and count(app, SmsConversation) == 2


def test_withheld_callers_do_not_share_a_daily_limit(app, client):
    app.config["SMS_CONVERSATIONS_PER_DAY"] = 2
    for _ in range(4):
        caller = Caller(client, number=WITHHELD[0])
        assert len(caller.start()) > 1 and caller.listen == "dtmf"  # the menu, not "too many"
        caller.hang_up()


def test_a_literal_anonymous_caller_completes_a_report(app, client):
    caller = Caller(client, number="anonymous")
    to_questions(caller)
    for _ in range(30):
        if caller.listen != "dtmf":
            break
        caller.press("1")
    assert count(app, Report) == 1 and count(app, SmsConversation) == 0


# Rounds retried, out of order, or after the end.

def test_a_retried_round_and_an_older_round_change_nothing(app, client):
    caller = Caller(client)
    caller.start()
    menu_turn = caller.turn
    caller.press("2")  # Spanish
    asked = list(caller.said)
    caller.turn = menu_turn  # Twilio retries the menu round with another key
    assert caller.press("1") == [say("es", t.ASK_EMPLOYER)]  # the current prompt, in Spanish
    assert call_state(app)["locale"] == "es"
    caller.start()  # a retried /voice/inbound: no new call, no menu
    assert caller.said == [say("es", t.ASK_EMPLOYER)]
    assert call_state(app)["step"] == "employer" and asked[-1] == caller.said[-1]
    caller.turn = "999"  # a round from the future
    caller.speak("Taco Town")
    assert call_state(app)["employer"] == ""


def test_a_status_callback_before_the_last_round_submits_once(app, client):
    caller = Caller(client)
    to_questions(caller)
    caller.press("1")
    assert caller.hang_up().status_code == 204
    assert count(app, Report) == 1 and count(app, SmsConversation) == 0
    said = caller.press("1")  # the last round arrives late
    assert said == [say("en", t.GOODBYE)] and caller.listen is None
    assert caller.hang_up().status_code == 204  # and the callback again
    assert count(app, Report) == 1 and count(app, SmsConversation) == 0


@pytest.mark.parametrize("turn", ["²", "٣", "-1", "1.0", "9" * 5000, ""])
def test_a_signed_turn_of_the_wrong_shape_is_refused(app, client, turn):
    caller = Caller(client)
    caller.start()
    response = caller.post(f"/voice/step?turn={turn}", caller.params(Digits="1"))
    assert response.status_code == 400
    assert call_state(app)["step"] == "language"


def test_a_signed_key_of_the_wrong_shape_is_refused(app, client):
    caller = Caller(client)
    caller.start()
    for digits in ("12", "A", "١", " 1"):
        path = f"/voice/step?turn={caller.turn}"
        assert caller.post(path, caller.params(Digits=digits)).status_code == 400
    assert call_state(app)["step"] == "language"


# Keys and silence at the edges.

def test_star_and_pound_at_the_first_prompts(app, client):
    caller = Caller(client)
    menu = caller.start()
    assert caller.press("*") == menu  # the menu again (not a language)
    assert caller.press("#") == menu
    caller.press("1")
    caller.speak("Taco Town")
    first = caller.speak("Chicago")
    assert position(1) in first
    assert caller.press("#")[-3:] == first[-3:]  # nowhere to go back to: the same question
    assert caller.press("*")[-3:] == first[-3:]
    assert position(2) in caller.press("1")
    assert call_state(app)["asked"] == [0]


def test_speech_without_words_and_silence_at_the_employer_end_the_call(app, client):
    caller = Caller(client)
    caller.start()
    caller.press("1")
    assert caller.step(SpeechResult="") == [say("en", t.NOT_HEARD), say("en", t.ASK_EMPLOYER)]
    assert caller.step() == [say("en", t.NO_EMPLOYER)] and caller.listen is None
    assert count(app, SmsConversation) == 0 and count(app, Report) == 0


def test_very_long_speech_is_cut_and_stored_as_one_line(app, client):
    caller = Caller(client)
    caller.start()
    caller.press("1")
    caller.speak("Taco   Town\n" + "x" * 100_000)
    employer = call_state(app)["employer"]
    assert employer.startswith("Taco Town x") and len(employer) <= 500


# Every spoken line in the worker's language.

@pytest.mark.parametrize("locale", ["es", "ht", "ar"])
def test_every_line_after_the_menu_is_in_the_callers_language(app, client, locale):
    with app.app_context():
        add_employer("Burger Barn")
        add_employer("Burger Barns of Illinois")
    voice = VOICES[locale]
    caller = Caller(client)
    caller.start()
    bodies = []
    for action in ({"Digits": str(LANGUAGE_CODES.index(locale) + 1)}, {"SpeechResult": ""},
                   {"SpeechResult": "Burger Bar"}, {"SpeechResult": "Chicago"},
                   {"Digits": "*"}, {}, {"Digits": "9"}, {"Digits": "#"}):
        caller.step(**action)
        bodies.append(caller.body)
    for _ in range(30):
        if caller.listen != "dtmf":
            break
        caller.press("1")
        bodies.append(caller.body)
    assert any("<say-as" in body for body in bodies)  # through to the receipt
    for body in bodies:
        root = ET.fromstring(body)  # noqa: S314 (ours)
        for spoken in root.iter("Say"):
            assert spoken.get("language") == voice.say_language, body
        for gather in root.iter("Gather"):
            if gather.get("input") == "speech":
                assert gather.get("language") == voice.speech_language


# Nothing of the caller anywhere.

def test_no_trace_of_the_caller_in_any_table_or_log(app, client, caplog):
    caplog.set_level(logging.DEBUG)
    caller = Caller(client)
    to_questions(caller)
    caller.press("1")
    caller.hang_up()
    withheld = Caller(client, number=WITHHELD[0])
    withheld.start()
    withheld.press("1")
    refused = Caller(client)  # refused requests are not logged with their bodies either
    assert refused.post("/voice/inbound", refused.params(), signature="x").status_code == 403
    path = f"/voice/step?turn={withheld.turn}"
    assert withheld.post(path, withheld.params(Digits="12")).status_code == 400
    with app.app_context():
        chunks = [" ".join(str(value) for value in row)
                  for table in db.metadata.sorted_tables
                  for row in db.session.execute(sa.select(table))]
    everything = "\n".join(chunks) + "\n" + caplog.text
    assert count(app, Report) == 1
    for trace in (CANARY, CANARY[1:], CANARY[2:], WITHHELD[0], WITHHELD[0][1:], "SPRINGFIELD",
                  "62701"):
        assert not holds_trace(everything, trace), trace


# SMS keywords where they meet ordinary answers.

SURVEY = Survey()


@pytest.mark.parametrize(("locale", "text"), [
    ("en", "Check Into Cash"),  # a payday lender with hundreds of stores
    ("en", "Messages on Hold Inc"),
    ("ht", "Gade Lakay Restaurant"),
    ("vi", "Xem phim Cinema"),
])
def test_an_employer_name_that_begins_with_a_check_word_is_the_employer(locale, text):
    running = State(step="employer", locale=locale)
    outcome = advance(running, text, SURVEY)
    assert outcome.check is None
    assert outcome.state.step == "city" and outcome.state.employer == text


def test_a_story_that_begins_with_a_check_word_is_the_story():
    """'Gade' is 'look' in Kreyòl, 'Xem' 'see' in Vietnamese: a story may begin with it."""
    assert parsing.check_request("Gade, manadjè a pa peye nou lè siplemantè") is None
    assert parsing.check_request("Xem lịch làm việc, họ không trả tiền") is None
    assert parsing.check_request("check the schedule, they never pay overtime") is None


def test_a_check_with_a_code_still_reads_the_code():
    assert parsing.check_request("check 6b4c-kvvf") == ("en", "6B4CKVVF", None)
    assert parsing.check_request("GADE 6B4CKVVF mwen pa konnen") == ("ht", "6B4CKVVF",
                                                                     "mwen pa konnen")
    assert parsing.check_request("查看 ６Ｂ４Ｃ-ＫＶＶＦ") == ("zh_Hans", "6B4CKVVF", None)


def test_an_employer_named_like_a_check_word_costs_no_wrong_code(app, client):
    """A wrong code counts toward the daily limit of DELETE: an employer's name must not."""
    phone = Phone(client)
    phone.send("HI")
    replies = phone.send("Check Into Cash")
    assert replies == [say("en", sms_texts.ASK_CITY)]


def test_a_check_that_overflows_the_kept_message_ids_is_answered(app, client):
    """The message past the last one kept holds a receipt code: it goes at once, as they all do."""
    from worker_voice.channels.sms.service import KEEP_SIDS

    gateway, phone = app.extensions["sms_gateway"], Phone(client)
    phone.send("HI")
    for _ in range(KEEP_SIDS - 1):
        phone.send("HELP")  # help keeps the conversation where it is
    replies = phone.send("CHECK 6B4C-KVVF")
    assert replies == [say("en", sms_texts.NOT_FOUND, code="6B4CKVVF")]
    assert sorted(gateway.deleted) == sorted(phone.sids)
    with app.app_context():
        assert db.session.scalar(sa.select(SmsConversation.message_sids)) == []



def test_a_superscript_key_at_the_menu_says_the_menu_again(app, runner):
    """`flask voice simulate` passes what is typed to the engine: '²' is no language."""
    app.config["WORKER_VOICE_ENV"] = "development"
    result = runner.invoke(args=["voice", "simulate"], input="²\nHANGUP\n")
    assert result.exit_code == 0, result.output
    assert result.output.count("For English, press 1.") == 2


def test_the_receipt_a_call_speaks_deletes_its_report_by_sms(app, client):
    """The call says: text DELETE and the code to this number. It must work."""
    caller = Caller(client)
    to_questions(caller)
    for _ in range(30):
        if caller.listen != "dtmf":
            break
        caller.press("1")
    root = ET.fromstring(caller.body)  # noqa: S314 (ours)
    spelled = next(s for s in root.iter("Say") if s.find("say-as") is not None)
    code = "".join(c.text for c in spelled.iter("say-as"))
    assert count(app, Report) == 1
    phone = Phone(client)
    assert phone.send(f"CHECK {code}")  # the mailbox, empty
    assert count(app, Report) == 1
    replies = phone.send(f"delete {code[:4]}-{code[4:]}")
    assert count(app, Report) == 0, replies


def test_the_language_menu_start_sends_takes_its_answer(app, client):
    """START answers with the language menu: the worker's choice must be read as one."""
    app.config["SMS_SMART_ENCODING"] = False  # the replies as written
    phone = Phone(client)
    phone.send("STOP")
    assert phone.send("START")[-1] == sms_texts.LANGUAGE_MENU
    assert phone.send("2") == [say("es", sms_texts.ASK_EMPLOYER)]
    fresh = Phone(client, number="+15550009876")  # START without a STOP first: the same
    fresh.send("START")
    assert fresh.send("2") == [say("es", sms_texts.ASK_EMPLOYER)]


@pytest.mark.parametrize("story", ["删除了我的班次", "حذفوا ساعات العمل", "Xóa ca làm của tôi",
                                   "삭제했어요 제 근무를"])
def test_a_story_that_begins_with_a_delete_word_is_the_story(story):
    """Scripts written without spaces take DELETE glued to its code: not glued to any word."""
    assert parsing.delete_request(story) is None
    running = State(step="employer", locale="en")
    assert advance(running, story, SURVEY).state.employer == story


def test_delete_with_a_code_still_deletes():
    assert parsing.delete_request("删除ABCD2345") == ("zh_Hans", "ABCD2345")
    assert parsing.delete_request("borrar abcd 2345") == ("es", "ABCD2345")
    assert parsing.delete_request("DELETE") == ("en", "")  # answered with how to delete


def test_a_late_round_of_an_earlier_call_leaves_the_phones_new_call_alone(app, client):
    earlier, later = Caller(client), Caller(client)  # one phone: its status callback was lost
    to_questions(earlier)
    late_turn = earlier.turn
    later.start()
    later.press("2")
    earlier.turn = late_turn
    assert earlier.press("1") == [say("en", t.GOODBYE)]  # a retried round of the old call
    assert call_state(app)["call"] == later.call
    assert later.speak("Taco Town") == [say("es", t.ASK_CITY)]


def test_a_worker_named_dung_can_join_without_stopping_everything(app, client):
    """Dũng, a common Vietnamese name, is DỪNG (stop) without its accents."""
    from worker_voice.auth.passwords import create_user
    from worker_voice.models import Contact, Organization
    from worker_voice.models.conversation import SmsOptOut
    from worker_voice.organizer.organizations import set_default_organization
    from worker_voice.uow import transaction

    from .fixtures.accounts import PASSWORD

    app.config["SMS_SMART_ENCODING"] = False
    with app.app_context(), transaction():
        create_user(email="lead@centro.org", password=PASSWORD, organization_name="Centro")
        set_default_organization(slug=db.session.scalar(sa.select(Organization.slug)))
    phone = Phone(client, number="+13125550147")
    for answer in ("JOIN", "1", "Ana", "evenings", "1", "Burger Barn"):  # a contact, kept
        phone.send(answer)
    phone.send("THAM GIA")
    phone.send("1")
    assert phone.send("Dũng") == [say("vi", sms_texts.JOIN_TIME)]
    assert phone.send("dung") == [say("vi", sms_texts.JOIN_SAFE)]  # at any time: the time
    assert count(app, SmsOptOut) == 0
    with app.app_context():
        assert db.session.scalars(sa.select(Contact.opted_out)).all() == [False]
    phone.send("STOP")  # the carriers' word stops there too
    assert count(app, SmsOptOut) == 1
    with app.app_context():
        assert db.session.scalars(sa.select(Contact.opted_out)).all() == [True]
