"""The organizer's briefing pages in Debian's Chromium, in English and Spanish, as a new user of
the demo meets them: at 1280 px the employer, campaign and rankings pages use at least 85% of
the width with no column of sentences narrower than 240 px, and the demo's worst employer shows
its tier, scores and standout problems on the first screen; at 360 px nothing is wider than the
phone; every chart has a text alternative; axe finds no serious or critical violation. Each
page's height, content width and narrowest column of sentences are printed."""

import pyotp
import pytest
import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tools.page_layout import CONTENT_SHARE, SENTENCE_MIN_WIDTH, measure
from worker_voice import demo
from worker_voice.auth import twofactor
from worker_voice.auth.passwords import create_user
from worker_voice.extensions import db
from worker_voice.insights.release import publish
from worker_voice.models import Campaign, User

from .fixtures.apps import make_app
from .fixtures.browsers import BLOCKING, sideways_overflow
from .fixtures.servers import serve

LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
LANGUAGES = ("en", "es")
VISITS = ("pages", "first-screen")  # one admin per test and language: a TOTP code counts once


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The demo as `make run` seeds it, published, with one admin per language."""
    directory = tmp_path_factory.mktemp("briefing")
    app = make_app(f"sqlite:///{directory / 'served.sqlite3'}")
    secrets = {}
    with app.app_context():
        db.create_all()
        demo.seed()
        publish()
        for language in LANGUAGES:
            for visit in VISITS:
                email = f"briefing-{visit}-{language}@demo.example"
                create_user(email=email, password=demo.DEMO_PASSWORD,
                            organization_name=demo.DEMO_ORGANIZATION, role="admin")
                admin = db.session.scalar(sa.select(User).where(User.email == email))
                admin.totp_secret, admin.totp_last_step = twofactor.new_secret(), 0
                secrets[visit, language] = admin.totp_secret
        worst = demo.worst_employer()
        campaign = db.session.scalar(sa.select(Campaign.id).where(
            Campaign.name == demo.DEMO_CAMPAIGN))
        db.session.commit()
    assert worst is not None and campaign is not None
    pages = {"employer": f"/organizer/employers/{worst}",
             "campaign": f"/organizer/campaigns/{campaign}", "rankings": "/organizer/rankings"}
    with serve(app) as url:
        yield url, secrets, pages
    with app.app_context():
        db.engine.dispose()


def signed_in(browser, url, language, visit, secrets):
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.goto(f"{url}/auth/login?lang={language}")
    page.fill("input[name=email]", f"briefing-{visit}-{language}@demo.example")
    page.fill("input[name=password]", demo.DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.fill("input[name=code]", pyotp.TOTP(secrets[visit, language]).now())
    page.click("button[type=submit]")
    expect(page.locator("nav.org")).to_have_count(1)
    return context, page


def charts_without_words(page) -> list[str]:
    """Charts (SVG images) whose title or description is missing or empty, and decorative SVG
    that is not hidden from screen readers."""
    return page.evaluate("""() => [...document.querySelectorAll('main svg')].filter(svg => {
        if (svg.getAttribute('aria-hidden') === 'true') return false;
        if (svg.getAttribute('role') !== 'img') return true;
        const ids = (svg.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
        const words = ids.map(id => document.getElementById(id))
            .map(e => e ? e.textContent.trim() : '');
        return words.length < 2 || words.some(w => w.length === 0);
    }).map(svg => svg.outerHTML.slice(0, 80))""")


@pytest.mark.parametrize("language", LANGUAGES)
def test_briefing_pages_use_the_screen_and_say_what_they_draw(browser, served, figure,
                                                              language):
    url, secrets, pages = served
    context, page = signed_in(browser, url, language, "pages", secrets)
    axe, problems = Axe(), []
    for name, path in pages.items():
        page.set_viewport_size(LAPTOP)
        page.goto(f"{url}{path}?lang={language}")
        assert page.locator("html").get_attribute("lang") == language
        laptop = measure(page)
        figure(f"[briefing] {language} " + laptop.line(f"{name} at 1280 px"))
        if laptop.content_share < CONTENT_SHARE:
            problems.append((name, f"content {laptop.content_share:.0%} of the width"))
        if laptop.narrowest is not None and laptop.narrowest < SENTENCE_MIN_WIDTH:
            problems.append((name, f"a column of sentences {laptop.narrowest:.0f} px wide",
                             laptop.narrowest_text))
        problems += [(name, "chart without words", chart)
                     for chart in charts_without_words(page)]
        for screen, viewport in (("laptop", LAPTOP), ("phone", PHONE)):
            page.set_viewport_size(viewport)
            problems += [(name, screen, v["id"], [n["target"] for n in v["nodes"]][:3])
                         for v in axe.run(page).response["violations"]
                         if v["impact"] in BLOCKING]
        figure(f"[briefing] {language} " + measure(page).line(f"{name} at 360 px"))
        if sideways_overflow(page) > 0:
            problems.append((name, f"{sideways_overflow(page)} px wider than the phone"))
    context.close()
    assert not problems, "\n".join(map(repr, problems))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_worst_employers_first_screen_holds_tier_scores_and_standouts(browser, served,
                                                                           language):
    url, secrets, pages = served
    context, page = signed_in(browser, url, language, "first-screen", secrets)
    page.goto(f"{url}{pages['employer']}?lang={language}")

    def bottom(selector: str) -> float:
        box = page.locator(selector).first.bounding_box()
        assert box is not None, selector
        return box["y"] + box["height"]

    first_screen = LAPTOP["height"]
    assert bottom(".tier .grade") <= first_screen
    assert bottom("table.scores") <= first_screen
    standouts = page.locator(".standouts li")
    assert standouts.count() >= 1  # the demo's worst employer is worse than its industry
    assert bottom(".standouts li") <= first_screen
    first = standouts.first
    assert "stands-worse" in first.get_attribute("class")
    # Its words name both shares, and the same indicator is marked in its category's table.
    assert first.inner_text().count("%") >= 3
    key_link = first.locator("a").get_attribute("href")
    assert page.locator(f"{key_link} ~ .scroll tr.stands-worse").count() >= 1
    # Every category with a trend draws it with its scale and names its lines.
    chart = page.locator("svg.chart.trend").first
    expect(chart).to_be_visible()
    assert "100" in chart.inner_html() and "Q" in chart.inner_html()
    context.close()
