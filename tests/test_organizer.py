import re

import sqlalchemy as sa

from worker_voice.extensions import db
from worker_voice.models import Organization

from .factories import add_employer, report
from .fixtures.accounts import login
from .fixtures.forms import csrf_token


def test_organizer_pages_need_sign_in(client):
    for path in ("/organizer/", "/organizer/employers", "/organizer/employers/1"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/auth/login")


def test_wrong_password_and_unknown_user_get_the_same_answer(client, organizer):
    wrong = login(client, organizer, "not the password").get_data(as_text=True)
    unknown = login(client, "nobody@example.org").get_data(as_text=True)
    message = "The e-mail or password is not right."
    assert message in wrong and message in unknown
    assert client.get("/organizer/").status_code == 302


def test_login_redirects_only_to_local_paths(client, organizer):
    response = login(client, organizer, next_url="?next=https://evil.example/")
    assert response.headers["Location"] == "/organizer/"


def test_summary_page_reads_through_the_guard(app, client, organizer):
    with app.app_context():
        big = add_employer("Burger Barn").id
        small = add_employer("Taco Rapido").id
        ours = db.session.scalar(sa.select(Organization.id).where(Organization.name == "Centro"))
        for _ in range(2):
            report("Burger Barn", answers={"S2": "yes", "S8": "yes", "S3": "no"},
                   organization_id=ours)
        for s8 in ["yes"] * 3 + ["no"] * 5:
            report("Burger Barn", answers={"S2": "no", "S8": s8, "S3": "no"},
                   organization_id=ours)
        for _ in range(3):
            report("Taco Rapido", answers={"S2": "yes"}, organization_id=ours)
        for _ in range(4):  # another organization's reports are not in Centro's figures
            report("Burger Barn", answers={"S2": "no"}, organization_id=None)
    login(client, organizer)

    listing = client.get("/organizer/employers").get_data(as_text=True)
    assert re.search(r"Burger Barn</a></td>\s*<td>Restaurants and hotels</td>\s*"
                     r"<td>Chicago, IL</td>\s*<td class=\"num\">10</td>", listing)
    assert "Taco Rapido" not in listing  # 3 reports: not published

    page = client.get(f"/organizer/employers/{big}").get_data(as_text=True)
    # S2 is held back: named under "Not enough answers yet", no row, no number anywhere.
    waiting = page.split("Not enough answers yet:")[1].split("</p>")[0]
    assert '<span data-indicator="S2">Last-minute shift change</span>' in waiting
    assert 'tr data-indicator="S2"' not in page
    assert "2 of 10" not in page and "8 of 10" not in page
    s8 = page.split("Wants more hours")[1].split("</tr>")[0]
    assert "<strong>50%</strong>" in s8 and "5 of 10" in s8 and "95% interval 24%–76%" in s8
    s3 = page.split("Cancelled shift")[1].split("</tr>")[0]  # all the same, and 2k of them
    assert "<strong>0%</strong>" in s3 and "0 of 10" in s3

    page = client.get(f"/organizer/employers/{small}").get_data(as_text=True)
    assert "Not enough reports yet" in page and "Last-minute" not in page
    assert client.get("/organizer/employers/999").status_code == 404


def test_logout_needs_a_post_with_csrf(app, client, organizer):
    app.config["WTF_CSRF_ENABLED"] = True
    login(client, organizer)
    assert client.get("/auth/logout").status_code == 405
    assert client.post("/auth/logout").status_code == 400
    page = client.get("/organizer/employers").get_data(as_text=True)
    assert client.post("/auth/logout", data={"csrf_token": csrf_token(page)}).status_code == 302
    assert client.get("/organizer/employers").status_code == 302


def test_users_create_command(runner, app):
    result = runner.invoke(
        args=["users", "create", "lead@example.org", "--org", "Union Local 1",
              "--password", "twelve chars!!"]
    )
    assert result.exit_code == 0, result.output
    assert "Created lead@example.org (organizer) in Union Local 1." in result.output
    short = runner.invoke(args=["users", "create", "b@example.org", "--org", "U",
                                "--password", "short"])
    assert short.exit_code != 0 and "at least 12 characters" in short.output
