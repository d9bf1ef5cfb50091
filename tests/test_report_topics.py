"""The web's core, then topics (issue 19): the core page asks the main questions only; the
thank-you page offers the rest by topic, added to the same report within a day; the receipt code
opens the report again, and a wrong or old code learns nothing."""

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from worker_voice.channels.web.pages import items
from worker_voice.extensions import db
from worker_voice.intake.receipts import display_receipt
from worker_voice.models import Answer, Report
from worker_voice.survey import QUESTIONS
from worker_voice.survey.plan import CORE_KEYS, module_of

from .factories import report
from .fixtures.apps import make_app, sqlite_url
from .fixtures.browsers import sideways_overflow
from .fixtures.forms import csrf_token, open_form
from .fixtures.servers import serve

WRONG = "We cannot add to a report with this code: it is wrong, or more than a day old."
CORE = {"employer_name": "Burger Barn", "city": "Chicago", "S2": "yes", "W1": "no",
        "H1": "yes_worked", "H2": "no", "R1": "yes"}


@pytest.fixture
def app_config():
    # Today's quarter still open (the suite's default publishes it, and a published quarter
    # takes no more answers).
    return {"RELEASE_DATE": date.today()}


def names(html: str) -> set[str]:
    return set(re.findall(r'name="([A-Z]\d+)"', html))


def stored() -> dict[str, set[str]]:
    """Every report's answers: {report id: {(key, option)}}."""
    rows = db.session.execute(sa.select(Answer.report_id, Answer.question_key, Answer.option))
    result: dict = {}
    for report_id, key, option in rows:
        result.setdefault(report_id, set()).add((key, option))
    return result


def send_core(client, **answers):
    response = client.post("/report", data=open_form(client) | CORE | answers)
    assert response.status_code == 302
    return client.get("/report/thanks").get_data(as_text=True)


def pick(client, html: str, *topics: str):
    return client.post("/report/topics", data={"csrf_token": csrf_token(html),
                                               "topics": list(topics)})


def test_core_page_asks_the_core_only_with_a_follow_up_and_the_stories(client):
    html = client.get("/report").get_data(as_text=True)
    assert names(html) == set(CORE_KEYS)
    assert "Part 1 of 2: the main questions" in html
    assert 'name="what_happened"' in html and 'name="one_change"' in html
    # H2 sits right after H1, marked as a follow-up that H1 "No" hides (CSS, no script).
    follow = re.search(r'<div class="screened">(.*?)</div>\s*</div>', html, re.S).group(1)
    assert 'name="H1"' in follow and 'class="followup"' in follow and 'name="H2"' in follow
    assert re.search(r'class="hides-followup"[^>]*name="H1"[^>]*value="no"', follow)
    assert follow.count("hides-followup") == 1  # the yeses do not hide it
    assert "<script" not in html


def test_core_only_report_is_stored_and_counted(app, client):
    html = send_core(client)
    assert re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}", html)
    assert "Pick the topics that matter to you" in html and "Part 2 of 2" in html
    with app.app_context():
        assert stored() and next(iter(stored().values())) == {
            ("S2", "yes"), ("W1", "no"), ("H1", "yes_worked"), ("H2", "no"), ("R1", "yes")}
        assert db.session.scalar(sa.select(Report.status)) == "new"


def test_thanks_offers_each_topic_not_answered_and_keeps_what_it_said(client):
    html = send_core(client)
    offered = re.findall(r'name="topics"[^>]*value="(\w+)"', html)
    assert offered == ["scheduling", "wage_theft", "safety", "supervision", "voice",
                       "benefits", "context"]
    assert ">Pay<" in html.replace("</label>", "<").replace("> Pay", ">Pay")
    for kept in ("Your receipt code:", "Delete a report", "Others see only totals",
                 "Send another report", "add topics later with your receipt code"):
        assert kept in html


def test_core_then_two_topics_adds_to_the_same_report(app, client):
    thanks = send_core(client)
    page = pick(client, thanks, "scheduling", "safety").get_data(as_text=True)
    assert "Part 2 of 2" in page
    assert {"S1", "S6", "S9", "H3", "H6"} <= names(page)
    assert not names(page) & set(CORE_KEYS) and not {"W2", "B2"} & names(page)
    response = client.post("/report/topics/answers", data={
        "csrf_token": csrf_token(page), "topic": ["scheduling", "safety"],
        "S6": "44", "H3": ["heat"]})
    assert response.status_code == 302
    added = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Added. Thank you." in added
    assert not re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}", added)  # the code is not shown again
    offered = re.findall(r'name="topics"[^>]*value="(\w+)"', added)
    assert "wage_theft" in offered and "safety" in offered  # H4… still open
    with app.app_context():
        (answers,) = stored().values()  # one report
        assert {("S6", "h40_49"), ("H3", "heat"), ("S2", "yes")} <= answers


def test_a_mistake_on_a_topic_page_comes_back_with_everything_typed(app, client):
    thanks = send_core(client)
    page = pick(client, thanks, "scheduling").get_data(as_text=True)
    response = client.post("/report/topics/answers", data={
        "csrf_token": csrf_token(page), "topic": ["scheduling"], "S6": "cuarenta",
        "S1": "2wplus"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'class="error-summary"' in html
    assert 'href="#S6"' in html and 'value="cuarenta"' in html
    assert re.search(r'checked[^>]*value="2wplus"|value="2wplus"[^>]*checked', html)
    with app.app_context():
        assert ("S1", "2wplus") not in next(iter(stored().values()))


def test_h2_is_not_stored_when_h1_is_no_even_if_posted(app, client):
    send_core(client, H1="no", H2="yes")
    with app.app_context():
        (answers,) = stored().values()
        assert ("H1", "no") in answers and not any(key == "H2" for key, _ in answers)


def test_pay_page_leaves_out_w2_when_hours_stored_are_40_or_fewer(app, client):
    thanks = send_core(client)
    page = pick(client, thanks, "scheduling").get_data(as_text=True)
    client.post("/report/topics/answers", data={
        "csrf_token": csrf_token(page), "topic": ["scheduling"], "S6": "32"})
    added = client.get("/report/added").get_data(as_text=True)
    pay = pick(client, added, "wage_theft").get_data(as_text=True)
    assert "W4" in names(pay) and "W2" not in names(pay)


def test_resume_with_the_code_the_same_day(app, client):
    with app.app_context():
        code = report(answers={"S2": "no"}).code
    html = client.get("/report/more").get_data(as_text=True)
    response = client.post("/report/more", data={"csrf_token": csrf_token(html),
                                                 "receipt_code": display_receipt(code).lower()})
    assert response.headers["Location"].endswith("/report/topics")
    choice = client.get("/report/topics").get_data(as_text=True)
    assert "Pick the topics that matter to you" in choice
    assert 'value="no"' not in choice and "checked" not in choice  # nothing shown back
    page = pick(client, choice, "benefits").get_data(as_text=True)
    client.post("/report/topics/answers", data={"csrf_token": csrf_token(page),
                                                "topic": ["benefits"], "B2": "yes_taken"})
    with app.app_context():
        (answers,) = stored().values()
        assert answers == {("S2", "no"), ("B2", "yes_taken")}


@pytest.mark.parametrize("age", [None, 2])
def test_a_wrong_or_old_code_gets_one_neutral_answer(app, client, age):
    with app.app_context():
        code = report(received_on=date.today() - timedelta(days=2)).code if age else "ABCDEFGH"
    html = client.get("/report/more").get_data(as_text=True)
    response = client.post("/report/more", data={"csrf_token": csrf_token(html),
                                                 "receipt_code": code})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and WRONG in page and code not in page
    assert client.get("/report/topics").status_code == 302  # back to the code form


def test_wrong_codes_are_limited_per_day_and_a_right_one_past_it_looks_wrong(app, client):
    with app.app_context():
        code = report().code
    html = client.get("/report/more").get_data(as_text=True)
    for wrong in ("AAAAAAAA", "BBBBBBBB", "CCCCCCCC", "DDDDDDDD", "EEEEEEEE"):
        client.post("/report/more", data={"csrf_token": csrf_token(html), "receipt_code": wrong})
    response = client.post("/report/more", data={"csrf_token": csrf_token(html),
                                                 "receipt_code": code})
    assert response.status_code == 200 and WRONG in response.get_data(as_text=True)
    assert client.get("/report/topics").status_code == 302


def test_done_forgets_the_report_and_too_late_is_said(app, client):
    thanks = send_core(client)
    client.post("/report/topics/done", data={"csrf_token": csrf_token(thanks)})
    assert client.get("/report/topics").headers["Location"].endswith("/report/more")
    answers = client.post("/report/topics/answers", data={
        "csrf_token": csrf_token(thanks), "topic": ["benefits"], "B2": "yes"})
    assert "We cannot add to this report any more" in answers.get_data(as_text=True)


def test_a_topic_page_changes_language_without_losing_what_was_typed(app, client):
    thanks = send_core(client)
    assert 'href="?lang=es"' in thanks  # nothing typed yet: links
    page = pick(client, thanks, "scheduling").get_data(as_text=True)
    assert 'form="topic-answers" name="switch_language" value="es"' in page
    typed = {"csrf_token": csrf_token(page), "topic": ["scheduling"], "S6": "44",
             "S1": "2wplus"}
    switched = client.post("/report/topics/answers", data=typed | {"switch_language": "es"})
    html = switched.get_data(as_text=True)
    assert switched.status_code == 200 and '<html lang="es"' in html
    assert 'value="44"' in html and 'class="error-summary"' not in html
    assert re.search(r'checked[^>]*value="2wplus"|value="2wplus"[^>]*checked', html)
    with app.app_context():
        assert ("S1", "2wplus") not in next(iter(stored().values()))  # nothing stored yet
    sent = client.post("/report/topics/answers", data=typed | {"csrf_token": csrf_token(html)})
    assert sent.status_code == 302
    with app.app_context():
        assert {("S1", "2wplus"), ("S6", "h40_49")} <= next(iter(stored().values()))


class TestFullMode:
    @pytest.fixture
    def app_config(self):
        return {"SURVEY_MODE": "full", "RELEASE_DATE": date.today()}

    def test_every_question_on_one_page_and_no_topics_after(self, client):
        html = client.get("/report").get_data(as_text=True)
        assert names(html) == {question.key for question in QUESTIONS}
        assert "Part 1 of 2" not in html and "hides-followup" not in html
        response = client.post("/report", data=open_form(client) | CORE)
        assert response.status_code == 302
        assert "Pick the topics" not in client.get("/report/thanks").get_data(as_text=True)


def test_core_page_fits_in_four_phone_screens_and_hides_the_follow_up(browser, tmp_path, figure):
    app = make_app(sqlite_url(tmp_path / "screens.sqlite3"), RELEASE_DATE=date.today())
    with app.app_context():
        db.create_all()
    with serve(app) as base_url:
        page = browser.new_page(viewport={"width": 360, "height": 740},
                                java_script_enabled=False, is_mobile=True, has_touch=True)
        page.goto(f"{base_url}/report?lang=en")
        height = page.evaluate("document.documentElement.scrollHeight")
        screens = height / 740
        figure(f"[web] core form: {screens:.1f} screens at 360x740 ({height} px)")
        assert screens <= 4
        assert sideways_overflow(page) <= 0
        # H1 "No" hides the follow-up H2 without any script; a yes shows it again.
        assert page.locator("input[name=H2]").first.is_visible()
        page.locator("input[name=H1][value=no]").check()
        assert not page.locator("input[name=H2]").first.is_visible()
        page.locator("input[name=H1][value=yes_worked]").check()
        assert page.locator("input[name=H2]").first.is_visible()
        # Send the core, pick a topic, answer it: one report.
        page.locator("input[name=H1][value=no]").check()
        page.get_by_label("Company you work for").fill("Burger Barn")
        page.get_by_label("City where you work").fill("Chicago")
        page.locator("main").get_by_role("button", name="Send my report").click()
        page.get_by_label("Safety").check()
        page.get_by_role("button", name="Answer these topics").click()
        page.locator("input[name=H3][value=heat]").check()
        page.get_by_role("button", name="Send these answers").click()
        assert "Added. Thank you." in page.locator("h1").inner_text()
        assert sideways_overflow(page) <= 0
    with app.app_context():
        (answers,) = stored().values()
        assert answers == {("H1", "no"), ("H3", "heat")}
        db.engine.dispose()


def test_a_follow_up_is_paired_with_its_screen_only_when_that_screen_decides():
    scheduling = module_of("scheduling").questions
    by_key = {item.question.key: item for item in items(scheduling, stored={"S2": "no"})}
    # S2 answered no on the core page: S3 alone decides S9, which follows it, hidden by S3 no.
    assert by_key["S3"].followup.key == "S9" and by_key["S3"].hides == {"no"}
    assert "S9" not in by_key
    # S2 yes: S9 applies whatever S3 says; S2 not answered: S3 "no" alone does not drop it.
    for stored in ({"S2": "yes"}, {}):
        laid_out = items(scheduling, stored=stored)
        assert all(item.followup is None for item in laid_out)
        assert [item.question.key for item in laid_out] == [q.key for q in scheduling]
    # The pay page never hides W2 by CSS: its screen (S6) is a number on another page.
    assert all(item.followup is None for item in items(module_of("wage_theft").questions))
