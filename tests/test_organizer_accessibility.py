"""The organizer interface in Debian's Chromium — the campaign, dossier and API pages first, then
every other page an organizer reads — in English and Spanish: axe-core finds no serious or
critical violation on a laptop or a phone screen, and no page is wider than a 360 px phone (wide
tables scroll inside their own box)."""

import re

import pyotp
import pytest
import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from worker_voice import demo
from worker_voice.auth import twofactor
from worker_voice.auth.passwords import create_user
from worker_voice.extensions import db
from worker_voice.i18n import ORGANIZER_LANGUAGES
from worker_voice.models import User

from .fixtures.apps import make_app
from .fixtures.browsers import BLOCKING, sideways_overflow
from .fixtures.servers import serve

SCREENS = {"laptop": {"width": 1280, "height": 800}, "phone": {"width": 360, "height": 740}}


def admin_email(language: str) -> str:
    # One admin per language: a TOTP code is accepted once, and both sign in within seconds.
    return f"admin-{language}@demo.example"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The demo (a coalition campaign, approved quotes) with admins of the demo center."""
    directory = tmp_path_factory.mktemp("organizer_a11y")
    app = make_app(f"sqlite:///{directory / 'served.sqlite3'}")
    secrets = {}
    with app.app_context():
        db.create_all()
        demo.seed(report_count=400)
        for language in ORGANIZER_LANGUAGES:
            create_user(email=admin_email(language), password=demo.DEMO_PASSWORD,
                        organization_name=demo.DEMO_ORGANIZATION, role="admin")
            admin = db.session.scalar(sa.select(User).where(User.email == admin_email(language)))
            admin.totp_secret, admin.totp_last_step = twofactor.new_secret(), 0
            secrets[language] = admin.totp_secret
        db.session.commit()
    with serve(app) as url:
        yield url, secrets
    with app.app_context():
        db.engine.dispose()


def sign_in(page, url, language, secret):
    page.goto(f"{url}/auth/login")
    page.fill("input[name=email]", admin_email(language))
    page.fill("input[name=password]", demo.DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    page.click("button[type=submit]")
    expect(page.locator("nav.org")).to_have_count(1)


def organizer_pages(page, url, language):
    """Each new page as an organizer reaches it; yields its name once loaded."""
    page.goto(f"{url}/organizer/campaigns?lang={language}")
    yield "campaigns"
    page.locator("table a").first.click()
    page.wait_for_url(re.compile(r".*/organizer/campaigns/\d+$"))
    yield "campaign"
    page.locator("#dossier-language").select_option("zh_Hans")
    page.locator("form[action$='/dossiers'] button").click()
    expect(page.locator("progress")).to_have_count(1)
    yield "dossier"
    page.goto(f"{url}/organizer/campaigns/new")
    yield "new campaign"
    page.fill("#name", "Test")
    page.fill("#target", "No such employer")
    page.click("form[novalidate] button[type=submit]")
    expect(page.locator(".error")).not_to_have_count(0)
    yield "new campaign with errors"
    page.goto(f"{url}/organizer/api-tokens")
    yield "API tokens"
    page.goto(f"{url}/api/v1/")
    yield "API documentation"
    # The rest of the organizer interface, which organizers also use on a phone.
    for path in ("/organizer/", "/organizer/employers", "/organizer/employers/1",
                 "/organizer/rankings", "/organizer/reports", "/organizer/reports?queue=quotes",
                 "/organizer/review",
                 "/organizer/coalitions", "/organizer/coalitions/1", "/organizer/people",
                 "/organizer/audit"):
        page.goto(f"{url}{path}")
        yield path
    page.goto(f"{url}/organizer/reports")
    page.locator("table a[href*='/organizer/reports/']").first.click()
    page.wait_for_url(re.compile(r".*/organizer/reports/\d+$"))
    yield "report"


def too_wide(page) -> list[str]:
    """The innermost elements that reach past the screen's edge, to say what to fix."""
    return page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                     && ![...e.children].some(c => c.getBoundingClientRect().right
                                                   > window.innerWidth + 1))
        .slice(0, 4).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
                              + ' ' + (e.textContent || '').trim().slice(0, 30))""")


@pytest.mark.parametrize("language", ORGANIZER_LANGUAGES)
def test_campaign_pages_are_accessible(browser, served, language):
    url, secrets = served
    problems, seen = [], []
    context = browser.new_context(viewport=SCREENS["laptop"])
    page = context.new_page()
    sign_in(page, url, language, secrets[language])
    axe = Axe()
    for name in organizer_pages(page, url, language):
        seen.append(name)
        assert page.locator("html").get_attribute("lang") == language, name
        for screen, viewport in SCREENS.items():
            page.set_viewport_size(viewport)
            violations = axe.run(page).response["violations"]
            problems += [(screen, name, v["id"], [n["target"] for n in v["nodes"]][:3])
                         for v in violations if v["impact"] in BLOCKING]
        overflow = sideways_overflow(page)  # at phone width, the last one checked
        if overflow > 0:
            problems.append((name, f"{overflow} px wider than a 360 px screen", too_wide(page)))
        page.set_viewport_size(SCREENS["laptop"])
    context.close()
    assert len(seen) == 19
    assert problems == []
