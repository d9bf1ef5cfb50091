import re

import pytest
import sqlalchemy as sa

from worker_voice.extensions import db
from worker_voice.intake.receipts import hash_receipt
from worker_voice.models import Report

from .factories import add_employer
from .fixtures.forms import csrf_token, form_key, open_form

# The whole form on one page (SURVEY_MODE=full): these tests are about its number boxes and the
# questions past the core, which the default core page leaves to the topics after it.
FULL = pytest.mark.parametrize("app_config", [{"SURVEY_MODE": "full"}], ids=["full"])
CANARY_IP = "203.0.113.77"
CANARY_FORWARDED = "198.51.100.23"
CANARY_AGENT = "CanaryAgent/9.9 (zqxjv-canary)"


def report_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Report))


@FULL
def test_form_renders_every_question_within_the_page_budget(client):
    response = client.get("/report")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for key in ("S1", "S9", "W1", "W9", "H1", "H6", "V1", "V3", "R1", "R2", "B1", "B2", "T1",
                "C1", "C3"):
        assert f'name="{key}"' in html
    assert len(response.data) < 60 * 1024
    # Nothing from anyone else's server, and no script at all.
    assert "<script" not in html
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_security_headers(client):
    response = client.get("/report")
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response.headers["Cache-Control"]
    assert "no-store" in client.get("/report/thanks").headers["Cache-Control"]


def test_post_without_csrf_token_is_rejected_and_keeps_what_was_typed(app, client):
    data = open_form(client) | {"employer_name": "Burger Barn", "city": "Chicago", "S2": "yes"}
    for token in ("", "forged-token"):
        response = client.post("/report", data=data | {"csrf_token": token})
        html = response.get_data(as_text=True)
        assert response.status_code == 400
        assert "it was not sent yet" in html and 'value="Burger Barn"' in html
        # The form comes back with a fresh token; sending it again works.
        assert csrf_token(html) != token
    assert client.post("/report", data=data | {"csrf_token": csrf_token(html)}).status_code == 302
    with app.app_context():
        assert report_count() == 1


def test_other_posts_without_csrf_token_are_rejected(client):
    response = client.post("/auth/login", data={"email": "a@b.org", "password": "x" * 12})
    assert response.status_code == 400


def test_report_flows_to_thank_you_with_receipt(app, client):
    with app.app_context():
        add_employer("Burger Barn")
    data = open_form(client) | {"employer_name": "Burger Barn", "city": "Chicago", "S2": "yes",
                                "S6": "42", "H3": ["heat", "chemicals"], "C1": "$15,50"}
    response = client.post("/report", data=data)
    assert response.status_code == 302 and response.headers["Location"] == "/report/thanks"
    thanks = client.get("/report/thanks").get_data(as_text=True)
    code = re.search(r'class="receipt"><strong>([A-Z0-9]{4}-[A-Z0-9]{4})<', thanks).group(1)
    with app.app_context():
        stored = db.session.scalar(sa.select(Report))
        assert stored.receipt_hash == hash_receipt(code.replace("-", ""))
        assert {(a.question_key, a.option) for a in stored.answers} == {
            ("S2", "yes"), ("S6", "h40_49"), ("H3", "heat"), ("H3", "chemicals"),
            ("C1", "w15_20"),
        }
    # The code is shown once: reloading the page does not show it again.
    assert code not in client.get("/report/thanks").get_data(as_text=True)


def test_double_submit_and_back_resubmit_store_one_report(app, client):
    data = open_form(client) | {"employer_name": "Burger Barn", "city": "Chicago", "S2": "yes"}
    for _ in range(3):
        assert client.post("/report", data=data).status_code == 302
    with app.app_context():
        assert report_count() == 1
    # A freshly rendered form is a new report.
    client.post("/report", data=open_form(client) | {"employer_name": "X Co", "city": "Y"})
    with app.app_context():
        assert report_count() == 2


@FULL
def test_bad_input_keeps_everything_typed(app, client):
    story = "Mi jefe cambió el horario <b>otra vez</b>"
    data = open_form(client) | {
        "employer_name": "", "city": "Chicago", "S1": "2wplus", "S6": "cuarenta",
        "H3": ["heat"], "what_happened": story, "one_change": "Respeto",
    }
    response = client.post("/report", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Please write the name of the company." in html
    assert "Please write a number, like 32." in html
    assert 'value="Chicago"' in html and 'value="cuarenta"' in html
    assert re.search(r'checked[^>]*value="2wplus"|value="2wplus"[^>]*checked', html)
    assert re.search(r'checked[^>]*value="heat"|value="heat"[^>]*checked', html)
    assert "Mi jefe cambió el horario &lt;b&gt;otra vez&lt;/b&gt;" in html  # kept, escaped
    assert form_key(html) == data["submission_key"]
    with app.app_context():
        assert report_count() == 0


def test_honeypot_stores_nothing(app, client):
    data = open_form(client) | {"employer_name": "Spam", "city": "Spam", "website": "http://x"}
    assert client.post("/report", data=data).status_code == 302
    with app.app_context():
        assert report_count() == 0


def test_no_identifier_reaches_the_database(app, client):
    """A canary address and user agent sent with a report appear in no column of any table."""
    headers = {"User-Agent": CANARY_AGENT, "X-Forwarded-For": CANARY_FORWARDED,
               "X-Real-IP": CANARY_FORWARDED}
    environ = {"REMOTE_ADDR": CANARY_IP}
    client.get("/report", headers=headers, environ_base=environ)
    data = open_form(client) | {"employer_name": "Burger Barn", "city": "Chicago", "S2": "yes",
                                "what_happened": "ok"}
    response = client.post("/report", data=data, headers=headers, environ_base=environ)
    assert response.status_code == 302
    with app.app_context():
        dump = []
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(sa.select(table)).all():
                dump.extend(str(value) for value in row)
        text = "\n".join(dump)
        assert report_count() == 1
        for canary in (CANARY_IP, CANARY_FORWARDED, CANARY_AGENT, "zqxjv"):
            assert canary not in text


@pytest.mark.parametrize("path", ["/", "/report", "/report/thanks", "/auth/login", "/missing"])
def test_pages_render_in_every_language(client, path):
    from worker_voice.i18n import LANGUAGES, ORGANIZER_LANGUAGES

    for language in LANGUAGES:
        response = client.get(f"{path}?lang={language.code}")
        assert response.status_code == (404 if path == "/missing" else 200), language.code
        html = response.get_data(as_text=True)
        if path == "/auth/login" and language.code not in ORGANIZER_LANGUAGES:
            assert '<html lang="en" dir="ltr">' in html  # the organizer interface
            continue
        assert f'<html lang="{language.tag}" dir="{"rtl" if language.rtl else "ltr"}">' in html
