"""Deleting a report from the web with its receipt code: what SMS DELETE does, from a browser.

Guessing is bounded per browser session and day, and a refused attempt looks exactly like a wrong
code, so a right code found past the limit cannot be told apart from another wrong one.
"""

import html
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from playwright.sync_api import expect

from worker_voice import clock
from worker_voice.channels.web.limits import CODE_MISS_LIMIT
from worker_voice.channels.web.routes import DELETE_TRIES_PER_DAY
from worker_voice.cli import extract_catalogs
from worker_voice.extensions import babel, db
from worker_voice.i18n import LANGUAGE_CODES, LANGUAGES
from worker_voice.intake.receipts import display_receipt
from worker_voice.models import Answer, Report

from .factories import report
from .fixtures.apps import make_app, sqlite_url
from .fixtures.browsers import BLOCKING, sideways_overflow
from .fixtures.forms import csrf_token, open_form
from .fixtures.servers import serve

WRONG = "We could not delete a report with this code."
DELETED = "Your report is deleted."
# Well-formed codes that no report has (each is one wrong guess).
WRONG_CODES = ("AAAA-AAAA", "BBBB-BBBB", "CCCC-CCCC", "DDDD-DDDD", "EEEE-EEEE", "FFFF-FFFF")
ANSWERS = {"S2": "yes", "H3": ["heat", "chemicals"], "S6": 30}


@pytest.fixture
def day(monkeypatch):
    """The clock stands still two minutes before midnight; `day.move(minutes)` turns it."""

    class Day:
        now = datetime(2026, 3, 10, 23, 58, tzinfo=UTC)

        def move(self, minutes: int) -> None:
            self.now += timedelta(minutes=minutes)

    frozen = Day()
    monkeypatch.setattr(clock, "utcnow", lambda: frozen.now)
    return frozen


@pytest.fixture
def reports(app):
    """Two reports with answers: `mine` (its receipt code) is deleted, the other must stay."""
    with app.app_context():
        mine = report(city="Springfield", answers=ANSWERS).code
        report(city="Chicago", answers=ANSWERS)
    return mine


CODE_MISS_PER_HOUR = int(CODE_MISS_LIMIT.split()[0])


def stored(app) -> dict[str, int]:
    """Reports by city, and answers of the Springfield report that are left."""
    with app.app_context():
        cities = db.session.execute(
            sa.select(Report.city_given, sa.func.count()).group_by(Report.city_given)).all()
        answers = db.session.scalar(
            sa.select(sa.func.count()).select_from(Answer).join(Report)
            .where(Report.city_given == "Springfield"))
        orphans = db.session.scalar(
            sa.select(sa.func.count()).select_from(Answer)
            .where(Answer.report_id.not_in(sa.select(Report.id))))
    return {**dict(cities), "springfield answers": answers, "orphan answers": orphans}


def open_delete_form(client) -> dict[str, str]:
    return {"csrf_token": csrf_token(client.get("/delete").get_data(as_text=True))}


def send(client, code: str, *, confirm: bool = True):
    data = open_delete_form(client) | {"receipt_code": code}
    if confirm:
        data["confirm"] = "y"
    return client.post("/delete", data=data)


def without_token(page: str) -> str:
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]+"', r'\1"', page)


@pytest.mark.parametrize("typed", [display_receipt, str.lower], ids=["ABCD-EFGH", "abcdefgh"])
def test_a_receipt_code_deletes_the_report_and_its_answers(app, client, reports, typed):
    before = stored(app)
    assert before["Springfield"] == 1 and before["springfield answers"] == 4
    response = send(client, typed(reports))
    assert response.status_code == 302 and response.headers["Location"] == "/delete"
    page = client.get("/delete").get_data(as_text=True)
    assert DELETED in page and "no one can find your report in them" in page
    # Said once: a reload, or the next person on the phone, sees the form again.
    assert DELETED not in client.get("/delete").get_data(as_text=True)
    assert stored(app) == {"Chicago": 1, "springfield answers": 0, "orphan answers": 0}
    # The same code again is a wrong code now: the report is gone.
    assert WRONG in send(client, reports).get_data(as_text=True)


def test_the_page_explains_and_asks_before_deleting(app, client, reports):
    page = client.get("/delete").get_data(as_text=True)
    assert "We erase your answers and everything you wrote" in page
    assert "Figures we already published stay as they are" in page
    # Without the tick nothing is deleted, and it is not counted as a guess.
    for _ in range(DELETE_TRIES_PER_DAY + 1):
        response = send(client, reports, confirm=False)
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "Please tick this box" in page and WRONG not in page
    assert stored(app)["Springfield"] == 1
    assert send(client, reports).status_code == 302
    assert "Springfield" not in stored(app)


def test_errors_are_tied_to_their_field_and_announced(client):
    page = client.get("/delete").get_data(as_text=True)
    assert '<label for="receipt_code">' in page and 'aria-describedby="receipt_code-hint"' in page
    assert "error-summary" not in page
    page = send(client, "ABC", confirm=False).get_data(as_text=True)
    assert 'class="error-summary" role="alert"><a href="#receipt_code">' in page
    assert '<p class="error" id="receipt_code-error">A receipt code has 8 letters' in page
    assert re.search(r'<input[^>]*aria-describedby="receipt_code-error"[^>]*aria-invalid="true"'
                     r'|<input[^>]*aria-invalid="true"[^>]*aria-describedby="receipt_code-error"',
                     page)
    assert re.search(r'<input[^>]*aria-describedby="confirm-error"[^>]*id="confirm"', page)
    page = send(client, "AAAA-AAAA", confirm=False).get_data(as_text=True)
    assert '<a href="#confirm">' in page and 'id="confirm-error"' in page
    # The page carries no script and nothing from anyone else's server.
    assert "<script" not in page and not re.search(r'(src|href)="(https?:)?//', page)


def test_a_wrong_code_is_not_shown_back(app, client, reports, day):
    response = send(client, "zzzz-9999")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and WRONG in page
    assert 'aria-describedby="receipt_code-error"' in page
    assert "zzzz" not in page.lower() and "checked" not in page
    assert stored(app)["Springfield"] == 1


def test_after_five_wrong_codes_a_right_one_is_refused_like_a_wrong_one(app, client, reports,
                                                                          day):
    answers = [send(client, code) for code in WRONG_CODES[:DELETE_TRIES_PER_DAY]]
    assert {a.status_code for a in answers} == {200}
    wrong = without_token(answers[-1].get_data(as_text=True))
    assert WRONG in wrong
    assert all(without_token(a.get_data(as_text=True)) == wrong for a in answers)
    for attempt in (reports, display_receipt(reports), "", "ABC"):
        refused = send(client, attempt)
        assert refused.status_code == 200
        assert without_token(refused.get_data(as_text=True)) == wrong, attempt
    refused = send(client, reports, confirm=False)
    assert without_token(refused.get_data(as_text=True)) == wrong
    assert stored(app)["Springfield"] == 1
    # Another browser (a new session) is not held back by this one's guesses.
    other = app.test_client()
    assert send(other, reports).status_code == 302
    assert "Springfield" not in stored(app)


def test_a_script_that_drops_its_cookie_is_held_back_by_its_address(app, reports, day):
    """The session counts a worker's mistakes; a script trying codes starts a new session for
    each try, and is counted by (the HMAC of) its address instead."""
    def browser(address):
        fresh = app.test_client()
        fresh.environ_base["REMOTE_ADDR"] = address
        return fresh

    for code in (WRONG_CODES * 10)[:CODE_MISS_PER_HOUR]:
        assert WRONG in send(browser("203.0.113.9"), code).get_data(as_text=True)
    assert WRONG in send(browser("203.0.113.9"), reports).get_data(as_text=True)
    assert stored(app)["Springfield"] == 1
    assert send(browser("198.51.100.4"), reports).status_code == 302  # another address
    assert "Springfield" not in stored(app)


def test_four_wrong_codes_still_leave_a_try(app, client, reports, day):
    for code in WRONG_CODES[:DELETE_TRIES_PER_DAY - 1]:
        assert WRONG in send(client, code).get_data(as_text=True)
    assert send(client, reports).status_code == 302
    assert "Springfield" not in stored(app)


def test_a_new_day_gives_new_tries(app, client, reports, day):
    for code in WRONG_CODES[:DELETE_TRIES_PER_DAY]:
        send(client, code)
    assert WRONG in send(client, reports).get_data(as_text=True)
    assert stored(app)["Springfield"] == 1
    day.move(1)  # still the same day: still refused
    assert WRONG in send(client, reports).get_data(as_text=True)
    day.move(1)  # past midnight (UTC)
    assert send(client, reports).status_code == 302
    assert "Springfield" not in stored(app)


def test_the_session_keeps_no_code_and_no_address(app, client, reports, day):
    send(client, "AAAA-AAAA", confirm=True)
    send(client, reports)
    with client.session_transaction() as session:
        kept = repr(dict(session))
    assert reports not in kept and display_receipt(reports) not in kept
    assert "127.0.0.1" not in kept


def test_a_post_without_a_valid_csrf_token_is_refused(app, client, reports):
    app.config["WTF_CSRF_ENABLED"] = True
    client.get("/delete")
    for token in (None, "", "forged-token"):
        data = {"receipt_code": reports, "confirm": "y"}
        if token is not None:
            data["csrf_token"] = token
        response = client.post("/delete", data=data)
        assert response.status_code == 400
        assert "This page expired" in response.get_data(as_text=True)
    assert stored(app)["Springfield"] == 1
    # The token on the page is what makes it work.
    assert send(client, reports).status_code == 302


def test_the_page_is_in_every_language(client):
    for language in LANGUAGES:
        for response in (client.get(f"/delete?lang={language.code}"),
                         send(client, "AAAA-AAAA")):  # the language stays on the answer
            assert response.status_code == 200, language.code
            page = response.get_data(as_text=True)
            direction = "rtl" if language.rtl else "ltr"
            assert f'<html lang="{language.tag}" dir="{direction}">' in page, language.code
            assert 'name="receipt_code"' in page


def test_the_thank_you_page_and_the_footer_lead_to_it(client):
    client.post("/report", data=open_form(client) | {"employer_name": "Acme", "city": "Town"})
    thanks = client.get("/report/thanks").get_data(as_text=True)
    assert re.search(r"class=\"receipt\"><strong>[A-Z2-9]{4}-[A-Z2-9]{4}<", thanks)
    assert "you can also delete your report" in thanks and 'href="/delete"' in thanks
    # Still shown once: a reload shows no code (the footer still leads to /delete).
    again = client.get("/report/thanks").get_data(as_text=True)
    assert 'class="receipt"' not in again
    for path in ("/", "/report", "/missing"):
        footer = client.get(path).get_data(as_text=True).split("<footer>")[1]
        assert 'href="/delete"' in footer, path


# Every string through gettext, into the worker catalog ----------------------------------------

def pseudo_worker_catalog(directory: Path) -> None:
    """Spanish that is the English of today's sources wrapped in ⟦ ⟧, for the worker catalog
    only: a string left out of gettext, or extracted into the organizer catalog (not translated
    into every language), stays bare English."""
    extract_catalogs(directory)
    with (directory / "worker.pot").open("rb") as handle:
        template = read_po(handle)
    target = directory / "es" / "LC_MESSAGES"
    target.mkdir(parents=True)
    catalogs = {"worker": Catalog(locale="es"), "messages": Catalog(locale="es")}
    plurals = catalogs["worker"].num_plurals
    for message in template:
        if isinstance(message.id, tuple):
            catalogs["worker"].add(message.id,
                                   tuple(f"⟦{message.id[i > 0]}⟧" for i in range(plurals)))
        elif message.id:
            catalogs["worker"].add(message.id, f"⟦{message.id}⟧")
    for domain, catalog in catalogs.items():
        with (target / f"{domain}.mo").open("wb") as handle:
            write_mo(handle, catalog)


@pytest.fixture
def pseudo_client(database_url, tmp_path):
    pseudo_worker_catalog(tmp_path)
    app = make_app(database_url, BABEL_TRANSLATION_DIRECTORIES=f"{tmp_path};{tmp_path}")
    # Flask-Babel caches catalogs on its process-wide domain, across app instances.
    with app.app_context():
        babel.domain_instance.cache.clear()
        yield app.test_client()
        babel.domain_instance.cache.clear()
        db.session.remove()
        db.engine.dispose()


def visible_text(page: str) -> str:
    page = re.sub(r"<title>.*?</title>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_every_string_is_translatable_in_the_worker_catalog(pseudo_client):
    client = pseudo_client
    client.get("/?lang=es")
    pages = {"form": client.get("/delete"), "errors": send(client, "AB", confirm=False),
             "wrong code": send(client, "AAAA-AAAA")}
    with client.application.app_context():
        code = report(city="Town").code
    send(client, code)
    pages["deleted"] = client.get("/delete")
    names = {word for language in LANGUAGES for word in language.native_name.split()}
    for name, response in pages.items():
        text = visible_text(response.get_data(as_text=True))
        assert "⟦Delete" in text, name  # the pseudo catalog is in use
        outside = re.sub(r"⟦[^⟧]*⟧", " ", text)
        assert set(re.findall(r"[^\W\d_]{2,}", outside)) - names == set(), name


def test_the_favicon_answer_leaves_the_session_alone(client):
    """A browser's late request for the icon must not put back an older session: as a 404 page
    it did, and the next form's CSRF token was gone ("This page expired", 1 run in 15)."""
    client.get("/?lang=es")
    client.get("/delete")
    response = client.get("/favicon.ico")
    assert response.status_code == 204 and response.headers.getlist("Set-Cookie") == []


# In a phone's browser ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A served app and receipt codes of reports to delete, one per language."""
    app = make_app(sqlite_url(tmp_path_factory.mktemp("erasure") / "served.sqlite3"))
    with app.app_context():
        db.create_all()
        codes = {locale: report(city="Town").code for locale in LANGUAGE_CODES}
    with serve(app) as url:
        yield url, codes
    with app.app_context():
        db.engine.dispose()


def submit(page) -> None:
    # Without JavaScript a click only starts the navigation: wait until the answer has loaded
    # (generously: the first answer of a served app on a busy machine took over 5 s).
    with page.expect_navigation(timeout=30_000):
        page.locator("button[type=submit]").click()


def erasure_pages(page, url: str, code: str):
    """Walk through deleting a report as a worker would, without JavaScript; yields page names."""
    page.goto(f"{url}/delete")
    yield "form"
    page.locator("input[name=receipt_code]").fill(display_receipt(code).lower())
    submit(page)  # the box is not ticked
    # It failed once in about ten runs with no summary on the page: say where it landed.
    landed = f"landed on {page.url}: {page.locator('main').inner_text()[:200]!r}"
    expect(page.locator(".error-summary"), landed).to_have_count(1)
    yield "not confirmed"
    page.locator("input[name=receipt_code]").fill(display_receipt(code).lower())
    page.locator("label:has(input[name=confirm])").click()  # the whole label is the target
    submit(page)
    expect(page.locator("form")).to_have_count(0)
    yield "deleted"


@pytest.mark.parametrize("locale", LANGUAGE_CODES)
def test_it_works_on_a_narrow_phone_without_javascript(browser, served, locale):
    url, codes = served
    context = browser.new_context(java_script_enabled=False, is_mobile=True, has_touch=True,
                                  viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{url}/?lang={locale}")
    problems, names = [], []
    for name in erasure_pages(page, url, codes[locale]):
        names.append(name)
        assert page.locator("html").get_attribute("lang") == locale.replace("_", "-"), name
        for width in (360, 320):
            page.set_viewport_size({"width": width, "height": 740})
            if sideways_overflow(page) > 0:
                problems.append((name, width, sideways_overflow(page)))
        page.set_viewport_size({"width": 360, "height": 740})
        # axe-core is a script: it runs on a copy of the page in a context with JavaScript on.
        checked = browser.new_context(viewport={"width": 360, "height": 740})
        copy = checked.new_page()
        copy.set_content(page.content())
        problems += [(name, v["id"], [n["target"] for n in v["nodes"]][:3])
                     for v in Axe().run(copy).response["violations"] if v["impact"] in BLOCKING]
        checked.close()
    assert names == ["form", "not confirmed", "deleted"]
    assert page.locator(".error-summary").count() == 0  # the last page says it is deleted
    context.close()
    assert problems == []
