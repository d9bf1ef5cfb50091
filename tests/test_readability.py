"""Plain language: the English a worker reads, at about a 6th-grade level.

The Flesch-Kincaid grade (textstat) of each worker page and of the whole SMS survey is printed;
a page above grade 8 fails. Each heading, label, answer, hint and paragraph is read as one
sentence, as a reader meets it.
"""

import html
import re

import pytest
import textstat

from worker_voice.channels.sms import texts as t
from worker_voice.survey import QUESTIONS

from .factories import add_employer
from .fixtures.forms import open_form

MAXIMUM_GRADE = 8
BLOCKS = r"</(?:p|h1|h2|h3|li|label|legend|button|a|option|dt|dd|td|th)>|<br\s*/?>"


def sentences(page: str) -> str:
    """The visible text, with each block ending in a full stop."""
    page = re.sub(r"<(title|datalist|script|style|nav)[^>]*>.*?</\1>", " ", page, flags=re.S)
    page = re.sub(BLOCKS, ". ", page)
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    return re.sub(r"([.?!:])\s*\.", r"\1", " ".join(text.split()))


def grade(text: str) -> float:
    return textstat.flesch_kincaid_grade(text)


def test_flesch_kincaid_sees_hard_text_as_hard():
    plain = "You do not give your name. Your boss will not see your report."
    hard = ("Organizational anonymity guarantees notwithstanding, respondents' employment "
            "characteristics are aggregated prior to dissemination to participating institutions.")
    assert grade(plain) <= MAXIMUM_GRADE < grade(hard)


@pytest.fixture
def pages(app, client):
    with app.app_context():
        add_employer("Burger Barn", cities=("Chicago",))
    shown = {path: client.get(f"{path}?lang=en").get_data(as_text=True)
             for path in ("/", "/report", "/missing")}
    bad = open_form(client) | {"employer_name": "", "city": "", "S6": "many"}
    shown["/report (errors)"] = client.post("/report", data=bad).get_data(as_text=True)
    client.post("/report", data=open_form(client) | {"employer_name": "Burger Barn",
                                                     "city": "Chicago"})
    shown["/report/thanks"] = client.get("/report/thanks").get_data(as_text=True)
    return shown


def test_worker_pages_read_at_about_sixth_grade(pages, figure):
    grades = {name: grade(sentences(page)) for name, page in pages.items()}
    sms = [t.say("en", text, count=len(QUESTIONS), code="ABCD-2345", name="Burger Barn",
                 operator="Worker Voice")
           for text in (t.ASK_EMPLOYER, t.ASK_CITY, t.CONFIRM_EMPLOYER, t.INTRO, t.ASK_STORY,
                        t.THANKS, t.HELP, t.RETRY_CHOICE, t.RETRY_NUMBER)]
    sms += [t.question_prompt("en", question) for question in QUESTIONS]
    grades["SMS survey"] = grade(" ".join(sms))
    figure("[readability] Flesch-Kincaid grade: "
           + ", ".join(f"{name} {value:.1f}" for name, value in grades.items()))
    assert {name: value for name, value in grades.items() if value > MAXIMUM_GRADE} == {}
