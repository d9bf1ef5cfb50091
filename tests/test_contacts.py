"""Contact requests (issue 21, items 2-4): apart from reports, encrypted, the organization's own,
exported and messaged only as the worker allowed, and silenced by STOP."""

import csv
import io

import pytest
import sqlalchemy as sa
from cryptography.exceptions import InvalidTag

from worker_voice.channels.sms.segments import segments
from worker_voice.contacts import ContactFilter, request_contact
from worker_voice.contacts.crypto import unseal
from worker_voice.extensions import db
from worker_voice.i18n import LANGUAGE_CODES
from worker_voice.models import AuditEvent, Contact, Organization
from worker_voice.uow import transaction

from .fixtures.accounts import PASSWORD
from .fixtures.sms import BASE, TOKEN, Phone, holds_trace

ROSA = {"name": "Rosa Canary", "phone": "+1 312 555 0142", "email": "rosa.canary@example.org",
        "language": "es", "best_time": "after 6", "texting_ok": True,
        "employer": "Burger Barn"}


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": False, "TWILIO_AUTH_TOKEN": TOKEN, "PUBLIC_BASE_URL": BASE,
            "SMS_REPLY_MODE": "gateway", "SMS_SMART_ENCODING": False}


def login(client, email):
    client.post("/auth/login", data={"email": email, "password": PASSWORD})


def add_contact(app, organization_id, **fields):
    with app.app_context(), transaction():
        return request_contact(organization_id=organization_id, **(ROSA | fields))


def slug_of(app, organization_id):
    with app.app_context():
        return db.session.get_one(Organization, organization_id).slug


def ask(client, org, lang="en", **fields):
    data = {"name": "Rosa Canary", "phone": "312-555-0142", "email": "", "language": lang,
            "best_time": "", "employer": "Burger Barn", "texting_ok": "y", "understood": "y"}
    return client.post(f"/contact?org={org}&lang={lang}", data=data | fields)


def test_a_request_carries_no_report_id_time_or_answer(app, client, world):
    slug = slug_of(app, world["a"])
    page = client.get("/contact?org=" + slug).get_data(as_text=True)
    assert "may be able to guess which report is yours" in page
    assert ask(client, slug).status_code == 302
    with app.app_context():
        columns = {column.name for column in Contact.__table__.columns}
        assert columns == {"id", "organization_id", "sealed", "language", "texting_ok",
                           "phone_hash", "opted_out", "status", "follow_up_on"}
        assert not any("report" in name or "answer" in name or name.endswith(("_at", "_on"))
                       for name in columns - {"follow_up_on"})
        assert not [fk for fk in Contact.__table__.foreign_keys
                    if fk.column.table.name != "organization"]
        row = db.session.execute(sa.text("SELECT * FROM contact")).mappings().one()
        assert row["follow_up_on"] is None and row["organization_id"] == world["a"]
        assert row["status"] == "new"


def test_the_table_is_unreadable_without_the_key(app, client, world):
    ask(client, slug_of(app, world["a"]), email="rosa.canary@example.org")
    with app.app_context():
        raw = db.session.execute(sa.text("SELECT * FROM contact")).mappings().one()
        dump = " ".join(str(value) for value in raw.values())
        for secret in ("Rosa", "Canary", "rosa.canary", "example.org", "Burger"):
            assert secret not in dump
        # As whole numbers: the random id may hold "0142" by chance.
        for number in ("+13125550142", "13125550142", "3125550142", "555", "0142"):
            assert not holds_trace(dump, number)
        fields = unseal(raw["sealed"], organization_id=world["a"])
        assert fields["phone"] == "+13125550142" and fields["name"] == "Rosa Canary"
        with pytest.raises(InvalidTag):
            unseal(raw["sealed"], organization_id=world["a"], secret="another key, long enough")
        with pytest.raises(InvalidTag):  # moved onto another organization's row
            unseal(raw["sealed"], organization_id=world["b"])


def test_the_form_keeps_what_was_typed_and_speaks_every_language(app, client, world):
    slug = slug_of(app, world["a"])
    for lang in LANGUAGE_CODES:
        page = client.get(f"/contact?org={slug}&lang={lang}").get_data(as_text=True)
        assert f'lang="{lang.replace("_", "-")}"' in page and 'name="phone"' in page
        refused = ask(client, slug, lang=lang, phone="12", email="",
                      name="Marisol Typed", best_time="lunes 9am")
        assert refused.status_code == 400
        text = refused.get_data(as_text=True)
        assert "Marisol Typed" in text and "lunes 9am" in text and 'value="12"' in text
    es = ask(client, slug, lang="es", phone="", email="").get_data(as_text=True)
    assert "Rosa Canary" in es and 'lang="es"' in es
    unticked = ask(client, slug, understood="")
    assert unticked.status_code == 400 and "Rosa Canary" in unticked.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Contact)) == 0


def test_the_thank_you_page_offers_the_contact_page(app, client, world):
    slug = slug_of(app, world["a"])
    client.post(f"/r/{slug}", data={"employer_name": "Burger Barn", "city": "Chicago",
                                    "S2": "yes"})
    page = client.get("/report/thanks").get_data(as_text=True)
    assert f"/contact?org={slug}" in page


def test_another_organization_and_a_coalition_partner_get_404(app, client, world):
    mine = add_contact(app, world["a"])
    for lead in ("lead@b.org", "lead@c.org"):  # c is in a coalition with a
        login(client, lead)
        assert client.get(f"/organizer/contacts/{mine}").status_code == 404
        assert client.post(f"/organizer/contacts/{mine}",
                           data={"status": "met", "notes": "x"}).status_code == 404
        assert client.post(f"/organizer/contacts/{mine}/delete",
                           data={"confirm": "y"}).status_code == 404
        assert "Rosa" not in client.get("/organizer/contacts").get_data(as_text=True)
        exported = client.get("/organizer/contacts/export.csv").get_data(as_text=True)
        assert "Rosa" not in exported
        client.post("/auth/logout")
    login(client, "lead@a.org")
    assert "Rosa Canary" in client.get(f"/organizer/contacts/{mine}").get_data(as_text=True)


def test_the_csv_has_the_columns_organizing_tools_import_and_is_audited(app, client, world):
    add_contact(app, world["a"])
    add_contact(app, world["a"], name="=HYPERLINK(1)", phone="", texting_ok=False,
                language="vi", email="minh@example.org")
    login(client, "lead@a.org")
    response = client.get("/organizer/contacts/export.csv")
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["name", "email", "phone", "zip_code", "language", "tags"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Rosa Canary"] == ["Rosa Canary", "rosa.canary@example.org", "+13125550142",
                                      "", "es", "worker-voice,new,sms-ok"]
    assert by_name["'=HYPERLINK(1)"][4] == "vi"  # a formula is defused
    only_vi = client.get("/organizer/contacts/export.csv?language=vi").get_data(as_text=True)
    assert "Rosa" not in only_vi and "minh@example.org" in only_vi
    client.get("/organizer/contacts")
    with app.app_context():
        events = db.session.scalars(sa.select(AuditEvent).where(
            AuditEvent.action.in_(["contacts_exported", "contacts_listed"]))).all()
        assert sorted(e.action for e in events) == ["contacts_exported", "contacts_exported",
                                                    "contacts_listed"]
        assert {e.organization_id for e in events} == {world["a"]}
        details = " ".join(str(e.detail) + str(e.target) for e in events)
        assert "Rosa" not in details and "555" not in details and "example" not in details


def test_a_viewer_reads_but_does_not_export(app, client, world):
    from worker_voice.auth.passwords import create_user

    mine = add_contact(app, world["a"])
    with app.app_context(), transaction():
        create_user(email="viewer@a.org", password=PASSWORD, organization_name="Centro",
                    role="viewer")
    login(client, "viewer@a.org")
    assert client.get(f"/organizer/contacts/{mine}").status_code == 200
    assert client.get("/organizer/contacts/export.csv").status_code == 403
    assert client.post(f"/organizer/contacts/{mine}/delete",
                       data={"confirm": "y"}).status_code == 403


def test_editing_and_deleting_a_contact(app, client, world):
    mine = add_contact(app, world["a"])
    login(client, "lead@a.org")
    saved = client.post(f"/organizer/contacts/{mine}",
                        data={"status": "met", "follow_up_on": "2031-02-03",
                              "notes": "Met at the union hall"})
    assert saved.status_code == 302
    bad = client.post(f"/organizer/contacts/{mine}",
                      data={"status": "met", "follow_up_on": "not a day", "notes": "kept"})
    assert bad.status_code == 400 and "kept" in bad.get_data(as_text=True)
    listed = client.get("/organizer/contacts?status=met&employer=burger").get_data(as_text=True)
    assert "Rosa Canary" in listed and "2031-02-03" in listed
    assert "Rosa" not in client.get("/organizer/contacts?employer=taco").get_data(as_text=True)
    with app.app_context():
        raw = db.session.execute(sa.text("SELECT sealed FROM contact")).scalar_one()
        assert "union hall" not in raw
        assert unseal(raw, organization_id=world["a"])["notes"] == "Met at the union hall"
    assert client.post(f"/organizer/contacts/{mine}/delete", data={}).status_code == 302
    deleted = client.post(f"/organizer/contacts/{mine}/delete", data={"confirm": "y"})
    assert deleted.status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Contact)) == 0
        assert db.session.execute(sa.text("SELECT count(*) FROM contact")).scalar() == 0
    assert client.get(f"/organizer/contacts/{mine}").status_code == 404


def sent_to(app, body):
    return [to for to, text in app.extensions["sms_gateway"].sent if text == body]


def test_messages_go_only_to_contacts_who_may_be_texted_and_stop_ends_them(app, client, world):
    add_contact(app, world["a"], phone="+1 312 555 0101", texting_ok=True)
    add_contact(app, world["a"], phone="+1 312 555 0102", texting_ok=False)
    add_contact(app, world["a"], phone="", texting_ok=True, email="no.phone@example.org")
    add_contact(app, world["a"], phone="+1 312 555 0103", texting_ok=True)
    add_contact(app, world["b"], phone="+1 312 555 0104", texting_ok=True)  # another org
    login(client, "lead@a.org")
    body = "Meeting Thursday 6pm at the center. Reply STOP to opt out."
    preview = client.post("/organizer/contacts/message", data={"body": body, "preview": "y"})
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "2 contacts will get it" in page
    assert f"{segments(body)} SMS segment" in page
    assert client.post("/organizer/contacts/message",
                       data={"body": body, "send": "y"}).status_code == 302
    assert sorted(sent_to(app, body)) == ["+13125550101", "+13125550103"]
    stopping = Phone(client, number="+13125550103")
    stopping.send("STOP")
    again = "Second meeting, Friday."
    client.post("/organizer/contacts/message", data={"body": again, "send": "y"})
    assert sent_to(app, again) == ["+13125550101"]
    with app.app_context():
        messaged = db.session.scalar(sa.select(AuditEvent).where(
            AuditEvent.action == "contacts_messaged").order_by(AuditEvent.id))
        assert messaged.detail["count"] == 2 and "555" not in str(messaged.detail)
    # START (as the STOP reply says) brings the phone's contact back, and only that one.
    stopping.send("START")
    third = "Third meeting, Monday."
    client.post("/organizer/contacts/message", data={"body": third, "send": "y"})
    assert sorted(sent_to(app, third)) == ["+13125550101", "+13125550103"]


def test_the_estimate_counts_segments_as_segments_py_does(app, client, world):
    for number in ("+1 312 555 0111", "+1 312 555 0112", "+1 312 555 0113"):
        add_contact(app, world["a"], phone=number)
    login(client, "lead@a.org")
    for body in ("Hola", "á" * 71, "x" * 161, "会议" * 40):
        page = client.post("/organizer/contacts/message",
                           data={"body": body, "preview": "y"}).get_data(as_text=True)
        each = segments(body)
        assert each > 0
        assert f"{each * 3} segment" in page, body
    with app.app_context():
        from worker_voice.contacts import estimate, message_recipients

        where = ContactFilter()
        assert len(message_recipients(organization_id=world["a"], where=where)) == 3
        assert estimate(body="x" * 161, recipients=3).segments_total == 3 * segments("x" * 161)


def test_one_browser_cannot_fill_the_list_with_strangers(app, client, world):
    """Past CONTACT_REQUEST_LIMIT nothing is stored, the page says why and keeps what was typed;
    another browser (another address) still gets through."""
    app.config["CONTACT_REQUEST_LIMIT"] = "2 per hour"
    org = slug_of(app, world["a"])
    for number in ("+13125550101", "+13125550102"):
        assert ask(client, org, phone=number).status_code == 302
    refused = ask(client, org, phone="+13125550103")
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert "Many requests were sent from this device" in page and "3125550103" in page
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.0.0.9"
    assert ask(other, org, phone="+13125550104").status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Contact)) == 3
