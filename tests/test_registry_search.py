"""The review page's registry search: words of a name, an alias or a city find employers, in any
script the normalizer folds; what it finds is offered like a suggestion, never pre-selected,
and linking through it links the name searched for."""

import re

import pytest
import sqlalchemy as sa

from worker_voice.auth.passwords import create_user
from worker_voice.extensions import db
from worker_voice.models import AliasSource, Employer, EmployerAlias, Organization, Report
from worker_voice.registry.normalize import normalize_employer_name
from worker_voice.registry.search import Reason, search_registry
from worker_voice.uow import transaction

from .factories import add_employer, report
from .fixtures.accounts import PASSWORD, login
from .fixtures.forms import csrf_token

UNMATCHED = "Quimby Quartz Services"


@pytest.fixture
def registry(app):
    with app.app_context():
        with transaction():
            create_user(email="o@centro.org", password=PASSWORD, organization_name="Centro")
        ids = {name: add_employer(name, cities=cities).id for name, cities in (
            ("Burger Barn", ("Chicago",)), ("Taco Town", ("Springfield",)),
            ("Café Olé", ("Joliet",)), ("麦当劳", ("Chicago",)), ("ماكدونالدز", ("Chicago",)),
            ("Barnyard Old", ("Chicago",)))}
        with transaction():
            alias = "Red Lantern Diner"
            db.session.add(EmployerAlias(employer_id=ids["Burger Barn"], name=alias,
                                         normalized_name=normalize_employer_name(alias),
                                         source=AliasSource.REVIEW))
            merged = db.session.get(Employer, ids["Barnyard Old"])
            merged.merged_into_id = ids["Burger Barn"]
        centro = db.session.scalar(sa.select(Organization.id))
        for _ in range(2):
            report(UNMATCHED, city="Chicago", organization_id=centro)
        report("Zeta Unknown Works", city="Chicago", organization_id=centro)
    return ids


def _found(words: str) -> dict[int, tuple[Reason, ...]]:
    return {item.employer_id: item.reasons for item in search_registry(words=words)}


def test_search_finds_by_a_word_of_the_name_an_alias_and_a_city(app, registry):
    with app.app_context():
        assert _found("barn") == {registry["Burger Barn"]: (Reason.NAME,)}  # not the merged
        assert _found("BURG") == {registry["Burger Barn"]: (Reason.NAME,)}  # a word's start
        assert _found("lantern") == {registry["Burger Barn"]: (Reason.ALIAS,)}
        assert _found("springfield") == {registry["Taco Town"]: (Reason.CITY,)}
        # Every word must be found, each anywhere: a name word and a city.
        assert _found("taco springfield") == {registry["Taco Town"]: (Reason.CITY, Reason.NAME)}
        assert _found("taco chicago") == {}
        assert _found("   ") == {} and _found("") == {}
        # A typo finds nothing word by word, so the closest names are offered instead.
        assert _found("tacco town") == {registry["Taco Town"]: (Reason.SIMILAR,)}


def test_search_folds_accents_and_finds_other_scripts(app, registry):
    with app.app_context():
        assert _found("cafe ole") == {registry["Café Olé"]: (Reason.NAME,)}
        assert _found("CAFÉ") == {registry["Café Olé"]: (Reason.NAME,)}
        assert _found("麦当劳") == {registry["麦当劳"]: (Reason.NAME,)}
        assert _found("当劳") == {registry["麦当劳"]: (Reason.NAME,)}  # no spaces: anywhere
        # Arabic written with its vowel marks finds the name written without them.
        assert _found("مَاكدونالدز") == {registry["ماكدونالدز"]: (Reason.NAME,)}


def _section(page: str, heading: str) -> str:
    return dict(re.findall(r"<h2>([^<]+)</h2>(.*?)</section>", page, re.S))[heading]


def test_the_review_page_offers_what_the_search_found_none_pre_selected(app, client, registry):
    login(client, "o@centro.org")
    name = normalize_employer_name(UNMATCHED)
    plain = client.get("/organizer/review").get_data(as_text=True)
    assert plain.count('<form method="get"') == 2  # one search per unmatched name, no script
    assert 'name="q"' in plain and "Found in the registry" not in plain
    page = client.get("/organizer/review", query_string={"name": name, "q": "lantern"})
    assert page.status_code == 200
    section = _section(page.get_data(as_text=True), UNMATCHED)
    found = section.split('<div class="found">')[1].split("</div>")[0]
    assert re.search(rf'<input type="radio" name="employer_id" value="{registry["Burger Barn"]}">'
                     r" Burger Barn <span class=\"muted\">"
                     r"\(a word of a name it is also known as\)", found)
    assert " checked" not in section
    # An alias is not quoted: it may be what a worker wrote.
    assert "Red Lantern Diner" not in page.get_data(as_text=True)
    assert 'value="lantern"' in section  # the words stay in the box
    other = _section(page.get_data(as_text=True), "Zeta Unknown Works")
    assert "Found in the registry" not in other and 'value=""' in other
    cities = client.get("/organizer/review", query_string={"name": name, "q": "joliet"})
    assert "a worksite in Joliet" in _section(cities.get_data(as_text=True), UNMATCHED)
    nothing = client.get("/organizer/review", query_string={"name": name, "q": "qqqzzz"})
    assert "No employer in the registry has these words" in nothing.get_data(as_text=True)
    escaped = client.get("/organizer/review", query_string={"name": name, "q": "<b>x"})
    assert "<b>x" not in escaped.get_data(as_text=True)


def test_linking_through_a_search_result_links_the_name_searched_for(app, client, registry):
    login(client, "o@centro.org")
    name = normalize_employer_name(UNMATCHED)
    page = client.get("/organizer/review",
                      query_string={"name": name, "q": "springfield"}).get_data(as_text=True)
    section = _section(page, UNMATCHED)
    action = re.search(r'<form method="post" action="([^"]+)"', section)[1]
    chosen = re.search(r'<div class="found">.*?value="(\d+)"> Taco Town', section, re.S)[1]
    assert int(chosen) == registry["Taco Town"]
    linked = client.post(action.replace("&amp;", "&"),
                         data={"csrf_token": csrf_token(page), "name": name,
                               "employer_id": chosen})
    assert linked.status_code == 302
    with app.app_context():
        rows = db.session.execute(sa.select(Report.employer_name_given, Report.employer_id)
                                  .order_by(Report.employer_name_given)).all()
        assert rows == [(UNMATCHED, registry["Taco Town"]), (UNMATCHED, registry["Taco Town"]),
                        ("Zeta Unknown Works", None)]
        assert name in db.session.scalars(sa.select(EmployerAlias.normalized_name).where(
            EmployerAlias.employer_id == registry["Taco Town"])).all()
