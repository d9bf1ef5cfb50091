"""The employer registry: import/export, the review queue, merges and roll-ups along relations."""

import csv
import io

import pytest
import sqlalchemy as sa

from worker_voice.extensions import db
from worker_voice.insights.disclosure import EVERYONE
from worker_voice.insights.rollups import recompute
from worker_voice.insights.summaries import employer_summary
from worker_voice.models import (
    AuditEvent,
    Employer,
    EmployerAlias,
    EmployerRelation,
    Organization,
    Report,
    RollupCount,
    Worksite,
)
from worker_voice.models.report import UNCOUNTED
from worker_voice.registry.csv_io import (
    COLUMNS,
    RegistryImportError,
    export_registry,
    import_registry,
)
from worker_voice.registry.review import link_unmatched, merge_employers, unmatched_names
from worker_voice.uow import transaction

from .factories import report
from .fixtures.rollups import snapshot

REGISTRY = """name,aliases,naics,relation,related_to,worksite,street,city,state,zip
McDonald's,McDonalds;Mickey D's,722513,,,,,,,
Golden Arches of Chicago LLC,,722513,franchisee,McDonald's,McDonald's - 5th St,1420 5th St,Chicago,IL,60605
Golden Arches of Chicago LLC,,722513,franchisee,McDonald's,McDonald's - Madison,300 W Madison St,Chicago,IL,60606
Lakeview Burgers Inc,,722513,franchisee,McDonald's,McDonald's - Clark,2900 N Clark St,Chicago,IL,60657
Amazon,Amazon.com,493110,,,Amazon ORD2,1500 Warehouse Dr,Joliet,IL,60431
PeopleReady,TrueBlue,561320,staffing_agency,Amazon,,,,,
"""


def rows(text=REGISTRY):
    return list(csv.DictReader(io.StringIO(text)))


def test_import_builds_employers_aliases_worksites_and_relations(app_context):
    summary = import_registry(rows=rows())
    assert (summary.employers, summary.aliases, summary.worksites, summary.relations) == (
        5, 3, 4, 3)
    again = import_registry(rows=rows())  # importing twice changes nothing
    assert (again.employers, again.aliases, again.worksites, again.relations) == (0, 0, 0, 0)
    db.session.add(EmployerRelation(  # a second relation of one employer survives the export
        kind="contractor", from_employer_id=db.session.scalar(
            sa.select(Employer.id).where(Employer.name == "McDonald's")),
        to_employer_id=db.session.scalar(
            sa.select(Employer.id).where(Employer.name == "PeopleReady"))))
    db.session.commit()
    exported = export_registry()
    assert list(exported[0]) == list(COLUMNS)
    assert db.session.scalar(sa.select(AuditEvent.detail).where(
        AuditEvent.action == "registry_exported")) == {"rows": len(exported)}
    db.session.execute(sa.delete(EmployerRelation))
    db.session.commit()
    assert import_registry(rows=exported).relations == 4


def test_import_is_all_or_nothing_with_row_numbers(app_context):
    bad = REGISTRY + "Bad Row,,12x,,,,,,,\nOrphan,,,franchisee,Nobody,,,,,\n"
    with pytest.raises(RegistryImportError) as error:
        import_registry(rows=rows(bad))
    assert error.value.errors == [(8, "naics must be 2 to 6 digits, got '12x'"),
                                  (9, "related_to 'Nobody' is not in the registry")]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Employer)) == 0


def test_dry_run_changes_nothing(app_context):
    assert import_registry(rows=rows(), dry_run=True).employers == 5
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Employer)) == 0


def test_import_and_export_commands(runner, app, tmp_path):
    source = tmp_path / "registry.csv"
    source.write_text(REGISTRY)
    result = runner.invoke(args=["employers", "import", str(source), "--dry-run"])
    assert "Would add 5 employers" in result.output
    result = runner.invoke(args=["employers", "import", str(source)])
    assert result.exit_code == 0 and "Added 5 employers" in result.output
    exported = runner.invoke(args=["employers", "export"]).output
    assert exported.splitlines()[0] == ",".join(COLUMNS)
    assert "Golden Arches of Chicago LLC" in exported and "McDonald's - 5th St" in exported
    bad = tmp_path / "bad.csv"
    bad.write_text("name,naics\nX,abc\n")
    result = runner.invoke(args=["employers", "import", str(bad)])
    assert result.exit_code != 0 and "row 2: naics must be 2 to 6 digits" in result.output


def test_a_brand_and_street_land_on_the_franchisee_and_roll_up_to_the_brand(app_context):
    import_registry(rows=rows())
    franchisee = db.session.scalar(sa.select(Employer).where(Employer.name.like("Golden%")))
    brand = db.session.scalar(sa.select(Employer).where(Employer.name == "McDonald's"))
    for _ in range(5):
        report("mcdonalds 5th st", city="Chicago", answers={"S2": "yes"})
    stored = db.session.scalars(sa.select(Report)).all()
    assert {r.employer_id for r in stored} == {franchisee.id}
    assert {r.worksite.street for r in stored} == {"1420 5th St"}
    assert employer_summary(scope=EVERYONE, employer_id=brand.id).reports is None  # the brand alone
    rolled = employer_summary(scope=EVERYONE, employer_id=brand.id, include=["franchisee"])
    assert rolled.reports == 5 and rolled.included == ("Golden Arches of Chicago LLC",)
    assert rolled.left_out == 1  # Lakeview Burgers has no reports


def test_roll_up_adds_only_what_each_member_publishes(app_context):
    import_registry(rows=rows())
    amazon = db.session.scalar(sa.select(Employer.id).where(Employer.name == "Amazon"))
    for answer in ["yes"] * 6 + ["no"] * 6:
        report("Amazon", city="Joliet", answers={"S2": answer})
    for answer in ["yes"] * 2 + ["no"] * 8:  # the agency's own "yes" cell is small
        report("PeopleReady", city="Joliet", answers={"S2": answer})
    rolled = employer_summary(scope=EVERYONE, employer_id=amazon, include=["staffing_agency"])
    [s2] = [i.measure for i in rolled.indicators if i.question.key == "S2"]
    # With the agency, "yes" would be 8 and Amazon's own page shows 6: the agency's 2 would
    # follow. The roll-up adds up published figures only, so it shows Amazon's alone.
    assert rolled.reports == 22 and (s2.problem, s2.n) == (6, 12)


def test_review_links_unmatched_names_and_learns_them(app_context):
    import_registry(rows=rows())
    ours, theirs = (Organization(name=name, slug=name) for name in ("ours", "theirs"))
    db.session.add_all([ours, theirs])
    db.session.commit()
    for organization in (ours, ours, ours, theirs):
        report("the warehouse in joliet ORD2", city="Joliet", answers={"S2": "yes"},
               organization_id=organization.id)
    [item] = unmatched_names(organization_id=ours.id)
    assert item.reports == 3
    amazon = db.session.scalar(sa.select(Employer.id).where(Employer.name == "Amazon"))
    assert link_unmatched(organization_id=ours.id, normalized_name=item.normalized_name,
                          employer_id=amazon) == 3
    assert unmatched_names(organization_id=ours.id) == []
    [left] = unmatched_names(organization_id=theirs.id)  # another organization's: untouched
    assert left.reports == 1
    incremental = snapshot()
    recompute()
    assert snapshot() == incremental
    receipt = report("the warehouse in joliet ORD2", city="Joliet")
    assert receipt.employer_matched  # learnt as an alias


def test_merge_moves_everything_and_rollups_agree_with_a_recompute(app, app_context):
    from datetime import date

    app.config["RELEASE_DATE"] = date.today()  # the reports' quarter is still open
    import_registry(rows=rows())
    duplicate = Employer(name="Amazon Fulfillment Joliet",
                         normalized_name="amazon fulfillment joliet")
    duplicate.worksites.append(Worksite(label="ORD2 dock", city="Joliet"))
    db.session.add(duplicate)
    db.session.commit()
    for _ in range(2):
        report("Amazon Fulfillment Joliet", city="Joliet", answers={"S2": "yes"})
    for _ in range(4):
        report("Amazon", city="Joliet", answers={"S2": "no"})
    amazon = db.session.scalar(sa.select(Employer.id).where(Employer.name == "Amazon"))
    published = employer_summary(scope=EVERYONE, employer_id=amazon)
    merge_employers(source_id=duplicate.id, target_id=amazon)
    assert db.session.get(Employer, duplicate.id).merged_into_id == amazon  # kept, merged away
    # The duplicate's reports of the open quarter now count for Amazon: the quarters Amazon
    # already published do not change.
    assert employer_summary(scope=EVERYONE, employer_id=amazon).reports == published.reports
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Report)
                             .where(Report.employer_id == amazon)) == 6  # all from the open quarter
    counted = db.session.scalar(sa.select(sa.func.count()).select_from(Report).where(
        Report.employer_id == amazon, Report.status.not_in(sorted(UNCOUNTED))))
    assert db.session.scalar(sa.select(sa.func.sum(RollupCount.count)).where(
        RollupCount.employer_id == amazon, RollupCount.question_key == "_reports")) == counted
    aliases = set(db.session.scalars(sa.select(EmployerAlias.normalized_name)
                                     .where(EmployerAlias.employer_id == amazon)))
    assert "amazon fulfillment joliet" in aliases
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Worksite)
                             .where(Worksite.employer_id == amazon)) == 2
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EmployerRelation)) == 3
    incremental = snapshot()
    recompute()
    assert snapshot() == incremental


def test_a_merge_moves_only_what_no_published_figure_counts_and_chains_end_at_the_last(
        app, app_context):
    from datetime import date

    from worker_voice.intake.review import set_status
    from worker_voice.registry.linking import final_employer_id
    from worker_voice.registry.matching import resolve
    from worker_voice.registry.review import RegistryError

    from .factories import add_employer

    app.config["RELEASE_DATE"] = date(2026, 5, 15)  # 2026 Q1 is published, Q2 is open
    organization = Organization(name="Centro", slug="centro")
    db.session.add(organization)
    db.session.commit()
    first, second, last = (add_employer(name).id for name in
                           ("Sunny Side Diner", "Sunny Side Cafe", "Sunrise Laundromat"))
    published = [report("Sunny Side Diner", answers={"S2": answer}, received_on=day,
                        organization_id=organization.id)
                 for answer, day in (("yes", date(2026, 1, 5)), ("no", date(2026, 2, 9)),
                                     ("no", date(2026, 3, 2)))]
    report("Sunny Side Diner", answers={"S2": "yes"}, received_on=date(2026, 4, 20),
           organization_id=organization.id)
    with transaction():
        spam = db.session.scalar(sa.select(Report.id).where(
            Report.received_on == date(2026, 3, 2)))
        set_status(report_id=spam, organization_id=organization.id, status="spam")
    before = snapshot()
    with transaction():
        assert merge_employers(source_id=first, target_id=second).id == second
    assert db.session.get(Employer, first).merged_into_id == second
    stays = db.session.execute(sa.select(Report.employer_id, Report.counted_on)
                               .order_by(Report.counted_on)).all()
    assert stays == [(first, date(2026, 1, 5)), (first, date(2026, 2, 9)),
                     (first, date(2026, 3, 2)), (second, date(2026, 4, 20))]
    after = snapshot()
    assert [row for row in after if row[3] < date(2026, 4, 1)] == [
        row for row in before if row[3] < date(2026, 4, 1)]
    assert [row for row in after if row[3] == date(2026, 4, 1)] == [
        (second, *row[1:]) for row in before if row[3] == date(2026, 4, 1)]
    recompute()
    assert snapshot() == after
    assert len(published) == 3
    # New reports naming the merged-away employer go to the one it was merged into; a second
    # merge moves the chain's end, and the merged-away employer is no longer offered.
    assert resolve("Sunny Side Diner", "Chicago").best.employer_id == second
    with transaction():
        merge_employers(source_id=second, target_id=last)
    assert final_employer_id(first) == last
    assert db.session.get(Employer, first).merged_into_id == last
    assert {c.employer_id for c in resolve("Sunny Side", "Chicago").candidates} == {last}
    assert report("Sunny Side Diner", received_on=date(2026, 5, 1)).employer_matched
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Report)
                             .where(Report.employer_id == last)) == 2
    with pytest.raises(RegistryError):
        merge_employers(source_id=first, target_id=last)  # merged already
    with pytest.raises(RegistryError):
        merge_employers(source_id=last, target_id=first)  # into itself, through the chain


def test_web_form_offers_candidates_when_unsure_and_links_the_choice(app, client):
    from .fixtures.forms import open_form

    with app.app_context(), transaction():
        import_registry(rows=rows())
        amazon = db.session.scalar(sa.select(Employer.id).where(Employer.name == "Amazon"))
    data = open_form(client) | {"employer_name": "amzon warehose", "city": "Joliet",
                                "S2": "yes"}
    page = client.post("/report", data=data).get_data(as_text=True)
    assert 'name="employer_choice"' in page and "Amazon" in page and 'value="Joliet"' in page
    response = client.post("/report", data=data | {"employer_choice": str(amazon)})
    assert response.status_code == 302
    with app.app_context():
        stored = db.session.scalar(sa.select(Report))
        assert stored.employer_id == amazon
        assert stored.employer_name_given == "amzon warehose"


def test_review_and_merge_pages(app, client):
    from worker_voice.auth.passwords import create_user

    from .fixtures.accounts import login
    from .fixtures.forms import csrf_token

    with app.app_context():
        import_registry(rows=rows())
        create_user(email="v@example.org", password="a viewer's password", role="viewer",
                    organization_name="Centro")
        create_user(email="o@example.org", password="an organizer password",
                    organization_name="Centro")
        centro = db.session.scalar(sa.select(Organization.id)
                                   .where(Organization.name == "Centro"))
        report("Sunrise Laundromat", city="Chicago", organization_id=centro)
        amazon = db.session.scalar(sa.select(Employer.id).where(Employer.name == "Amazon"))
        agency = db.session.scalar(sa.select(Employer.id).where(Employer.name == "PeopleReady"))
    login(client, "v@example.org", "a viewer's password")
    page = client.get("/organizer/review").get_data(as_text=True)
    assert "Sunrise Laundromat" in page
    token = csrf_token(page)
    form = {"csrf_token": token, "name": "sunrise laundromat", "employer_name": "Sunrise"}
    assert client.post("/organizer/review/create", data=form).status_code == 403
    client.post("/auth/logout", data={"csrf_token": token})
    login(client, "o@example.org", "an organizer password")
    token = csrf_token(client.get("/organizer/review").get_data(as_text=True))
    form["csrf_token"] = token
    assert client.post("/organizer/review/create", data=form).status_code == 302
    assert "Every report is linked" in client.get("/organizer/review").get_data(as_text=True)
    with app.app_context():
        report("Sunny Side Diner", city="Chicago", organization_id=centro)
    page = client.get("/organizer/review").get_data(as_text=True)
    client.post("/organizer/review/link", data={
        "csrf_token": csrf_token(page), "name": "sunny side diner", "employer_id": "",
        "other_employer": "peopleready"})
    with app.app_context():
        linked = db.session.scalar(sa.select(Report).where(
            Report.employer_name_given == "Sunny Side Diner"))
        assert linked.employer_id == agency
    # Merging changes every organization's figures: for platform admins only.
    assert client.get(f"/organizer/employers/{agency}/merge").status_code == 403
    response = client.post(f"/organizer/employers/{agency}/merge",
                           data={"csrf_token": token, "target_id": str(amazon)})
    assert response.status_code == 403
    with app.app_context(), transaction():
        merge_employers(source_id=agency, target_id=amazon)
    page = client.get(f"/organizer/employers/{amazon}?include=staffing_agency")
    assert page.status_code == 200
    page = client.get(f"/organizer/employers/{agency}").get_data(as_text=True)
    assert "Merged into Amazon" in page  # kept with what it published, pointing on
    page = client.get("/organizer/review").get_data(as_text=True)
    assert '<option value="PeopleReady">' not in page  # no longer offered


def test_sms_report_naming_a_brand_and_street_lands_on_the_franchisee(app_context):
    from worker_voice.channels.sms.service import handle_inbound

    import_registry(rows=rows())
    sent = iter(range(1000))

    def text(body):
        return handle_inbound(phone_hash="p" * 64, channel="sms", text=body,
                              message_hash=f"m{next(sent)}").replies

    for body in ("HOLA", "mcdonalds 5th st", "Chicago"):
        text(body)
    replies = text("1")
    while "0 para terminar" not in replies[-1]:
        replies = text("0")
    assert "BORRAR" in text("0")[0]
    stored = db.session.scalar(sa.select(Report))
    assert stored.employer.name == "Golden Arches of Chicago LLC"
    assert stored.worksite.street == "1420 5th St"


def test_a_merged_away_name_in_a_csv_adds_to_the_employer_it_joined(app_context):
    """An import never adds to an employer that only keeps its published history, and the
    export leaves it out (its name is an alias of the one it joined)."""
    from .factories import add_employer

    source, target = add_employer("Sunny Side Diner").id, add_employer("Sunny Side Cafe").id
    with transaction():
        merge_employers(source_id=source, target_id=target)
    with transaction():
        import_registry(rows=[{"name": "Sunny Side Diner", "worksite": "Diner 2", "city": "Cicero",
                               "state": "IL"}])
    kept = db.session.get(Employer, source)
    assert kept.merged_into_id == target and [s.city for s in kept.worksites] == []
    assert "Cicero" in [s.city for s in db.session.get(Employer, target).worksites]
    assert {row["name"] for row in export_registry()} == {"Sunny Side Cafe"}
