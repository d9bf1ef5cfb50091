"""The report form in Debian's Chromium on a phone-sized screen, in Spanish, without JavaScript.

These use the whole form on one page (SURVEY_MODE=full) for its number boxes; the core page and
the topics after it are walked in tests/test_report_topics.py and tests/test_accessibility.py."""

import re

import sqlalchemy as sa

from worker_voice.extensions import db
from worker_voice.intake.receipts import hash_receipt
from worker_voice.models import Report

from .factories import add_employer
from .fixtures.apps import make_app
from .fixtures.servers import serve


def test_spanish_report_on_a_phone_reaches_the_thank_you_page(browser, tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'browser.sqlite3'}", SURVEY_MODE="full")
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
        page.locator("main button[type=submit]").click()
        assert page.locator("input[name=S6]").input_value() == "44"
        assert page.locator("input[name=H3][value=heat]").is_checked()
        assert "Escriba un número" in page.locator("#S7-error").inner_text()

        page.locator("input[name=S7]").fill("30")
        page.locator("main button[type=submit]").click()
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


def _phone(browser):
    return browser.new_page(viewport={"width": 360, "height": 740}, java_script_enabled=False,
                            locale="en-US", is_mobile=True, has_touch=True)


def test_changing_language_mid_form_keeps_every_answer(browser, tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'switch.sqlite3'}", SURVEY_MODE="full")
    with app.app_context():
        db.create_all()
    with serve(app) as base_url:
        page = _phone(browser)
        page.goto(f"{base_url}/report?lang=en")
        page.get_by_label("Company you work for").fill("Burger Barn")
        page.locator("input[name=S2][value=yes]").check()
        page.locator("input[name=H3][value=heat]").check()
        page.locator("input[name=S6]").fill("44")
        page.locator("textarea[name=what_happened]").fill("Nos cambian el horario\nsin aviso")
        page.get_by_role("button", name="Español").click()

        assert page.locator("html").get_attribute("lang") == "es"
        assert page.get_by_label("Empresa donde trabaja").input_value() == "Burger Barn"
        assert page.locator("input[name=S2][value=yes]").is_checked()
        assert page.locator("input[name=H3][value=heat]").is_checked()
        assert page.locator("input[name=S6]").input_value() == "44"
        assert page.locator("textarea[name=what_happened]").input_value() == (
            "Nos cambian el horario\nsin aviso")
        assert page.locator(".error, .error-summary").count() == 0
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        # Enter in a box still sends the report rather than changing the language again.
        page.get_by_label("Ciudad donde trabaja").fill("Houston")
        page.get_by_label("Ciudad donde trabaja").press("Enter")
        page.wait_for_url(re.compile(r".*/report/thanks$"))
        assert page.locator("html").get_attribute("lang") == "es"
    with app.app_context():
        assert db.session.scalar(sa.select(Report)).locale == "es"
        db.engine.dispose()


def test_error_summary_takes_focus_and_its_links_reach_the_fields(browser, tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'summary.sqlite3'}", SURVEY_MODE="full")
    with app.app_context():
        db.create_all()
    with serve(app) as base_url:
        page = _phone(browser)
        page.goto(f"{base_url}/report?lang=en")
        page.locator("input[name=S6]").fill("$15 la hora")
        page.locator("main").get_by_role("button", name="Send my report").click()

        summary = page.locator("#error-summary")
        assert summary.get_attribute("role") == "alert"
        # Chromium moves focus to an autofocus element when it next renders, not at load.
        page.wait_for_function("document.activeElement?.id === 'error-summary'", timeout=5000)
        assert page.locator("input[name=S6]").input_value() == "$15 la hora"
        links = summary.locator("a")
        targets = [links.nth(i).get_attribute("href") for i in range(links.count())]
        assert targets == ["#employer_name", "#city", "#S6"]
        for target in targets:
            summary.locator(f'a[href="{target}"]').click()
            page.wait_for_function(f"document.activeElement?.id === '{target[1:]}'",
                                   timeout=5000)
            assert page.locator(target).is_visible()
            box = page.locator(target).bounding_box()
            assert box and 0 <= box["y"] < 740 and box["x"] + box["width"] <= 360
            page.locator("#error-summary").scroll_into_view_if_needed()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
