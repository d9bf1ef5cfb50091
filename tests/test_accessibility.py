"""Every worker page, in every language, in Debian's Chromium: with JavaScript off each page works,
nothing scrolls sideways on a 320 px screen or at 200% zoom, and a page with everything it loads
stays under the weight budget; axe-core finds no serious or critical violation.

axe-core is the copy bundled by axe-playwright-python (offline). It is a script, so it runs in a
second walk through the same pages with JavaScript on; the pages have no script of their own.
"""

import re
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from worker_voice.i18n import LANGUAGE_CODES

from .fixtures.browsers import BLOCKING, sideways_overflow
from .fixtures.servers import serve_with_an_employer

PAGE_BUDGET = 60 * 1024  # bytes transferred for a page and everything it loads
# A 320 px phone, and the same phone at 200% zoom: a 160 CSS pixel wide layout.
WIDTHS = (320, 160)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    # Today's quarter still open, so that topics can be added (a published one takes none).
    with serve_with_an_employer(tmp_path_factory.mktemp("a11y"), RELEASE_DATE=date.today()) as url:
        yield url


def worker_pages(page, base_url: str, locale: str):
    """Visit each worker page as a worker would; yields (name, bytes transferred) on each."""
    transferred = []
    page.on("response", lambda response: transferred.append(response))

    def weight() -> int:
        page.wait_for_load_state("load")
        total = sum(response.request.sizes()["responseBodySize"]
                    + response.request.sizes()["responseHeadersSize"] for response in transferred)
        transferred.clear()
        return total

    page.goto(f"{base_url}/?lang={locale}")
    yield "start", weight()
    page.locator("a.button").first.click()
    yield "form", weight()
    page.locator("main button[type=submit]").click()  # a mistake: the form comes back explained
    # count() does not wait for the answer to the submit; expect() does (a loaded machine
    # answered after the check and failed it).
    expect(page.locator(".error-summary")).to_have_count(1)
    yield "form with errors", weight()
    page.locator("input[name=employer_name]").fill("Burger Barn")
    page.locator("input[name=city]").fill("Chicago")
    page.locator("input[name=H1][value=yes_worked]").check()
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/report/thanks$"))
    assert re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}", page.locator(".receipt").inner_text())
    yield "thank you", weight()
    page.locator("input[name=topics][value=scheduling]").check()
    page.locator(".topics button[type=submit]").click()
    expect(page.locator("input[name=S6]")).to_have_count(1)
    yield "topics", weight()
    page.locator("input[name=S6]").fill("many")
    page.locator("main button[type=submit]").click()
    expect(page.locator(".error-summary")).to_have_count(1)
    yield "topics with errors", weight()
    page.locator("input[name=S6]").fill("٤٤")  # digits in another script are numbers too
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/report/added$"))
    yield "added", weight()
    page.goto(f"{base_url}/report/more")
    yield "add later", weight()
    page.goto(f"{base_url}/no-such-page")
    yield "not found", weight()


def new_phone(browser, javascript: bool):
    context = browser.new_context(java_script_enabled=javascript, is_mobile=True, has_touch=True,
                                  viewport={"width": 360, "height": 740})
    return context, context.new_page()


@pytest.mark.parametrize("locale", LANGUAGE_CODES)
def test_worker_pages_are_accessible_narrow_and_light(browser, base_url, locale,
                                                      figure):
    problems, weights = [], {}
    context, page = new_phone(browser, javascript=False)
    page.route("**/*", lambda route: route.continue_())  # routing turns the HTTP cache off
    for name, weight in worker_pages(page, base_url, locale):
        weights[name] = weight
        assert page.locator("html").get_attribute("lang") == locale.replace("_", "-"), name
        expected = "rtl" if locale == "ar" else "ltr"
        assert page.locator("html").get_attribute("dir") == expected, name
        assert page.locator("script").count() == 0, name
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 740})
            overflow = sideways_overflow(page)
            if overflow > 0:
                problems.append((name, f"{overflow} px wider than a {width} px screen"))
        page.set_viewport_size({"width": 360, "height": 740})
    context.close()

    context, page = new_phone(browser, javascript=True)
    axe = Axe()
    for name, _weight in worker_pages(page, base_url, locale):
        violations = axe.run(page).response["violations"]
        problems += [(name, v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                     for v in violations if v["impact"] in BLOCKING]
    context.close()
    figures = ", ".join(f"{name} {weight / 1024:.1f}" for name, weight in weights.items())
    figure(f"[weight] {locale} KB: {figures}")
    assert problems == []
    assert max(weights.values()) <= PAGE_BUDGET, weights
