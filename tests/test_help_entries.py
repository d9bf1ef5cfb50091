"""Help after a report: an organization's own entries (else the national ones), chosen by what
the report shows and where, on the thank-you page and in the last SMS; HELP names who reads."""

import re

import pytest
import sqlalchemy as sa

from worker_voice.auth.passwords import create_user
from worker_voice.channels.sms import texts as t
from worker_voice.channels.sms.segments import smart_encode
from worker_voice.extensions import db
from worker_voice.help_entries import add_help_entry, set_contact, topics_reported
from worker_voice.models import HelpEntry, HelpTopic, Organization
from worker_voice.organizer.organizations import set_default_organization, set_sms_keyword
from worker_voice.uow import transaction

from .factories import add_employer
from .fixtures.accounts import PASSWORD, login
from .fixtures.forms import csrf_token, open_form
from .fixtures.sms import BASE, TOKEN, Phone


@pytest.fixture
def app_config():
    return {"TWILIO_AUTH_TOKEN": TOKEN, "PUBLIC_BASE_URL": BASE}


@pytest.fixture
def centro(app):
    """Centro, the default organization, texted as CENTRO, with its contact and two entries:
    a wage clinic for everyone and a safety clinic only for Oakland. Yields its id."""
    with app.app_context(), transaction():
        create_user(email="ana@centro.org", password=PASSWORD, organization_name="Centro")
        organization = db.session.scalar(sa.select(Organization).where(
            Organization.name == "Centro"))
        set_default_organization(slug=organization.slug)
        set_sms_keyword(organization_name="Centro", keyword="CENTRO")
        set_contact(organization_id=organization.id, phone="(555) 010-2000",
                    web="centro.example.org", cities="Oakland")
        add_help_entry(organization_id=organization.id, name="Wage Clinic",
                       phone="555-010-3000", web=None, languages=["es", "en"],
                       topics=["wages", "retaliation"])
        add_help_entry(organization_id=organization.id, name="Oakland Safety Clinic",
                       phone="555-010-4000", web="safety.example.org", languages=["en"],
                       topics=["safety"], city="oakland")
        add_employer("Burger Barn")
        return organization.id


@pytest.mark.parametrize(("answers", "topics"), [
    ({"W1": "yes"}, {HelpTopic.WAGES}),
    ({"W1": "no", "W2": "under40"}, set()),  # no problem; "under 40 hours" is not counted
    ({"H3": "heat"}, {HelpTopic.SAFETY}),
    ({"H3": "none"}, set()),  # the exclusive "none of these"
    ({"R1": "no", "H1": "yes_worked"}, {HelpTopic.RETALIATION, HelpTopic.SAFETY}),
    ({"S2": "yes"}, set()),  # scheduling asks for no topic
])
def test_topics_follow_the_problems_as_the_figures_count_them(answers, topics):
    assert topics_reported(answers.items()) == topics


def web_report(client, answers, *, city="Chicago", lang="en"):
    data = open_form(client, f"/report?lang={lang}") | {"employer_name": "Burger Barn",
                                                        "city": city} | answers
    assert client.post("/report", data=data).status_code == 302
    return client.get("/report/thanks").get_data(as_text=True)


def help_names(page):
    block = page.split("Where to get help", 1)[1] if "Where to get help" in page else ""
    return re.findall(r"<strong>([^<]+)</strong>", block)


def test_thanks_page_gives_the_entries_that_fit_the_report_and_the_city(app, client, centro):
    page = web_report(client, {"H3": "heat"})  # a safety problem, in Chicago
    # The safety clinic serves Oakland only; the wage clinic is everyone's.
    assert help_names(page) == ["Wage Clinic"]
    assert "To talk to Centro: (555) 010-2000 centro.example.org" in page
    page = web_report(client, {"H3": "heat"}, city="Oakland")
    assert help_names(page) == ["Oakland Safety Clinic", "Wage Clinic"]  # what fits first
    page = web_report(client, {"W1": "yes", "R1": "no", "H3": "heat"}, city="Oakland")
    assert help_names(page)[0] == "Wage Clinic"  # wages and retaliation: two entries fit
    assert 'href="https://safety.example.org"' in page and 'href="tel:555-010-4000"' in page


def test_an_organization_without_entries_gives_the_national_ones(app, client):
    with app.app_context(), transaction():
        create_user(email="b@local.org", password=PASSWORD, organization_name="Local")
        add_employer("Burger Barn")
        slug = db.session.scalar(sa.select(Organization.slug))
    data = open_form(client, f"/r/{slug}") | {"employer_name": "Burger Barn",
                                               "city": "Chicago", "H3": ["heat"]}
    client.post(f"/r/{slug}", data=data)
    page = client.get("/report/thanks").get_data(as_text=True)
    names = help_names(page)
    assert names[0] == "OSHA (job safety)" and "1-800-321-6742" in page
    assert "US Department of Labor, Wage and Hour Division" in names
    assert "To talk to" not in page  # Local gave no contact: nothing invented


def test_entries_are_kept_in_the_organizer_workspace(app, client, centro):
    login(client, "ana@centro.org")
    page = client.get("/organizer/help").get_data(as_text=True)
    assert "Wage Clinic" in page and "(555) 010-2000" in page
    token = csrf_token(page)
    bad = {"csrf_token": token, "name": "Clínica Migrante", "phone": "call us",
           "web": "", "topics": ["immigration_safe"], "languages": ["es"]}
    refused = client.post("/organizer/help/entries", data=bad)
    assert refused.status_code == 400
    assert "Write a phone number with digits" in refused.get_data(as_text=True)
    assert 'value="Clínica Migrante"' in refused.get_data(as_text=True)  # nothing typed is lost
    good = bad | {"phone": "+1 555 010 5000"}
    assert client.post("/organizer/help/entries", data=good).status_code == 302
    with app.app_context():
        entry = db.session.scalar(sa.select(HelpEntry).where(HelpEntry.name == "Clínica Migrante"))
        assert entry.topic_set == {HelpTopic.IMMIGRATION_SAFE} and entry.language_codes == ("es",)
        other_id = entry.id
    page = client.get("/organizer/help").get_data(as_text=True)
    assert "Does not ask about immigration status" in page
    removed = client.post("/organizer/help/entries/remove",
                          data={"csrf_token": token, "entry_id": other_id})
    assert removed.status_code == 302
    assert client.post("/organizer/help/entries/remove",  # gone, or another organization's
                       data={"csrf_token": token, "entry_id": other_id}).status_code == 404


def sms_survey(phone, first="HOLA", answer="1"):
    replies = phone.send(first) + phone.send("Burger Barn") + phone.send("Chicago")
    for _ in range(60):
        if "0 para terminar" in replies[-1] or "0 to finish" in replies[-1]:
            break
        replies = phone.send(answer)
    return phone.send("0")[:2]  # the receipt, where to get help (the topics to add follow)


def test_the_last_sms_gives_help_after_the_receipt(app, client, centro):
    # Answer 1 to everything: "yes" to the wage questions among others.
    thanks, helped = sms_survey(Phone(client))
    assert "BORRAR" in thanks
    assert helped.startswith(smart_encode(t.say("es", t.HELP_AFTER, places=""), "es")[:10])
    assert "Wage Clinic 555-010-3000" in helped
    assert "Oakland Safety Clinic" not in helped  # the report is from Chicago


def test_help_by_sms_names_who_reads_and_how_to_reach_them(app, client, centro):
    replies = Phone(client, number="+15550001111").send("HELP")
    assert replies[1] == t.say("en", t.CONTACT, organization="Centro",
                               contact="(555) 010-2000 centro.example.org")
    # In a keyword's conversation, the organization of the keyword; in the worker's language.
    phone = Phone(client, number="+15550002222")
    phone.send("hola CENTRO")
    assert smart_encode(t.say("es", t.CONTACT, organization="Centro",
                              contact="(555) 010-2000 centro.example.org"),
                        "es") in phone.send("AYUDA")


def test_help_by_sms_without_any_contact_invents_none(app, client):
    replies = Phone(client).send("HELP")
    assert len(replies) == 1 and "STOP" in replies[0]
