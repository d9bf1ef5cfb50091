"""Fixtures in the style of Flask's tutorial: `app`, `client`, `runner`.

Every test that takes `app` runs twice: on SQLite (a fresh file) and on PostgreSQL, in a schema of
its own inside the `test` database. Without a reachable PostgreSQL the PostgreSQL half is skipped,
unless WV_REQUIRE_POSTGRES=1 (as `.ci/run` sets), which turns that into a failure.
"""

import os
import uuid
from datetime import date

import pytest
import sqlalchemy as sa

os.environ["WORKER_VOICE_ENV"] = "testing"

from worker_voice import create_app
from worker_voice.extensions import db
from worker_voice.insights.periods import next_quarter, quarter_of

POSTGRES_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
ENGINES = ("sqlite", "postgresql")


def postgres_schema_url(schema: str) -> str:
    return f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session")
def postgres_schema():
    """A private schema in the PostgreSQL test database, or None when it cannot be reached."""
    schema = f"wv_test_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(POSTGRES_URL)
    try:
        with engine.begin() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError as error:
        engine.dispose()
        if os.environ.get("WV_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required but not reachable at {POSTGRES_URL}: {error}")
        yield None
        return
    yield schema
    with engine.begin() as connection:
        connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture(params=ENGINES)
def database_url(request, tmp_path, postgres_schema):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'worker_voice.sqlite3'}"
    if postgres_schema is None:
        pytest.skip("PostgreSQL is not reachable")
    return postgres_schema_url(postgres_schema)


def make_app(database_url: str, **overrides):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "PHONE_HASH_KEY": "test-phone-hash-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "MIN_CELL_SIZE": 5,
        # Today's quarter counts as ended, so that figures of reports made in a test are
        # published; tests of releases set their own day.
        "RELEASE_DATE": next_quarter(quarter_of(date.today())),
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture
def app_config():
    """Override in a test module to change the app's configuration."""
    return {}


@pytest.fixture
def app(database_url, app_config):
    app = make_app(database_url, **app_config)
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def app_context(app):
    with app.app_context():
        yield app
