from datetime import date

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from worker_voice.extensions import db
from worker_voice.intake import find_by_receipt

from .fixtures.apps import make_app


def test_migrations_build_exactly_the_models(empty_database_url):
    app = make_app(empty_database_url)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert differences == []
        downgrade(revision="base")
        remaining = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert remaining == set()
        db.session.execute(sa.text("DROP TABLE alembic_version"))
        db.session.commit()
        db.engine.dispose()


def test_0010_keeps_accounts_and_rebuilds_rollups_per_organization(empty_database_url):
    """Accounts become memberships with their role; counts gain the collecting organization."""
    app = make_app(empty_database_url)
    with app.app_context():
        upgrade(revision="0009")
        run = db.session.execute
        run(sa.text("INSERT INTO organization (id, name, slug, created_at) "
                    "VALUES (7, 'Centro', 'centro', CURRENT_TIMESTAMP)"))
        run(sa.text("INSERT INTO user_account (id, email, password_hash, role, organization_id, "
                    "seen_report_id, created_at) VALUES "
                    "(3, 'a@b.org', 'x', 'admin', 7, 41, CURRENT_TIMESTAMP)"))
        run(sa.text("INSERT INTO employer (id, name, normalized_name) "
                    "VALUES (5, 'Burger Barn', 'burger barn')"))
        for report_id, organization, status in ((1, 7, "new"), (2, None, "new"), (3, 7, "spam")):
            run(sa.text(
                "INSERT INTO report (id, receipt_code, channel, locale, received_on, employer_id, "
                "employer_name_given, employer_name_normalized, city_given, organization_id, "
                "status, quote_approved) VALUES (:id, :code, 'web', 'en', '2026-10-05', 5, "
                "'Burger Barn', 'burger barn', 'Chicago', :org, :status, false)"),
                {"id": report_id, "code": f"CODE{report_id}", "org": organization,
                 "status": status})
            run(sa.text("INSERT INTO answer (report_id, question_key, option) "
                        "VALUES (:id, 'S2', 'yes')"), {"id": report_id})
        db.session.commit()
        upgrade(revision="0016")
        assert run(sa.text("SELECT user_id, organization_id, role, seen_report_id "
                           "FROM membership")).all() == [(3, 7, "admin", 41)]
        rows = set(run(sa.text("SELECT organization_id, question_key, option, count "
                               "FROM rollup_count")).all())
        assert rows == {(7, "_reports", "_all", 1), (0, "_reports", "_all", 1),
                        (7, "S2", "yes", 1), (0, "S2", "yes", 1),
                        (7, "S2", "_answered", 1), (0, "S2", "_answered", 1)}
        db.session.commit()  # release the reads' locks before the tables are dropped
        downgrade(revision="base")
        db.session.execute(sa.text("DROP TABLE alembic_version"))
        db.session.commit()
        db.engine.dispose()


def test_0016_tidies_domain_values_checks_them_and_splits_included_relations(
        empty_database_url):
    """Legacy spellings become enum values, unknown ones their fallback; every CHECK the models
    declare exists; a campaign's space-separated kinds become rows, and go back on downgrade."""
    app = make_app(empty_database_url)
    with app.app_context():
        upgrade(revision="0015")
        run = db.session.execute
        now = "CURRENT_TIMESTAMP"
        for statement in (
            "INSERT INTO organization (id, name, created_at) VALUES (7, 'Centro', {now})",
            "INSERT INTO user_account (id, email, password_hash, organization_id, created_at) "
            "VALUES (3, 'a@b.org', 'x', 7, {now}), (4, 'c@d.org', 'x', 7, {now})",
            "INSERT INTO membership (user_id, organization_id, role, created_at) "
            "VALUES (3, 7, ' Admin', {now}), (4, 7, 'boss', {now})",
            "INSERT INTO employer (id, name, normalized_name) "
            "VALUES (5, 'Barn', 'barn'), (6, 'Barn West', 'barn west')",
            "INSERT INTO employer_relation (id, kind, from_employer_id, to_employer_id) VALUES "
            "(1, 'Franchisee', 5, 6), (2, 'franchisee', 5, 6), (3, 'owner', 5, 6), "
            "(4, 'Staffing Agency', 5, 6)",
            "INSERT INTO employer_alias (id, employer_id, name, normalized_name, source) "
            "VALUES (1, 5, 'Barn Inc', 'barn inc', 'csv'), (2, 5, 'The Barn', 'the barn', 'MERGE')",
            "INSERT INTO report (id, receipt_code, channel, locale, received_on, counted_on, "
            "employer_name_given, employer_name_normalized, city_given, status, quote_approved) "
            "VALUES (1, 'CODE1', 'Web', 'en', '2026-10-05', '2026-10-05', 'Barn', 'barn', 'X', "
            "'SPAM', false), (2, 'CODE2', 'fax', 'en', '2026-10-05', '2026-10-05', 'Barn', "
            "'barn', 'X', 'weird', false)",
            "INSERT INTO sms_conversation (phone_hash, channel, state, updated_at) "
            "VALUES ('h1', 'SMS', '{{}}', {now}), ('h2', 'pager', '{{}}', {now})",
            "INSERT INTO account_token (id, token_hash, purpose, organization_id, role, "
            "expires_at, used) VALUES (1, 't1', 'login', 7, NULL, {now}, false), "
            "(2, 't2', 'Invite', 7, 'boss', {now}, false)",
            "INSERT INTO published_employer (scope, employer_id, reports, sector, region, tier) "
            "VALUES ('all', 5, 9, '72', '', 'b'), ('all', 6, 9, '72', '', 'Z')",
            "INSERT INTO campaign (id, name, organization_id, target_employer_id, "
            "included_relations, goal, created_at) VALUES (1, 'Fair Barn', 7, 5, "
            "'franchisee Staffing-Agency owner franchisee', '', {now}), "
            "(2, 'Plain', 7, 5, '', '', {now})",
            "INSERT INTO dossier (id, campaign_id, locale, organization_id, status, progress, "
            "created_at) VALUES (1, 1, 'en', 7, 'Done', 100, {now}), "
            "(2, 1, 'es', 7, 'lost', 10, {now})",
        ):
            run(sa.text(statement.format(now=now)))
        db.session.commit()
        upgrade(revision="0016")

        def rows(sql):
            return sorted(tuple(row) for row in run(sa.text(sql)).all())

        assert rows("SELECT user_id, role FROM membership") == [(3, "admin"), (4, "viewer")]
        assert rows("SELECT id, kind FROM employer_relation") == [  # the tidy one stays
            (2, "franchisee"), (4, "staffing_agency")]
        assert rows("SELECT id, source FROM employer_alias") == [(1, "manual"), (2, "merge")]
        assert rows("SELECT id, status, channel FROM report") == [
            (1, "spam", "web"), (2, "new", "web")]
        assert rows("SELECT phone_hash, channel FROM sms_conversation") == [
            ("h1", "sms"), ("h2", "sms")]
        assert rows("SELECT id, purpose, role FROM account_token") == [(2, "invite", "viewer")]
        assert rows("SELECT employer_id, tier FROM published_employer") == [(5, "B"), (6, None)]
        assert rows("SELECT id, status FROM dossier") == [(1, "done"), (2, "failed")]
        assert rows("SELECT campaign_id, kind FROM campaign_relation") == [
            (1, "franchisee"), (1, "staffing_agency")]

        inspector = sa.inspect(db.engine)
        existing = set(inspector.get_table_names())  # as of 0016: later tables are not there
        for table in [table for table in db.metadata.sorted_tables if table.name in existing]:
            declared = {c.name for c in table.constraints if isinstance(c, sa.CheckConstraint)}
            built = {c["name"] for c in inspector.get_check_constraints(table.name)}
            assert built == declared, table.name
        db.session.commit()

        downgrade(revision="0015")
        assert rows("SELECT id, included_relations FROM campaign") == [
            (1, "franchisee staffing_agency"), (2, "")]
        db.session.commit()
        downgrade(revision="base")
        db.session.execute(sa.text("DROP TABLE alembic_version"))
        db.session.commit()
        db.engine.dispose()


def test_0018_hashes_receipts_shuffles_ids_and_keeps_no_copy_of_a_deleted_report(
        empty_database_url):
    """Codes already given keep working through their hash; ids no longer follow arrival, and
    answers follow their report; the adjustments that copied deleted reports become sealed
    quarters; identifiers typed into names are taken out, and an alias holding one goes."""
    app = make_app(empty_database_url)
    with app.app_context():
        upgrade(revision="0017")
        run = db.session.execute
        run(sa.text("INSERT INTO employer (id, name, normalized_name) "
                    "VALUES (5, 'Burger Barn', 'burger barn')"))
        run(sa.text("INSERT INTO employer_alias (id, employer_id, name, normalized_name, source) "
                    "VALUES (1, 5, 'Burger Barn 312-555-0188', 'burger barn 312 555 0188', "
                    "'review'), (2, 5, 'BB', 'bb', 'manual')"))
        for report_id, name in ((1, "Burger Barn call 312-555-0188"), (2, "Burger Barn")):
            run(sa.text(
                "INSERT INTO report (id, receipt_code, channel, locale, received_on, counted_on, "
                "employer_id, employer_name_given, employer_name_normalized, city_given, status, "
                "quote_approved, what_happened) VALUES (:id, :code, 'web', 'en', '2026-10-05', "
                "'2026-10-05', 5, :name, 'burger barn', 'Chicago', 'new', false, "
                "'write maria dot canary at gmail dot com')"),
                {"id": report_id, "code": f"ABCD234{report_id + 1}", "name": name})
            for question, option in (("S2", "yes"), ("S6", "30")):
                run(sa.text("INSERT INTO answer (report_id, question_key, option) "
                            "VALUES (:id, :question, :option)"),
                    {"id": report_id, "question": question, "option": option})
        run(sa.text("INSERT INTO rollup_adjustment (employer_id, organization_id, question_key, "
                    "option, quarter, count) VALUES (5, 0, 'S2', 'yes', '2026-04-01', 1), "
                    "(5, 0, 'S2', 'yes', '2026-10-01', -1)"))
        db.session.commit()
        upgrade()
        assert find_by_receipt("abcd-2342") is not None
        assert find_by_receipt("ABCD2343") is not None and find_by_receipt("ABCD2344") is None
        reports = run(sa.text("SELECT id, employer_name_given, employer_name_normalized, "
                              "what_happened FROM report")).all()
        assert all(report_id > 2 ** 40 for report_id, *_ in reports)
        named = {given: normalized for _id, given, normalized, _story in reports}
        assert sorted(named) == ["Burger Barn", "Burger Barn [phone]"]
        assert set(named.values()) == {"burger barn"}
        assert not any("canary" in story for *_, story in reports)
        answers = run(sa.text("SELECT report_id, count(*) FROM answer GROUP BY report_id")).all()
        assert sorted(answers) == sorted((report_id, 2) for report_id, *_ in reports)
        assert run(sa.text("SELECT quarter FROM sealed_quarter ORDER BY quarter")).scalars().all(
            ) in (["2026-04-01", "2026-10-01"], [date(2026, 4, 1), date(2026, 10, 1)])
        assert run(sa.text("SELECT name FROM employer_alias")).scalars().all() == ["BB"]
        assert "rollup_adjustment" not in sa.inspect(db.engine).get_table_names()
        db.session.commit()
        downgrade(revision="base")
        db.session.execute(sa.text("DROP TABLE alembic_version"))
        db.session.commit()
        db.engine.dispose()
