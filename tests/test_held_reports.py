"""Ballot stuffing is limited and held for review (issue 17): per browser, per phone, bursts.

Held reports are stored (nothing a worker sent is lost) but not counted until an organizer of
the collecting organization releases them; rejected ones become spam.
"""

import logging
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from worker_voice.auth.passwords import create_user
from worker_voice.channels.sms import texts as t
from worker_voice.channels.sms.segments import within_budget
from worker_voice.channels.sms.service import CONVERSATIONS_PER_DAY
from worker_voice.channels.web.limits import LONGEST_WINDOW, _limits
from worker_voice.extensions import db
from worker_voice.i18n import LANGUAGE_CODES
from worker_voice.intake.bursts import IDENTICAL_LIMIT, MIN_BURST, held_bursts
from worker_voice.models import AuditEvent, Organization, Report, ReportStatus, RollupCount
from worker_voice.models.report import UNCOUNTED

from .factories import add_employer, report
from .fixtures.accounts import PASSWORD, login
from .fixtures.forms import csrf_token, open_form
from .fixtures.rollups import snapshot
from .fixtures.sms import BASE, TOKEN, Phone

CANARY_IP = "203.0.113.77"
RELEASE_DAY = date(2026, 8, 15)  # quarters before 2026-07-01 are published


@pytest.fixture
def app_config():
    return {"HOLD_BURSTS": True, "WEB_REPORT_LIMIT": "5 per minute;20 per hour",
            "TWILIO_AUTH_TOKEN": TOKEN, "PUBLIC_BASE_URL": BASE}


def statuses():
    return sorted(db.session.scalars(sa.select(Report.status)))


def counted():
    return db.session.scalar(sa.select(sa.func.count()).select_from(Report)
                             .where(Report.status.not_in(sorted(UNCOUNTED))))


def reports_in_rollups(employer_id):
    return db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(RollupCount.count), 0))
                             .where(RollupCount.question_key == "_reports",
                                    RollupCount.employer_id == employer_id))


def post_report(client, employer="Burger Barn", address=CANARY_IP, **answers):
    environ = {"REMOTE_ADDR": address}
    data = open_form(client) | {"employer_name": employer, "city": "Chicago",
                                **(answers or {"S2": "yes"})}
    response = client.post("/report", data=data, environ_base=environ)
    assert response.status_code == 302 and response.headers["Location"] == "/report/thanks"
    return client.get("/report/thanks", environ_base=environ).get_data(as_text=True)


# -- per browser ------------------------------------------------------------------------------

def test_fifty_identical_web_reports_from_one_client_leave_at_most_five_counted(app, client,
                                                                                 caplog):
    caplog.set_level(logging.DEBUG)
    with app.app_context():
        employer = add_employer("Burger Barn").id
    pages = [post_report(client) for _ in range(50)]
    with app.app_context():
        assert len(statuses()) == 50  # every one stored
        assert counted() <= 5
        assert statuses().count(ReportStatus.HELD) >= 45
        assert reports_in_rollups(employer) == counted()
        dump = "\n".join(str(value) for table in db.metadata.sorted_tables
                         for row in db.session.execute(sa.select(table)).all()
                         for value in row)
    # The same thank-you page, with a receipt, whether the report was counted or held.
    assert all('class="receipt"' in page for page in pages)
    assert CANARY_IP not in dump and CANARY_IP not in caplog.text


def test_the_browser_limit_holds_what_comes_past_it_and_spares_other_browsers(app, client):
    app.config["HOLD_BURSTS"] = False  # only the browser limit at work
    with app.app_context():
        for name in ("Burger Barn", "Taco Town", "Pizza Palace", "Cluck Shack"):
            add_employer(name)
    for number in range(8):  # different employers and answers: nothing looks alike
        post_report(client, employer=("Burger Barn", "Taco Town", "Pizza Palace")[number % 3],
                    S2=("yes", "no")[number % 2])
    post_report(client, employer="Cluck Shack", address="198.51.100.9")
    with app.app_context():
        assert statuses().count(ReportStatus.HELD) == 3
        assert counted() == 6


def test_the_browser_counter_holds_no_address_and_lives_an_hour_at_most(app, client):
    for _ in range(7):
        post_report(client, employer="Nowhere Known")
    with app.app_context():
        assert all(item.get_expiry() <= LONGEST_WINDOW for item in _limits())
        storage = app.extensions["web_report_limiter"].storage
        keys = " ".join(str(key) for key in getattr(storage, "storage", {}))
        assert keys and CANARY_IP not in keys
        assert statuses().count(ReportStatus.HELD) == 2


def test_the_browser_counter_in_redis_holds_no_address_and_expires(app, client):
    redis = pytest.importorskip("redis")
    server = redis.Redis.from_url("redis://127.0.0.1:6379/14")
    try:
        server.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis")
    app.config["RATELIMIT_STORAGE_URI"] = "redis://127.0.0.1:6379/14"
    app.extensions.pop("web_report_limiter", None)
    server.flushdb()
    post_report(client, employer="Nowhere Known")
    keys = server.keys("*")
    assert keys
    for key in keys:
        assert CANARY_IP.encode() not in key
        assert 0 < server.ttl(key) <= LONGEST_WINDOW
        assert CANARY_IP.encode() not in (server.get(key) or b"")
    server.flushdb()


# -- per phone --------------------------------------------------------------------------------

def run_survey(phone, answer="1"):
    replies = phone.send("HOLA") + phone.send("Burger Barn") + phone.send("Chicago")
    for _ in range(60):
        if "0 para terminar" in replies[-1]:
            break
        replies += phone.send(answer)
    replies += phone.send("Nos cambian el horario")
    if menu_in(replies[-1]):  # the topics to add: 0 finishes
        replies += phone.send("0")
    return replies


def menu_in(reply, locale="es"):
    """Whether a reply is the menu of topics offered after the receipt, long or short form (0
    finishes); its opening words have no accent to lose to smart encoding."""
    return any(reply.startswith(t.say(locale, menu, choices="\0").split("\0")[0])
               for menu in (t.MODULE_MENU, t.MODULE_MENU_SHORT))


def test_ten_surveys_from_one_phone_about_one_employer_count_once(app, client):
    with app.app_context():
        employer = add_employer("Burger Barn").id
    phone = Phone(client)
    for number in range(CONVERSATIONS_PER_DAY):
        assert any("¡Gracias!" in reply for reply in run_survey(phone, answer="12"[number % 2]))
    # Past the day's conversations: thanked once in its language, then nothing that day.
    first_refused = phone.send("HOLA")
    assert first_refused == [t.say("es", t.TOO_MANY_TODAY)]
    for _ in range(10 - CONVERSATIONS_PER_DAY - 1):
        assert phone.send("HOLA") == [] and phone.send("Burger Barn") == []
    with app.app_context():
        assert len(statuses()) == CONVERSATIONS_PER_DAY  # what was sent is stored
        assert counted() == 1 and reports_in_rollups(employer) == 1
    # Another phone is counted (the burst rule aside: a sixth report today is one too many).
    app.config["HOLD_BURSTS"] = False
    other = Phone(client, number="+15550009876")
    assert any("¡Gracias!" in reply for reply in run_survey(other))
    with app.app_context():
        assert counted() == 2


def test_a_second_survey_about_the_same_employer_is_held_even_with_other_answers(app, client):
    app.config["HOLD_BURSTS"] = False  # only the per-phone limit at work
    with app.app_context():
        add_employer("Burger Barn")
    phone = Phone(client)
    run_survey(phone, answer="1")
    run_survey(phone, answer="2")
    with app.app_context():
        assert statuses() == [ReportStatus.HELD, ReportStatus.NEW]


# -- bursts ----------------------------------------------------------------------------------

def test_the_third_identical_report_of_a_day_is_held(app_context):
    add_employer("Burger Barn")
    day = date(2026, 9, 1)
    for _ in range(IDENTICAL_LIMIT + 1):
        report(answers={"S2": "yes"}, received_on=day)
    report(answers={"S2": "no"}, received_on=day)  # not alike
    report(answers={"S2": "yes"}, received_on=day - timedelta(days=1))  # another day
    assert statuses().count(ReportStatus.HELD) == 2


def test_nearly_identical_reports_count_as_the_same(app_context):
    """Changing one answer of ten does not make a stuffed report look new; two reports that
    share only some of their answers are different."""
    add_employer("Burger Barn")
    day = date(2026, 9, 1)
    base = {key: "yes" for key in ("S2", "S3", "S8", "W2", "W3", "W6", "W7", "H2", "H5")}
    for changed in ("S2", "S3", "S8"):
        report(answers={**base, changed: "no", "S6": 45}, received_on=day)
    assert statuses().count(ReportStatus.HELD) == 1  # the third, nearly like the first two
    report(answers={"S2": "yes", "S3": "no", "S6": 20}, received_on=day)  # only partly alike
    assert statuses().count(ReportStatus.HELD) == 1


def test_more_reports_than_history_makes_plausible_are_held(app_context):
    employer = add_employer("Burger Barn").id
    day = date(2026, 9, 1)
    answers = ({"S2": "yes"}, {"S2": "no"}, {"S6": "40"}, {"S6": "20"}, {"C1": "15"},
               {"C1": "9"}, {"S6": "30"}, {"S6": "50"})
    for one in answers[:MIN_BURST + 1]:
        report(answers=one, received_on=day)
    assert statuses().count(ReportStatus.HELD) == 1  # the sixth, with no history
    # Two reports a day for 30 days make up to max(5, 3 × 2) = 6 a day plausible.
    other = add_employer("Taco Town").id
    for days_ago in range(1, 31):
        for one in answers[:2]:
            report("Taco Town", answers=one, received_on=day - timedelta(days=days_ago))
    for one in answers[:7]:
        report("Taco Town", answers=one, received_on=day)
    held = db.session.scalars(sa.select(Report.employer_id)
                              .where(Report.status == ReportStatus.HELD)).all()
    assert sorted(held) == sorted([employer, other])


# -- review ----------------------------------------------------------------------------------

@pytest.fixture
def collected(app):
    """Organization A with held bursts at Burger Barn in a published quarter and today."""
    app.config["RELEASE_DATE"] = RELEASE_DAY
    with app.app_context():
        create_user(email="lead@a.org", password=PASSWORD, organization_name="Centro A")
        create_user(email="viewer@a.org", password=PASSWORD, role="viewer",
                    organization_name="Centro A")
        create_user(email="lead@b.org", password=PASSWORD, organization_name="Union B")
        org = db.session.scalar(sa.select(Organization.id).where(Organization.name == "Centro A"))
        employer = add_employer("Burger Barn").id
        add_employer("Taco Town")
        old = date(2026, 5, 2)  # published
        for day in (old, old + timedelta(days=1)):
            for _ in range(4):
                report(answers={"S2": "yes"}, received_on=day, organization_id=org)
        for _ in range(5):
            report("Taco Town", answers={"S2": "no"}, received_on=old, organization_id=org)
    return {"org": org, "employer": employer, "old": old}


def decide(client, page_url, decision, employer_name):
    page = client.get(page_url).get_data(as_text=True)
    start = page.index(employer_name, page.index('class="bursts"'))
    form = page[start:page.index("</form>", start)]
    fields = dict(__import__("re").findall(r'name="(\w+)" value="([^"]*)"', form))
    fields.pop("decision", None)
    return client.post("/organizer/reports/bursts",
                       data={**fields, "csrf_token": csrf_token(page), "decision": decision})


def test_a_released_burst_is_counted_a_rejected_one_is_not_and_published_figures_stay(
        app, client, collected):
    with app.app_context():
        bursts = held_bursts(organization_id=collected["org"])
        assert [(b.employer_name, b.first, b.last, b.size, b.identical) for b in bursts] == [
            ("Burger Barn", collected["old"], collected["old"] + timedelta(days=1), 4, 4),
            ("Taco Town", collected["old"], collected["old"], 3, 3)]
        published, before = snapshot(published_only=True), counted()
    login(client, "lead@a.org", PASSWORD)
    home = client.get("/organizer/").get_data(as_text=True)
    assert "Held for review" in home and "Burger Barn" in home
    assert decide(client, "/organizer/", "release", "Burger Barn").status_code == 302
    assert decide(client, "/organizer/reports", "reject", "Taco Town").status_code == 302
    with app.app_context():
        assert snapshot(published_only=True) == published  # the sealed past did not move
        assert counted() == before + 4
        assert statuses().count(ReportStatus.SPAM) == 3
        assert statuses().count(ReportStatus.HELD) == 0
        released = db.session.scalars(sa.select(Report.counted_on)
                                      .where(Report.status == ReportStatus.REVIEWED)).all()
        assert len(released) == 4 and all(day >= RELEASE_DAY for day in released)
        assert reports_in_rollups(collected["employer"]) == 4 + 4
        actions = db.session.scalars(sa.select(AuditEvent.action)).all()
        assert {"burst_released", "burst_rejected"} <= set(actions)
    assert "Held for review" not in client.get("/organizer/").get_data(as_text=True)


def test_only_editors_of_the_collecting_organization_decide_a_burst(app, client, collected):
    login(client, "lead@a.org", PASSWORD)
    page = client.get("/organizer/").get_data(as_text=True)
    token = csrf_token(page)
    data = {"employer": collected["employer"], "employer_name": "",
            "first": collected["old"].isoformat(),
            "last": (collected["old"] + timedelta(days=1)).isoformat(), "decision": "release"}
    client.post("/auth/logout", data={"csrf_token": token})
    login(client, "viewer@a.org", PASSWORD)
    page = client.get("/organizer/").get_data(as_text=True)
    assert "Held for review" in page and "Release: count" not in page
    assert client.post("/organizer/reports/bursts",
                       data={**data, "csrf_token": csrf_token(page)}).status_code == 403
    client.post("/auth/logout", data={"csrf_token": csrf_token(page)})
    login(client, "lead@b.org", PASSWORD)
    page = client.get("/organizer/").get_data(as_text=True)
    assert "Burger Barn" not in page
    assert client.post("/organizer/reports/bursts",
                       data={**data, "csrf_token": csrf_token(page)}).status_code == 404
    with app.app_context():
        assert statuses().count(ReportStatus.HELD) == 7


@pytest.mark.parametrize("locale", LANGUAGE_CODES)
def test_the_daily_cap_reply_fits_one_sms(locale):
    assert within_budget(t.say(locale, t.TOO_MANY_TODAY))
