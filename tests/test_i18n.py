"""The catalogs: not stale, complete in every shipped language, and actually used."""

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from worker_voice.cli import DOMAINS, TRANSLATIONS, catalog_locales, extract_catalogs
from worker_voice.i18n import LANGUAGE_CODES, ORGANIZER_LANGUAGES

from .factories import add_employer, report
from .fixtures.accounts import login
from .fixtures.forms import open_form
from .fixtures.i18n import english_leftovers, tag

SHIPPED = [code for code in LANGUAGE_CODES if code != "en"]
CATALOGS = [(domain, locale) for domain in DOMAINS for locale in catalog_locales(domain)]


def message_ids(path: Path) -> set[str]:
    with path.open("rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}


def test_catalog_templates_are_not_stale(tmp_path):
    extract_catalogs(tmp_path)
    for domain in DOMAINS:
        assert message_ids(tmp_path / f"{domain}.pot") == message_ids(
            TRANSLATIONS / f"{domain}.pot"), f"{domain}: run `flask translate update`"


def test_worker_and_organizer_catalogs_do_not_overlap():
    assert not message_ids(TRANSLATIONS / "worker.pot") & message_ids(
        TRANSLATIONS / "messages.pot")


@pytest.mark.parametrize(("domain", "locale"), CATALOGS)
def test_every_shipped_catalog_is_complete(domain, locale):
    path = TRANSLATIONS / locale / "LC_MESSAGES" / f"{domain}.po"
    assert message_ids(path) == message_ids(TRANSLATIONS / f"{domain}.pot"), (
        "run `flask translate update`")
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    assert not catalog.fuzzy, "a fuzzy header makes pybabel skip the whole catalog"
    placeholder = re.compile(r"%\(\w+\)[sd]")
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert not message.fuzzy, message.id
        assert all(strings), f"untranslated: {message.id}"
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = set(placeholder.findall(ids[-1]))
        for string in strings:
            assert set(placeholder.findall(string)) <= wanted | set(placeholder.findall(ids[0]))
            assert set(placeholder.findall(ids[0])) <= set(placeholder.findall(string)) | {
                "%(num)d", "%(count)d"}, f"a value is missing: {message.id}"


@pytest.mark.parametrize("locale", SHIPPED)
def test_worker_pages_contain_no_english_interface_text(app, client, locale):
    with app.app_context():
        add_employer("Burger Barn")
    client.get(f"/?lang={locale}")
    pages = {path: client.get(path).get_data(as_text=True)
             for path in ("/", "/report", "/report/thanks", "/missing", "/methods", "/delete",
                          "/messages", "/contact", "/contact/sent")}
    bad = open_form(client) | {"employer_name": "", "city": "", "S6": "x", "S7": "2.5",
                               "H3": ["none", "heat"], "S1": "bogus"}
    pages["/report (errors)"] = client.post("/report", data=bad).get_data(as_text=True)
    ok = open_form(client) | {"employer_name": "Burger Barn", "city": "Chicago"}
    client.post("/report", data=ok)
    pages["/report/thanks (receipt)"] = client.get("/report/thanks").get_data(as_text=True)
    for name, page in pages.items():
        assert f'lang="{tag(locale)}"' in page, name
        assert english_leftovers(page, locale) == [], name


@pytest.mark.parametrize("locale", [code for code in ORGANIZER_LANGUAGES if code != "en"])
def test_organizer_pages_contain_no_english_interface_text(app, client, locale,
                                                           organizer):
    with app.app_context():
        employer = add_employer("Burger Barn").id
        for option in ["yes"] * 5 + ["no"] * 6:
            report(answers={"S2": option, "H3": ["heat"], "S6": 30, "W1": "no", "H1": "no"})
    client.get(f"/?lang={locale}")
    pages = {path: client.get(path).get_data(as_text=True) for path in ("/auth/login",)}
    login(client, organizer)
    client.get(f"/?lang={locale}")
    pages["/organizer/employers"] = client.get("/organizer/employers").get_data(as_text=True)
    pages["/organizer/employer"] = client.get(
        f"/organizer/employers/{employer}").get_data(as_text=True)
    pages["/organizer/rankings"] = client.get("/organizer/rankings").get_data(as_text=True)
    for name, page in pages.items():
        assert f'lang="{tag(locale)}"' in page, name
        assert english_leftovers(page, locale) == [], name


def test_a_worker_language_is_kept_while_english_only_pages_are_shown_in_english(client):
    """Pages translated into English and Spanish only fall back without forgetting the choice."""
    client.get("/?lang=ko")
    login_page = client.get("/auth/login", headers={"Accept-Language": "ko, es;q=0.5"})
    assert 'lang="es"' in login_page.get_data(as_text=True)  # the next language the reader asked
    assert 'lang="ko"' in client.get("/methods").get_data(as_text=True)  # a worker's page too
    assert 'lang="ko"' in client.get("/report").get_data(as_text=True)


@pytest.mark.parametrize(("header", "expected"), [
    ("zh-CN,zh;q=0.9,en;q=0.8", "zh-Hans"), ("zh-TW", "zh-Hans"), ("tl", "fil"),
    ("fil-PH", "fil"), ("ar-EG,ar;q=0.9", "ar"), ("ht", "ht"), ("ko-KR", "ko"),
    ("vi-VN", "vi"), ("fr-FR, es;q=0.4", "es"), ("de", "en"), ("", "en"),
])
def test_accept_language_picks_the_best_offered_language(client, header, expected):
    page = client.get("/report", headers={"Accept-Language": header}).get_data(as_text=True)
    assert f'lang="{expected}"' in page
    assert ('dir="rtl"' in page) == (expected == "ar")


def test_explicit_choice_beats_remembered_beats_accept_language(client):
    arabic = {"Accept-Language": "ar"}
    assert 'lang="ar"' in client.get("/", headers=arabic).get_data(as_text=True)
    assert 'lang="vi"' in client.get("/?lang=vi", headers=arabic).get_data(as_text=True)
    assert 'lang="vi"' in client.get("/report", headers=arabic).get_data(as_text=True)
    assert 'lang="ht"' in client.get("/report?lang=ht", headers=arabic).get_data(as_text=True)
    assert 'lang="ht"' in client.get("/missing", headers=arabic).get_data(as_text=True)



BASED_ON = ("Based on %(num)d report from workers.", "Based on %(num)d reports from workers.")


@pytest.mark.parametrize(("locale", "count"), [
    ("zh_Hans", 86), ("ko", 1), ("vi", 2), ("es", 1), ("es", 86), ("ar", 0), ("ar", 1),
    ("ar", 2), ("ar", 3), ("ar", 11), ("ar", 100), ("ht", 86), ("fil", 86)])
def test_plurals_follow_each_languages_own_rule(app, locale, count):
    """The form the catalog's own plural rule picks, also in languages without an organizer
    catalog (Flask-Babel takes the rule from the last catalog it loads)."""
    from flask_babel import force_locale, ngettext

    with (TRANSLATIONS / locale / "LC_MESSAGES" / "worker.po").open("rb") as handle:
        catalog = read_po(handle)
    forms = catalog[BASED_ON].string
    expected = forms[gettext.c2py(catalog.plural_expr)(count)] % {"num": count}
    with app.test_request_context(), force_locale(locale):
        assert ngettext(*BASED_ON, count) == expected
