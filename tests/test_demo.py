import sqlalchemy as sa

from worker_voice.extensions import db
from worker_voice.insights.disclosure import EVERYONE, Scope
from worker_voice.insights.release import published_employers
from worker_voice.insights.summaries import employer_summary
from worker_voice.intake.bursts import held_bursts
from worker_voice.models import (
    Coalition,
    Contact,
    Employer,
    MailboxDirection,
    MailboxMessage,
    Report,
    User,
)


def test_demo_seed_creates_a_usable_demo_once(runner, app_context):
    first = runner.invoke(args=["demo", "seed", "--reports", "600"])
    assert first.exit_code == 0, first.output
    assert "organizer@demo.example / worker-voice-demo" in first.output
    second = runner.invoke(args=["demo", "seed", "--reports", "600"])
    assert "already present" in second.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Report)) == 600
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 2
    # One held burst, so that a new organizer sees the review step on the home page.
    demo_org = db.session.scalar(sa.select(User.organization_id)
                                 .where(User.email == "organizer@demo.example"))
    [burst] = held_bursts(organization_id=demo_org)
    assert burst.size >= 5 and burst.identical == burst.size
    # The loop from report to organizing: a question and its answer, and contact requests.
    directions = db.session.scalars(sa.select(MailboxMessage.direction)
                                    .order_by(MailboxMessage.number)).all()
    assert directions == [MailboxDirection.TO_WORKER, MailboxDirection.FROM_WORKER]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Contact).where(
        Contact.organization_id == demo_org)) >= 3
    collectors = set(db.session.scalars(sa.select(Report.organization_id)))
    assert len(collectors) == 2 and None not in collectors
    employers = db.session.scalars(sa.select(Employer)).all()
    assert len(employers) == 34 and len({e.naics_code for e in employers}) == 4
    brand = db.session.scalar(sa.select(Employer.id).where(Employer.name == "McDonald's"))
    franchisees = employer_summary(scope=EVERYONE, employer_id=brand, include=["franchisee"])
    assert franchisees.reports and len(franchisees.included) == 2
    client = db.session.scalar(sa.select(Employer.id)
                               .where(Employer.name == "Parcel Peak Logistics"))
    with_agency = employer_summary(scope=EVERYONE, employer_id=client, include=["staffing_agency"])
    assert with_agency.included == ("Reliable Staffing Co",)
    locales = set(db.session.scalars(sa.select(Report.locale)))
    assert locales == {"en", "es"}
    shown, total = published_employers(scope=EVERYONE, limit=100)
    assert 0 < total < len(employers)  # some employers still below the threshold
    assert shown[0].reports > 5 * shown[-1].reports  # realistic skew
    # The busiest employer's page has a tier, intervals, trends and comparisons to show.
    busiest = employer_summary(scope=EVERYONE, employer_id=shown[0].employer_id)
    assert busiest.rating.tier in {"A", "B", "C", "D"}
    measures = [item for item in busiest.indicators if item.measure is not None]
    assert any(len(item.measure.periods) > 1 for item in measures)
    assert any(item.sector is not None for item in measures)
    assert all(0 <= item.measure.interval[0] <= item.measure.share <= item.measure.interval[1]
               for item in measures)
    [coalition] = db.session.scalars(sa.select(Coalition)).all()
    assert len(coalition.members) == 2 and len(coalition.targets) >= 6
    pooled = employer_summary(employer_id=brand, include=["franchisee"], scope=Scope(
        frozenset(m.id for m in coalition.members), coalition.members[0].id))
    assert pooled.reports == franchisees.reports  # every demo report has a member collector
