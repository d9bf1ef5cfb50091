"""The organizer's forms: a refused form keeps what was typed, says next to the field what to do
(in the reader's language), and changes nothing; each action has its own URL."""

import re

import sqlalchemy as sa

from worker_voice.auth.passwords import create_user
from worker_voice.campaigns.service import CampaignPlan, open_campaign
from worker_voice.extensions import db
from worker_voice.models import (
    AuditEvent,
    Campaign,
    Coalition,
    Dossier,
    Membership,
    Organization,
    User,
)
from worker_voice.uow import transaction

from .fixtures.accounts import PASSWORD, enable_two_factor, login, logout
from .fixtures.forms import csrf_token


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def error_of(html: str, field_id: str) -> str:
    """The error shown for a field, which the field names in aria-describedby."""
    assert f'aria-describedby="{field_id}-error"' in html
    return re.search(rf'<p class="error" id="{field_id}-error">([^<]*)</p>', html)[1]


def test_a_refused_campaign_says_in_spanish_what_to_fix_and_opens_nothing(app, client, world):
    login(client, "lead@a.org")
    page = client.get("/organizer/campaigns/new?lang=es").get_data(as_text=True)
    assert '<label for="target">Empleador objetivo' in page
    response = client.post("/organizer/campaigns/new", data={
        "csrf_token": csrf_token(page), "name": "Horarios justos", "owner": "",
        "target": "Nadie S.A.", "starts_on": "2025-13-01",
        "demands-0-text": "Dos semanas de aviso", "demands-0-indicator": ""})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "fecha" in error_of(html, "starts_on")  # the start, as a date
    assert "indicador" in error_of(html, "demands-0-indicator")
    assert 'value="Horarios justos"' in html and 'value="Dos semanas de aviso"' in html
    # The form is fine now; the service refuses the target, in Spanish, next to its field.
    response = client.post("/organizer/campaigns/new", data={
        "csrf_token": csrf_token(page), "name": "Horarios justos", "owner": "",
        "target": "Nadie S.A.", "demands-0-text": "Dos semanas de aviso",
        "demands-0-indicator": "S1"})
    assert response.status_code == 400
    assert error_of(response.get_data(as_text=True), "target") == (
        "Escoja el empleador objetivo por su nombre exacto en el registro.")
    with app.app_context():
        assert count(Campaign) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "campaign_opened")) == 0


def test_a_campaign_window_that_ends_before_it_starts_is_refused_at_its_end(
        app, client, world):
    login(client, "lead@a.org")
    page = client.get("/organizer/campaigns/new").get_data(as_text=True)
    response = client.post("/organizer/campaigns/new", data={
        "csrf_token": csrf_token(page), "name": "Fair shifts", "owner": "",
        "target": "Burger Barn", "starts_on": "2025-06-01", "ends_on": "2025-01-01"})
    assert response.status_code == 400
    assert error_of(response.get_data(as_text=True), "ends_on") == (
        "The window must end on or after its start.")
    with app.app_context():
        assert count(Campaign) == 0


def test_coalition_targets_are_added_and_removed_by_their_own_actions(app, client, world):
    coalition, employer = world["coalition"], world["employer"]
    with app.app_context(), transaction():
        create_user(email="viewer@a.org", password=PASSWORD, role="viewer",
                    organization_name="Centro")
    login(client, "lead@b.org")  # not a member: no such coalition
    token = csrf_token(client.get("/organizer/coalitions").get_data(as_text=True))
    removal = {"csrf_token": token, "employer_id": str(employer)}
    assert client.post(f"/organizer/coalitions/{coalition}/targets/remove",
                       data=removal).status_code == 404
    logout(client)
    login(client, "viewer@a.org")  # a member who only reads
    removal["csrf_token"] = csrf_token(client.get("/organizer/coalitions").get_data(as_text=True))
    assert client.post(f"/organizer/coalitions/{coalition}/targets/remove",
                       data=removal).status_code == 403
    logout(client)
    login(client, "lead@c.org")
    page = client.get(f"/organizer/coalitions/{coalition}").get_data(as_text=True)
    refused = client.post(f"/organizer/coalitions/{coalition}/targets", data={
        "csrf_token": csrf_token(page), "employer_name": "No Such Diner"})
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert "exact name" in error_of(html, "employer_name")
    assert 'value="No Such Diner"' in html
    removal["csrf_token"] = csrf_token(page)
    assert client.post(f"/organizer/coalitions/{coalition}/targets/remove",
                       data={**removal, "employer_id": "x"}).status_code == 400  # broken
    assert client.post(f"/organizer/coalitions/{coalition}/targets/remove",
                       data=removal).status_code == 302
    with app.app_context():
        assert db.session.get(Coalition, coalition).targets == []


def test_people_actions_refuse_next_to_the_row_and_change_nothing(app, client):
    with app.app_context(), transaction():
        create_user(email="boss@a.org", password=PASSWORD, role="admin",
                    organization_name="Centro")
        create_user(email="taken@b.org", password=PASSWORD, organization_name="Local")
        boss = db.session.scalar(sa.select(User.id).where(User.email == "boss@a.org"))
    totp = enable_two_factor(app, "boss@a.org")
    login(client, "boss@a.org")
    page = client.get("/auth/two-factor").get_data(as_text=True)
    client.post("/auth/two-factor", data={"csrf_token": csrf_token(page), "code": totp.now()})
    page = client.get("/organizer/people").get_data(as_text=True)
    token = csrf_token(page)
    # The last admin stays an admin: the refusal sits by that person's role.
    response = client.post("/organizer/people/role", data={
        "csrf_token": token, "user_id": str(boss), "role": "viewer"})
    assert response.status_code == 400
    assert "at least one admin" in error_of(response.get_data(as_text=True), f"role-{boss}")
    response = client.post("/organizer/people/remove", data={
        "csrf_token": token, "user_id": str(boss)})
    assert "at least one admin" in error_of(response.get_data(as_text=True), f"remove-{boss}")
    # An e-mail that is no address is refused before anything is asked of the service.
    response = client.post("/organizer/people", data={
        "csrf_token": token, "email": "not an address", "role": "viewer"})
    assert response.status_code == 400
    assert "name@example.org" in error_of(response.get_data(as_text=True), "email")
    assert client.post("/organizer/people/role", data={
        "csrf_token": token, "user_id": "", "role": "viewer"}).status_code == 400
    with app.app_context():
        roles = db.session.scalars(sa.select(Membership.role).where(
            Membership.user_id == boss)).all()
        assert [str(role) for role in roles] == ["admin"]


def test_a_refused_organization_leaves_nothing_behind(app, client):
    with app.app_context(), transaction():
        create_user(email="platform@admin.org", password=PASSWORD, organization_name=None,
                    platform_admin=True)
        create_user(email="taken@b.org", password=PASSWORD, organization_name="Local")
    totp = enable_two_factor(app, "platform@admin.org")
    login(client, "platform@admin.org")
    page = client.get("/auth/two-factor").get_data(as_text=True)
    client.post("/auth/two-factor", data={"csrf_token": csrf_token(page), "code": totp.now()})
    page = client.get("/organizer/platform").get_data(as_text=True)
    response = client.post("/organizer/platform/organizations", data={
        "csrf_token": csrf_token(page), "name": "Centro Nuevo", "admin_email": "taken@b.org"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "has an account already" in error_of(html, "admin-email")
    assert 'value="Centro Nuevo"' in html
    response = client.post("/organizer/platform/coalitions", data={
        "csrf_token": csrf_token(page), "name": "Alone", "members": []})
    assert "at least two" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(sa.select(Organization.name)).all() == ["Local"]
        assert count(Coalition) == 0


def test_a_dossier_in_a_language_we_do_not_write_is_refused_on_the_campaign_page(
        app, client, world):
    with app.app_context(), transaction():
        campaign = open_campaign(organization_id=world["a"], coalition_id=world["coalition"],
                                 plan=CampaignPlan(name="Fair shifts",
                                                   target_employer_id=world["employer"]))
        campaign_id = campaign.id
    login(client, "lead@a.org")
    page = client.get(f"/organizer/campaigns/{campaign_id}").get_data(as_text=True)
    assert '<option value="es" lang="es">Español</option>' in page
    response = client.post(f"/organizer/campaigns/{campaign_id}/dossiers", data={
        "csrf_token": csrf_token(page), "language": "xx"})
    assert response.status_code == 400
    assert error_of(response.get_data(as_text=True), "dossier-language")
    with app.app_context():
        assert count(Dossier) == 0
