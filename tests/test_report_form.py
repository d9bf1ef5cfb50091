"""The report form keeps everything a worker typed: across a language change, past a story's
length limit, and when a number is written with words around it."""

import re

import pytest
import sqlalchemy as sa

from worker_voice.extensions import db
from worker_voice.intake.validation import MAX_FREE_TEXT
from worker_voice.models import Report

from .fixtures.forms import open_form

# The whole form on one page (SURVEY_MODE=full): these tests are about its number boxes and the
# questions past the core, which the default core page leaves to the topics after it.
FULL = pytest.mark.parametrize("app_config", [{"SURVEY_MODE": "full"}], ids=["full"])


def report_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Report))


@FULL
def test_language_button_keeps_every_answer_and_stores_nothing(app, client):
    data = open_form(client) | {
        "employer_name": "Burger Barn", "city": "", "S1": "2wplus", "H3": ["heat", "chemicals"],
        "S6": "cuarenta", "what_happened": "Nos cambian\r\nel horario", "switch_language": "es",
    }
    response = client.post("/report", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="es" dir="ltr">' in html and "Empresa donde trabaja" in html
    assert 'value="Burger Barn"' in html and 'value="cuarenta"' in html
    assert re.search(r'checked[^>]*value="2wplus"|value="2wplus"[^>]*checked', html)
    for code in ("heat", "chemicals"):
        assert re.search(rf'checked[^>]*value="{code}"|value="{code}"[^>]*checked', html)
    assert "Nos cambian\r\nel horario" in html or "Nos cambian\nel horario" in html
    assert data["submission_key"] in html
    # No errors yet: the empty city and the word for a number are not mistakes until sent.
    assert "error-summary" not in html and 'class="error"' not in html
    with app.app_context():
        assert report_count() == 0
    # The choice is remembered for the next page, as a ?lang= link's is.
    assert '<html lang="es"' in client.get("/").get_data(as_text=True)


def test_report_page_offers_language_buttons_inside_the_form_other_pages_links(client):
    html = client.get("/report").get_data(as_text=True)
    assert 'form="report" name="switch_language" value="es"' in html
    assert 'href="?lang=es"' not in html
    # The first button of the form sends it, so Enter in a box does not change the language.
    first = re.search(r'<button[^>]*form="report"[^>]*>', html).group(0)
    assert "switch_language" not in first
    assert 'href="?lang=es"' in client.get("/").get_data(as_text=True)


def test_switch_to_the_current_language_sends_the_form(app, client):
    data = open_form(client) | {"employer_name": "Burger Barn", "city": "Chicago",
                                "switch_language": "en"}
    assert client.post("/report", data=data).status_code == 302
    with app.app_context():
        assert report_count() == 1


def test_story_limit_is_said_and_a_longer_story_is_refused_whole(app, client):
    html = client.get("/report").get_data(as_text=True)
    assert "(up to 2,000 characters)" in html
    story = ("Nos hacen trabajar sin pausa " * 110)[:3060]
    assert len(story.strip()) == 3060
    client.get("/report?lang=en")
    data = open_form(client) | {"employer_name": "Burger Barn", "city": "Chicago",
                                "what_happened": story}
    response = client.post("/report", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This has 3,060 characters. Please shorten it to 2,000 or fewer." in html
    assert story in html  # all of it, not the first 2,000
    assert 'href="#what_happened"' in html
    with app.app_context():
        assert report_count() == 0


def test_story_at_the_limit_is_taken_counting_a_line_break_as_one(app, client):
    lines = ["x" * 99] * (MAX_FREE_TEXT // 100)  # 2,000 characters with the line breaks
    story = "\r\n".join(lines) + "\r\n" + "y"  # the browser's CRLF would make it 2,020
    story = story[:-2]
    assert len(story.replace("\r\n", "\n")) <= MAX_FREE_TEXT < len(story)
    data = open_form(client) | {"employer_name": "Burger Barn", "city": "Chicago",
                                "what_happened": story}
    assert client.post("/report", data=data).status_code == 302
    with app.app_context():
        assert report_count() == 1
        assert len(db.session.scalar(sa.select(Report.what_happened))) <= MAX_FREE_TEXT


@FULL
def test_pay_in_an_hours_box_is_refused_and_kept(app, client):
    data = open_form(client) | {"employer_name": "Burger Barn", "city": "Chicago",
                                "S6": "$15 la hora"}
    html = client.post("/report", data=data).get_data(as_text=True)
    assert "That looks like pay. Please write the number of hours, like 32." in html
    assert 'value="$15 la hora"' in html
    assert "Write only the number, like 40." in html
    assert 'href="#S6"' in html
    with app.app_context():
        assert report_count() == 0


@FULL
def test_pay_box_reads_the_one_number_and_says_what_to_write(app, client):
    html = client.get("/report").get_data(as_text=True)
    assert "Write only the number, like 15 or 15.50." in html
    assert 'aria-describedby="C1-hint"' in html
    data = open_form(client) | {"employer_name": "Burger Barn", "city": "Chicago",
                                "C1": "$15 la hora"}
    assert client.post("/report", data=data).status_code == 302
    with app.app_context():
        stored = db.session.scalar(sa.select(Report))
        assert [(a.question_key, a.value_number) for a in stored.answers] == [("C1", 15)]


@FULL
def test_word_in_a_pay_box_shows_what_to_write(client):
    data = open_form(client) | {"employer_name": "Burger Barn", "city": "Chicago",
                                "C1": "quince"}
    html = client.post("/report", data=data).get_data(as_text=True)
    assert "Please write a number, like 32." in html and 'value="quince"' in html


@FULL
def test_error_summary_links_every_problem_to_its_field(client):
    data = open_form(client) | {"employer_name": "", "city": "", "S1": "nonsense",
                                "H3": ["bogus"], "S6": "20", "S7": "30"}
    html = client.post("/report", data=data).get_data(as_text=True)
    summary = re.search(r'<div class="error-summary"[^>]*>(.*?)</div>', html, re.S)
    assert summary and 'role="alert"' in summary.group(0) and 'tabindex="-1"' in summary.group(0)
    assert "autofocus" in summary.group(0)
    links = re.findall(r'href="#([^"]+)"', summary.group(1))
    assert set(links) == {"employer_name", "city", "S1-0", "S7", "H3-0"}
    assert links[:2] == ["employer_name", "city"]  # in the order of the page
    for target in links:
        assert f'id="{target}"' in html
