"""An insider or a coalition partner against the organizer side: the reports review flow, the
contacts list, the unmatched names review and the employer briefing. Another organization's
ids are 404 or ignored, a viewer changes nothing, forged input finds nothing instead of failing,
exported cells never run as formulas, and no view lets a partner see or subtract a small cell."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from worker_voice.auth.passwords import create_user
from worker_voice.contacts import request_contact
from worker_voice.extensions import db
from worker_voice.models import (
    Contact,
    MailboxMessage,
    Organization,
    Report,
    ReportStatus,
)
from worker_voice.uow import transaction

from .factories import add_employer, report
from .fixtures.accounts import PASSWORD

TODAY = date.today()


@pytest.fixture
def app_config():
    # The quarter of today's reports is still open: a status change moves its counts.
    return {"WTF_CSRF_ENABLED": False, "RELEASE_DATE": TODAY}


def login(client, email):
    assert client.post("/auth/login", data={"email": email, "password": PASSWORD}
                       ).status_code == 302


def org_id(name):
    return db.session.scalar(sa.select(Organization.id).where(Organization.name == name))


@pytest.fixture
def orgs(app):
    """Org A (lead, viewer) and Org B (lead); each collected stories about Burger Barn."""
    with app.app_context(), transaction():
        for org in ("a", "b"):
            create_user(email=f"lead@{org}.org", password=PASSWORD,
                        organization_name=f"Org {org.upper()}")
        create_user(email="viewer@a.org", password=PASSWORD, role="viewer",
                    organization_name="Org A")
        ids = {"a": org_id("Org A"), "b": org_id("Org B")}
        ids["employer"] = add_employer("Burger Barn").id
        for org in ("a", "b"):
            for n in range(3):
                report(answers={"S2": "yes"}, organization_id=ids[org],
                       received_on=TODAY - timedelta(days=n),
                       what_happened=f"Story {n} of {org}")
    with app.app_context():
        for org in ("a", "b"):
            ids[f"{org}_reports"] = sorted(db.session.scalars(
                sa.select(Report.id).where(Report.organization_id == ids[org])))
    return ids


def state(app, report_ids):
    """What a review can change on these reports."""
    with app.app_context():
        return sorted(db.session.execute(
            sa.select(Report.id, Report.status, Report.what_happened, Report.quote_approved,
                      Report.quote_decided_on).where(Report.id.in_(report_ids))).all())


def mailbox_rows(app):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(MailboxMessage))


# -- reports: another organization's ids, viewers ---------------------------------------------

def test_another_organizations_report_is_not_found_for_every_action(app, client, orgs):
    theirs = orgs["b_reports"]
    before = state(app, theirs)
    login(client, "lead@a.org")
    for report_id in theirs:
        for query in ("", "?queue=quotes", "?queue=answers", "?status=new"):
            assert client.get(f"/organizer/reports/{report_id}{query}").status_code == 404
        for action, data in (("status", {"status": "spam"}), ("redact", {"phrase": "Story"}),
                             ("quote", {"approved": "1"}), ("message", {"text": "Hello?"})):
            response = client.post(f"/organizer/reports/{report_id}/{action}?queue=quotes",
                                   data=data)
            assert response.status_code == 404, action
    assert state(app, theirs) == before and mailbox_rows(app) == 0
    # No page of A's list, queue or neighbours links to one of B's reports.
    for query in ("", "?queue=quotes", "?queue=answers", f"?employer={orgs['employer']}"):
        page = client.get(f"/organizer/reports{query}").get_data(as_text=True)
        assert not any(f"/organizer/reports/{r}" in page for r in theirs)
    for report_id in orgs["a_reports"]:
        page = client.get(f"/organizer/reports/{report_id}").get_data(as_text=True)
        assert not any(f"/organizer/reports/{r}?" in page or f"/organizer/reports/{r}\""
                       in page for r in theirs)


def test_a_viewer_changes_no_report(app, client, orgs):
    ours = orgs["a_reports"]
    before = state(app, ours)
    login(client, "viewer@a.org")
    assert client.get(f"/organizer/reports/{ours[0]}").status_code == 200
    for action, data in (("status", {"status": "spam"}), ("redact", {"phrase": "Story"}),
                         ("quote", {"approved": "1"}), ("message", {"text": "Hello?"})):
        assert client.post(f"/organizer/reports/{ours[0]}/{action}",
                           data=data).status_code == 403, action
    assert client.post("/organizer/reports/bulk",
                       data={"status": "spam", "reports": ours}).status_code == 403
    assert client.post("/organizer/reports/bursts", data={
        "employer": orgs["employer"], "first": TODAY.isoformat(), "last": TODAY.isoformat(),
        "decision": "reject"}).status_code == 403
    assert client.get("/organizer/reports/export.csv").status_code == 403
    assert state(app, ours) == before and mailbox_rows(app) == 0


# -- bulk ---------------------------------------------------------------------------------------

def statuses(app, report_ids):
    with app.app_context():
        return {db.session.get(Report, r).status for r in report_ids}


def test_bulk_ignores_other_organizations_and_refuses_forged_lists(app, client, orgs):
    ours, theirs = orgs["a_reports"], orgs["b_reports"]
    login(client, "lead@a.org")

    def bulk(ids, status="spam"):
        return client.post("/organizer/reports/bulk?status=new",
                           data={"status": status, "reports": [str(i) for i in ids]})

    # More ids than a bulk change may name, a non-number, a negative, zero, an id past what
    # a row can hold, or an unknown status: nothing changes at all.
    for forged in ([*ours, *range(10**6, 10**6 + 200)], [*ours, "x"], [*ours, "-1"],
                   [*ours, "0"], [*ours, str(2**63)], [*ours, "1e3"], [*ours, ""]):
        assert bulk(forged).status_code == 302
        assert statuses(app, ours) == {ReportStatus.NEW}, forged
    assert bulk(ours, status="deleted").status_code == 302
    assert statuses(app, ours) == {ReportStatus.NEW}
    # Another organization's ids (many of them, repeated) are ignored; ours, repeated, change
    # once and are counted once.
    response = bulk([*theirs * 30, *ours * 3])
    assert response.headers["Location"] == "/organizer/reports?status=new"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "3 reports changed." in page
    assert statuses(app, ours) == {ReportStatus.SPAM}
    assert statuses(app, theirs) == {ReportStatus.NEW}


def test_a_burst_of_another_organization_is_not_found(app, client, orgs):
    with app.app_context():
        db.session.execute(sa.update(Report).where(Report.organization_id == orgs["b"])
                           .values(status=ReportStatus.HELD))
        db.session.commit()
    login(client, "lead@a.org")
    response = client.post("/organizer/reports/bursts", data={
        "employer": orgs["employer"], "employer_name": "",
        "first": (TODAY - timedelta(days=5)).isoformat(), "last": TODAY.isoformat(),
        "decision": "release"})
    assert response.status_code == 404
    assert statuses(app, orgs["b_reports"]) == {ReportStatus.HELD}


# -- forged cursors and filters -----------------------------------------------------------------

def test_forged_cursors_and_unknown_filters_answer_a_page(app, client, orgs):
    login(client, "lead@a.org")
    forged = ["after=9999-12-31.1", "before=0001-01-01.1", "after=0001-01-01.1",
              "before=9999-12-31.9223372036854775807", "after=2026-02-30.1",
              "after=..", "before=.", "after=2026-01-01.1&before=2026-01-01.1",
              "from=9999-99-99&to=x", "from=2030-01-01&to=2020-01-01", "status=deleted",
              "language=zz", "channel=fax", "category=nothing", "queue=everything",
              "employer=-1", "employer=0"]
    for query in forged:
        response = client.get(f"/organizer/reports?{query}")
        assert response.status_code == 200, query
    for report_id in orgs["a_reports"]:
        for query in forged:
            assert client.get(f"/organizer/reports/{report_id}?{query}").status_code == 200
    # A queue name that is none of the queues is not carried along as one.
    page = client.get("/organizer/reports?queue=everything").get_data(as_text=True)
    assert "queue=everything" not in page


# -- contacts -----------------------------------------------------------------------------------

ROSA = {"name": "Rosa Canary", "phone": "+1 312 555 0142", "email": "rosa@example.org",
        "language": "es", "best_time": "after 6", "texting_ok": True,
        "employer": "Burger Barn"}


def add_contact(app, organization_id, **fields):
    with app.app_context(), transaction():
        return request_contact(organization_id=organization_id, **(ROSA | fields))


def sealed(app, contact_id):
    with app.app_context():
        row = db.session.get(Contact, contact_id)
        return None if row is None else (row.sealed, row.status, row.follow_up_on)


def test_another_organizations_contact_is_not_found_and_unchanged(app, client, orgs):
    theirs = add_contact(app, orgs["b"])
    before = sealed(app, theirs)
    login(client, "lead@a.org")
    assert client.get(f"/organizer/contacts/{theirs}").status_code == 404
    edit = {"status": "met", "follow_up_on": TODAY.isoformat(), "notes": "mine now"}
    assert client.post(f"/organizer/contacts/{theirs}", data=edit).status_code == 404
    # An invalid form for another's contact is a 404 too, not its page with the errors.
    assert client.post(f"/organizer/contacts/{theirs}",
                       data={**edit, "follow_up_on": "never"}).status_code == 404
    for data in ({"confirm": "y"}, {}):
        assert client.post(f"/organizer/contacts/{theirs}/delete",
                           data=data).status_code == 404
    assert sealed(app, theirs) == before
    assert "Rosa" not in client.get("/organizer/contacts").get_data(as_text=True)
    exported = client.get("/organizer/contacts/export.csv").get_data(as_text=True)
    assert "Rosa" not in exported and "+1312" not in exported


def test_a_viewer_reads_contacts_but_changes_exports_and_messages_nothing(app, client, orgs):
    ours = add_contact(app, orgs["a"])
    before = sealed(app, ours)
    login(client, "viewer@a.org")
    assert client.get(f"/organizer/contacts/{ours}").status_code == 200
    assert client.post(f"/organizer/contacts/{ours}", data={
        "status": "met", "notes": "x"}).status_code == 403
    assert client.post(f"/organizer/contacts/{ours}/delete",
                       data={"confirm": "y"}).status_code == 403
    assert client.get("/organizer/contacts/export.csv").status_code == 403
    assert client.get("/organizer/contacts/message").status_code == 403
    assert client.post("/organizer/contacts/message",
                       data={"body": "hi", "send": "y"}).status_code == 403
    assert sealed(app, ours) == before


def test_notes_are_escaped_bounded_and_dates_checked(app, client, orgs):
    ours = add_contact(app, orgs["a"])
    login(client, "lead@a.org")
    script = '<script>alert(1)</script><img src=x onerror=alert(2)>"\''
    response = client.post(f"/organizer/contacts/{ours}", data={
        "status": "reached", "follow_up_on": (TODAY - timedelta(days=400)).isoformat(),
        "notes": script})
    assert response.status_code == 302
    page = client.get(f"/organizer/contacts/{ours}").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    listing = client.get("/organizer/contacts").get_data(as_text=True)
    assert "<script>alert(1)" not in listing
    saved = sealed(app, ours)
    for bad in ({"notes": "x" * 5001}, {"follow_up_on": "2026-02-30"},
                {"follow_up_on": "tomorrow"}, {"status": "hired"}):
        data = {"status": "met", "follow_up_on": "", "notes": "ok"} | bad
        assert client.post(f"/organizer/contacts/{ours}", data=data).status_code == 400, bad
        assert sealed(app, ours) == saved, bad
    assert client.post(f"/organizer/contacts/{ours}", data={
        "status": "met", "follow_up_on": "", "notes": "x" * 5000}).status_code == 302
    for query in ("status=hired", "language=zz", "employer=" + "x" * 500):
        assert client.get(f"/organizer/contacts?{query}").status_code == 200
        assert client.get(f"/organizer/contacts/export.csv?{query}").status_code == 200
        assert client.get(f"/organizer/contacts/message?{query}").status_code == 200


def test_exported_contact_cells_never_run_as_formulas(app, client, orgs):
    for name, email in (("=HYPERLINK(\"http://x\")", "=cmd|calc@example.org"),
                        ("+1+1", "-2@example.org"), ("  =1+1", "=x@example.org"),
                        ("\t=1", "+x@example.org"), ("-1", "ok@example.org"),
                        ("@SUM(A1)", "ok2@example.org")):
        add_contact(app, orgs["a"], name=name, email=email, phone="")
    login(client, "lead@a.org")
    data = client.get("/organizer/contacts/export.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(data.lstrip("\ufeff"))))
    assert len(rows) == 6
    for row in rows:
        for column in ("name", "email", "phone", "zip_code", "language", "tags"):
            assert not row[column].lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r")) \
                or (column == "phone" and re.fullmatch(r"\+\d+", row[column])), row


def test_bulk_reads_an_id_only_from_ascii_digits(app, client, orgs):
    """As every id from a link or a form (models.ids.parse_id): int() would read '٣' as 3 and
    '1_0' as 10, so a forged list could name a report by another spelling of its id."""
    ours = orgs["a_reports"]
    login(client, "lead@a.org")
    arabic = str.maketrans("0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667"
                                         "\u0668\u0669")
    for spelled in (str(ours[0]).translate(arabic), "_".join(str(ours[0])),
                    "+" + str(ours[0])):
        client.post("/organizer/reports/bulk",
                    data={"status": "spam", "reports": [spelled]})
        assert statuses(app, ours) == {ReportStatus.NEW}, spelled


# -- the unmatched names review ---------------------------------------------------------------

def test_the_review_shows_and_links_only_the_organizations_own_names(app, client, orgs):
    with app.app_context(), transaction():
        for _ in range(2):
            report("Secret Diner of B", organization_id=orgs["b"], answers={"S2": "yes"})
    login(client, "lead@a.org")
    assert "Secret Diner" not in client.get("/organizer/review").get_data(as_text=True)
    assert client.post("/organizer/review/link", data={
        "name": "secret diner of b", "employer_id": str(orgs["employer"])}).status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Report).where(
            Report.organization_id == orgs["b"], Report.employer_id.is_(None))) == 2
    client.post("/auth/logout")
    login(client, "viewer@a.org")
    assert client.post("/organizer/review/link", data={
        "name": "x", "employer_id": str(orgs["employer"])}).status_code == 403
    assert client.post("/organizer/review/create", data={
        "name": "x", "employer_name": "New Place", "naics": "722513"}).status_code == 403


# -- a coalition partner and small cells ------------------------------------------------------

def previous_quarter_day():
    first = date(TODAY.year, 3 * ((TODAY.month - 1) // 3) + 1, 1)
    return first - timedelta(days=20)


def test_a_partner_sees_no_small_cell_through_related_or_combined_figures(app, client):
    """Centro (A) and Union (C) pool figures on Burger Barn, the brand of one franchisee:
    A collected 3 reports about it (too few to publish), C 6. However C combines the brand
    with its franchisee, only C's 6 are ever added in."""
    from worker_voice.models import EmployerRelation
    from worker_voice.registry.coalitions import form_coalition, set_target

    day = previous_quarter_day()
    with app.app_context(), transaction():
        ids = {}
        for letter, name in (("a", "Centro"), ("c", "Union")):
            create_user(email=f"lead@{letter}.org", password=PASSWORD, organization_name=name)
            ids[letter] = org_id(name)
        brand = add_employer("Burger Barn").id
        franchisee = add_employer("Burger Barn Franchise 7").id
        db.session.add(EmployerRelation(kind="franchisee", from_employer_id=brand,
                                        to_employer_id=franchisee))
        for org, name, count in (("a", "Burger Barn", 11), ("c", "Burger Barn", 6),
                                 ("a", "Burger Barn Franchise 7", 3),
                                 ("c", "Burger Barn Franchise 7", 6)):
            for n in range(count):
                report(name, answers={"S2": "yes" if n % 2 else "no"},
                       organization_id=ids[org], received_on=day)
        coalition = form_coalition(name="Fair Food", organization_ids=[ids["a"], ids["c"]])
        set_target(coalition_id=coalition.id, organization_id=ids["a"], employer_id=brand,
                   targeted=True)
        coalition_id = coalition.id
    login(client, "lead@c.org")
    base = f"/organizer/coalitions/{coalition_id}/employers/{brand}"
    alone = client.get(base).get_data(as_text=True)
    assert "17 reports" in alone
    assert "1 of 1 publishes figures, from 6 reports in all." in alone
    together = client.get(base + "?include=franchisee").get_data(as_text=True)
    assert "23 reports" in together and "26 reports" not in together
    exported = client.get(f"/organizer/coalitions/{coalition_id}/employers/{brand}"
                          "/export.csv?include=franchisee").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(exported.lstrip("\ufeff"))))
    assert rows and {row["reports"] for row in rows} == {"23"}
    # The franchisee itself is no target: its pooled page is not found.
    assert client.get(f"/organizer/coalitions/{coalition_id}/employers/{franchisee}"
                      ).status_code == 404
    # On C's own page, the franchisee is C's 6 reports; A's 3 appear nowhere.
    own = client.get(f"/organizer/employers/{franchisee}").get_data(as_text=True)
    assert "6 reports" in own and "9 reports" not in own


# -- forged text ------------------------------------------------------------------------------

def test_a_nul_character_in_a_filter_or_field_is_refused_not_a_server_error(app, client, orgs):
    """PostgreSQL refuses NUL in text: a language filter, a hidden name or an employer's name
    holding one failed the query (500) on PostgreSQL; it is a forged request (400)."""
    ours = orgs["a_reports"][0]
    before = state(app, orgs["a_reports"])
    login(client, "lead@a.org")
    for url in ("/organizer/reports?language=%00", f"/organizer/reports/{ours}?language=es%00",
                "/organizer/reports/export.csv?language=%00", "/organizer/contacts?employer=%00"):
        assert client.get(url).status_code == 400, url
    for url, data in (
            ("/organizer/review/link", {"name": "burger\x00barn", "employer_id": "1"}),
            ("/organizer/review/create", {"name": "x", "employer_name": "New\x00Place"}),
            ("/organizer/campaigns/new", {"name": "Fair", "target": "Burger\x00Barn"}),
            ("/organizer/reports/bursts", {"employer_name": "a\x00", "first": "2026-01-01",
                                           "last": "2026-12-01", "decision": "release"}),
            (f"/organizer/reports/{ours}/status", {"status": "spam\x00"}),
            ("/organizer/reports/bulk", {"status": "spam", "reports": [str(ours), "1\x00"]})):
        assert client.post(url, data=data).status_code == 400, url
    assert state(app, orgs["a_reports"]) == before
    assert client.get("/organizer/reports?language=en").status_code == 200


def test_the_cost_counted_is_that_of_the_message_sent(app, client, orgs):
    """The message leaves trimmed (contacts.send_message): the estimate counts the segments of
    that text, not of the blank lines around it that a textarea keeps."""
    add_contact(app, orgs["a"])
    login(client, "lead@a.org")
    page = client.post("/organizer/contacts/message", data={
        "body": "\r\n" + "x" * 160 + "\r\n\r\n", "preview": "y"}).get_data(as_text=True)
    assert "1 contact will get it." in page
    assert "Each message is 1 SMS segment;" in page and "1 segment in all." in page
