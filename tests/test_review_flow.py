"""Review that flows (issue 20, item 4): the reports list a page at a time, the quote queue,
next and previous inside a filtered list, bulk status changes, held bursts in the same flow."""

import re
import secrets
from datetime import date, timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from worker_voice.auth.passwords import create_user
from worker_voice.extensions import db
from worker_voice.intake.overview import visit_overview
from worker_voice.intake.review import (
    Cursor,
    ReportFilter,
    excerpt,
    neighbours,
    report_page,
)
from worker_voice.models import AuditEvent, Organization, Report, ReportStatus
from worker_voice.models.ids import MAX_ID, parse_id
from worker_voice.uow import transaction

from .factories import add_employer, report
from .fixtures.accounts import PASSWORD, login
from .fixtures.forms import csrf_token
from .fixtures.rollups import snapshot

TODAY = date.today()
ROW_LINK = re.compile(r'href="/organizer/reports/(\d+)(\?[^"]*)?"')


@pytest.fixture
def app_config():
    # The quarter of today's reports is still open: a status change moves its counts.
    return {"RELEASE_DATE": TODAY}


def org_id(name):
    return db.session.scalar(sa.select(Organization.id).where(Organization.name == name))


@pytest.fixture
def people(app):
    with app.app_context(), transaction():
        for org in ("a", "b"):
            create_user(email=f"lead@{org}.org", password=PASSWORD,
                        organization_name=f"Org {org.upper()}")
        create_user(email="viewer@a.org", password=PASSWORD, role="viewer",
                    organization_name="Org A")
        ids = {"a": org_id("Org A"), "b": org_id("Org B")}
    return ids


def expected_order(where):
    """The ids of the matching reports in the list's order, read without the service."""
    return list(db.session.scalars(sa.select(Report.id).where(*where)
                                   .order_by(Report.received_on.desc(), Report.id.desc())))


def row_links(html):
    """The reports a list page shows, with the query string each link carries."""
    table = html[html.index("<tbody>"):html.index("</tbody>")]
    return [(int(report_id), parse_qs(urlsplit(unescape(query or "?")).query))
            for report_id, query in ROW_LINK.findall(table)]


def link(html, rel):
    found = re.search(rf'<a href="([^"]+)" rel="{rel}">', html)
    return unescape(found.group(1)) if found else None


# -- pages ------------------------------------------------------------------------------------

def test_pages_walk_every_matching_report_once_and_keep_the_filters(app, client, people):
    with app.app_context(), transaction():
        add_employer("Burger Barn")
        for n in range(62):  # 54 in English over six days, 8 in Spanish
            report(answers={"S2": "yes"}, organization_id=people["a"],
                   received_on=TODAY - timedelta(days=n % 6), locale="es" if n % 8 == 0 else "en",
                   what_happened=f"We were sent home early on day {n}. " + "More words " * 20)
        for _ in range(3):
            report(organization_id=people["b"], received_on=TODAY)
    with app.app_context():
        wanted = expected_order([Report.organization_id == people["a"], Report.locale == "en"])
    assert len(wanted) == 54
    login(client, "lead@a.org")
    url, seen, pages = "/organizer/reports?language=en", [], []
    while url:
        page = client.get(url).get_data(as_text=True)
        assert "54 reports match" in page
        rows = row_links(page)
        assert rows and all(query == {"language": ["en"]} for _id, query in rows)
        assert '<td lang="es"' not in page and "English" in page and "Scheduling" in page
        seen.extend(report_id for report_id, _query in rows)
        pages.append(url)
        url = link(page, "next")
        assert len(pages) <= 2  # a page repeated would walk on for ever
        assert url is None or parse_qs(urlsplit(url).query)["language"] == ["en"]
    assert seen == wanted and len(pages) == 2
    # Back from the last page: the newer page is the first one again.
    last = client.get(pages[-1]).get_data(as_text=True)
    newer = link(last, "prev")
    assert parse_qs(urlsplit(newer).query)["language"] == ["en"]
    first = client.get(newer).get_data(as_text=True)
    assert [r for r, _q in row_links(first)] == wanted[:50] and link(first, "prev") is None
    # From a report on the second page, "Back to the list" returns to that report's place
    # (its page begins with it, the filters kept), not to the first page.
    opened = wanted[53]
    shown = client.get(f"/organizer/reports/{opened}?language=en").get_data(as_text=True)
    back = unescape(re.search(r'<a href="([^"]+)">Back to the list', shown).group(1))
    assert parse_qs(urlsplit(back).query)["language"] == ["en"]
    returned = client.get(back).get_data(as_text=True)
    assert [r for r, _q in row_links(returned)] == wanted[53:]
    assert link(returned, "prev") is not None


def test_a_cursor_from_a_link_is_only_ever_a_day_and_an_id():
    assert Cursor.parse(Cursor(date(2026, 1, 2), 7).token()) == Cursor(date(2026, 1, 2), 7)
    for bad in (None, "", "2026-01-02", "2026-13-02.4", "x.4", "2026-01-02.-4", "2026-01-02.4 ",
                "2026-01-02.\u00b2", "2026-01-02.\u0663", "2026-01-02." + "9" * 19):
        assert Cursor.parse(bad) is None


@given(text=st.text(max_size=25) | st.integers(-5, 2**64).map(str))
def test_an_id_from_a_link_is_ascii_digits_of_a_value_a_row_can_hold(text):
    number = parse_id(text)
    if number is None:
        stripped = text.strip()
        assert not (stripped.isascii() and stripped.isdigit()) or int(stripped) > MAX_ID
    else:
        assert text.strip().isascii() and int(text.strip()) == number and 0 <= number <= MAX_ID


def test_forged_ids_in_the_filters_and_pages_find_nothing_instead_of_failing(app, client,
                                                                              people):
    login(client, "lead@a.org")
    for forged in ("\u00b2", "9" * 30, "\u0663"):
        for query in (f"employer={forged}", f"after=2026-01-02.{forged}"):
            assert client.get(f"/organizer/reports?{query}").status_code == 200, query


def test_an_excerpt_stops_at_a_word_boundary():
    assert excerpt("  short   story ") == "short story" and excerpt("") is None
    cut = excerpt("word " * 60)
    assert cut.endswith("word…") and len(cut) <= 141
    assert len(excerpt("x" * 300)) == 141


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(reports=st.lists(st.tuples(st.integers(0, 4), st.sampled_from(["en", "es"]),
                                  st.sampled_from(["new", "spam"])), max_size=14),
       size=st.integers(1, 5), language=st.sampled_from([None, "en"]))
def test_keyset_pages_and_neighbours_follow_the_filtered_order(app, people, reports, size,
                                                               language):
    with app.app_context():
        made = [Report(receipt_hash=secrets.token_hex(32), channel="web", locale=locale,
                       received_on=TODAY - timedelta(days=day), counted_on=TODAY,
                       organization_id=people[org], employer_name_given="Burger Barn",
                       employer_name_normalized="burger barn", city_given="Chicago",
                       status=status)
                for day, locale, status in reports for org in ("a", "b")]
        db.session.add_all(made)
        db.session.flush()
        filters = ReportFilter(locale=language, status="new")
        where = [Report.organization_id == people["a"], Report.status == "new"]
        wanted = expected_order(where + ([Report.locale == language] if language else []))
        walked, after, pages = [], None, []
        while True:
            page = report_page(organization_id=people["a"], filters=filters, after=after,
                               size=size)
            assert page.total == len(wanted)
            walked.extend(row.id for row in page.rows)
            pages.append([row.id for row in page.rows])
            if page.older is None:
                break
            assert len(pages) <= len(wanted)  # each page moves on
            after = page.older
        assert walked == wanted
        back, before = [], page.newer
        while before is not None:
            page = report_page(organization_id=people["a"], filters=filters, before=before,
                               size=size)
            back.insert(0, [row.id for row in page.rows])
            assert len(back) <= len(wanted)
            before = page.newer
        assert back == pages[:-1]
        for index, report_id in enumerate(wanted):
            previous, following = neighbours(report=db.session.get(Report, report_id),
                                             organization_id=people["a"], filters=filters)
            assert previous == (wanted[index - 1] if index else None)
            assert following == (wanted[index + 1] if index + 1 < len(wanted) else None)
        db.session.rollback()


# -- the quote queue --------------------------------------------------------------------------

@pytest.fixture
def stories(app, people):
    """Org A: three counted stories waiting, one without a story, one spam story, one approved;
    org B: one story waiting."""
    with app.app_context(), transaction():
        add_employer("Burger Barn")
        for day, text in ((0, "The manager took our tips."), (1, "No water in the kitchen."),
                          (2, "Shifts change every day."), (0, None),
                          (0, "Buy cheap watches"), (1, "We never get breaks.")):
            report(answers={"S2": "yes"}, organization_id=people["a"],
                   received_on=TODAY - timedelta(days=day), what_happened=text)
        report(organization_id=people["b"], what_happened="Other org story")
    with app.app_context():
        found = {name: db.session.scalar(sa.select(Report.id).where(
            Report.what_happened == text)) for name, text in
            (("first", "The manager took our tips."), ("second", "No water in the kitchen."),
             ("third", "Shifts change every day."), ("spam", "Buy cheap watches"),
             ("approved", "We never get breaks."))}
        db.session.execute(sa.update(Report).where(Report.id == found["spam"])
                           .values(status=ReportStatus.SPAM))
        db.session.execute(sa.update(Report).where(Report.id == found["approved"])
                           .values(quote_approved=True))
        db.session.commit()
    return found


def queue_ids(client):
    return [r for r, _q in row_links(client.get("/organizer/reports?queue=quotes")
                                     .get_data(as_text=True))]


def test_the_queue_lists_the_undecided_stories_and_a_decision_moves_on(app, client, people,
                                                                       stories):
    login(client, "lead@a.org")
    with app.app_context():
        waiting = expected_order([Report.id.in_([stories["first"], stories["second"],
                                                 stories["third"]])])
    assert queue_ids(client) == waiting  # newest first: first, second, third
    opened = client.get(f"/organizer/reports/{waiting[0]}?queue=quotes").get_data(as_text=True)
    assert link(opened, "prev") is None
    assert link(opened, "next") == f"/organizer/reports/{waiting[1]}?queue=quotes"
    # Declining the first story: it leaves the queue, and the next story opens.
    response = client.post(f"/organizer/reports/{waiting[0]}/quote?queue=quotes",
                           data={"csrf_token": csrf_token(opened), "approved": "0"})
    assert response.headers["Location"] == f"/organizer/reports/{waiting[1]}?queue=quotes"
    assert queue_ids(client) == waiting[1:]
    with app.app_context():
        declined = db.session.get(Report, waiting[0])
        assert not declined.quote_approved and declined.quote_decided_on is not None
        assert visit_overview(organization_id=people["a"], last_visit_on=None).quotes == 2
        assert "quote_declined" in db.session.scalars(sa.select(AuditEvent.action)).all()
    # A status decision in the queue moves on too; after the last story, back to the queue.
    response = client.post(f"/organizer/reports/{waiting[1]}/status?queue=quotes",
                           data={"csrf_token": csrf_token(opened), "status": "spam"})
    assert response.headers["Location"] == f"/organizer/reports/{waiting[2]}?queue=quotes"
    response = client.post(f"/organizer/reports/{waiting[2]}/quote?queue=quotes",
                           data={"csrf_token": csrf_token(opened), "approved": "1"})
    assert response.headers["Location"] == "/organizer/reports?queue=quotes"
    assert queue_ids(client) == []
    # Outside the queue a decision stays on the report, in the list it came from.
    response = client.post(f"/organizer/reports/{waiting[2]}/quote?status=new",
                           data={"csrf_token": csrf_token(opened), "approved": "0"})
    assert response.headers["Location"] == f"/organizer/reports/{waiting[2]}?status=new"
    with app.app_context():
        withdrawn = db.session.get(Report, waiting[2])
        assert not withdrawn.quote_approved and withdrawn.quote_decided_on is not None


# -- next and previous ------------------------------------------------------------------------

def test_next_and_previous_follow_the_filtered_order_and_stop_at_the_ends(app, client, people,
                                                                          stories):
    login(client, "lead@a.org")
    with app.app_context():
        wanted = expected_order([Report.organization_id == people["a"],
                                 Report.status == "new"])
    assert len(wanted) == 5  # the spam story is filtered out
    query = "?status=new"
    for index, report_id in enumerate(wanted):
        page = client.get(f"/organizer/reports/{report_id}{query}").get_data(as_text=True)
        previous = f"/organizer/reports/{wanted[index - 1]}{query}" if index else None
        following = (f"/organizer/reports/{wanted[index + 1]}{query}"
                     if index + 1 < len(wanted) else None)
        assert (link(page, "prev"), link(page, "next")) == (previous, following)
        back = unescape(re.search(r'<a href="([^"]+)">Back to the list', page).group(1))
        query_of_back = parse_qs(urlsplit(back).query)
        assert query_of_back["status"] == ["new"]
        assert ("after" in query_of_back) == (index > 0)  # the first is on the first page
    # Without filters, the spam report is in the order too.
    page = client.get(f"/organizer/reports/{stories['spam']}").get_data(as_text=True)
    assert link(page, "next") or link(page, "prev")


# -- bulk status changes ----------------------------------------------------------------------

def bulk(client, ids, status, page_url="/organizer/reports?status=new"):
    page = client.get(page_url).get_data(as_text=True)
    return client.post(f"/organizer/reports/bulk?{urlsplit(page_url).query}",
                       data={"csrf_token": csrf_token(page), "status": status,
                             "reports": [str(report_id) for report_id in ids]})


def test_bulk_status_is_for_editors_of_the_organization_and_counts_like_one_by_one(
        app, client, people, stories):
    with app.app_context():
        before = snapshot()
        theirs = db.session.scalar(sa.select(Report.id)
                                   .where(Report.organization_id == people["b"]))
    ours = [stories["first"], stories["second"], stories["third"]]
    login(client, "viewer@a.org")
    assert 'name="reports"' not in client.get("/organizer/reports").get_data(as_text=True)
    assert bulk(client, ours, "spam").status_code == 403
    client.post("/auth/logout", data={"csrf_token": csrf_token(
        client.get("/organizer/").get_data(as_text=True))})
    login(client, "lead@a.org")
    assert 'name="reports"' in client.get("/organizer/reports").get_data(as_text=True)
    response = bulk(client, [*ours, theirs, stories["spam"]], "spam")
    assert response.headers["Location"] == "/organizer/reports?status=new"
    assert "3 reports changed." in client.get(response.headers["Location"]).get_data(
        as_text=True)
    with app.app_context():
        assert db.session.get(Report, theirs).status == ReportStatus.NEW
        assert {db.session.get(Report, i).status for i in ours} == {ReportStatus.SPAM}
        events = db.session.scalars(sa.select(AuditEvent).where(
            AuditEvent.action.in_(["reports_status", "report_status"]))).all()
        assert [(e.action, e.detail["reports"]) for e in events] == [
            ("reports_status", sorted(ours))]
        bulked = snapshot()
    assert bulked != before
    assert bulk(client, ours, "new", "/organizer/reports?status=spam").status_code == 302
    with app.app_context():
        assert snapshot() == before
    for report_id in ours:  # the same change, one report at a time
        page = client.get(f"/organizer/reports/{report_id}").get_data(as_text=True)
        client.post(f"/organizer/reports/{report_id}/status",
                    data={"csrf_token": csrf_token(page), "status": "spam"})
    with app.app_context():
        assert snapshot() == bulked
    # Nothing ticked, or a forged id: nothing changes.
    assert bulk(client, [], "new").status_code == 302
    assert bulk(client, ["x"], "new").status_code == 302
    with app.app_context():
        assert {db.session.get(Report, i).status for i in ours} == {ReportStatus.SPAM}


# -- held bursts ------------------------------------------------------------------------------

def test_after_deciding_a_burst_the_list_keeps_its_filters(app, client, people):
    with app.app_context(), transaction():
        employer = add_employer("Burger Barn").id
        for _ in range(3):
            report(answers={"S2": "yes"}, organization_id=people["a"], received_on=TODAY)
    with app.app_context():
        db.session.execute(sa.update(Report).values(status=ReportStatus.HELD))
        db.session.commit()
    login(client, "lead@a.org")
    url = f"/organizer/reports?status=held&employer={employer}&language=en"
    page = client.get(url).get_data(as_text=True)
    assert 'class="bursts"' in page
    action = unescape(re.search(r'<form method="post" action="([^"]*bursts[^"]*)"',
                                page).group(1))
    assert parse_qs(urlsplit(action).query) == {
        "status": ["held"], "employer": [str(employer)], "language": ["en"]}
    response = client.post(action, data={
        "csrf_token": csrf_token(page), "employer": employer, "employer_name": "",
        "first": TODAY.isoformat(), "last": TODAY.isoformat(), "decision": "release"})
    assert parse_qs(urlsplit(response.headers["Location"]).query) == parse_qs(urlsplit(url).query)
    with app.app_context():
        assert set(db.session.scalars(sa.select(Report.status))) == {ReportStatus.REVIEWED}
