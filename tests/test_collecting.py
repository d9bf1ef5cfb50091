"""Each member organization collects through its own intake link and SMS keyword."""

import pytest
import sqlalchemy as sa

from worker_voice.auth.passwords import create_user
from worker_voice.channels.sms.service import handle_inbound
from worker_voice.extensions import db
from worker_voice.models import Organization, Report
from worker_voice.organizer.organizations import OrganizationError, set_sms_keyword
from worker_voice.uow import transaction

from .fixtures.forms import open_form


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
    assert f'href="/r/{slug}"' in client.get("/report/thanks").get_data(as_text=True)
    data = open_form(client) | {"employer_name": "Burger Barn", "city": "Chicago"}
    client.post("/report", data=data)
    assert client.get("/r/nobody").status_code == 404
    with app.app_context():
        collected = db.session.scalars(sa.select(Report.organization_id))
        assert sorted(collected, key=str) == sorted([org_id, None], key=str)


def test_sms_keyword_collects_for_the_organization(app_context, centro):
    sent = iter(range(1000))

    def text(body):
        return handle_inbound(phone_hash="q" * 64, channel="sms", text=body,
                              message_hash=f"k{next(sent)}").replies

    assert "Español" in text("centro")[0]  # the keyword, then the language menu
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
