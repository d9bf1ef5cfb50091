"""The organizer's home page: what changed since the last visit, each with a link to act on it,
and the employers whose published figures moved beyond chance in the latest release."""

import html
import re
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from worker_voice.auth.passwords import create_user
from worker_voice.extensions import db
from worker_voice.insights.moves import latest_moves
from worker_voice.insights.periods import quarter_of
from worker_voice.insights.release import mark_stale
from worker_voice.models import Membership, Organization
from worker_voice.uow import transaction

from .factories import add_employer, report
from .fixtures.accounts import PASSWORD, login

TODAY = date.today()
LAST_VISIT = TODAY - timedelta(days=5)


def _org(name: str) -> int:
    return db.session.scalar(sa.select(Organization.id).where(Organization.name == name))


@pytest.fixture
def orgs(app):
    """Centro (lead@a.org) and Local (lead@b.org), with employers but no reports yet."""
    with app.app_context():
        with transaction():
            create_user(email="lead@a.org", password=PASSWORD, organization_name="Centro")
            create_user(email="lead@b.org", password=PASSWORD, organization_name="Local")
        ids = {"a": _org("Centro"), "b": _org("Local")}
        for name in ("Burger Barn", "Taco Town", "Pollo Privado"):
            ids[name] = add_employer(name).id
    return ids


def _last_visit(org: int, day: date | None) -> None:
    with transaction():
        db.session.execute(sa.update(Membership).where(Membership.organization_id == org)
                           .values(last_visit_on=day))


def _links(page: str) -> dict[str, dict[str, list[str]]]:
    """Each link's text → its query string, parsed."""
    return {re.sub(r"\s+", " ", html.unescape(text)).strip(): parse_qs(urlsplit(
        html.unescape(href)).query) for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>',
                                                                  page)}


def test_home_counts_own_reports_since_the_last_visit_by_employer_and_topic(app, client,
                                                                            orgs):
    a, b = orgs["a"], orgs["b"]
    with app.app_context():
        recent = TODAY - timedelta(days=2)
        for _ in range(3):
            report("Burger Barn", answers={"S2": "yes"}, organization_id=a, received_on=recent)
        report("Taco Town", answers={"W1": "yes"}, organization_id=a, received_on=recent)
        report("Zeta Widgets Unknown", answers={"S2": "no"}, organization_id=a,
               received_on=recent)
        for _ in range(4):  # before the last visit: not new
            report("Taco Town", answers={"W1": "no"}, organization_id=a,
                   received_on=LAST_VISIT - timedelta(days=1))
        for _ in range(6):  # another organization's: never on Centro's page
            report("Taco Town", answers={"W1": "yes"}, organization_id=b, received_on=recent)
            report("Pollo Privado", answers={"S2": "yes"}, organization_id=b,
                   received_on=recent)
        _last_visit(a, LAST_VISIT)
    login(client, "lead@a.org")
    page = client.get("/organizer/").get_data(as_text=True)
    assert re.search(r"5 reports received since \w+ \d+, \d{4}, the day of your last visit",
                     page)
    assert "Welcome" not in page
    employers = page.split('id="by-employer"')[1].split("</section>")[0]
    assert re.search(r"Burger Barn</a> <span class=\"num\">3 reports<", employers)
    assert re.search(r"Taco Town</a> <span class=\"num\">1 report<", employers)
    assert "1 report names an employer not matched yet" in employers
    assert "Pollo Privado" not in page and "Zeta" not in page
    topics = page.split('id="by-topic"')[1].split("</section>")[0]
    assert re.search(r"Scheduling</a> <span class=\"num\">4 reports<", topics)
    assert re.search(r"Pay</a> <span class=\"num\">1 report<", topics)
    links = _links(page)
    since = [LAST_VISIT.isoformat()]
    assert links["Burger Barn"] == {"employer": [str(orgs["Burger Barn"])], "from": since}
    assert links["Taco Town"] == {"employer": [str(orgs["Taco Town"])], "from": since}
    assert links["Scheduling"] == {"category": ["scheduling"], "from": since}
    assert links["Pay"] == {"category": ["wage_theft"], "from": since}
    assert "/organizer/review" in re.search(r'<a href="([^"]+)">1 report names', page)[1]
    assert re.search(r'<a href="/organizer/review">1 employer name to match</a>', page)
    assert "href=\"/organizer/reports?queue=quotes\"" in page
    # The filters the links carry find what the counts say.
    listed = client.get(f"/organizer/reports?employer={orgs['Taco Town']}&from={since[0]}")
    assert len(re.findall(r'href="/organizer/reports/\d+', listed.get_data(as_text=True))) == 1


def test_a_first_visit_is_welcomed_without_a_since(app, client, orgs):
    with app.app_context():
        report("Burger Barn", answers={"S2": "yes"}, organization_id=orgs["a"])
    login(client, "lead@a.org")  # never visited before
    page = client.get("/organizer/").get_data(as_text=True)
    assert "Welcome" in page and "1 report received so far" in page
    assert "since" not in page.lower()
    assert _links(page)["Burger Barn"] == {"employer": [str(orgs["Burger Barn"])]}
    assert _links(page)["Scheduling"] == {"category": ["scheduling"]}
    # The next visit counts from the day this one began.
    client.post("/auth/logout", data={"csrf_token": re.search(
        r'name="csrf_token" value="([^"]+)"', page)[1]})
    login(client, "lead@a.org")
    again = client.get("/organizer/").get_data(as_text=True)
    assert "Welcome" not in again and "the day of your last visit" in again


def test_another_organizations_reports_never_appear(app, client, orgs):
    with app.app_context():
        for _ in range(7):
            report("Pollo Privado", answers={"S2": "yes"}, organization_id=orgs["b"])
    login(client, "lead@a.org")
    page = client.get("/organizer/").get_data(as_text=True)
    assert "0 reports received so far" in page and "Pollo Privado" not in page
    assert "Scheduling" not in page.split('<section aria-labelledby="moves-title">')[0]


def _quarters() -> tuple[date, date]:
    """A day in the latest published quarter (tests publish the quarter of today) and one in
    the quarter before it."""
    latest = quarter_of(TODAY)
    return TODAY, latest - timedelta(days=1)


def test_employers_whose_published_share_moved_beyond_chance_are_listed(app, client, orgs):
    a, b = orgs["a"], orgs["b"]
    latest, before = _quarters()
    with app.app_context(), transaction():
        for answer, day in (("no", before), ("yes", latest)):  # 0 of 10, then 10 of 10
            for _ in range(10):
                report("Burger Barn", answers={"S2": answer}, organization_id=a, received_on=day)
        for yes, no, day in ((5, 5, before), (6, 5, latest)):  # 50%, then 55%: chance
            for answer in ["yes"] * yes + ["no"] * no:
                report("Taco Town", answers={"S2": answer}, organization_id=a, received_on=day)
        for answer, day in (("no", before), ("yes", latest)):  # Local's own move
            for _ in range(10):
                report("Pollo Privado", answers={"S2": answer}, organization_id=b,
                       received_on=day)
        mark_stale()
    with app.app_context():
        moves = latest_moves(organization_id=a)
        assert moves.quarter == quarter_of(latest)
        assert [(m.employer_id, m.question_key, m.worse) for m in moves.moves] == [
            (orgs["Burger Barn"], "S2", True)]
        assert (moves.moves[0].before.problem, moves.moves[0].before.n) == (0, 10)
        assert (moves.moves[0].after.problem, moves.moves[0].after.n) == (10, 10)
    login(client, "lead@a.org")
    page = client.get("/organizer/").get_data(as_text=True)
    section = page.split('<section aria-labelledby="moves-title">')[1].split("</section>")[0]
    assert "95% intervals do not overlap" in section and "more than chance" in section
    row = re.search(rf'<tr data-employer="{orgs["Burger Barn"]}" data-indicator="S2">(.*?)</tr>',
                    section, re.S)
    assert row and "Last-minute shift change" in row[1] and "worse" in row[1]
    assert re.search(r"0%.*100%", row[1], re.S)
    assert f'href="/organizer/employers/{orgs["Burger Barn"]}"' in row[1]
    assert "Taco Town" not in section and "Pollo Privado" not in section
