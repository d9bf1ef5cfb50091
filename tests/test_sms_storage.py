"""Where SMS conversation state lives, and that it leaves no history there: UNLOGGED tables on
PostgreSQL (from the models and from migration 0017), no byte of a finished conversation in
SQLite's database file or its WAL."""

from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from worker_voice.channels.sms.service import pseudonym
from worker_voice.extensions import db
from worker_voice.survey import QUESTIONS

from .factories import add_employer
from .fixtures.apps import make_app
from .fixtures.sms import BASE, CANARY, TOKEN, Phone

UNLOGGED = {"sms_conversation", "sms_delivery", "phone_daily_count"}
LOGGED = {"sms_opt_out", "sms_pending_deletion", "report"}


@pytest.fixture
def app_config():
    return {"TWILIO_AUTH_TOKEN": TOKEN, "PUBLIC_BASE_URL": BASE}


def persistence(connection, tables):
    """'u' (unlogged) or 'p' (permanent) for each table in the current schema."""
    rows = connection.execute(sa.text(
        "SELECT c.relname, c.relpersistence FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname = ANY(:names)"),
        {"names": sorted(tables)}).all()
    return {name: kind for name, kind in rows}


def test_conversation_tables_are_unlogged_on_postgresql(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("UNLOGGED is PostgreSQL's")
        found = persistence(db.session.connection(), UNLOGGED | LOGGED)
    assert found == {**dict.fromkeys(UNLOGGED, "u"), **dict.fromkeys(LOGGED, "p")}


def files_of(app):
    path = Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_a_finished_conversation_leaves_no_byte_in_the_sqlite_files(app, client):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("the SQLite files")
        add_employer("Burger Barn")
    phone_hash = pseudonym(CANARY, app.config["PHONE_HASH_KEY"]).encode()
    phone = Phone(client)
    for text in ("HOLA", "Burger Barn", "Chicago", "1"):
        phone.send(text)
    # While the conversation runs its pseudonym is there (so the search below can find it).
    assert phone_hash in files_of(app)
    replies = []
    for _ in range(len(QUESTIONS) + 3):
        replies = phone.send("1")
        if "0 para terminar" in replies[-1]:
            break
    assert "BORRAR" in phone.send("Nos cambian el horario")[0]
    phone.send("0")  # no topic to add: the conversation ends
    assert phone_hash not in files_of(app)
    assert phone_hash.upper() not in files_of(app)


def test_0017_makes_conversation_tables_unlogged_and_drops_stored_replies(empty_database_url):
    app = make_app(empty_database_url)
    with app.app_context():
        upgrade(revision="0016")
        run = db.session.execute
        run(sa.text("INSERT INTO sms_delivery (message_hash, replies, received_on) "
                    "VALUES ('m1', '[\"Receipt code: ABCD-2345\"]', '2026-12-01')"))
        run(sa.text("INSERT INTO sms_conversation (phone_hash, channel, state, updated_at) "
                    "VALUES ('p1', 'sms', '{\"step\": \"city\"}', '2026-12-01 10:00:00')"))
        db.session.commit()
        upgrade(revision="0017")
        inspector = sa.inspect(db.engine)
        assert {c["name"] for c in inspector.get_columns("sms_delivery")} == {
            "message_hash", "received_on"}
        [(phone_hash, sids)] = run(sa.text("SELECT phone_hash, message_sids "
                                           "FROM sms_conversation")).all()
        assert (phone_hash, sids) in (("p1", []), ("p1", "[]"))
        postgresql = db.engine.dialect.name == "postgresql"
        if postgresql:
            found = persistence(db.session.connection(), UNLOGGED | {"sms_pending_deletion"})
            assert found == {**dict.fromkeys(UNLOGGED, "u"), "sms_pending_deletion": "p"}
        db.session.commit()
        downgrade(revision="0016")
        assert "replies" in {c["name"] for c in sa.inspect(db.engine).get_columns("sms_delivery")}
        assert not {"phone_daily_count", "sms_pending_deletion"} & set(
            sa.inspect(db.engine).get_table_names())
        if postgresql:
            assert set(persistence(db.session.connection(), UNLOGGED).values()) == {"p"}
        db.session.commit()
        downgrade(revision="base")
        db.session.execute(sa.text("DROP TABLE alembic_version"))
        db.session.commit()
        db.engine.dispose()
