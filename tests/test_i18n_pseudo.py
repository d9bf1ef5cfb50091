"""Every interface string goes through gettext: a pseudo-translation makes any bypass visible."""

import re

import pytest

from worker_voice.extensions import babel
from worker_voice.help_entries import NATIONAL
from worker_voice.i18n import LANGUAGES

from .factories import add_employer, report
from .fixtures.accounts import login
from .fixtures.forms import open_form
from .fixtures.i18n import pseudo_translations, visible_text


@pytest.fixture
def app_config(tmp_path_factory):
    directory = tmp_path_factory.mktemp("pseudo")
    pseudo_translations(directory)
    return {"BABEL_TRANSLATION_DIRECTORIES": f"{directory};{directory}", "PSEUDO": True}


@pytest.fixture(autouse=True)
def fresh_catalogs(app):
    """Flask-Babel caches loaded catalogs on its process-wide Domain, across app instances."""
    with app.app_context():
        babel.domain_instance.cache.clear()
    yield
    with app.app_context():
        babel.domain_instance.cache.clear()


def test_no_interface_text_bypasses_gettext(app, client, organizer):
    """Render every page with the pseudo catalog: any English left outside ⟦ ⟧ skipped gettext."""
    assert app.config["PSEUDO"]
    with app.app_context():
        employer = add_employer("Burger Barn").id
        for option in ["yes"] * 5 + ["no"] * 6:
            report(answers={"S2": option, "H3": ["heat"], "S6": 30, "W1": "no", "H1": "no"})
    client.get("/?lang=es")
    pages = [client.get(path).get_data(as_text=True)
             for path in ("/", "/report", "/report/thanks", "/missing", "/auth/login",
                          "/methods")]
    bad = open_form(client) | {"employer_name": "", "city": "", "S6": "x", "S1": "bogus"}
    pages.append(client.post("/report", data=bad).get_data(as_text=True))
    client.post("/report", data=open_form(client) | {"employer_name": "Acme", "city": "Town"})
    pages.append(client.get("/report/thanks").get_data(as_text=True))
    login(client, organizer)
    client.get("/?lang=es")
    pages.append(client.get("/organizer/employers").get_data(as_text=True))
    pages.append(client.get(f"/organizer/employers/{employer}").get_data(as_text=True))
    pages.append(client.get("/organizer/review").get_data(as_text=True))
    pages.append(client.get("/organizer/reports").get_data(as_text=True))
    pages.append(client.get("/organizer/").get_data(as_text=True))
    pages.append(client.get(f"/organizer/employers/{employer}/merge").get_data(as_text=True))
    pages.append(client.get("/organizer/coalitions").get_data(as_text=True))
    pages.append(client.get("/organizer/rankings").get_data(as_text=True))
    # Data, not interface text: language names in their own words, employer names, figures.
    allowed = {*" ".join(language.native_name for language in LANGUAGES).split(),
               "Burger", "Barn", "Acme", "Town", "Centro",  # data
               "Chicago", "IL", "Shift", "BLUW",  # a region, the sources of published rates
               # the national help entries' web addresses (help_entries.national)
               *re.findall(r"[^\W\d_]{2,}", " ".join(str(c.web) for c in NATIONAL))}
    for page in pages:
        outside = re.sub(r"⟦[^⟧]*⟧|\b[A-Z2-9]{4}-[A-Z2-9]{4}\b", " ", visible_text(page))
        words = set(re.findall(r"[^\W\d_]{2,}", outside)) - allowed
        assert words == set(), words
