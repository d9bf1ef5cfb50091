"""Lighthouse (npm, pinned in package.json) on the report form in every language, as a phone on a
slow connection sees it (mobile emulation, simulated throttling), against Debian's chromium.

One run takes about 12 seconds; the scores are printed for the closing notes of releases.
"""

import json
import os
import subprocess
from pathlib import Path

import pytest

from worker_voice.i18n import LANGUAGE_CODES

from .fixtures.browsers import CHROMIUM, CHROMIUM_FLAGS
from .fixtures.servers import serve_with_an_employer

LIGHTHOUSE = Path(__file__).resolve().parent.parent / "node_modules" / ".bin" / "lighthouse"
MINIMUM = {"accessibility": 0.95, "performance": 0.9}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    with serve_with_an_employer(tmp_path_factory.mktemp("lighthouse")) as url:
        yield url


@pytest.mark.parametrize("locale", LANGUAGE_CODES)
def test_report_form_scores(base_url, locale, tmp_path, figure):
    if not LIGHTHOUSE.exists():
        pytest.fail("Lighthouse is missing; `make test` installs it with npm ci")
    report = tmp_path / "lighthouse.json"
    flags = " ".join(flag.replace("--headless", "--headless=new") for flag in CHROMIUM_FLAGS)
    run = subprocess.run(  # noqa: S603 (our own pinned Lighthouse and a local URL)
        [str(LIGHTHOUSE), f"{base_url}/report?lang={locale}", "--quiet", "--output=json",
         f"--output-path={report}", "--only-categories=accessibility,performance",
         "--form-factor=mobile", "--throttling-method=simulate", f"--chrome-flags={flags}"],
        env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, timeout=180,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(report.read_text())
    scores = {name: result["categories"][name]["score"] for name in MINIMUM}
    failing = [(audit_id, audit["title"]) for audit_id, audit in result["audits"].items()
               if audit.get("scoreDisplayMode") == "binary" and audit["score"] == 0]
    figures = " ".join(f"{name} {score:.2f}" for name, score in scores.items())
    figure(f"[lighthouse] {locale}: {figures}")
    assert all(scores[name] >= minimum for name, minimum in MINIMUM.items()), (scores, failing)
