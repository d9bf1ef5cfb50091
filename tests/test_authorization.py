"""Authorization as a matrix: every route × every kind of visitor × objects of two organizations.

Organizations A, B and C; A and C form a coalition that targets the employer, B is not in it.
The platform admin belongs to no organization.

A route missing from ROUTES fails the test, so a new page cannot ship without a decision about
who may use it. CSRF is switched off here: it is tested on its own, and would hide the answer
authorization gives.
"""

import pyotp
import pytest
import sqlalchemy as sa

from worker_voice import uow
from worker_voice.auth import twofactor
from worker_voice.auth.passwords import create_user
from worker_voice.campaigns.service import CampaignPlan, open_campaign
from worker_voice.contacts import request_contact
from worker_voice.extensions import db
from worker_voice.intake.receipts import hash_receipt
from worker_voice.models import Dossier, Organization, Report, User
from worker_voice.registry.coalitions import form_coalition, set_target

from .factories import add_employer, report

PASSWORD = "a long password here"
ROLES = ("anonymous", "viewer_a", "organizer_a", "admin_a", "viewer_b", "organizer_b", "admin_b",
         "organizer_c", "platform_admin")
COALITION_MEMBERS = ("a", "c")

# endpoint → (rule for it, the objects it is tried on)
ROUTES = {
    "web.index": ("public", [None]),
    "web.report": ("public", [None]),
    "web.delete": ("public", [None]),
    "web.favicon": ("public", [None]),
    "web.report_for": ("public", ["org_a", "org_b"]),
    "web.thanks": ("public", [None]),
    "web.methods": ("public", [None]),
    "web.topics": ("public", [None]),
    "web.topic_answers": ("public", [None]),
    "web.topics_added": ("public", [None]),
    "web.topics_done": ("public", [None]),
    "web.more": ("public", [None]),
    "web.messages": ("public", [None]),
    "web.mailbox_answer": ("public", [None]),
    "web.mailbox_close": ("public", [None]),
    "static": ("public", [None]),
    "sms.inbound": ("twilio", [None]),
    "sms.status": ("twilio", [None]),
    "sms.simulator": ("development", [None]),
    "voice.inbound": ("twilio", [None]),
    "voice.step": ("twilio", [None]),
    "voice.status": ("twilio", [None]),
    "voice.simulator": ("development", [None]),
    # Recorded prompts are public (Twilio fetches them); the matrix has no such file: 404.
    "voice.prompt": ("development", [None]),
    "auth.login": ("public", [None]),
    "auth.logout": ("signed_in", [None]),
    "auth.two_factor": ("second_step", [None]),
    "auth.two_factor_setup": ("signed_in", [None]),
    "organizer.home": ("signed_in", [None]),
    "organizer.employers": ("signed_in", [None]),
    "organizer.rankings": ("signed_in", [None]),
    "organizer.employer": ("signed_in", ["employer", "missing"]),
    "organizer.merge": ("platform", ["employer"]),
    "organizer.review": ("member", [None]),
    "organizer.review_link": ("editor", [None]),
    "organizer.review_create": ("editor", [None]),
    "organizer.audit_log": ("admin_or_platform", [None]),
    "organizer.people": ("admin", [None]),
    "organizer.invite_person": ("admin", [None]),
    "organizer.change_person_role": ("admin", [None]),
    "organizer.reset_link": ("admin", [None]),
    "organizer.remove_person": ("admin", [None]),
    "organizer.switch": ("member_of_a", [None]),
    "organizer.platform": ("platform", [None]),
    "organizer.add_organization": ("platform", [None]),
    "organizer.add_coalition": ("platform", [None]),
    "organizer.coalition_members": ("platform", [None]),
    "organizer.coalitions": ("member", [None]),
    "organizer.coalition": ("coalition", ["coalition", "missing"]),
    "organizer.coalition_employer": ("coalition", ["coalition", "not_target", "missing"]),
    "organizer.add_target": ("coalition_editor", ["coalition", "missing"]),
    "organizer.remove_target": ("coalition_editor", ["coalition", "missing"]),
    "auth.accept": ("token", [None]),
    "auth.reset": ("token", [None]),
    "organizer.reports": ("member", [None]),
    "organizer.report": ("own_report", ["report_a", "report_b", "missing"]),
    "organizer.report_status": ("own_report_editor", ["report_a", "report_b", "missing"]),
    "organizer.report_redact": ("own_report_editor", ["report_a", "report_b", "missing"]),
    "organizer.report_quote": ("own_report_editor", ["report_a", "report_b", "missing"]),
    "organizer.report_message": ("own_report_editor", ["report_a", "report_b", "missing"]),
    "organizer.burst_decide": ("editor", [None]),
    "organizer.reports_bulk": ("editor", [None]),
    "organizer.campaigns": ("member", [None]),
    "organizer.new_campaign": ("editor", [None]),
    "organizer.campaign": ("campaign", ["campaign", "missing"]),
    "organizer.edit_campaign": ("campaign_editor", ["campaign", "missing"]),
    "organizer.delete_campaign": ("campaign_editor", ["campaign", "missing"]),
    "organizer.request_dossier": ("campaign", ["campaign", "missing"]),
    "organizer.dossier": ("own_dossier", ["campaign", "missing"]),
    "organizer.dossier_pdf": ("own_dossier", ["campaign", "missing"]),
    "organizer.campaign_export": ("campaign", ["campaign", "missing"]),
    "organizer.employer_export": ("signed_in", ["employer", "missing"]),
    "organizer.coalition_export": ("coalition", ["coalition", "not_target", "missing"]),
    "organizer.data_dictionary": ("signed_in", [None]),
    "organizer.raw_export": ("editor", [None]),
    "organizer.api_tokens": ("admin", [None]),
    "organizer.create_api_token": ("admin", [None]),
    "organizer.revoke_api_token": ("admin", [None]),
    "organizer.help_entries": ("member", [None]),
    "organizer.save_contact": ("editor", [None]),
    "organizer.add_entry": ("editor", [None]),
    "organizer.remove_entry": ("editor", [None]),
    "web.contact": ("public", [None]),
    "web.contact_sent": ("public", [None]),
    "organizer.contacts": ("member", [None]),
    "organizer.contacts_export": ("editor", [None]),
    "organizer.contacts_message": ("editor", [None]),
    "organizer.contact": ("own_report", ["contact_a", "contact_b", "missing"]),
    "organizer.contact_update": ("own_report_editor", ["contact_a", "contact_b", "missing"]),
    "organizer.contact_delete": ("own_report_editor", ["contact_a", "contact_b", "missing"]),
    "api.employers": ("api_token", [None]),
    "api.summary": ("api_token", ["employer"]),
    "api.campaigns": ("api_token", [None]),
    "api.campaign": ("api_token", ["campaign"]),
    "api.openapi": ("public", [None]),
    "api.docs": ("public", [None]),
}


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": False}


@pytest.fixture
def matrix_world(app):
    with app.app_context():
        for org in ("a", "b", "c"):
            for role in ("viewer", "organizer", "admin"):
                create_user(email=f"{role}@{org}.org", password=PASSWORD, role=role,
                            organization_name=f"Org {org.upper()}")
        create_user(email="platform@admin.org", password=PASSWORD, organization_name=None,
                    platform_admin=True)
        secrets = {}
        for email, role in [("admin@a.org", "admin_a"), ("admin@b.org", "admin_b"),
                            ("platform@admin.org", "platform_admin")]:
            user = db.session.scalar(sa.select(User).where(User.email == email))
            secret = twofactor.new_secret()
            user.totp_secret, user.totp_last_step = secret, 0
            secrets[role] = secret
        db.session.commit()
        orgs = {o.name[-1].lower(): o for o in db.session.scalars(sa.select(Organization))}
        employer = add_employer("Burger Barn").id
        other = add_employer("Taco Town").id
        coalition = form_coalition(name="Fair Food",
                                   organization_ids=[orgs[o].id for o in COALITION_MEMBERS])
        set_target(coalition_id=coalition.id, organization_id=orgs["a"].id,
                   employer_id=employer, targeted=True)
        reports = {}
        for org in ("a", "b"):
            code = report(organization_id=orgs[org].id).code
            reports[org] = db.session.scalar(sa.select(Report.id)
                                             .where(Report.receipt_hash == hash_receipt(code)))
        campaign = open_campaign(organization_id=orgs["a"].id, coalition_id=coalition.id,
                                 plan=CampaignPlan(name="Fair shifts", target_employer_id=employer))
        # A dossier organization A asked for (made up: the matrix needs no real PDF).
        dossier = Dossier(campaign_id=campaign.id, organization_id=orgs["a"].id, locale="en",
                          status="done", progress=100, pdf=b"%PDF-1.7 made up")
        db.session.add(dossier)
        contacts = {org: request_contact(
            organization_id=orgs[org].id, name=None, phone="+1 312 555 0100", email=None,
            language="en", best_time=None, texting_ok=True, employer=None) for org in "ab"}
        uow.commit()  # and rebuild the release: pages then read a current one
        return {"contact_a": contacts["a"], "contact_b": contacts["b"],
                "secrets": secrets, "employer": employer, "not_target": other,
                "campaign": campaign.id, "dossier": dossier.id,
                "coalition": coalition.id, "report_a": reports["a"], "report_b": reports["b"],
                "slug_a": orgs["a"].slug, "slug_b": orgs["b"].slug, "org_a": orgs["a"].id}


def sign_in(client, role, matrix_world):
    if role == "anonymous":
        return
    kind, org = role.split("_")
    email = "platform@admin.org" if kind == "platform" else f"{kind}@{org}.org"
    client.post("/auth/login", data={"email": email, "password": PASSWORD})
    if kind in ("admin", "platform") and role in matrix_world["secrets"]:
        code = pyotp.TOTP(matrix_world["secrets"][role]).now()
        client.post("/auth/two-factor", data={"code": code})
    assert client.get("/organizer/employers").status_code == 200, role


def url_for_object(rule, obj, matrix_world):
    values = {"employer": matrix_world["employer"], "report_a": matrix_world["report_a"],
              "report_b": matrix_world["report_b"], "missing": 987654,
              "org_a": matrix_world["slug_a"], "org_b": matrix_world["slug_b"],
              "coalition": matrix_world["coalition"], "campaign": matrix_world["campaign"]}
    url = rule.rule
    for name in ("<int:campaign_id>", "<campaign_id>"):
        url = url.replace(name, str(values.get(obj)))
    url = url.replace("<int:contact_id>", str(matrix_world.get(obj, 987654)))
    url = url.replace("<int:dossier_id>", str(matrix_world["dossier"])).replace("<fmt>", "csv")
    if "<int:coalition_id>" in url:  # the coalition, and the employer asked about in it
        url = url.replace("<int:coalition_id>", str(values.get(obj, matrix_world["coalition"])))
        obj = {"coalition": "employer", "not_target": "not_target"}.get(obj, obj)
        values["not_target"] = matrix_world["not_target"]
    for name in ("employer_id", "report_id", "slug"):
        url = url.replace(f"<int:{name}>", str(values.get(obj))).replace(f"<{name}>",
                                                                         str(values.get(obj)))
    url = url.replace("<token>", "not-a-real-token")
    return url.replace("<action>", "status").replace("<path:filename>", "site.css")


def expected(kind, role, obj):
    """'ok', 'login' (sent to sign in), 'forbidden' (403) or 'hidden' (404)."""
    org = role.split("_")[1] if role not in ("anonymous", "platform_admin") else None
    editor = role.split("_")[0] in ("organizer", "admin")
    platform = role == "platform_admin"
    if kind == "public":
        return "ok"
    if kind == "token":
        return "hidden"  # a made-up link is no link
    if kind == "api_token":
        return "unauthorized"  # a session is no API token
    if kind == "second_step":  # nobody here is half-way through signing in
        return "login" if role == "anonymous" else "ok"
    if kind == "twilio":
        return "forbidden"  # no signature
    if kind == "development":
        return "hidden"
    if role == "anonymous":
        return "login"
    if kind == "signed_in":
        return "hidden" if obj == "missing" else "ok"
    if kind == "platform" or (kind == "admin_or_platform" and platform):
        return "ok" if platform else "forbidden"
    if platform:
        return "forbidden"  # in no organization: whatever the object, the same answer
    if kind == "member":
        return "ok"
    if kind == "member_of_a":
        return "ok" if org == "a" else "forbidden"
    if kind == "editor":
        return "ok" if editor else "forbidden"
    if kind in ("admin", "admin_or_platform"):
        return "ok" if role.startswith("admin") else "forbidden"
    if kind in ("own_report_editor", "coalition_editor", "campaign_editor") and not editor:
        return "forbidden"  # whatever the object, so the answer says nothing about it
    if kind in ("coalition", "coalition_editor", "campaign", "campaign_editor"):
        member = org in COALITION_MEMBERS  # the campaign is the coalition's
        return "ok" if member and obj in ("coalition", "campaign") else "hidden"
    if kind == "own_dossier":  # a dossier belongs to the organization that asked for it
        return "ok" if org == "a" and obj == "campaign" else "hidden"
    if kind in ("own_report", "own_report_editor"):
        if obj == "missing" or obj[-1] != org:
            return "hidden"  # another organization's report looks like no report
        return "ok"
    raise AssertionError(kind)


def outcome(response):
    location = response.headers.get("Location", "")
    if response.status_code == 302 and location.startswith("/auth/login"):
        return "login"
    return {401: "unauthorized", 403: "forbidden", 404: "hidden"}.get(response.status_code,
                                                                       "ok")


def test_every_route_is_in_the_matrix(app):
    assert {rule.endpoint for rule in app.url_map.iter_rules()} == set(ROUTES)


def writes_of(engine):
    """Every INSERT, UPDATE and DELETE the engine sends, but audit events, as a growing list."""
    writes = []

    def note(_connection, _cursor, statement, _parameters, _context, _executemany):
        words = statement.split(None, 3)
        if words[0].upper() in ("INSERT", "UPDATE", "DELETE") and not (
                words[0].upper() == "INSERT" and words[2].strip('"') == "audit_event"):
            writes.append(" ".join(words[:3]))

    sa.event.listen(engine, "before_cursor_execute", note)
    return writes


@pytest.mark.parametrize("role", ROLES)
def test_authorization_matrix(app, client, matrix_world, role, figure):
    """Every cell answers as the rule says; and no GET writes anything but audit events."""
    sign_in(client, role, matrix_world)
    with app.app_context():
        writes = writes_of(db.engine)
    checked, wrong, writing_reads = 0, [], []
    for rule in app.url_map.iter_rules():
        kind, objects = ROUTES[rule.endpoint]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for obj in objects:
                url = url_for_object(rule, obj, matrix_world)
                data = {"status": "reviewed", "target_id": str(matrix_world["employer"]),
                        "employer_id": str(matrix_world["employer"]), "name": "x",
                        "organization_id": str(matrix_world["org_a"])}
                if rule.endpoint in ("auth.logout", "organizer.merge",
                                     "organizer.delete_campaign",
                                     "organizer.remove_target") and method == "POST":
                    continue  # would end the session or delete the object mid-matrix
                before = len(writes)
                response = client.open(url, method=method, data=data if method == "POST"
                                       else None)
                if method == "GET" and len(writes) > before:
                    writing_reads.append((url, writes[before:]))
                want, got = expected(kind, role, obj), outcome(response)
                checked += 1
                if want != got:
                    wrong.append((method, url, want, got))
    assert wrong == [], "\n".join(map(str, wrong))
    assert writing_reads == []
    assert checked >= 25
    if role == ROLES[-1]:
        figure(f"[authorization] {checked} route × method × object cells per role, "
               f"{len(ROLES)} roles: {checked * len(ROLES)} checks")
