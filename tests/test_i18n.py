"""The catalogs: not stale, complete in every shipped language, and actually used."""

import html
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from worker_voice.cli import POT, TRANSLATIONS, extract_arguments
from worker_voice.i18n import LANGUAGE_CODES

from .factories import add_employer, report
from .test_organizer import PASSWORD, login, organizer  # noqa: F401 (fixture)
from .test_web import open_form

SHIPPED = [code for code in LANGUAGE_CODES if code != "en"]


def message_ids(path: Path) -> set[str]:
    with path.open("rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}


def test_catalog_template_is_not_stale(tmp_path):
    from babel.messages.frontend import CommandLineInterface

    fresh = tmp_path / "messages.pot"
    CommandLineInterface().run(["pybabel", "-q", *extract_arguments(str(fresh))])
    assert message_ids(fresh) == message_ids(POT), "run `flask translate update`"


@pytest.mark.parametrize("locale", SHIPPED)
def test_every_shipped_catalog_is_complete(locale):
    path = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"
    assert message_ids(path) == message_ids(POT), "run `flask translate update`"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
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


def english_leftovers(page: str, locale: str) -> list[str]:
    """English interface strings that appear in a page rendered for another language."""
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    text = " ".join(text.split())
    leftovers = []
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for english in ids:
            if not english or "%(" in english or english in strings:
                continue
            if re.search(rf"(?<!\w){re.escape(english)}(?!\w)", text):
                leftovers.append(english)
    return leftovers


@pytest.mark.parametrize("locale", SHIPPED)
def test_pages_in_other_languages_contain_no_english_interface_text(app, client, locale,
                                                                    organizer):  # noqa: F811
    with app.app_context():
        employer = add_employer("Burger Barn").id
        for option in ["yes"] * 5 + ["no"] * 6:
            report(answers={"S2": option, "H3": ["heat"], "S6": 30, "W1": "no", "H1": "no"})
    client.get(f"/?lang={locale}")
    pages = {path: client.get(path).get_data(as_text=True)
             for path in ("/", "/report", "/report/thanks", "/missing", "/auth/login",
                          "/methods")}
    bad = open_form(client) | {"employer_name": "", "city": "", "S6": "x", "S7": "2.5",
                               "H3": ["none", "heat"], "S1": "bogus"}
    pages["/report (errors)"] = client.post("/report", data=bad).get_data(as_text=True)
    ok = open_form(client) | {"employer_name": "Burger Barn", "city": "Chicago"}
    client.post("/report", data=ok)
    pages["/report/thanks (receipt)"] = client.get("/report/thanks").get_data(as_text=True)
    login(client, organizer)
    client.get(f"/?lang={locale}")
    pages["/organizer/employers"] = client.get("/organizer/employers").get_data(as_text=True)
    pages["/organizer/employer"] = client.get(
        f"/organizer/employers/{employer}").get_data(as_text=True)
    pages["/organizer/rankings"] = client.get("/organizer/rankings").get_data(as_text=True)
    for name, page in pages.items():
        assert f'lang="{locale}"' in page, name
        assert english_leftovers(page, locale) == [], name

