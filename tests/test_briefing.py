"""The employer briefing's parts: a change beyond chance, the problems that stand out from the
industry, what related employers publish, the campaign's baseline and latest figure, and the
charts drawn as SVG."""

import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from worker_voice import charts
from worker_voice.campaigns.figures import campaign_figures
from worker_voice.campaigns.service import CampaignPlan, Demand, open_campaign
from worker_voice.extensions import db
from worker_voice.insights.briefing import related_figures, standouts
from worker_voice.insights.change import Direction, against, change_between
from worker_voice.insights.disclosure import Scope
from worker_voice.insights.measures import Period
from worker_voice.insights.periods import quarter_of
from worker_voice.insights.release import publish
from worker_voice.insights.summaries import employer_summary
from worker_voice.insights.trends import TrendPoint
from worker_voice.models import Employer, EmployerRelation, Organization

from .factories import add_employer, report
from .fixtures.accounts import login
from .fixtures.apps import make_app

SVG = "{http://www.w3.org/2000/svg}"
Q0 = quarter_of(date.today())
Q1 = quarter_of(Q0 - timedelta(days=1))


def share(problem: int, n: int) -> Period:
    return Period(Q0, Q0, problem, n)


@pytest.fixture(scope="module")
def renderer():
    """An app to render charts in (they format numbers in the reader's locale); no database."""
    return make_app("sqlite://")


def centro() -> int:
    return db.session.scalar(sa.select(Organization.id).where(Organization.name == "Centro"))


counts = st.integers(min_value=1, max_value=400).flatmap(
    lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n)))


@given(counts, counts)
def test_a_change_beyond_chance_points_the_way_the_shares_moved(before, after):
    change = change_between(share(*before), share(*after))
    assert change.low <= change.difference <= change.high
    if change.direction is Direction.WORSE:
        assert change.after.share > change.before.share and change.low > 0
    if change.direction is Direction.BETTER:
        assert change.after.share < change.before.share and change.high < 0
    # Swapping the two periods mirrors the interval and the verdict.
    back = change_between(share(*after), share(*before))
    assert abs(back.low + change.high) < 1e-9 and abs(back.high + change.low) < 1e-9
    # Two intervals apart can never be chance.
    (low1, high1), (low2, high2) = share(*before).interval, share(*after).interval
    if low2 > high1:
        assert change.direction is Direction.WORSE
    if high2 < low1:
        assert change.direction is Direction.BETTER


def test_a_change_whose_intervals_overlap_a_little_is_still_beyond_chance():
    before, after = share(40, 100), share(55, 100)  # 30–50% against 45–65%: they overlap
    assert before.interval[1] > after.interval[0]
    assert change_between(before, after).direction is Direction.WORSE
    assert change_between(share(40, 100), share(45, 100)).direction is Direction.CHANCE


def test_a_problem_stands_out_only_when_its_whole_interval_clears_the_industry():
    assert against(share(64, 100), 0.45) is Direction.WORSE  # 54–73%
    assert against(share(64, 100), 0.56) is Direction.CHANCE
    assert against(share(20, 100), 0.45) is Direction.BETTER
    assert against(share(3, 10), 0.29) is Direction.CHANCE  # small n: wide interval


def test_standouts_on_the_page_say_worse_and_better_in_plain_words(app, client, organizer):
    """Three employers of one industry: Burger Barn's workers report short notice far more
    often than the industry's, Pizza Pronto far less; both are marked, with both shares."""
    with app.app_context():
        ours = centro()
        barn = add_employer("Burger Barn").id
        add_employer("Pizza Pronto")
        add_employer("Taco Rapido")
        plan = {"Burger Barn": (20, 5), "Pizza Pronto": (5, 20), "Taco Rapido": (12, 13)}
        for name, (yes, no) in plan.items():
            for answer in ["yes"] * yes + ["no"] * no:
                report(name, answers={"S2": answer}, organization_id=ours)
        publish()  # the industry's shares are the release's
        db.session.commit()
        summary = employer_summary(employer_id=barn, scope=Scope.own(ours))
        [found] = standouts(summary)
        assert (found.item.question.key, found.direction) == ("S2", Direction.WORSE)
        assert found.industry.employers == 3 and found.industry.share == 37 / 75
    login(client, organizer)
    page = client.get(f"/organizer/employers/{barn}").get_data(as_text=True)
    first_screen = page.split('class="standouts"')[1].split("</section>")[0]
    assert "Last-minute shift change" in first_screen
    assert "80%" in first_screen and "49%" in first_screen and "Worse than" in first_screen
    assert 'tr data-indicator="S2" class="stands-worse"' in page
    with app.app_context():
        pronto = db.session.scalar(sa.select(Employer.id).where(Employer.name == "Pizza Pronto"))
    page = client.get(f"/organizer/employers/{pronto}").get_data(as_text=True)
    assert "Better than" in page.split('class="standouts"')[1].split("</section>")[0]


def test_a_brand_names_what_its_franchisees_publish_and_offers_them_together(app, client,
                                                                             organizer):
    with app.app_context():
        ours = centro()
        brand = add_employer("Burger Barn Corporate").id
        franchisees = [add_employer(f"Burger Barn #{n}").id for n in (1, 2, 3)]
        for franchisee in franchisees:
            db.session.add(EmployerRelation(kind="franchisee", from_employer_id=brand,
                                            to_employer_id=franchisee))
        db.session.commit()
        for name, reports in (("Burger Barn #1", 6), ("Burger Barn #2", 7), ("Burger Barn #3", 2)):
            for number in range(reports):
                report(name, answers={"S2": "yes" if number % 2 else "no"},
                       organization_id=ours)
        [franchised] = related_figures(employer_id=brand, scope=Scope.own(ours))
        # Two of three publish; the third's 2 reports are not published, so not counted.
        assert (franchised.employers, franchised.publishing, franchised.reports) == (3, 2, 13)
    login(client, organizer)
    page = client.get(f"/organizer/employers/{brand}").get_data(as_text=True)
    assert "Not enough reports about Burger Barn Corporate itself yet" in page
    assert "its franchisees: 2 of 3 publish figures, from 13 reports in all." in page
    assert f"/organizer/employers/{brand}?include=franchisee" in page
    together = client.get(f"/organizer/employers/{brand}?include=franchisee").get_data(
        as_text=True)
    assert "Shown together with its franchisees." in together and "13 reports" in together
    assert "Not enough reports" not in together


def test_a_demand_shows_its_baseline_latest_figure_and_whether_it_moved(app, client,
                                                                        organizer):
    with app.app_context():
        ours = centro()
        employer = add_employer("Burger Barn").id
        for quarter, yes, no in ((Q1, 5, 15), (Q0, 15, 5)):
            for answer in ["yes"] * yes + ["no"] * no:
                report(answers={"S2": answer}, organization_id=ours,
                       received_on=quarter + timedelta(days=3))
        campaign = open_campaign(organization_id=ours, coalition_id=None, plan=CampaignPlan(
            name="Fair shifts", target_employer_id=employer,
            demands=(Demand("S2", "Post schedules two weeks ahead"),)))
        [demand] = campaign_figures(campaign=campaign, reader=ours).demands
        assert (demand.baseline.quarter, demand.baseline.problem, demand.baseline.n) == (Q1, 5, 20)
        assert (demand.latest.quarter, demand.latest.problem, demand.latest.n) == (Q0, 15, 20)
        assert demand.change.direction is Direction.WORSE
        campaign_id = campaign.id
        db.session.commit()
    login(client, organizer)
    page = client.get(f"/organizer/campaigns/{campaign_id}").get_data(as_text=True)
    row = page.split("Post schedules two weeks ahead")[1].split("</tr>")[0]
    assert "25%" in row and "75%" in row and "Worse by 50 points: more than chance." in row
    assert "Window:" not in page


@given(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1), st.one_of(st.none(), st.floats(0, 1)),
       st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30))
def test_an_interval_plot_is_well_formed_svg_inside_its_box_with_its_words_escaped(
        renderer, a, b, c, industry, words):
    low, mid, high = sorted((a, b, c))
    with renderer.test_request_context():
        drawn = charts.interval_plot(chart_id="p-x", title=words, description=f"<{words}>",
                                     share=mid, interval=(low, high), industry=industry)
    svg = ET.fromstring(str(drawn))  # noqa: S314 (our own markup)
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "p-x-t p-x-d"
    assert svg.find(f"{SVG}title").text == (words or None)
    assert svg.find(f"{SVG}desc").text == f"<{words}>"
    width = float(svg.get("viewBox").split()[2])
    [dot] = svg.iter(f"{SVG}circle")
    assert 0 <= float(dot.get("cx")) <= width


def test_a_trend_chart_draws_a_line_per_indicator_with_its_scale(renderer):
    with renderer.test_request_context():
        drawn = charts.lines_plot(chart_id="t-pay", title="Pay", lines=[
            ("Unpaid overtime", [share_at(Q1, 0.2), share_at(Q0, 0.4)]),
            ("Tips taken", [share_at(Q0, 0.1)])])
    svg = ET.fromstring(str(drawn))  # noqa: S314 (our own markup)
    assert len(list(svg.iter(f"{SVG}polyline"))) == 1  # a single point draws no line
    labels = [t.text for t in svg.iter(f"{SVG}text")]
    assert {"0%", "50%", "100%"} <= set(labels) and f"{Q0.year} Q{(Q0.month + 2) // 3}" in labels
    assert "Unpaid overtime: 20%" in svg.find(f"{SVG}desc").text


def share_at(quarter: date, value: float) -> TrendPoint:
    return TrendPoint(quarter, round(value * 100), 100)
