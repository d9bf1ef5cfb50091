"""Each member organization collects through its own intake link and SMS keyword; the default
organization collects what arrives with no organization named (/report, SMS without a keyword)."""

import pytest
import sqlalchemy as sa

from worker_voice.auth.passwords import create_user
from worker_voice.channels.sms.service import handle_inbound
from worker_voice.extensions import db
from worker_voice.intake import default_organization
from worker_voice.models import Organization, Report
from worker_voice.organizer.organizations import (
    OrganizationError,
    set_default_organization,
    set_sms_keyword,
)
from worker_voice.uow import transaction

from .fixtures.accounts import login
from .fixtures.forms import open_form


@pytest.fixture
def app_config():
    # As deployed: the general link is closed until a default organization is named.
    return {"GENERAL_LINK_NEEDS_DEFAULT": True}


@pytest.fixture
def centro(app):
    with app.app_context(), transaction():
        create_user(email="a@centro.org", password="a long password here",
                    organization_name="Centro de Trabajadores")
        set_sms_keyword(organization_name="Centro de Trabajadores", keyword="Centro")


def organization(name="Centro de Trabajadores"):
    return db.session.scalar(sa.select(Organization).where(Organization.name == name))


def test_intake_link_collects_for_the_organization(app, client, centro):
    with app.app_context():
        slug, org_id = organization().slug, organization().id
    assert slug == "centro-de-trabajadores"
    path = f"/r/{slug}?lang=es"
    data = open_form(client, path) | {"employer_name": "Burger Barn", "city": "Chicago"}
    assert client.post(f"/r/{slug}", data=data).status_code == 302
    thanks = client.get("/report/thanks").get_data(as_text=True)
    assert f'href="/r/{slug}"' in thanks
    assert client.get("/r/nobody").status_code == 404
    with app.app_context():
        assert list(db.session.scalars(sa.select(Report.organization_id))) == [org_id]
        # The page names who reads the report: the organization it is stored under (twice),
        # and offers that one to contact the worker on request.
        assert thanks.count(organization().name) == 3
        assert f'href="/contact?org={slug}"' in thanks


def test_sms_keyword_collects_for_the_organization(app_context, centro):
    sent = iter(range(1000))

    def text(body):
        return handle_inbound(phone_hash="q" * 64, channel="sms", text=body,
                              message_hash=f"k{next(sent)}").replies

    # The keyword: a welcome naming the organization, the language menu, the employer question.
    assert any("Español" in reply for reply in text("centro"))
    for body in ("2", "Burger Barn", "Chicago"):
        text(body)
    replies = text("1")
    while "0 para terminar" not in replies[-1]:
        replies = text("0")
    text("0")
    assert db.session.scalar(sa.select(Report.organization_id)) == organization().id


@pytest.mark.parametrize("word", ["STOP", "ayuda", "hola", "12", "two words"])
def test_reserved_or_odd_keywords_are_refused(app_context, centro, word):
    with pytest.raises(OrganizationError):
        set_sms_keyword(organization_name="Centro de Trabajadores", keyword=word)


def test_the_general_link_collects_for_the_default_organization(app, client, runner, centro):
    with app.app_context(), transaction():
        create_user(email="b@union.org", password="a long password here",
                    organization_name="Union Local")
    result = runner.invoke(args=["orgs", "default", "centro-de-trabajadores"])
    assert result.exit_code == 0, result.output
    assert "(default" in runner.invoke(args=["orgs", "list"]).output.split("\n")[0]
    data = open_form(client) | {"employer_name": "Brand New Diner", "city": "Chicago",
                                "what_happened": "The manager keeps our tips."}
    assert client.post("/report", data=data).status_code == 302
    with app.app_context():
        report_id, collector = db.session.execute(
            sa.select(Report.id, Report.organization_id)).one()
        assert collector == organization().id
    assert login(client, "a@centro.org").status_code == 302
    assert "Brand New Diner" in client.get("/organizer/reports").get_data(as_text=True)
    page = client.get(f"/organizer/reports/{report_id}").get_data(as_text=True)
    assert "keeps our tips" in page
    # Its new employer name waits among the organization's unmatched names.
    assert "Brand New Diner" in client.get("/organizer/review").get_data(as_text=True)
    # The other organization does not read it.
    other = app.test_client()
    assert login(other, "b@union.org").status_code == 302
    assert "Brand New Diner" not in other.get("/organizer/reports").get_data(as_text=True)


def test_sms_without_a_keyword_goes_to_the_default_organization(app_context, centro):
    set_default_organization(slug="centro-de-trabajadores")
    sent = iter(range(1000))

    def text(body):
        return handle_inbound(phone_hash="r" * 64, channel="sms", text=body,
                              message_hash=f"m{next(sent)}").replies

    for body in ("hola", "2", "Burger Barn", "Chicago"):
        text(body)
    replies = text("1")
    while "0 para terminar" not in replies[-1]:
        replies = text("0")
    text("0")
    assert db.session.scalar(sa.select(Report.organization_id)) == organization().id


def test_without_a_default_the_general_link_stores_nothing(app, client, centro):
    page = client.get("/report?lang=es")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'lang="es"' in html
    assert 'href="/r/centro-de-trabajadores"' in html  # points to the organizations' links
    assert 'name="employer_name"' not in html
    sent = client.post("/report", data={"employer_name": "Burger Barn", "city": "Chicago"})
    assert sent.status_code == 409
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Report)) == 0


def test_without_any_organization_the_page_says_so(client):
    html = client.get("/report").get_data(as_text=True)
    assert "No organization reads reports sent here yet" in html
    assert 'name="employer_name"' not in html


def test_orgs_default_refuses_an_unknown_slug_and_moves_the_default(app, runner, centro):
    refused = runner.invoke(args=["orgs", "default", "nobody"])
    assert refused.exit_code != 0 and "no organization" in refused.output
    with app.app_context(), transaction():
        create_user(email="b@union.org", password="a long password here",
                    organization_name="Union Local")
    assert runner.invoke(args=["orgs", "default", "centro-de-trabajadores"]).exit_code == 0
    assert runner.invoke(args=["orgs", "default", "union-local"]).exit_code == 0
    with app.app_context():
        assert default_organization().name == "Union Local"
        defaults = db.session.scalar(sa.select(sa.func.count()).select_from(Organization)
                                     .where(Organization.is_default.is_(True)))
        assert defaults == 1


def test_demo_seed_names_its_organization_the_default(runner, app_context):
    assert runner.invoke(args=["demo", "seed", "--reports", "40"]).exit_code == 0
    assert default_organization().slug == "demo-worker-center"
    assert "Demo Worker Center: /r/demo-worker-center" in next(
        line for line in runner.invoke(args=["orgs", "list"]).output.splitlines()
        if "(default" in line)
