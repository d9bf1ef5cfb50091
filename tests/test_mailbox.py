"""The mailbox behind the receipt code (issue 21, item 1): the collecting organization asks a
report's author a question from the report page; the worker reads and answers it with the code.

Only the collecting organization reaches a mailbox (404 otherwise, viewers read only); a wrong
code counts against the same daily limit as /delete; answers are redacted like stories; the
messages go with the report; every organizer read and send is audited without the words.
"""

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from worker_voice import clock
from worker_voice.auth.passwords import create_user
from worker_voice.channels.web.limits import CODE_TRIES_PER_DAY
from worker_voice.extensions import babel, db
from worker_voice.i18n import LANGUAGE_CODES, LANGUAGES
from worker_voice.intake import find_by_receipt
from worker_voice.intake.retention import mix_day
from worker_voice.models import AuditEvent, MailboxDirection, MailboxMessage, Organization
from worker_voice.uow import transaction

from .factories import report
from .fixtures.accounts import PASSWORD, login
from .fixtures.forms import csrf_token, open_form
from .fixtures.i18n import english_leftovers, pseudo_translations, tag, visible_text

TODAY = date.today()
QUESTION = "Were you paid for the overtime in March?"
ANSWER = "Not the last two weeks."
WRONG = "We could not find a report with this code."
WRONG_DELETE = "We could not delete a report with this code."
WRONG_CODES = ("AAAA-AAAA", "BBBB-BBBB", "CCCC-CCCC", "DDDD-DDDD", "EEEE-EEEE", "FFFF-FFFF")


@pytest.fixture
def app_config():
    return {"RELEASE_DATE": TODAY, "RETENTION_DAYS": 365}


@pytest.fixture
def people(app):
    """Org A (an organizer and a viewer) collected `code`'s report and `other`'s; Org B has an
    organizer of its own."""
    with app.app_context(), transaction():
        for org in ("a", "b"):
            create_user(email=f"lead@{org}.org", password=PASSWORD,
                        organization_name=f"Org {org.upper()}")
        create_user(email="viewer@a.org", password=PASSWORD, role="viewer",
                    organization_name="Org A")
        org_a = db.session.scalar(sa.select(Organization.id).where(Organization.name == "Org A"))
    with app.app_context():
        code = report(answers={"S2": "yes"}, organization_id=org_a, locale="es").code
        other = report(answers={"S2": "no"}, organization_id=org_a).code
        ids = {"report": find_by_receipt(code).id, "other": find_by_receipt(other).id}
    return {**ids, "code": code, "other_code": other, "org_a": org_a}


def rows(app, report_id=None):
    with app.app_context():
        query = sa.select(MailboxMessage.direction, MailboxMessage.text).order_by(
            MailboxMessage.report_id, MailboxMessage.number)
        if report_id is not None:
            query = query.where(MailboxMessage.report_id == report_id)
        return [(direction.value, text) for direction, text in db.session.execute(query)]


def audit(app, action):
    with app.app_context():
        return [(event.target, event.detail) for event in db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))]


def send(client, report_id, text=QUESTION):
    page = client.get(f"/organizer/reports/{report_id}")
    token = csrf_token(page.get_data(as_text=True)) if page.status_code == 200 else (
        csrf_token(client.get("/organizer/reports").get_data(as_text=True)))
    return client.post(f"/organizer/reports/{report_id}/message",
                       data={"csrf_token": token, "text": text})


def open_mailbox(client, code):
    token = csrf_token(client.get("/messages").get_data(as_text=True))
    return client.post("/messages", data={"csrf_token": token, "receipt_code": code})


def answer(client, text=ANSWER, **extra):
    token = csrf_token(client.get("/messages").get_data(as_text=True))
    return client.post("/messages/answer", data={"csrf_token": token, "text": text, **extra})


def without_token(page: str) -> str:
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]+"', r'\1"', page)


def test_a_question_reaches_the_worker_and_the_answer_comes_back(app, client, people):
    login(client, "lead@a.org")
    response = send(client, people["report"])
    assert response.status_code == 302
    assert send(client, people["report"], "And the week after?").status_code == 302
    worker = app.test_client()
    assert open_mailbox(worker, people["code"].lower()).headers["Location"] == "/messages"
    page = worker.get("/messages?lang=en").get_data(as_text=True)
    assert "Org A reads your report" in page
    # Oldest first, with the day and no time of day.
    assert page.index(QUESTION) < page.index("And the week after?")
    assert page.count("Org A wrote on") == 2 and not re.search(r"\d\d:\d\d", page)
    assert people["code"] not in page  # the code is not shown back
    response = answer(worker)
    assert response.status_code == 302
    page = worker.get("/messages").get_data(as_text=True)
    assert "Sent. Thank you for your answer." in page and ANSWER in page
    assert "Sent. Thank you" not in worker.get("/messages").get_data(as_text=True)  # said once
    assert rows(app) == [("to_worker", QUESTION), ("to_worker", "And the week after?"),
                         ("from_worker", ANSWER)]
    page = client.get(f"/organizer/reports/{people['report']}").get_data(as_text=True)
    assert ANSWER in page and page.index(QUESTION) < page.index(ANSWER)
    # Audited, never with the words; the sends name the organizer (actor), the rows do not.
    sends = audit(app, "mailbox_sent")
    assert [target for target, _detail in sends] == [f"report {people['report']}"] * 2
    reads = audit(app, "mailbox_read")
    assert reads and reads[-1] == (f"report {people['report']}", {"messages": 3})
    for _target, detail in sends + reads:
        assert not {QUESTION, ANSWER} & {str(value) for value in detail.values()}
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "mailbox_sent", AuditEvent.actor_id.is_(None))) == 0
    # Closed, the next person on the phone sees the code form again.
    token = csrf_token(worker.get("/messages").get_data(as_text=True))
    worker.post("/messages/close", data={"csrf_token": token})
    assert QUESTION not in worker.get("/messages").get_data(as_text=True)


def test_an_answer_waits_in_the_answers_queue_until_someone_opens_the_report(app, client,
                                                                            people):
    login(client, "lead@a.org")
    for report_id in (people["report"], people["other"]):
        send(client, report_id)
    worker = app.test_client()
    open_mailbox(worker, people["code"])
    answer(worker)
    assert "1 report with a worker's answer not read yet" in client.get(
        "/organizer/").get_data(as_text=True)
    queue = client.get("/organizer/reports?queue=answers").get_data(as_text=True)
    assert "1 report matches" in queue
    assert f'/organizer/reports/{people["report"]}?queue=answers' in queue
    assert f'/organizer/reports/{people["other"]}' not in queue  # asked, not answered
    # A viewer opening it reads it for the organization; the queue and the home count empty.
    client.post("/auth/logout", data={"csrf_token": csrf_token(
        client.get("/organizer/reports").get_data(as_text=True))})
    login(client, "viewer@a.org")
    assert ANSWER in client.get(f"/organizer/reports/{people['report']}?queue=answers"
                                ).get_data(as_text=True)
    assert "0 reports match" in client.get("/organizer/reports?queue=answers").get_data(
        as_text=True)
    assert "not read yet" not in client.get("/organizer/").get_data(as_text=True)
    with app.app_context():
        read = db.session.execute(sa.select(MailboxMessage.direction, MailboxMessage.read_on)
                                  .order_by(MailboxMessage.report_id,
                                            MailboxMessage.number)).all()
        assert sorted((d.value, r is not None) for d, r in read) == [
            ("from_worker", True), ("to_worker", False), ("to_worker", False)]
    # A second answer is unread again.
    answer(worker, "One more thing.")
    assert "1 report matches" in client.get("/organizer/reports?queue=answers").get_data(
        as_text=True)


def test_another_organization_gets_not_found_to_read_and_to_send(app, client, people):
    login(client, "lead@a.org")
    send(client, people["report"])
    client.get("/auth/logout")
    other = app.test_client()
    login(other, "lead@b.org")
    assert other.get(f"/organizer/reports/{people['report']}").status_code == 404
    assert send(other, people["report"], "Hello").status_code == 404
    assert send(other, people["report"], "").status_code == 404  # even with a form refused
    assert rows(app) == [("to_worker", QUESTION)]
    assert audit(app, "mailbox_read") == []


def test_a_viewer_reads_the_messages_but_cannot_send(app, client, people):
    lead = app.test_client()
    login(lead, "lead@a.org")
    send(lead, people["report"])
    login(client, "viewer@a.org")
    page = client.get(f"/organizer/reports/{people['report']}").get_data(as_text=True)
    assert QUESTION in page and "/message" not in page  # no form to send
    assert send(client, people["report"], "Hello").status_code == 403
    assert rows(app) == [("to_worker", QUESTION)]


def test_an_empty_or_too_long_message_is_refused_and_kept(app, client, people):
    login(client, "lead@a.org")
    response = send(client, people["report"], "x" * 1001)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "x" * 1001 in page and 'aria-invalid="true"' in page
    assert "A message has 1000 characters at most." in page
    assert send(client, people["report"], "   ").status_code == 400
    assert rows(app) == []


def test_a_wrong_code_gets_the_wrong_code_page_and_counts_with_erasure(app, client, people):
    first = open_mailbox(client, WRONG_CODES[0])
    page = first.get_data(as_text=True)
    assert first.status_code == 200 and WRONG in page and WRONG_CODES[0] not in page
    # Wrong codes on /delete and here count together, to the same daily limit.
    for code in WRONG_CODES[1:3]:
        token = csrf_token(client.get("/delete").get_data(as_text=True))
        deleted = client.post("/delete", data={"csrf_token": token, "receipt_code": code,
                                               "confirm": "y"})
        assert WRONG_DELETE in deleted.get_data(as_text=True)
    for code in WRONG_CODES[3:CODE_TRIES_PER_DAY]:
        assert WRONG in open_mailbox(client, code).get_data(as_text=True)
    # Past the limit, the right code gets exactly the wrong code's page, here and on /delete.
    right = open_mailbox(client, people["code"])
    assert right.status_code == first.status_code
    assert without_token(right.get_data(as_text=True)) == without_token(page)
    token = csrf_token(client.get("/delete").get_data(as_text=True))
    deleted = client.post("/delete", data={"csrf_token": token, "receipt_code": people["code"],
                                           "confirm": "y"})
    assert WRONG_DELETE in deleted.get_data(as_text=True)
    with app.app_context():
        assert find_by_receipt(people["code"]) is not None
    # Another browser still opens it.
    assert open_mailbox(app.test_client(), people["code"]).status_code == 302


def test_an_answer_is_stored_redacted_and_kept_when_refused(app, client, people):
    lead = app.test_client()
    login(lead, "lead@a.org")
    send(lead, people["report"])
    open_mailbox(client, people["code"])
    response = answer(client, "x" * 1001)
    assert response.status_code == 400 and "x" * 1001 in response.get_data(as_text=True)
    # A language button sends the answer back in the new language, nothing stored.
    switched = answer(client, "mi respuesta", switch_language="es")
    page = switched.get_data(as_text=True)
    assert 'lang="es"' in page and "mi respuesta" in page
    answer(client, "Call me at 312-555-0199 or write to maria.lopez@gmail.com")
    stored = rows(app, people["report"])
    assert stored[:1] == [("to_worker", QUESTION)] and len(stored) == 2
    text = stored[1][1]
    assert "[phone]" in text and "[email]" in text
    assert "555" not in text and "maria" not in text


def test_a_worker_answers_only_once_asked(app, client, people):
    open_mailbox(client, people["code"])
    page = client.get("/messages").get_data(as_text=True)
    assert "There are no messages yet" in page and "/messages/answer" not in page
    assert answer(client).status_code == 302
    assert rows(app) == []


def test_deleting_the_report_deletes_its_messages(app, client, people):
    lead = app.test_client()
    login(lead, "lead@a.org")
    send(lead, people["report"])
    send(lead, people["other"], "Still there?")
    open_mailbox(client, people["code"])
    answer(client)
    token = csrf_token(client.get("/delete").get_data(as_text=True))
    response = client.post("/delete", data={"csrf_token": token, "receipt_code": people["code"],
                                            "confirm": "y"})
    assert response.status_code == 302
    assert rows(app, people["report"]) == []
    assert rows(app) == [("to_worker", "Still there?")]  # another report's mailbox stays
    # The mailbox open in this browser is gone too.
    assert QUESTION not in client.get("/messages").get_data(as_text=True)


def test_retention_expiry_erases_the_messages(app, runner, people):
    with app.app_context():
        old = report(answers={"S2": "yes"}, organization_id=people["org_a"],
                     received_on=TODAY - timedelta(days=800)).code
        old_id = find_by_receipt(old).id
        with transaction():
            for number, direction in enumerate(MailboxDirection, start=1):
                db.session.add(MailboxMessage(
                    report_id=old_id, number=number, organization_id=people["org_a"],
                    direction=direction, text="words", sent_on=TODAY - timedelta(days=700)))
    lead = app.test_client()
    login(lead, "lead@a.org")
    send(lead, people["report"])
    result = runner.invoke(args=["reports", "expire"])
    assert result.exit_code == 0 and "Erased 1 report" in result.output, result.output
    assert rows(app, old_id) == []
    assert rows(app) == [("to_worker", QUESTION)]


def test_mixing_a_day_keeps_the_messages(app, client, people):
    """Reports are rewritten in random order (PostgreSQL); their messages must survive."""
    login(client, "lead@a.org")
    send(client, people["report"])
    with app.app_context(), transaction():
        mix_day(day=TODAY)
    assert rows(app) == [("to_worker", QUESTION)]


def test_the_thank_you_page_points_to_the_messages(client):
    client.post("/report", data=open_form(client) | {"employer_name": "Acme", "city": "Town"})
    page = client.get("/report/thanks").get_data(as_text=True)
    assert "may ask you questions" in page and 'href="/messages"' in page


@pytest.mark.parametrize("locale", [code for code in LANGUAGE_CODES if code != "en"])
def test_the_worker_pages_speak_the_workers_language(app, client, people, locale):
    lead = app.test_client()
    login(lead, "lead@a.org")
    send(lead, people["report"])
    pages = {"code": client.get(f"/messages?lang={locale}").get_data(as_text=True)}
    pages["wrong"] = open_mailbox(client, WRONG_CODES[0]).get_data(as_text=True)
    open_mailbox(client, people["code"])
    pages["mailbox"] = client.get("/messages").get_data(as_text=True)
    pages["refused"] = answer(client, "x" * 1001).get_data(as_text=True)
    for name, page in pages.items():
        assert f'lang="{tag(locale)}"' in page, name
        assert english_leftovers(page, locale) == [], name


class TestPseudoLocale:
    """Every string of the worker's pages goes through gettext (a pseudo catalog wraps each
    translation in ⟦ ⟧; English left outside skipped it)."""

    @pytest.fixture
    def app_config(self, tmp_path_factory):
        directory = tmp_path_factory.mktemp("pseudo")
        pseudo_translations(directory)
        return {"BABEL_TRANSLATION_DIRECTORIES": f"{directory};{directory}", "PSEUDO": True,
                "RELEASE_DATE": TODAY}

    @pytest.fixture(autouse=True)
    def fresh_catalogs(self, app):
        with app.app_context():
            babel.domain_instance.cache.clear()
        yield
        with app.app_context():
            babel.domain_instance.cache.clear()

    def test_no_mailbox_text_bypasses_gettext(self, app, client, people):
        lead = app.test_client()
        login(lead, "lead@a.org")
        send(lead, people["report"])
        pages = [client.get("/messages?lang=es").get_data(as_text=True),
                 open_mailbox(client, WRONG_CODES[0]).get_data(as_text=True)]
        open_mailbox(client, people["code"])
        answer(client)
        pages.append(client.get("/messages").get_data(as_text=True))
        pages.append(answer(client, "x" * 1001).get_data(as_text=True))
        # Data, not interface text: the languages' own names, the organization's name, the
        # messages, and the day as the locale writes it ("8 de diciembre de 2026").
        allowed = {*" ".join(language.native_name for language in LANGUAGES).split(),
                   "Org", "x" * 1001, *re.findall(r"\w+", QUESTION + " " + ANSWER)}
        for page in pages:
            assert "⟦" in page
            outside = re.sub(r"⟦[^⟧]*⟧|\d+ de \w+ de \d{4}", " ", visible_text(page))
            words = set(re.findall(r"[^\W\d_]{2,}", outside)) - allowed
            assert words == set(), words


def test_an_answer_typed_before_midnight_and_sent_after_it_is_kept(app, client, people,
                                                                   monkeypatch):
    lead = app.test_client()
    login(lead, "lead@a.org")
    send(lead, people["report"])
    open_mailbox(client, people["code"])
    token = csrf_token(client.get("/messages").get_data(as_text=True))
    tomorrow = clock.utcnow() + timedelta(days=1)
    monkeypatch.setattr(clock, "utcnow", lambda: tomorrow)
    response = client.post("/messages/answer", data={"csrf_token": token, "text": ANSWER})
    assert response.status_code == 302
    assert rows(app)[-1] == ("from_worker", ANSWER)
    # A day later still, the mailbox is closed: the code is asked for again.
    monkeypatch.setattr(clock, "utcnow", lambda: tomorrow + timedelta(days=1))
    assert QUESTION not in client.get("/messages").get_data(as_text=True)
