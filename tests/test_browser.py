"""The report form in Debian's Chromium on a phone-sized screen, in Spanish, without JavaScript."""

import re

import sqlalchemy as sa

from worker_voice.extensions import db
from worker_voice.intake.receipts import hash_receipt
from worker_voice.models import Report

from .factories import add_employer
from .fixtures.apps import make_app
from .fixtures.servers import serve


def test_spanish_report_on_a_phone_reaches_the_thank_you_page(browser, tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'browser.sqlite3'}")
    with app.app_context():
        db.create_all()
        add_employer("Taco Rápido", cities=("Houston",))
    with serve(app) as base_url:
        page = browser.new_page(
            viewport={"width": 360, "height": 740}, java_script_enabled=False,
            locale="en-US", is_mobile=True, has_touch=True,
        )
        page.goto(f"{base_url}/report?lang=es")
        assert page.locator("html").get_attribute("lang") == "es"
        # Nothing sticks out sideways on a 360 px screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= 360

        page.get_by_label("Empresa donde trabaja").fill("taco rapido")
        page.get_by_label("Ciudad donde trabaja").fill("Houston")
        page.locator("input[name=S2][value=yes]").check()
        page.locator("input[name=H3][value=heat]").check()
        page.locator("input[name=S6]").fill("44")
        # First a mistake: the form comes back in Spanish with what was typed still there.
        page.locator("input[name=S7]").fill("mucho")
        page.locator("button[type=submit]").click()
        assert page.locator("input[name=S6]").input_value() == "44"
        assert page.locator("input[name=H3][value=heat]").is_checked()
        assert "Escriba un número" in page.locator("#S7-error").inner_text()

        page.locator("input[name=S7]").fill("30")
        page.locator("button[type=submit]").click()
        page.wait_for_url(re.compile(r".*/report/thanks$"))
        assert "Gracias" in page.locator("h1").inner_text()
        receipt = page.locator(".receipt").inner_text().strip()
        assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", receipt)

    with app.app_context():
        stored = db.session.scalar(sa.select(Report))
        assert stored.locale == "es" and stored.employer.name == "Taco Rápido"
        assert stored.receipt_hash == hash_receipt(receipt.replace("-", ""))
        assert {(a.question_key, a.option) for a in stored.answers} == {
            ("S2", "yes"), ("H3", "heat"), ("S6", "h40_49"), ("S7", "h30_39")
        }
        db.engine.dispose()
