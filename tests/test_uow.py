"""The unit of work: one boundary commits, work after the commit runs only after it, and a
failure keeps nothing."""

import pytest
import sqlalchemy as sa

from worker_voice import uow
from worker_voice.events import ApprovedQuoteLeft
from worker_voice.extensions import csrf, db
from worker_voice.jobs import enqueue
from worker_voice.models import Organization


def organizations() -> list[str]:
    return list(db.session.scalars(sa.select(Organization.name).order_by(Organization.name)))


def add_organization(name: str) -> None:
    db.session.add(Organization(name=name, slug=name.lower()))
    db.session.flush()


ran: list[str] = []


def remember(*, what: str) -> None:
    """A job: writes, so that the test sees it ran in a transaction of its own."""
    ran.append(what)
    add_organization(what)


@pytest.fixture
def routes(app):
    """Two views that write: one succeeds, one fails after writing."""
    def works():
        add_organization("Kept")
        uow.after_commit(lambda: ran.append("after"))
        return "ok"

    def fails():
        add_organization("Lost")
        uow.after_commit(lambda: ran.append("after"))
        raise RuntimeError("the view failed half-way")

    app.add_url_rule("/_test/works", "works", csrf.exempt(works), methods=["POST"])
    app.add_url_rule("/_test/fails", "fails", csrf.exempt(fails), methods=["POST"])
    ran.clear()
    return app


def test_a_request_commits_before_its_response_and_then_runs_what_follows(routes, client):
    assert client.post("/_test/works").status_code == 200
    assert ran == ["after"]
    with routes.app_context():
        assert organizations() == ["Kept"]


def test_a_failed_request_keeps_nothing_and_starts_nothing(routes, client):
    routes.testing = False  # answer with the 500 page instead of raising into the test
    assert client.post("/_test/fails").status_code == 500
    assert ran == []
    with routes.app_context():
        assert organizations() == []


def test_a_transaction_commits_on_success_and_rolls_back_on_error(app_context):
    ran.clear()
    with uow.transaction():
        add_organization("First")
        uow.after_commit(lambda: ran.append("first"))
    with pytest.raises(ValueError), uow.transaction():
        add_organization("Second")
        uow.after_commit(lambda: ran.append("second"))
        raise ValueError
    assert ran == ["first"]
    db.session.remove()
    assert organizations() == ["First"]


def test_an_inner_transaction_joins_the_outer_one(app_context):
    with pytest.raises(ValueError), uow.transaction():
        with uow.transaction():
            add_organization("Inner")
        raise ValueError  # the outer boundary fails: the inner work goes with it
    db.session.remove()
    assert organizations() == []


def test_a_job_starts_after_the_commit_once_per_key_in_a_transaction_of_its_own(app_context):
    ran.clear()
    with uow.transaction():
        enqueue(remember, key="once", what="Job")
        enqueue(remember, key="once", what="Job again")
        assert ran == []  # nothing before the commit
    assert ran == ["Job"]
    db.session.remove()
    assert organizations() == ["Job"]  # committed by the job's own boundary


def test_events_reach_the_handlers_the_app_subscribed(app_context):
    heard = []
    uow.subscribe(app_context, ApprovedQuoteLeft, heard.append)
    uow.emit(ApprovedQuoteLeft())
    assert heard == [ApprovedQuoteLeft()]


def test_commands_run_in_one_transaction(app, runner):
    """`flask orgs keyword` changes an organization through a service that only flushes."""
    with app.app_context(), uow.transaction():
        add_organization("Centro")
    result = runner.invoke(args=["orgs", "keyword", "Centro", "centro"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(sa.select(Organization.sms_keyword)) == "CENTRO"
