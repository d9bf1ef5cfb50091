"""Unmatched names: a weak suggestion is never pre-selected, so one click cannot link a name to
the wrong employer; every suggestion says why it is offered."""

import re

import sqlalchemy as sa

from worker_voice.auth.passwords import create_user
from worker_voice.extensions import db
from worker_voice.models import Organization
from worker_voice.registry.matching import CONFIRM, resolve
from worker_voice.uow import transaction

from .factories import add_employer, report
from .fixtures.accounts import PASSWORD, login


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
