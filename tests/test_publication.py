"""Every output of a campaign publishes the same guarded numbers: the campaign page, the CSV and
XLSX exports, the API and the PDF dossier, for random reports; and no number the guard held
back appears in any of them."""

import csv
import io
import re
import subprocess
from datetime import date, timedelta

import sqlalchemy as sa
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from worker_voice.api.tokens import create_token
from worker_voice.auth.passwords import create_user
from worker_voice.campaigns.figures import campaign_figures
from worker_voice.campaigns.service import CampaignPlan, Demand, open_campaign
from worker_voice.extensions import db
from worker_voice.insights.periods import quarter_of
from worker_voice.insights.release import mark_stale
from worker_voice.intake.receipts import hash_receipt
from worker_voice.models import Answer, Campaign, Employer, Organization, Report
from worker_voice.registry.coalitions import form_coalition
from worker_voice.registry.csv_io import import_registry
from worker_voice.survey import QUESTIONS_BY_KEY
from worker_voice.survey.problems import PROBLEMS
from worker_voice.uow import transaction

from .factories import report
from .fixtures.accounts import login
from .fixtures.forms import csrf_token

PASSWORD = "a long password here"
KEYS = ("S1", "S2", "S5", "W3", "H6", "V2")
QUARTERS = tuple(quarter_of(date.today() - timedelta(days=92 * back)) + timedelta(days=3)
                 for back in range(4))


def _answer(key):
    codes = QUESTIONS_BY_KEY[key].option_codes()
    return st.one_of(st.none(), st.sampled_from(codes))


REPORT = st.tuples(st.sampled_from(["A", "C", "B"]), st.sampled_from(["Brand Burger", "Frank"]),
                   st.sampled_from(QUARTERS),
                   st.fixed_dictionaries({key: _answer(key) for key in KEYS}),
                   st.booleans())


def _build(reports) -> dict:
    """A new world per example, in one transaction: the release is rebuilt once, after it."""
    db.drop_all()
    db.create_all()
    with transaction():
        return _add_world(reports)


def _add_world(reports) -> dict:
    import_registry(rows=[
        {"name": "Brand Burger", "naics": "722513"},
        {"name": "Frank", "naics": "722513", "relation": "franchisee",
         "related_to": "Brand Burger", "worksite": "Frank Main", "city": "Chicago",
         "state": "IL"}])
    ids = {}
    for letter in "ACB":
        create_user(email=f"lead@{letter.lower()}.org", password=PASSWORD,
                    organization_name=letter)
        ids[letter] = db.session.scalar(sa.select(Organization.id)
                                        .where(Organization.name == letter))
    coalition = form_coalition(name="Pool", organization_ids=[ids["A"], ids["C"]])
    quoted_codes = []
    for letter, employer, day, answers, quoted in reports:
        made = report(employer, organization_id=ids[letter], received_on=day,
                      answers={k: v for k, v in answers.items() if v is not None},
                      what_happened=f"Story {len(employer)} {day:%m}" if quoted else None)
        if quoted:
            quoted_codes.append(made.code)
    # Approved as each organization's review would.
    quoted = [hash_receipt(code) for code in quoted_codes]
    db.session.execute(sa.update(Report).where(Report.receipt_hash.in_(quoted))
                       .values(quote_approved=True))
    mark_stale()
    brand_id = db.session.scalar(sa.select(Employer.id).where(Employer.name == "Brand Burger"))
    campaign = open_campaign(organization_id=ids["A"], coalition_id=coalition.id,
                             plan=CampaignPlan(name="Pooled campaign", target_employer_id=brand_id,
                                               include=("franchisee",),
                                               demands=(Demand("S2", "Notice"),)))
    _, token = create_token(organization_id=ids["A"], name="test", created_by=None)
    return {"campaign": campaign.id, "reader": ids["A"], "token": token}


def _pairs_from_rows(rows) -> dict:
    return {row["indicator"]: (None if row["workers_answered"] in (None, "")
                               else (int(row["workers_with_problem"]),
                                     int(row["workers_answered"])))
            for row in rows}


def _page(client, campaign_id) -> tuple[dict, str]:
    html = client.get(f"/organizer/campaigns/{campaign_id}").get_data(as_text=True)
    found = {}
    # A published indicator is a row of its category's table; one not published yet is only
    # named in the line under it.
    for key, row in re.findall(r'<tr data-indicator="(\w+)"[^>]*>(.*?)</tr>', html, re.S):
        pair = re.search(r"(\d+) of (\d+)", row)
        found[key] = (int(pair[1]), int(pair[2])) if pair else None
    for key, name in re.findall(r'<span data-indicator="(\w+)">([^<]*)</span>', html):
        assert key not in found and not re.search(r"\d", name)
        found[key] = None
    return found, html


def _pdf_text(client, campaign_id) -> str:
    html = client.get(f"/organizer/campaigns/{campaign_id}").get_data(as_text=True)
    response = client.post(f"/organizer/campaigns/{campaign_id}/dossiers",
                           data={"csrf_token": csrf_token(html), "language": "en"})
    status_page = client.get(response.headers["Location"]).get_data(as_text=True)
    link = re.search(r'href="([^"]+\.pdf)"', status_page)[1]
    pdf = client.get(link).data
    return subprocess.run(["/usr/bin/pdftotext", "-layout", "-", "-"], input=pdf,
                          capture_output=True, check=True).stdout.decode()


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow, HealthCheck.data_too_large])
@given(reports=st.lists(REPORT, min_size=20, max_size=80))
# One data set sure to publish: A and C each give Frank 12 reports, half "yes" on S2.
@example(reports=[(org, "Frank", QUARTERS[i % 2],
                   {key: ("yes" if i % 2 else "no") if key == "S2" else None for key in KEYS},
                   i == 0) for org in ("A", "C") for i in range(12)])
def test_every_output_publishes_the_same_guarded_numbers(app, client, reports):
    with app.app_context():
        built = _build(reports)
        figures = campaign_figures(campaign=db.session.get(Campaign, built["campaign"]),
                                   reader=built["reader"])
        trend = {(key, p.quarter.isoformat(), p.problem, p.n)
                 for key, points in figures.trend.items() for p in points}
        expected = {item.question.key: (item.measure.problem, item.measure.n)
                    if item.measure else None for item in figures.summary.indicators}
        naive = _naive_pairs(built["campaign"])
        # Besides the indicators, the dossier prints trend points and scores out of 100.
        also_printed = {(p.problem, p.n) for points in figures.trend.values() for p in points}
        rating = figures.summary.rating
        if rating is not None:
            also_printed |= {(round(score), 100) for score in
                             [*rating.categories.values(), rating.score] if score is not None}
    login(client, "lead@a.org", PASSWORD)
    campaign_id = built["campaign"]
    page, html = _page(client, campaign_id)
    if expected:
        assert page == expected
    else:
        assert page == {} and not re.search(r"\d+ of \d+", re.sub(r"<[^>]+>", " ", html))

    csv_text = client.get(f"/organizer/campaigns/{campaign_id}/export.csv").data.decode(
        "utf-8-sig")
    assert _pairs_from_rows(csv.DictReader(io.StringIO(csv_text))) == expected

    book = load_workbook(io.BytesIO(
        client.get(f"/organizer/campaigns/{campaign_id}/export.xlsx").data))
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert _pairs_from_rows([dict(zip(rows[0], row, strict=True)) for row in rows[1:]]) \
        == expected

    if trend:
        rows = list(book["trend"].iter_rows(values_only=True))
        assert {(row[0], _iso(row[1]), row[2], row[3]) for row in rows[1:]} == trend

    api = client.get(f"/api/v1/campaigns/{campaign_id}",
                     headers={"Authorization": f"Bearer {built['token']}"}).get_json()
    assert _pairs_from_rows(api["figures"]) == expected
    assert {(row["indicator"], row["quarter"], row["workers_with_problem"],
             row["workers_answered"]) for row in api["trend"]} == trend

    text = _pdf_text(client, campaign_id)
    published = {pair for pair in expected.values() if pair}
    in_pdf = {(int(a), int(b)) for a, b in re.findall(r"(\d+) of (\d+)", text)}
    assert published <= in_pdf <= published | also_printed
    # Nothing the guard held back: the raw counts that differ from every published figure
    # appear in no output.
    for key, pair in naive.items():
        if pair and pair not in published and pair[1] > 0:
            shown = f"{pair[0]} of {pair[1]}"
            assert shown not in html and shown not in text, (key, pair)


def _iso(value) -> str:
    """A date cell as ISO text (XLSX keeps real dates)."""
    return value if isinstance(value, str) else value.date().isoformat()


def _naive_pairs(campaign_id) -> dict:
    """What counting every report on the target and its franchisee, by every coalition
    member, would give: the numbers a careless tool would print."""
    campaign = db.session.get(Campaign, campaign_id)
    members = [m.id for m in campaign.coalition.members]
    pairs = {}
    for key in KEYS:
        problem = PROBLEMS[key]
        answers = db.session.scalars(sa.select(Answer.option).join(Report).where(
            Report.organization_id.in_(members), Answer.question_key == key)).all()
        counted = [a for a in answers if a not in problem.not_counted]
        pairs[key] = (sum(a in problem.answers for a in counted), len(counted))
    return pairs
