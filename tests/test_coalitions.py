"""Organizations, memberships and coalitions: who sees whose figures, and who may change what."""

import pytest
import sqlalchemy as sa

from worker_voice.audit import recent_events
from worker_voice.auth.invitations import (
    change_role,
    invite,
    issue_reset,
    join,
    switch_organization,
)
from worker_voice.auth.passwords import AccountError, create_user
from worker_voice.extensions import db
from worker_voice.insights.disclosure import EVERYONE, Scope
from worker_voice.insights.rollups import recompute
from worker_voice.insights.summaries import employer_summary
from worker_voice.models import User

from .factories import add_employer, report
from .fixtures.accounts import PASSWORD, login, logout
from .fixtures.rollups import snapshot


def s2(summary):
    """(workers with the problem, n) of "last-minute shift change", or None if not shown."""
    [item] = [i for i in summary.indicators if i.question.key == "S2"]
    return None if item.measure is None else (item.measure.problem, item.measure.n)


def test_each_organization_reads_its_own_figures(app, world):
    with app.app_context():
        own = employer_summary(employer_id=world["employer"], scope=Scope.own(world["a"]))
        assert own.reports == 11 and s2(own) == (6, 11)
        union = employer_summary(employer_id=world["employer"], scope=Scope.own(world["c"]))
        assert union.reports == 6 and s2(union) is None  # one "no": it would single someone out
        everyone = employer_summary(employer_id=world["employer"], scope=EVERYONE)
        # Each organization's published figure, added up: Union's S2 is not among them, nor
        # the other organization's "7 of 7" (every worker alike, in a group under 2k).
        assert everyone.reports == 24 and s2(everyone) == (6, 11)


def test_pooled_figures_add_up_what_each_member_publishes(app, world):
    """Pooled, "no" would be 6: enough on its own. But Centro knows its own 5, so the 1 from
    Union would show by subtraction. A pool is therefore the sum of each member's published
    figure: Union's S2 is not published, so the pool shows Centro's, for every reader."""
    with app.app_context():
        members = frozenset({world["a"], world["c"]})
        for reader in (world["a"], world["c"], None):
            pooled = employer_summary(employer_id=world["employer"],
                                      scope=Scope(members, reader))
            assert pooled.reports == 17 and s2(pooled) == (6, 11)


def test_coalition_pages_only_for_members_and_targets(app, client, world):
    coalition, employer = world["coalition"], world["employer"]
    login(client, "lead@b.org", PASSWORD)
    assert client.get(f"/organizer/coalitions/{coalition}").status_code == 404
    assert client.get(f"/organizer/coalitions/{coalition}/employers/{employer}"
                      ).status_code == 404
    logout(client)
    login(client, "lead@c.org", PASSWORD)
    page = client.get(f"/organizer/coalitions/{coalition}").get_data(as_text=True)
    assert "Burger Barn" in page and "17" in page
    page = client.get(f"/organizer/coalitions/{coalition}/employers/{employer}")
    assert page.status_code == 200 and "Fair Food" in page.get_data(as_text=True)
    with app.app_context():
        other = add_employer("Taco Town").id
    assert client.get(f"/organizer/coalitions/{coalition}/employers/{other}").status_code == 404


def test_rollups_per_organization_equal_a_recompute(app, world):
    with app.app_context():
        before = snapshot()
        recompute()
        assert snapshot() == before


def test_one_account_in_two_organizations(app, world):
    with app.app_context():
        create_user(email="admin@a.org", password=PASSWORD, role="admin",
                    organization_name="Centro")
        admin = db.session.scalar(sa.select(User).where(User.email == "admin@a.org"))
        token = invite(admin=admin, email="lead@c.org", role="viewer")
        person = db.session.scalar(sa.select(User).where(User.email == "lead@c.org"))
        join(token=token, user=person)  # an existing account joins by accepting
        assert {m.organization_id for m in person.memberships} == {world["a"], world["c"]}
        switch_organization(user=person, organization_id=world["a"])
        assert person.role == "viewer"
        with pytest.raises(AccountError):  # another organization's admin cannot take it over
            issue_reset(admin=admin, user_id=person.id)
        with pytest.raises(AccountError):  # and Centro keeps an admin
            change_role(admin=admin, user_id=admin.id, role="organizer")
        with pytest.raises(AccountError):
            switch_organization(user=person, organization_id=world["b"])


def test_audit_log_and_unmatched_names_stay_in_their_organization(app, client, world):
    with app.app_context():
        report("Mystery Diner", organization_id=world["a"])
        a_events = recent_events(organization_id=world["a"])
        b_events = recent_events(organization_id=world["b"])
        assert {e.target for e, _ in a_events} >= {"lead@a.org"}
        assert "lead@a.org" not in {e.target for e, _ in b_events}
    login(client, "lead@b.org", PASSWORD)
    assert "Mystery Diner" not in client.get("/organizer/review").get_data(as_text=True)
    logout(client)
    login(client, "lead@a.org", PASSWORD)
    assert "Mystery Diner" in client.get("/organizer/review").get_data(as_text=True)
