"""Screenshots of the worker pages in every language, for a person to look at (not committed).

    .venv/bin/python tools/screenshots.py [OUTPUT_DIRECTORY]     (make screenshots)

Serves the app on a throwaway SQLite database and opens it in Debian's chromium as a 360 px
phone with JavaScript off; writes <page>-<language>.png (the whole page) into the directory.
"""

import os
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("WORKER_VOICE_ENV", "development")

from worker_voice import create_app
from worker_voice.extensions import db
from worker_voice.i18n import LANGUAGES

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"]
PAGES = {"start": "/", "report": "/report"}


def main(output: Path) -> None:
    output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{scratch}/screens.sqlite3"})
        with app.app_context():
            db.create_all()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base_url = f"http://127.0.0.1:{server.server_port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                     args=CHROMIUM_FLAGS)
                page = browser.new_page(viewport={"width": 360, "height": 740},
                                        java_script_enabled=False, is_mobile=True)
                for language in LANGUAGES:
                    for name, path in PAGES.items():
                        page.goto(f"{base_url}{path}?lang={language.code}")
                        target = output / f"{name}-{language.code}.png"
                        page.screenshot(path=str(target), full_page=True)
                        print(target)
                browser.close()
        finally:
            server.shutdown()
            with app.app_context():
                db.engine.dispose()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
