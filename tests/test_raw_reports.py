"""The collecting organization reviews its raw reports; nobody else can reach them."""

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from worker_voice.auth.passwords import create_user
from worker_voice.clock import utcnow
from worker_voice.extensions import db
from worker_voice.insights.disclosure import EVERYONE
from worker_voice.insights.rollups import recompute
from worker_voice.insights.summaries import employer_summary
from worker_voice.intake import find_by_receipt
from worker_voice.intake.redaction import redact
from worker_voice.models import AuditEvent, Organization, Report, RollupCount, SealedQuarter

from .factories import add_employer, report
from .fixtures.accounts import login
from .fixtures.forms import csrf_token
from .fixtures.rollups import snapshot

PASSWORD = "a long password here"


@pytest.mark.parametrize(
    ("text", "kept", "gone"),
    [
        ("Llámame al (312) 555-0199 o escribe a ana.r@gmail.com", "Llámame", "555"),
        ("see facebook.com/ana.rojas or https://x.example/p", "see", "rojas"),
        ("I live at 1420 N 5th St, apt 2", "I live at", "1420"),
        ("We worked 50 hours with 3 days notice", "50 hours with 3 days", "[phone]"),
    ],
)
def test_automatic_redaction(text, kept, gone):
    redacted = redact(text)
    assert kept in redacted and gone not in redacted


@pytest.fixture
def two_orgs(app):
    with app.app_context():
        for org in ("Centro A", "Union B"):
            create_user(email=f"lead@{org[-1].lower()}.org", password=PASSWORD,
                        organization_name=org)
        create_user(email="viewer@a.org", password=PASSWORD, role="viewer",
                    organization_name="Centro A")
        org_a = db.session.scalar(sa.select(Organization.id).where(Organization.name == "Centro A"))
        employer = add_employer("Burger Barn").id
        ids = [report(answers={"S2": "yes"}, organization_id=org_a,
                      what_happened="Call me 312-555-0199").code for _ in range(6)]
        report_id = find_by_receipt(ids[0]).id
    return {"org_a": org_a, "report": report_id, "employer": employer}


def test_raw_reports_stay_with_the_collecting_organization(app, client, two_orgs):
    report_id = two_orgs["report"]
    login(client, "lead@b.org", PASSWORD)
    assert client.get(f"/organizer/reports/{report_id}").status_code == 404
    assert client.get("/organizer/reports/999999").status_code == 404  # looks the same
    assert "Call me" not in client.get("/organizer/reports").get_data(as_text=True)
    page = client.get("/organizer/reports").get_data(as_text=True)
    assert client.post(f"/organizer/reports/{report_id}/status",
                       data={"csrf_token": csrf_token(page), "status": "spam"}).status_code == 404
    token = csrf_token(page)
    client.post("/auth/logout", data={"csrf_token": token})
    login(client, "lead@a.org", PASSWORD)
    page = client.get(f"/organizer/reports/{report_id}").get_data(as_text=True)
    assert "Call me [phone]" in page
    with app.app_context():
        viewed = db.session.scalars(sa.select(AuditEvent.action)).all()
        assert "raw_report_viewed" in viewed


def test_spam_leaves_the_rollups_and_comes_back(app, client, two_orgs):
    login(client, "lead@a.org", PASSWORD)
    report_id = two_orgs["report"]
    page = client.get(f"/organizer/reports/{report_id}").get_data(as_text=True)
    url = f"/organizer/reports/{report_id}/status"
    client.post(url, data={"csrf_token": csrf_token(page), "status": "spam"})
    with app.app_context():
        # The report's quarter is published already (the tests' release day is next quarter):
        # its totals keep the report (the quarter is sealed), no later quarter subtracts it,
        # and a recompute leaves the sealed quarter alone.
        assert employer_summary(scope=EVERYONE, employer_id=two_orgs["employer"]).reports == 6
        assert counted_reports() == 6
        assert db.session.scalars(sa.select(SealedQuarter.quarter)).all() != []
        counted = snapshot()
        recompute()
        assert snapshot() == counted
    client.post(url, data={"csrf_token": csrf_token(page), "status": "reviewed"})
    with app.app_context():
        assert counted_reports() == 6
        assert employer_summary(scope=EVERYONE, employer_id=two_orgs["employer"]).reports == 6
    app.config["RELEASE_DATE"] = date.today()  # now its quarter is still open
    client.post(url, data={"csrf_token": csrf_token(page), "status": "spam"})
    with app.app_context():
        assert counted_reports() == 5
        counted = snapshot()
        recompute()
        assert snapshot() == counted


def counted_reports() -> int:
    return db.session.scalar(sa.select(sa.func.sum(RollupCount.count))
                             .where(RollupCount.question_key == "_reports"))


def test_hand_redaction_and_quote_approval(app, client, two_orgs):
    login(client, "lead@a.org", PASSWORD)
    report_id = two_orgs["report"]
    page = client.get(f"/organizer/reports/{report_id}").get_data(as_text=True)
    base = f"/organizer/reports/{report_id}"
    client.post(f"{base}/redact", data={"csrf_token": csrf_token(page), "phrase": "call me"})
    client.post(f"{base}/quote", data={"csrf_token": csrf_token(page), "approved": "1"})
    with app.app_context():
        stored = db.session.get(Report, report_id)
        assert stored.what_happened == "[redacted] [phone]" and stored.quote_approved


def test_viewers_read_but_do_not_change(app, client, two_orgs):
    login(client, "viewer@a.org", PASSWORD)
    report_id = two_orgs["report"]
    page = client.get(f"/organizer/reports/{report_id}").get_data(as_text=True)
    response = client.post(f"/organizer/reports/{report_id}/status",
                           data={"csrf_token": csrf_token(page), "status": "spam"})
    assert response.status_code == 403


def test_report_filters(app, client, two_orgs):
    login(client, "lead@a.org", PASSWORD)
    spam = client.get("/organizer/reports?status=spam").get_data(as_text=True)
    assert re.findall(r'href="/organizer/reports/\d+', spam) == []
    listed = client.get(f"/organizer/reports?employer={two_orgs['employer']}&language=en"
                        "&channel=web&category=scheduling&from=2000-01-01&to=2100-01-01")
    assert len(re.findall(r'href="/organizer/reports/\d+', listed.get_data(as_text=True))) == 6


def test_home_page_counts_what_came_in_since_the_last_visit(app, client, two_orgs):
    login(client, "lead@a.org", PASSWORD)
    first = client.get("/organizer/").get_data(as_text=True)
    assert "6 reports received so far" in first
    assert re.search(r"6 workers\S* stories wait for a decision on quoting", first)
    assert "Burger Barn" in first
    # A visit begins at sign-in: reading the page again changes nothing (a GET writes nothing).
    again = client.get("/organizer/").get_data(as_text=True)
    assert "6 reports received so far" in again
    client.post("/auth/logout", data={"csrf_token": csrf_token(again)})
    # Reports are known by their day only: those of the day the last visit began still count,
    # those of an earlier day no longer do.
    with app.app_context():
        yesterday = utcnow().date() - timedelta(days=1)
        db.session.execute(sa.update(Report).where(Report.id != two_orgs["report"])
                           .values(received_on=yesterday))
        db.session.commit()
    login(client, "lead@a.org", PASSWORD)
    next_visit = client.get("/organizer/").get_data(as_text=True)
    assert re.search(r"1 report received since \w+ \d+, \d{4}, the day of your last visit",
                     next_visit)
    client.post("/auth/logout", data={"csrf_token": csrf_token(next_visit)})
    login(client, "lead@b.org", PASSWORD)
    other = client.get("/organizer/").get_data(as_text=True)
    assert "0 reports received so far" in other and "Burger Barn" not in other
