"""Campaigns: who opens and reads them, and that their figures are the guard's over the window."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from worker_voice.campaigns.figures import campaign_figures
from worker_voice.campaigns.service import (
    CampaignError,
    CampaignNotFound,
    CampaignPlan,
    Demand,
    open_campaign,
    readable_campaign,
)
from worker_voice.extensions import db
from worker_voice.insights.disclosure import Scope, Window
from worker_voice.insights.periods import next_quarter, quarter_of
from worker_voice.insights.summaries import employer_summary
from worker_voice.models import AuditEvent, Coalition, Employer, Report
from worker_voice.registry.csv_io import import_registry

from .factories import add_employer, report
from .fixtures.accounts import PASSWORD, login
from .fixtures.forms import csrf_token

TODAY = date.today()
Q0 = quarter_of(TODAY)  # published in tests (RELEASE_DATE is the next quarter)
Q1, Q2, Q3 = (quarter_of(Q0 - timedelta(days=92 * back)) for back in (3, 2, 1))


def s2(summary):
    [item] = [i for i in summary.indicators if i.question.key == "S2"]
    return None if item.measure is None else (item.measure.problem, item.measure.n)


def plan(employer_id, **kw):
    return CampaignPlan(**{"name": "Fair shifts", "target_employer_id": employer_id,
                           "demands": (Demand("S2", "Two weeks' notice"),), **kw})


def test_a_coalition_campaign_pools_members_and_targets_the_employer(app, world):
    with app.app_context():
        other = add_employer("Taco Rapido").id
        campaign = open_campaign(organization_id=world["a"], coalition_id=world["coalition"],
                                 plan=plan(other))
        coalition = db.session.get(Coalition, world["coalition"])
        assert other in {e.id for e in coalition.targets}
        campaign = open_campaign(organization_id=world["c"], coalition_id=world["coalition"],
                                 plan=plan(world["employer"]))
        figures = campaign_figures(campaign=campaign, reader=world["c"])
        # A 6 yes / 5 no; C 5 yes / 1 no (a cell of one: not published); B is outside.
        assert s2(figures.summary) == (6, 11)
        [demand] = figures.demands
        assert (demand.indicator.measure.problem, demand.indicator.measure.n) == (6, 11)
        with pytest.raises(CampaignNotFound):
            readable_campaign(campaign_id=campaign.id, organization_id=world["b"])
        own = open_campaign(organization_id=world["b"], coalition_id=None,
                            plan=plan(world["employer"]))
        # B's own 7 reports all said "yes": a unanimous group under 2k is not shown.
        own_figures = campaign_figures(campaign=own, reader=world["b"]).summary
        assert own_figures.reports == 7 and s2(own_figures) is None
        with pytest.raises(CampaignNotFound):  # B is no member of the coalition
            open_campaign(organization_id=world["b"], coalition_id=world["coalition"],
                          plan=plan(world["employer"]))


def test_a_window_never_splits_a_published_period(app_context):
    """Q1 has 3 reports (too few), Q2 8 more: they are published together as one period. A
    window from Q2 must leave the whole period out, not show Q2's reports on their own."""
    add_employer("Burger Barn")
    for quarter, answers in ((Q1, ["yes", "no", "yes"]), (Q2, ["yes", "no"] * 4),
                             (Q3, ["yes", "no"] * 5)):
        for answer in answers:
            report(answers={"S2": answer}, received_on=quarter + timedelta(days=5))
    employer_id = db.session.scalar(sa.select(Employer.id))
    scope = Scope(None)

    def figures(window):
        return employer_summary(employer_id=employer_id, scope=scope, window=window)

    everything = figures(Window())
    assert (everything.reports, s2(everything)) == (21, (11, 21))
    from_q2 = figures(Window(start=Q2))  # Q3 only: the Q1–Q2 period is left out
    assert (from_q2.reports, s2(from_q2), from_q2.since) == (10, (5, 10), Q3)
    assert s2(figures(Window(end=Q2 + timedelta(days=40)))) == (6, 11)  # the Q1–Q2 period
    assert figures(Window(start=Q2, end=Q2 + timedelta(days=1))).reports is None
    # Whatever the window, every figure is a sum of whole published periods.
    periods = {(p.first, p.last, p.problem, p.n)
               for item in everything.indicators if item.question.key == "S2"
               for p in item.measure.periods}
    assert periods == {(Q1, Q2, 6, 11), (Q3, Q3, 5, 10)}


def test_trend_adds_up_to_the_summary_and_quotes_are_approved_ones(app, world):
    with app.app_context():
        for back, organization in ((2, world["a"]), (1, world["c"])):
            for i in range(10):
                report(answers={"S2": "yes" if i % 2 else "no"}, organization_id=organization,
                       received_on=quarter_of(Q0 - timedelta(days=92 * back)),
                       what_happened=f"Story {organization}-{back}-{i}")
        report(answers={"S2": "yes"}, organization_id=world["b"], what_happened="Outsider")
        report(answers={"S2": "yes"}, organization_id=world["a"], what_happened="Too new",
               received_on=next_quarter(Q0))
        report(answers={"S2": "no"}, organization_id=world["a"], what_happened="Marked spam")
        stories = db.session.scalars(sa.select(Report).where(Report.what_happened.is_not(None)))
        for story in stories:
            story.quote_approved = story.what_happened.endswith(("-0", "-1", "r", "w", "m"))
            if story.what_happened == "Marked spam":
                story.status = "spam"  # (the rollups do not matter here)
        db.session.commit()
        campaign = open_campaign(organization_id=world["a"], coalition_id=world["coalition"],
                                 plan=plan(world["employer"]))
        figures = campaign_figures(campaign=campaign, reader=world["a"])
        points = figures.trend["S2"]
        assert len(points) >= 2
        assert (sum(p.problem for p in points), sum(p.n for p in points)) == s2(figures.summary)
        assert sorted(figures.quotes) == sorted(
            f"Story {o}-{b}-{i}" for o, b in ((world["a"], 2), (world["c"], 1)) for i in (0, 1))


def test_campaign_pages_for_members_only_and_the_form_keeps_what_was_typed(
        app, client, world):
    login(client, "lead@a.org", PASSWORD)
    page = client.get("/organizer/campaigns/new").get_data(as_text=True)
    token = csrf_token(page)
    typed = {"csrf_token": token, "name": "Fair Food Now", "owner": str(world["coalition"]),
             "target": "No Such Employer", "goal": "Two weeks' notice",
             "starts_on": "2025-01-01", "ends_on": "", "include": ["franchisee"],
             "demands-0-text": "Post schedules 14 days ahead", "demands-0-indicator": "S1",
             "demands-1-text": "", "demands-1-indicator": ""}
    response = client.post("/organizer/campaigns/new", data=typed)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Choose the target employer" in html
    for value in ("Fair Food Now", "No Such Employer", "Two weeks&#39; notice",
                  "Post schedules 14 days ahead", "2025-01-01"):
        assert value in html
    assert 'value="franchisee" checked' in html and '<option value="S1" selected' in html
    response = client.post("/organizer/campaigns/new",
                           data={**typed, "target": "burger barn"})
    assert response.status_code == 302
    path = response.headers["Location"]
    html = client.get(path).get_data(as_text=True)
    assert "Fair Food Now" in html and "6 of 11" in html
    assert "Post schedules 14 days ahead" in html
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                                 .where(AuditEvent.action == "campaign_opened")) == 1
    client.post("/auth/logout", data={"csrf_token": csrf_token(html)})
    login(client, "lead@b.org", PASSWORD)
    assert client.get(path).status_code == 404
    assert "Fair Food Now" not in client.get("/organizer/campaigns").get_data(as_text=True)


def test_a_brand_campaign_counts_its_franchisees(app_context):
    import_registry(rows=[
        {"name": "Burger Brand", "naics": "722513"},
        {"name": "Franchisee One", "naics": "722513", "relation": "franchisee",
         "related_to": "Burger Brand", "worksite": "FO Main", "city": "Chicago", "state": "IL"},
    ])
    from worker_voice.auth.passwords import create_user
    from worker_voice.models import Organization

    create_user(email="lead@x.org", password=PASSWORD, organization_name="X")
    org = db.session.scalar(sa.select(Organization.id))
    for answer in ["yes"] * 5 + ["no"] * 5:
        report("Franchisee One", answers={"S2": answer}, organization_id=org)
    brand = db.session.scalar(sa.select(Employer.id).where(Employer.name == "Burger Brand"))
    alone = open_campaign(organization_id=org, coalition_id=None, plan=plan(brand))
    assert not campaign_figures(campaign=alone, reader=org).summary.enough
    family = open_campaign(organization_id=org, coalition_id=None,
                           plan=plan(brand, name="Family", include=("franchisee",)))
    figures = campaign_figures(campaign=family, reader=org)
    assert s2(figures.summary) == (5, 10)
    assert figures.summary.included == ("Franchisee One",)
    with pytest.raises(CampaignError):
        open_campaign(organization_id=org, coalition_id=None,
                      plan=plan(brand, starts_on=TODAY, ends_on=TODAY - timedelta(days=1)))
