import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from worker_voice.extensions import db

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
        upgrade()
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
