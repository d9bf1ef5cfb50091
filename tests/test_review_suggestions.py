"""Unmatched names: a weak suggestion is never pre-selected, so one click cannot link a name to
the wrong employer; every suggestion says why it is offered."""

import re

import sqlalchemy as sa

from worker_voice.auth.passwords import create_user
from worker_voice.extensions import db
from worker_voice.models import Employer, Organization
from worker_voice.registry.matching import CONFIRM, resolve
from worker_voice.uow import transaction

from .factories import add_employer, report
from .fixtures.accounts import PASSWORD, login
from .fixtures.forms import csrf_token


def test_only_a_suggestion_in_the_confirmation_band_is_pre_selected(app, client):
    with app.app_context():
        with transaction():
            create_user(email="o@centro.org", password=PASSWORD, organization_name="Centro")
            add_employer("SuperSaver Car Wash", cities=("Springfield",))
            add_employer("Pizza Pronto")
        centro = db.session.scalar(sa.select(Organization.id))
        for name in ("Sparkle Car Wash", "Piza Pronto 5th"):
            report(name, city="Chicago", organization_id=centro)
        weak = resolve("Sparkle Car Wash", "Chicago").candidates[0].score
        strong = resolve("Piza Pronto 5th", "Chicago").candidates[0].score
    assert weak < CONFIRM <= strong  # the two sides of the line this test is about
    login(client, "o@centro.org")
    page = client.get("/organizer/review").get_data(as_text=True)
    sections = dict(re.findall(r"<h2>([^<]+)</h2>(.*?)</section>", page, re.S))
    assert " checked>" not in sections["Sparkle Car Wash"]
    assert re.search(r'checked> Pizza Pronto <span class="muted">\(name and place score '
                     rf"{round(strong)} of 100; a worksite in Chicago\)",
                     sections["Piza Pronto 5th"])
    assert f"name and place score {round(weak)} of 100)" in sections["Sparkle Car Wash"]


def test_a_new_employer_takes_only_an_industry_that_exists(app, client):
    with app.app_context():
        create_user(email="o@centro.org", password=PASSWORD, organization_name="Centro")
        centro = db.session.scalar(sa.select(Organization.id))
        report("Sunrise Laundromat", city="Chicago", organization_id=centro)
    login(client, "o@centro.org")
    page = client.get("/organizer/review").get_data(as_text=True)
    # The list searches by words: each industry is offered as its code and title.
    assert '<option value="812310 Coin-Operated Laundries and Drycleaners">' in page
    form = {"csrf_token": csrf_token(page), "name": "sunrise laundromat",
            "employer_name": "Sunrise Laundromat"}
    for typed in ("restaurant", "999999", "4523"):  # words alone, no such code, a 2017 code
        refused = client.post("/organizer/review/create", data=form | {"naics": typed})
        assert refused.status_code == 400, typed
        assert "NAICS 2022 list" in refused.get_data(as_text=True)
    chosen = "812310 Coin-Operated Laundries and Drycleaners"
    assert client.post("/organizer/review/create",
                       data=form | {"naics": chosen}).status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(Employer.naics_code)
                                 .where(Employer.name == "Sunrise Laundromat")) == "812310"
