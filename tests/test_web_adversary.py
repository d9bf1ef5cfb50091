"""Adversarial probes of the worker's web flows: receipt codes typed every way a phone allows,
retried POSTs, forged ids, and what reaches the tables and logs."""

import logging
import re
from datetime import date

import pytest
import sqlalchemy as sa

from worker_voice.auth.passwords import create_user
from worker_voice.extensions import db
from worker_voice.intake import find_by_receipt
from worker_voice.intake.receipts import display_receipt
from worker_voice.models import Contact, MailboxMessage, Organization, Report
from worker_voice.uow import transaction

from .factories import report
from .fixtures.accounts import PASSWORD, login
from .fixtures.forms import csrf_token

TODAY = date.today()
QUESTION = "Were you paid for the overtime in March?"
WRONG = "We could not find a report with this code."
IP = "203.0.113.77"


@pytest.fixture
def app_config():
    return {"RELEASE_DATE": TODAY, "RETENTION_DAYS": 365}


@pytest.fixture
def asked(app):
    """Org A collected a report; its organizer asked the worker a question."""
    with app.app_context(), transaction():
        create_user(email="lead@a.org", password=PASSWORD, organization_name="Org A")
        org = db.session.scalar(sa.select(Organization).where(Organization.name == "Org A"))
        org_id, slug = org.id, org.slug
    with app.app_context():
        code = report(answers={"S2": "yes"}, organization_id=org_id).code
        report_id = find_by_receipt(code).id
    lead = app.test_client()
    login(lead, "lead@a.org")
    token = csrf_token(lead.get(f"/organizer/reports/{report_id}").get_data(as_text=True))
    sent = lead.post(f"/organizer/reports/{report_id}/message",
                     data={"csrf_token": token, "text": QUESTION})
    assert sent.status_code == 302
    return {"code": code, "report": report_id, "org": org_id, "slug": slug}


def open_mailbox(client, typed):
    token = csrf_token(client.get("/messages").get_data(as_text=True))
    return client.post("/messages", data={"csrf_token": token, "receipt_code": typed})


def messages(app, report_id):
    with app.app_context():
        return list(db.session.scalars(sa.select(MailboxMessage.text).where(
            MailboxMessage.report_id == report_id).order_by(MailboxMessage.number)))


def test_a_retried_answer_is_stored_once(app, client, asked):
    """A phone on a bad connection sends the same POST again (no answer came back, the worker
    taps Reply again, or the browser retries): one answer, not two."""
    assert open_mailbox(client, asked["code"]).status_code == 302
    token = csrf_token(client.get("/messages").get_data(as_text=True))
    data = {"csrf_token": token, "text": "Not the last two weeks."}
    assert client.post("/messages/answer", data=data).status_code == 302
    assert client.post("/messages/answer", data=data).status_code == 302
    assert messages(app, asked["report"]) == [QUESTION, "Not the last two weeks."]
    # A second, different answer is a message of its own.
    client.post("/messages/answer", data=data | {"text": "And April too."})
    assert messages(app, asked["report"])[-1] == "And April too."


def fullwidth(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


@pytest.mark.parametrize("typed", [
    lambda code: f"  {code[:4].lower()} {code[4:].lower()}  ",
    lambda code: code.lower(),
    lambda code: f"{code[:4]}\u2013{code[4:]}",  # an en dash from a phone keyboard
    lambda code: fullwidth(display_receipt(code)),  # a CJK keyboard's letters
])
def test_the_code_opens_the_mailbox_however_it_was_typed(app, client, asked, typed):
    assert open_mailbox(client, typed(asked["code"])).headers.get("Location") == "/messages"
    assert QUESTION in client.get("/messages").get_data(as_text=True)


def test_a_deleted_report_opens_no_mailbox_and_an_open_one_closes(app, client, asked):
    assert open_mailbox(client, asked["code"]).status_code == 302
    eraser = app.test_client()
    token = csrf_token(eraser.get("/delete").get_data(as_text=True))
    eraser.post("/delete", data={"csrf_token": token, "receipt_code": asked["code"],
                                 "confirm": "y"})
    assert QUESTION not in client.get("/messages").get_data(as_text=True)
    token = csrf_token(client.get("/messages").get_data(as_text=True))
    assert client.post("/messages/answer", data={"csrf_token": token, "text": "hi"}
                       ).status_code == 302
    assert WRONG in open_mailbox(app.test_client(), asked["code"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(MailboxMessage)) == 0


@pytest.mark.parametrize("locale", ["es", "ar"])
def test_mailbox_errors_speak_the_readers_language(app, client, asked, locale):
    english = ("Please write your message.", "We could not find a report with this code.",
               "A receipt code has 8 letters and numbers", "Please write your receipt code.")
    client.get(f"/messages?lang={locale}")
    for typed in ("ZZZZ-ZZZZ", "AB", ""):
        page = open_mailbox(client, typed).get_data(as_text=True)
        assert 'class="error-summary"' in page
        assert not [text for text in english if text in page]
    open_mailbox(client, asked["code"])
    token = csrf_token(client.get("/messages").get_data(as_text=True))
    refused = client.post("/messages/answer", data={"csrf_token": token, "text": "\x00 \x01"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and 'aria-invalid="true"' in page
    assert not [text for text in english if text in page]


def test_a_language_button_keeps_the_answer_and_sends_nothing(app, client, asked):
    open_mailbox(client, asked["code"])
    token = csrf_token(client.get("/messages").get_data(as_text=True))
    page = client.post("/messages/answer", data={"csrf_token": token, "text": "Sí, dos semanas",
                                                 "switch_language": "ar"}).get_data(as_text=True)
    assert 'lang="ar"' in page and 'dir="rtl"' in page and "Sí, dos semanas" in page
    assert messages(app, asked["report"]) == [QUESTION]


def test_an_answer_without_its_token_is_kept_and_not_sent(app, client, asked):
    open_mailbox(client, asked["code"])
    response = client.post("/messages/answer", data={"text": "Sin token"})
    assert response.status_code == 400 and "Sin token" in response.get_data(as_text=True)
    assert messages(app, asked["report"]) == [QUESTION]


def test_an_answer_at_the_limit_with_line_breaks_is_taken(app, client, asked):
    """A browser sends each line break as CR LF; the limit counts what the worker sees."""
    open_mailbox(client, asked["code"])
    token = csrf_token(client.get("/messages").get_data(as_text=True))
    text = "\r\n".join(["abcdefghi"] * 100)  # 999 characters seen, 1,098 sent
    response = client.post("/messages/answer", data={"csrf_token": token, "text": text})
    assert response.status_code == 302
    assert messages(app, asked["report"])[-1] == text.replace("\r\n", "\n")


def test_nothing_of_the_ip_or_the_phone_reaches_tables_or_logs(app, asked, caplog):
    caplog.set_level(logging.DEBUG)
    worker = app.test_client()
    worker.environ_base["REMOTE_ADDR"] = IP
    open_mailbox(worker, asked["code"])
    token = csrf_token(worker.get("/messages").get_data(as_text=True))
    worker.post("/messages/answer", data={"csrf_token": token,
                                          "text": "Call me at 312-555-0199"})
    page = worker.get(f"/contact?org={asked['slug']}").get_data(as_text=True)
    worker.post(f"/contact?org={asked['slug']}", data={
        "csrf_token": csrf_token(page), "name": "", "phone": "(312) 555-0188", "email": "",
        "language": "es", "understood": "y", "texting_ok": "y"})
    page = worker.get(f"/contact?org={asked['slug']}").get_data(as_text=True)
    worker.post(f"/contact?org={asked['slug']}", data={
        "csrf_token": csrf_token(page), "phone": "312 555 0177 x", "email": "bad@",
        "language": "es", "understood": "y"})
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for trace in (IP, "555-0199", "5550199", "555-0188", "5550188", "555 0177", "5550177"):
        assert trace not in logged
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Contact)) == 1
        for table in db.metadata.sorted_tables:
            dump = " ".join(str(v) for row in db.session.execute(sa.select(table)) for v in row)
            for trace in (IP, "555-0199", "5550199", "5550188", "555-0188"):
                assert trace not in dump, table.name


def contact_form(client, org, lang="en"):
    page = client.get(f"/contact?org={org}&lang={lang}").get_data(as_text=True)
    return {"csrf_token": csrf_token(page), "name": "Marisol Typed", "phone": "312-555-0142",
            "email": "", "language": lang, "best_time": "lunes 9am", "employer": "Burger Barn",
            "texting_ok": "y", "understood": "y"}


def contacts(app):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Contact))


@pytest.mark.parametrize("locale", ["es", "ar"])
@pytest.mark.parametrize("bad", [{"phone": "abc"}, {"phone": "", "email": "rosa@"},
                                 {"phone": "", "email": ""}, {"understood": ""}])
def test_a_refused_contact_keeps_what_was_typed_in_the_readers_language(app, client, asked,
                                                                         locale, bad):
    data = contact_form(client, asked["slug"], locale) | bad
    response = client.post(f"/contact?org={asked['slug']}", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'class="error-summary"' in page
    assert "Marisol Typed" in page and "lunes 9am" in page and "Burger Barn" in page
    for field in ("phone", "email"):
        if data[field]:
            assert f'value="{data[field]}"' in page
    for english in ("Please write a phone number", "Please write an e-mail address",
                    "Please tick this box"):
        assert english not in page
    assert f'lang="{locale}"' in page and contacts(app) == 0


def test_a_contact_without_its_token_is_kept_and_not_stored(app, client, asked):
    data = contact_form(client, asked["slug"], "es")
    del data["csrf_token"]
    response = client.post(f"/contact?org={asked['slug']}", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Marisol Typed" in page and 'lang="es"' in page
    assert contacts(app) == 0


def test_the_language_buttons_work_where_no_organization_reads_requests(app, client):
    """With no organization named and no default one, the page has no form: a button that
    submits a form that is not on the page does nothing, so the languages must be links."""
    page = client.get("/contact").get_data(as_text=True)
    assert 'form="contact"' not in page and 'href="?lang=es"' in page
    assert 'lang="es"' in client.get("/contact?lang=es").get_data(as_text=True)


@pytest.mark.parametrize("org", ["\u00b2", "99999999999999999999999"])
def test_a_forged_organization_id_is_not_found(app, client, asked, org):
    assert client.get("/contact", query_string={"org": org}).status_code == 404



def test_a_retried_contact_request_is_stored_once(app, client, asked):
    data = contact_form(client, asked["slug"])
    assert client.post(f"/contact?org={asked['slug']}", data=data).status_code == 302
    assert client.post(f"/contact?org={asked['slug']}", data=data).status_code == 302
    assert contacts(app) == 1
    # Anything different is a request of its own; so is one sent after the first was handled.
    client.post(f"/contact?org={asked['slug']}", data=data | {"texting_ok": ""})
    client.post(f"/contact?org={asked['slug']}", data=data | {"phone": "", "email": "m@x.org"})
    assert contacts(app) == 3
    with app.app_context(), transaction():
        db.session.execute(sa.update(Contact).values(status="reached"))
    client.post(f"/contact?org={asked['slug']}", data=data)
    assert contacts(app) == 4


def report_form(client):
    html = client.get("/report").get_data(as_text=True)
    return {"csrf_token": csrf_token(html), "submission_key": re.search(
        r'name="submission_key" type="hidden" value="([^"]+)"', html).group(1)}


def test_a_nul_in_a_link_is_refused_but_a_nul_in_a_story_is_dropped_and_the_rest_kept(
        app, client, asked):
    """PostgreSQL refuses NUL in text: a query string holding one is forged (400, not 500);
    a worker's text loses the NUL and nothing else (intake's clean_text)."""
    for link in ("/contact?org=%00", "/report?lang=%00", "/messages?x=%00"):
        assert client.get(link).status_code == 400, link
    data = report_form(client) | {"employer_name": "Burger\x00 Barn", "city": "Chicago",
                                  "S2": "yes", "what_happened": "Sent home\x00 early"}
    assert client.post(f"/r/{asked['slug']}", data=data).status_code == 302
    with app.app_context():
        stored = db.session.scalar(sa.select(Report.what_happened).where(
            Report.what_happened.is_not(None)).order_by(Report.id.desc()).limit(1))
        assert stored == "Sent home early"


def test_a_forged_employer_choice_is_no_choice(app, client, asked):
    data = report_form(client) | {"employer_name": "Burger Barn", "city": "Chicago",
                                  "S2": "yes", "employer_choice": "\u00b2"}
    assert client.post(f"/r/{asked['slug']}", data=data).status_code in (200, 302)
