"""Organizations, memberships and coalitions: who sees whose figures, and who may change what."""

import pytest
import sqlalchemy as sa

from worker_voice.audit import recent_events
from worker_voice.auth.invitations import change_role, invite, issue_reset, switch_organization
from worker_voice.auth.passwords import AccountError, create_user
from worker_voice.extensions import db
from worker_voice.insights.disclosure import EVERYONE, Scope
from worker_voice.insights.rollups import recompute
from worker_voice.insights.summaries import employer_summary
from worker_voice.models import Organization, User
from worker_voice.registry.coalitions import form_coalition, set_target

from .factories import add_employer, report
from .test_organizer import login
from .test_rollups import snapshot
from .test_web import csrf_token

PASSWORD = "a long password here"


@pytest.fixture
def world(app):
    """Centro (A) and Union (C) in a coalition targeting Burger Barn; Local (B) outside it.

    On S2, A collected 6 "yes" and 5 "no"; C 5 "yes" and 1 "no"; B 7 "yes".
    """
    with app.app_context():
        ids = {}
        for letter, name in (("a", "Centro"), ("b", "Local"), ("c", "Union")):
            create_user(email=f"lead@{letter}.org", password=PASSWORD, organization_name=name)
            ids[letter] = db.session.scalar(sa.select(Organization.id)
                                            .where(Organization.name == name))
        employer = add_employer("Burger Barn").id
        for letter, yes, no in (("a", 6, 5), ("c", 5, 1), ("b", 7, 0)):
            for answer in ["yes"] * yes + ["no"] * no:
                report(answers={"S2": answer}, organization_id=ids[letter])
        coalition = form_coalition(name="Fair Food", organization_ids=[ids["a"], ids["c"]])
        set_target(coalition_id=coalition.id, organization_id=ids["a"], employer_id=employer,
                   targeted=True)
        return {**ids, "employer": employer, "coalition": coalition.id}


def logout(client):
    token = csrf_token(client.get("/organizer/employers").get_data(as_text=True))
    client.post("/auth/logout", data={"csrf_token": token})


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
        # Each organization's published figure, added up: Union's S2 is not among them.
        assert everyone.reports == 24 and s2(everyone) == (6 + 7, 11 + 7)


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
        assert invite(admin=admin, email="lead@c.org", role="viewer") is None  # added at once
        person = db.session.scalar(sa.select(User).where(User.email == "lead@c.org"))
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
