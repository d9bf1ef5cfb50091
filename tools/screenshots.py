"""Screenshots for a person to look at (not committed): the worker pages in every language on
a 360 px phone, and the organizer's pages (the demo's worst employer's briefing, a campaign,
the rankings, the reports and the home page) in English and Spanish at 1280 px and 360 px.

    .venv/bin/python tools/screenshots.py [OUTPUT_DIRECTORY]     (make screenshots)

Serves the app on a throwaway SQLite database with the demo seeded and opens it in Debian's
chromium; writes <page>-<language>[-<screen>].png (the whole page) into the directory and
prints, for each organizer page, its height, content width and narrowest column of sentences.
"""

import os
import sys
import tempfile
import threading
from pathlib import Path

import pyotp
import sqlalchemy as sa
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("WORKER_VOICE_ENV", "development")

from tools.page_layout import measure
from worker_voice import create_app, demo
from worker_voice.auth import twofactor
from worker_voice.extensions import db
from worker_voice.i18n import LANGUAGES
from worker_voice.insights.release import publish
from worker_voice.models import User

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"]
WORKER_PAGES = {"start": "/", "report": "/report"}
SCREENS = {"laptop": {"width": 1280, "height": 800}, "phone": {"width": 360, "height": 740}}
ORGANIZER_LANGUAGES = ("en", "es")


def organizer_pages(employer_id: int) -> dict[str, str]:
    return {"employer": f"/organizer/employers/{employer_id}", "campaign": "/organizer/campaigns/1",
            "rankings": "/organizer/rankings", "reports": "/organizer/reports",
            "home": "/organizer/"}


def main(output: Path) -> None:
    output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{scratch}/screens.sqlite3"})
        with app.app_context():
            db.create_all()
            demo.seed()
            publish()  # as the first page read would start it, so that figures show at once
            user = db.session.scalar(sa.select(User).where(User.email == demo.DEMO_EMAIL))
            user.totp_secret, user.totp_last_step = twofactor.new_secret(), 0
            secret = user.totp_secret
            pages = organizer_pages(demo.worst_employer() or 1)
            db.session.commit()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base_url = f"http://127.0.0.1:{server.server_port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                     args=CHROMIUM_FLAGS)
                worker_screens(browser, base_url, output)
                organizer_screens(browser, base_url, output, pages, secret)
                browser.close()
        finally:
            server.shutdown()
            with app.app_context():
                db.engine.dispose()


def worker_screens(browser, base_url: str, output: Path) -> None:
    page = browser.new_page(viewport=SCREENS["phone"], java_script_enabled=False,
                            is_mobile=True)
    for language in LANGUAGES:
        for name, path in WORKER_PAGES.items():
            page.goto(f"{base_url}{path}?lang={language.code}")
            target = output / f"{name}-{language.code}.png"
            page.screenshot(path=str(target), full_page=True)
            print(target)
    page.close()


def organizer_screens(browser, base_url: str, output: Path, pages: dict[str, str],
                      secret: str) -> None:
    context = browser.new_context(viewport=SCREENS["laptop"])
    page = context.new_page()
    page.goto(f"{base_url}/auth/login")
    page.fill("input[name=email]", demo.DEMO_EMAIL)
    page.fill("input[name=password]", demo.DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    page.click("button[type=submit]")
    for language in ORGANIZER_LANGUAGES:
        for name, path in pages.items():
            page.goto(f"{base_url}{path}?lang={language}")
            for screen, viewport in SCREENS.items():
                page.set_viewport_size(viewport)
                target = output / f"organizer-{name}-{language}-{screen}.png"
                page.screenshot(path=str(target), full_page=True)
                print(measure(page).line(f"{target.name}"))
            page.set_viewport_size(SCREENS["laptop"])
    context.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
