"""Issue 17: accounts no one guesses, sessions that end everywhere, invitations an existing
account accepts, and an audit log that tells a platform admin only what is theirs to know."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from worker_voice.audit import events_for, record
from worker_voice.auth import passwords
from worker_voice.auth.invitations import issue_reset, use_token
from worker_voice.auth.passwords import authenticate, create_user
from worker_voice.extensions import db
from worker_voice.models import LoginThrottle, User
from worker_voice.uow import transaction

from .fixtures.accounts import enable_two_factor, login, logout
from .fixtures.forms import csrf_token

PASSWORD = "long enough and unusual"


def make(app, email, organization="Centro", role="organizer", **extra):
    with app.app_context(), transaction():
        create_user(email=email, password=PASSWORD, role=role, organization_name=organization,
                    **extra)
    return email


def user(email):
    return db.session.scalar(sa.select(User).where(User.email == email))


def second_step(client, totp):
    page = client.get("/auth/two-factor").get_data(as_text=True)
    return client.post("/auth/two-factor", data={"csrf_token": csrf_token(page),
                                                 "code": totp.now()})


# 1. Wrong passwords: growing delays, then a daily cap.

def test_delays_double_after_five_failures_and_twenty_lock_the_day(app):
    email = make(app, "o@example.org")
    start = datetime.now(UTC)
    moment, waits = start, []
    with app.app_context():
        for failure in range(1, passwords.DAILY_CAP + 1):
            assert authenticate(email=email, password="wrong", now=moment) is None
            throttle = db.session.get(LoginThrottle, passwords.account_key(email))
            assert throttle.failures == failure
            if failure < passwords.DAILY_CAP:
                if throttle.locked_until is None:
                    waits.append(0)
                else:
                    opens = passwords.as_utc(throttle.locked_until)
                    waits.append(round((opens - moment).total_seconds() / 60))
                    # Locked: the right password is refused and is not counted.
                    assert authenticate(email=email, password=PASSWORD,
                                        now=opens - timedelta(seconds=1)) is None
                    assert throttle.failures == failure
                    moment = opens
            moment += timedelta(seconds=1)
        assert waits == [0, 0, 0, 0, 1, 2, 4, 8, 16, 32] + [60] * 9
        # The twentieth failure of the day locks the account until the day is over.
        day_over = start + passwords.DAY
        assert authenticate(email=email, password=PASSWORD,
                            now=day_over - timedelta(minutes=1)) is None
        assert authenticate(email=email, password=PASSWORD,
                            now=day_over + timedelta(seconds=1)).email == email
        db.session.flush()
        assert db.session.get(LoginThrottle, passwords.account_key(email)) is None


def test_a_locked_account_answers_like_a_wrong_password_and_no_address_is_kept(app, client):
    email = make(app, "o@example.org")

    def answer(address, password):
        response = login(client, address, password)
        page = response.get_data(as_text=True)
        return response.status_code, page.split("<main")[1].split('name="csrf_token"')[0]

    client.environ_base["REMOTE_ADDR"] = "203.0.113.77"
    wrong = answer(email, "wrong password!")
    unknown = answer("nobody@example.org", "wrong password!")
    for _attempt in range(4):
        login(client, email, "another wrong one")
    locked = answer(email, PASSWORD)  # the right password, on a locked account
    assert locked == wrong == unknown
    assert locked[0] == 200 and "not right" in locked[1]
    with app.app_context():
        assert authenticate(email=email, password=PASSWORD) is None  # still locked
        with db.engine.connect() as connection:
            for table in ("login_throttle", "audit_event"):
                rows = connection.execute(sa.text(f"SELECT * FROM {table}")).all()  # noqa: S608
                assert "203.0.113.77" not in repr(rows)


# 2. At most five wrong two-factor codes per sign-in.

def test_five_wrong_codes_start_the_sign_in_over_and_count_toward_the_lockout(app, client):
    email = make(app, "admin@example.org", role="admin")
    totp = enable_two_factor(app, email)
    login(client, email, PASSWORD)
    page = client.get("/auth/two-factor").get_data(as_text=True)
    half_signed_in = client.get_cookie("session").value
    for attempt in range(1, 6):
        response = client.post("/auth/two-factor", data={"csrf_token": csrf_token(page),
                                                         "code": "000000"})
        if attempt < 5:
            assert response.status_code == 200 and "not right" in response.get_data(True)
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login"
    assert client.get("/auth/two-factor").headers["Location"] == "/auth/login"
    assert client.get("/organizer/employers").status_code == 302
    with app.app_context():
        throttle = db.session.get(LoginThrottle, passwords.account_key(email))
        assert throttle.failures == 5 and throttle.locked_until is not None
        assert authenticate(email=email, password=PASSWORD) is None  # locked for a minute
    # A copy of the half-signed-in cookie buys no more tries while the account is locked.
    client.set_cookie("session", half_signed_in)
    assert client.get("/auth/two-factor").headers["Location"] == "/auth/login"
    client.set_cookie("session", half_signed_in)
    response = client.post("/auth/two-factor", data={"csrf_token": csrf_token(page),
                                                     "code": totp.now()})
    assert response.headers["Location"] == "/auth/login"
    assert client.get("/organizer/employers").status_code == 302


def test_a_right_code_after_four_wrong_ones_signs_in_and_forgets_the_failures(app, client):
    email = make(app, "admin@example.org", role="admin")
    totp = enable_two_factor(app, email)
    login(client, email, PASSWORD)
    page = client.get("/auth/two-factor").get_data(as_text=True)
    for _attempt in range(4):
        client.post("/auth/two-factor", data={"csrf_token": csrf_token(page), "code": "000000"})
    second_step(client, totp)
    assert client.get("/organizer/employers").status_code == 200
    with app.app_context():
        assert db.session.get(LoginThrottle, passwords.account_key(email)) is None


# 3. Signing out or a new password ends every session of the account.

def copy_of(app, client):
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    return other


def test_signing_out_ends_a_copied_session_too(app, client):
    email = make(app, "o@example.org")
    login(client, email, PASSWORD)
    thief = copy_of(app, client)
    assert thief.get("/organizer/employers").status_code == 200  # the copy works until...
    logout(client)
    response = thief.get("/organizer/employers")
    assert response.status_code == 302 and response.headers["Location"].startswith("/auth/login")
    login(client, email, PASSWORD)  # a new sign-in works, the old copy still does not
    assert client.get("/organizer/employers").status_code == 200
    assert thief.get("/organizer/employers").status_code == 302


def test_a_workers_session_is_not_sent_again_on_every_page(app, client):
    """A worker's session (a CSRF token, a language) is written when it changes, not on every
    page: two overlapping requests from one browser cannot lose a form's token. A signed-in
    organizer's session goes on working."""
    login(client, make(app, "o@example.org"), PASSWORD)
    assert client.get("/organizer/employers").status_code == 200
    worker = app.test_client()
    worker.get("/report?lang=es")
    worker.get("/report")
    for page in ("/report", "/delete", "/messages", "/", "/report?lang=es"):
        response = worker.get(page)
        assert response.status_code == 200 and response.headers.getlist("Set-Cookie") == [], page
    assert 'lang="es"' in worker.get("/delete").get_data(as_text=True)


def test_a_nul_in_the_sign_in_form_is_refused_not_a_server_error(app, client):
    make(app, "o@example.org")
    token = csrf_token(client.get("/auth/login").get_data(as_text=True))
    response = client.post("/auth/login", data={"csrf_token": token,
                                                "email": "o\x00@example.org",
                                                "password": PASSWORD})
    assert response.status_code == 400
    assert login(client, "o@example.org", PASSWORD).status_code == 302


def test_a_new_password_ends_every_session(app, client):
    admin = make(app, "admin@example.org", role="admin")
    email = make(app, "o@example.org")
    login(client, email, PASSWORD)
    assert client.get("/organizer/employers").status_code == 200
    with app.app_context(), transaction():
        token = issue_reset(admin=user(admin), user_id=user(email).id)
        use_token(token=token, purpose="reset", password="a fresh long passphrase")
    response = client.get("/organizer/employers")
    assert response.status_code == 302 and response.headers["Location"].startswith("/auth/login")


# 4. An existing account joins an organization only by accepting the invitation.

def invite_page(client, email):
    page = client.get("/organizer/people").get_data(as_text=True)
    response = client.post("/organizer/people", data={"csrf_token": csrf_token(page),
                                                      "email": email, "role": "viewer"})
    text = response.get_data(as_text=True)
    link = text.split("<code>")[1].split("</code>")[0]
    shown = text.replace(link, "LINK").split('name="csrf_token"')[0]
    return response.status_code, shown, link.replace("http://localhost", "")


def test_inviting_an_existing_account_asks_its_owner(app, client):
    admin = make(app, "admin@example.org", role="admin")
    make(app, "elsewhere@b.org", organization="Union B")
    make(app, "bystander@b.org", organization="Union B")
    totp = enable_two_factor(app, admin)
    login(client, admin, PASSWORD)
    second_step(client, totp)
    fresh = invite_page(client, "new@example.org")
    existing = invite_page(client, "elsewhere@b.org")
    assert fresh[:2] == existing[:2]  # the same answer: it says nothing of who has an account
    with app.app_context():
        assert len(user("elsewhere@b.org").memberships) == 1  # not a member yet
    logout(client)
    link = existing[2]
    response = client.get(link)
    assert response.status_code == 302 and "/auth/login?next=" in response.headers["Location"]
    login(client, "bystander@b.org", PASSWORD)
    page = client.get(link)
    assert page.status_code == 403 and "another account" in page.get_data(as_text=True)
    token = csrf_token(client.get("/organizer/employers").get_data(as_text=True))
    assert client.post(link, data={"csrf_token": token}).status_code == 403
    logout(client)
    response = login(client, "elsewhere@b.org", PASSWORD, next_url=f"?next={link}")
    assert response.headers["Location"] == link
    page = client.get(link).get_data(as_text=True)
    assert "Accept the invitation" in page
    response = client.post(link, data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    with app.app_context():
        person = user("elsewhere@b.org")
        assert len(person.memberships) == 2
        assert {m.role for m in person.memberships} == {"organizer", "viewer"}
        assert len(user("bystander@b.org").memberships) == 1
    assert client.get(link).status_code == 404  # spent


# 5. A platform admin's audit view shows other organizations' report views without detail.

@pytest.fixture
def exported(app):
    centro = make(app, "admin@example.org", role="admin")
    make(app, "platform@example.org", organization=None, platform_admin=True)
    with app.app_context(), transaction():
        admin = user(centro)
        record("raw_report_viewed", target="report 4242", actor_id=admin.id,
               organization_id=admin.organization_id)
        record("raw_reports_exported", target="1 reports", count=1,
               filters={"employer_id": 11}, actor_id=admin.id,
               organization_id=admin.organization_id)
    return centro


def test_platform_admins_see_that_another_organization_exported_not_what(app, client,
                                                                         exported):
    with app.app_context():
        lines = events_for(reader=user("platform@example.org"))
        export = next(line for line, _email in lines if line.action == "raw_reports_exported")
        assert export.target is None and export.detail == {} and export.withheld
        own = events_for(reader=user(exported))
        export = next(line for line, _email in own if line.action == "raw_reports_exported")
        assert export.target == "1 reports" and export.detail["filters"] == {"employer_id": 11}
    totp = enable_two_factor(app, "platform@example.org")
    login(client, "platform@example.org", PASSWORD)
    second_step(client, totp)
    page = client.get("/organizer/audit").get_data(as_text=True)
    assert "raw_reports_exported" in page and "raw_report_viewed" in page
    for secret in ("1 reports", "report 4242", "employer_id", "11</td>"):
        assert secret not in page
    assert "admin@example.org" in page  # accounts are the platform's to manage
    logout(client)
    totp = enable_two_factor(app, exported)
    login(client, exported, PASSWORD)
    second_step(client, totp)
    page = client.get("/organizer/audit").get_data(as_text=True)
    assert "1 reports" in page and "report 4242" in page
