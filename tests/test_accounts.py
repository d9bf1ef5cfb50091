"""Organizer accounts: lockout, common passwords, session limits and the audit trail."""

import time
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from worker_voice.auth.passwords import AccountError, authenticate, create_user
from worker_voice.extensions import db
from worker_voice.models import AuditEvent
from worker_voice.uow import transaction

from .fixtures.accounts import enable_two_factor, login
from .fixtures.forms import csrf_token

PASSWORD = "long enough and unusual"


@pytest.fixture
def admin(app):
    with app.app_context(), transaction():
        create_user(email="admin@example.org", password=PASSWORD, role="admin",
                    organization_name="Centro")
    return "admin@example.org"


def test_five_failures_lock_the_account_for_a_minute(app_context, admin):
    start = datetime.now(UTC)
    for second in range(5):
        moment = start + timedelta(seconds=second)
        assert authenticate(email=admin, password="wrong", now=moment) is None
    # Locked: even the right password is refused, exactly like a wrong one.
    assert authenticate(email=admin, password=PASSWORD, now=start + timedelta(seconds=10)) is None
    later = start + timedelta(seconds=4 + 61)
    assert authenticate(email=admin, password=PASSWORD, now=later).email == admin


def test_four_failures_do_not_lock(app_context, admin):
    start = datetime.now(UTC)
    for attempt in range(4):
        authenticate(email=admin, password="wrong", now=start + timedelta(seconds=attempt))
    assert authenticate(email=admin, password=PASSWORD, now=start + timedelta(seconds=5))


def test_unknown_accounts_lock_the_same_way(app_context):
    start = datetime.now(UTC)
    for second in range(7):
        moment = start + timedelta(seconds=second)
        authenticate(email="nobody@example.org", password="x", now=moment)
    actions = db.session.scalars(sa.select(AuditEvent.action)).all()
    assert actions.count("sign_in_failed") == 5 and actions.count("sign_in_locked") == 2


@pytest.mark.parametrize("password", ["password1234", "Qwertyuiop123", "short"])
def test_weak_passwords_are_refused(app_context, password):
    with pytest.raises(AccountError):
        create_user(email="a@example.org", password=password, organization_name="Centro")


def test_audit_log_is_append_only_and_keeps_no_address(app, client, admin):
    client.get("/auth/login", environ_base={"REMOTE_ADDR": "203.0.113.99"})
    login(client, admin, "wrong password!")
    login(client, admin, PASSWORD)
    with app.app_context():
        events = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()
        assert [e.action for e in events] == ["user_created", "sign_in_failed", "sign_in"]
        assert "203.0.113.99" not in repr([(e.target, e.detail) for e in events])
        events[0].action = "tampered"
        with pytest.raises(RuntimeError, match="append-only"):
            db.session.commit()
        db.session.rollback()
        db.session.delete(events[0])
        with pytest.raises(RuntimeError, match="append-only"):
            db.session.commit()


def test_only_admins_read_the_audit_log(app, client, admin):
    with app.app_context(), transaction():
        create_user(email="o@example.org", password=PASSWORD, organization_name="Centro")
    login(client, "o@example.org", PASSWORD)
    assert client.get("/organizer/audit").status_code == 403
    token = csrf_token(client.get("/organizer/employers").get_data(as_text=True))
    client.post("/auth/logout", data={"csrf_token": token})
    totp = enable_two_factor(app, admin)
    login(client, admin, PASSWORD)
    page = client.get("/auth/two-factor").get_data(as_text=True)
    client.post("/auth/two-factor", data={"csrf_token": csrf_token(page), "code": totp.now()})
    page = client.get("/organizer/audit?action=sign_in").get_data(as_text=True)
    assert "o@example.org" in page and "sign_out" not in page.split("</select>")[1]


@pytest.mark.parametrize(("key", "age"), [("seen_at", 3601), ("signed_in_at", 12 * 3600 + 1)])
def test_sessions_end_when_idle_or_old(app, client, key, age):
    with app.app_context(), transaction():
        create_user(email="o@example.org", password=PASSWORD, organization_name="Centro")
    login(client, "o@example.org", PASSWORD)
    assert client.get("/organizer/employers").status_code == 200
    with client.session_transaction() as session:
        session[key] = time.time() - age
    response = client.get("/organizer/employers")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert client.get("/organizer/employers").status_code == 302


def test_admins_must_turn_on_two_factor(client, admin):
    import pyotp

    login(client, admin, PASSWORD)
    response = client.get("/organizer/employers")
    assert response.status_code == 302 and response.headers["Location"] == "/auth/two-factor/setup"
    page = client.get("/auth/two-factor/setup").get_data(as_text=True)
    secret = page.split("<code>")[1].split("</code>")[0].replace(" ", "")
    wrong = client.post("/auth/two-factor/setup", data={"csrf_token": csrf_token(page),
                                                         "code": "000000"})
    assert "not right" in wrong.get_data(as_text=True)
    client.post("/auth/two-factor/setup", data={"csrf_token": csrf_token(page),
                                                 "code": pyotp.TOTP(secret).now()})
    assert client.get("/organizer/employers").status_code == 200


def test_two_factor_sign_in_accepts_each_code_once(app, client, admin):
    totp = enable_two_factor(app, admin)
    response = login(client, admin, PASSWORD)
    assert response.headers["Location"].startswith("/auth/two-factor")
    assert client.get("/organizer/employers").status_code == 302  # not signed in yet
    page = client.get("/auth/two-factor").get_data(as_text=True)
    code = totp.now()
    response = client.post("/auth/two-factor", data={"csrf_token": csrf_token(page),
                                                     "code": code})
    assert response.status_code == 302
    assert client.get("/organizer/employers").status_code == 200
    token = csrf_token(client.get("/organizer/employers").get_data(as_text=True))
    client.post("/auth/logout", data={"csrf_token": token})
    login(client, admin, PASSWORD)
    page = client.get("/auth/two-factor").get_data(as_text=True)
    replay = client.post("/auth/two-factor", data={"csrf_token": csrf_token(page), "code": code})
    assert "used already" in replay.get_data(as_text=True)
    assert client.get("/organizer/employers").status_code == 302


def test_invitation_and_reset_links_work_once(app, client, admin):
    totp = enable_two_factor(app, admin)
    login(client, admin, PASSWORD)
    page = client.get("/auth/two-factor").get_data(as_text=True)
    client.post("/auth/two-factor", data={"csrf_token": csrf_token(page), "code": totp.now()})
    page = client.get("/organizer/people").get_data(as_text=True)
    made = client.post("/organizer/people", data={
        "csrf_token": csrf_token(page), "email": "New@Example.org",
        "role": "viewer"}).get_data(as_text=True)
    link = made.split("<code>")[1].split("</code>")[0]
    path = link.replace("http://localhost", "")
    client.post("/auth/logout", data={"csrf_token": csrf_token(made)})
    page = client.get(path).get_data(as_text=True)
    weak = client.post(path, data={"csrf_token": csrf_token(page), "password": "password1234"})
    assert "less common" in weak.get_data(as_text=True)
    client.post(path, data={"csrf_token": csrf_token(page), "password": "a brand new passphrase"})
    assert client.get(path).status_code == 404  # spent
    login(client, "new@example.org", "a brand new passphrase")
    assert client.get("/organizer/").status_code == 200
    assert client.get("/organizer/people").status_code == 403  # a viewer
    with app.app_context(), transaction():
        from worker_voice.auth.invitations import issue_reset
        from worker_voice.models import User

        boss = db.session.scalar(sa.select(User).where(User.email == admin))
        new = db.session.scalar(sa.select(User).where(User.email == "new@example.org"))
        assert new.role == "viewer"
        token = issue_reset(admin=boss, user_id=new.id)
        create_user(email="other@b.org", password=PASSWORD, role="admin",
                    organization_name="Union B")
        outsider = db.session.scalar(sa.select(User).where(User.email == "other@b.org"))
        with pytest.raises(AccountError):
            issue_reset(admin=outsider, user_id=new.id)
        actions = set(db.session.scalars(sa.select(AuditEvent.action)))
        assert {"invited", "invitation_accepted", "reset_link_issued"} <= actions
    page = client.get(f"/auth/reset/{token}").get_data(as_text=True)
    client.post(f"/auth/reset/{token}", data={"csrf_token": csrf_token(page),
                                              "password": "another long passphrase"})
    with app.app_context():
        assert authenticate(email="new@example.org", password="another long passphrase")
