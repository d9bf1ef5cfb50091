"""Every promise a worker reads is held to the code that keeps it.

Each test reads a promise off the page or message a worker sees, then checks that the code does
exactly that: the organization named is the one the report is stored under and the only one that
can open it; what it is said to see is what its page shows; no phone number or internet address
is kept; the receipt code deletes the report both ways it is said to; /methods states the
deployment's own values.
"""

import re

import pytest
import sqlalchemy as sa

from worker_voice.auth.passwords import create_user
from worker_voice.channels.sms import texts as t
from worker_voice.extensions import db
from worker_voice.help_entries import set_contact
from worker_voice.models import Organization, Report
from worker_voice.organizer.organizations import set_default_organization, set_sms_keyword
from worker_voice.uow import transaction

from .factories import add_employer
from .fixtures.accounts import PASSWORD, login, logout
from .fixtures.forms import csrf_token, open_form
from .fixtures.sms import BASE, TOKEN, Phone

PHONE = "+13125550177"
ADDRESS = "198.51.100.23"
STORY = "The manager said call him at 312-555-0199 or write boss@burger.example, at 415 Main St."


@pytest.fixture
def app_config():
    return {"TWILIO_AUTH_TOKEN": TOKEN, "PUBLIC_BASE_URL": BASE,
            "TWILIO_FROM_NUMBER": "+15557654321", "GENERAL_LINK_NEEDS_DEFAULT": True}


@pytest.fixture
def organizations(app):
    """Centro (the default, texted as CENTRO), Bay Union and Eastbay Workers (both serving
    Oakland); one organizer each at lead@<slug>.org."""
    with app.app_context(), transaction():
        ids = {}
        for name in ("Centro", "Bay Union", "Eastbay Workers"):
            slug = name.lower().replace(" ", "")
            create_user(email=f"lead@{slug}.org", password=PASSWORD, organization_name=name)
            ids[name] = db.session.scalar(sa.select(Organization.id)
                                          .where(Organization.name == name))
        set_default_organization(slug="centro")
        set_sms_keyword(organization_name="Centro", keyword="CENTRO")
        for name in ("Bay Union", "Eastbay Workers"):
            set_contact(organization_id=ids[name], phone=None, web=None, cities="Oakland")
        add_employer("Burger Barn")
        return ids


def send(client, path, *, city="Chicago", extra=None):
    """A web report; returns (the form's words, the thank-you page)."""
    form = client.get(path).get_data(as_text=True)
    data = open_form(client, path) | {"employer_name": "Burger Barn", "city": city,
                                      "S2": "yes", "what_happened": STORY} | (extra or {})
    response = client.post(path.split("?")[0], data=data,
                           environ_base={"REMOTE_ADDR": ADDRESS},
                           headers={"X-Forwarded-For": ADDRESS})
    if response.status_code == 200:  # asked which organization reads it
        form = response.get_data(as_text=True)
        choice = re.search(r'name="reader_choice" value="(\d+)"', form).group(1)
        response = client.post(path.split("?")[0], data=data | {"reader_choice": choice})
    assert response.status_code == 302
    return form, client.get("/report/thanks").get_data(as_text=True)


def reads(page):
    """The organization a page says reads the report."""
    return re.search(r"([\w ]+?) reads your report\.", page).group(1).strip()


@pytest.mark.parametrize(("path", "city"), [("/report", "Chicago"), ("/r/bay-union", "Chicago"),
                                            ("/report", "Oakland")])
def test_the_reader_named_is_the_one_that_stores_and_alone_opens_the_report(
        app, client, organizations, path, city):
    form, thanks = send(client, path, city=city)
    named = reads(thanks)
    with app.app_context():
        report = db.session.scalar(sa.select(Report))
        assert report.organization_id == organizations[named]
        report_id = report.id
    if "choose below" not in form:  # the form named it before sending, too
        assert f"{named} reads your report." in form or (
            "The organization that serves your city reads your report, or else "
            f"{named}." in form and city == "Chicago")
    for name, slug in (("Centro", "centro"), ("Bay Union", "bayunion"),
                       ("Eastbay Workers", "eastbayworkers")):
        login(client, f"lead@{slug}.org")
        opened = client.get(f"/organizer/reports/{report_id}")
        assert opened.status_code == (200 if name == named else 404), name
        if name == named:
            page = opened.get_data(as_text=True)
            # "It sees your answers, the day, the city and what you wrote. We take out phone
            # numbers, e-mails and addresses."
            assert city in page and "The manager said call him at" in page
            for taken_out in ("312-555-0199", "boss@burger.example", "415 Main St"):
                assert taken_out not in page
        logout(client)


def every_value(app):
    with app.app_context():
        return "\n".join(str(value) for table in db.metadata.sorted_tables
                         for row in db.session.execute(sa.select(table)).all()
                         for value in row)


def test_no_phone_number_or_internet_address_is_kept(app, client, organizations):
    """"We never keep your phone number or internet address." (thank-you page, /methods)"""
    send(client, "/report")
    phone = Phone(client, number=PHONE)
    replies = phone.send("hola CENTRO") + phone.send("Burger Barn") + phone.send("Chicago")
    while "0 para terminar" not in replies[-1]:
        replies = phone.send("1")
    phone.send("0")
    stored = every_value(app)
    assert ADDRESS not in stored and ADDRESS.replace(".", "") not in stored
    assert PHONE not in stored and PHONE[2:] not in stored and "5550177" not in stored
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Report)) == 2


def test_the_receipt_code_deletes_the_report_on_the_web_and_by_sms(app, client, organizations):
    _form, thanks = send(client, "/report")
    # "With this code you can also delete your report later. Or text DELETE and the code to …"
    assert "Or text DELETE and the code to +15557654321." in thanks
    code = re.search(r"\b([A-Z2-9]{4}-[A-Z2-9]{4})\b", thanks).group(1)
    assert Phone(client).send(f"DELETE {code}") == [t.say("en", t.DELETED, code=code)]
    phone = Phone(client, number=PHONE)
    replies = phone.send("HOLA") + phone.send("Burger Barn") + phone.send("Chicago")
    while "0 para terminar" not in replies[-1]:
        replies = phone.send("1")
    receipt = phone.send("0")[0]
    assert "BORRAR" in receipt and f"{BASE.split('://')[1]}/delete" in receipt
    code = re.search(r"\b([A-Z2-9]{4}-[A-Z2-9]{4})\b", receipt).group(1)
    token = csrf_token(client.get("/delete").get_data(as_text=True))
    deleted = client.post("/delete", data={"csrf_token": token, "receipt_code": code,
                                           "confirm": "y"})
    assert deleted.status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Report)) == 0


def test_methods_states_this_deployments_values(app, client, organizations):
    app.config["RETENTION_DAYS"] = 200
    page = client.get("/methods").get_data(as_text=True)
    assert "We erase each report 200 days after it arrived" in page
    assert "or else Centro." in page  # the default organization, by name
    assert "chooses when several do" in page  # two organizations serve Oakland
