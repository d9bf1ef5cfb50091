"""Fixtures in the style of Flask's tutorial: `app`, `client`, `runner`.

Every test that takes `app` runs twice: on SQLite and on PostgreSQL (a schema of its own inside
the `test` database). The schema is built once per session per engine and each test starts from
empty tables (tests/fixtures/apps.py). Without a reachable PostgreSQL the PostgreSQL half is
skipped, unless WV_REQUIRE_POSTGRES=1 (as `.ci/run` sets), which turns that into a failure.

Shared fixtures live in tests/fixtures/ and are registered here; shared helpers are imported from
there. A test module never imports another test module.
"""

import os
import uuid

import pytest
import sqlalchemy as sa
from hypothesis import settings

os.environ["WORKER_VOICE_ENV"] = "testing"

from worker_voice.extensions import db

from .fixtures.apps import (
    ENGINES,
    POSTGRES_URL,
    copy_sqlite,
    create_schema,
    empty_tables,
    make_app,
    postgres_schema_url,
    sqlite_url,
)

# No per-example deadline: a deadline is a timed assertion, and these machines are shared (two
# test processes run side by side). Speed is measured by the benchmarks.
settings.register_profile("worker-voice", deadline=None)
settings.load_profile("worker-voice")

pytest_plugins = (
    "tests.fixtures.browsers", "tests.fixtures.figures", "tests.fixtures.organizations")


@pytest.fixture(scope="session")
def postgres():
    """An engine on the PostgreSQL test database, or None when it cannot be reached."""
    engine = sa.create_engine(POSTGRES_URL)
    try:
        with engine.connect():
            pass
    except sa.exc.OperationalError as error:
        engine.dispose()
        if os.environ.get("WV_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required but not reachable at {POSTGRES_URL}: {error}")
        yield None
        return
    yield engine
    engine.dispose()


def _new_schema(postgres) -> str:
    schema = f"wv_test_{uuid.uuid4().hex[:10]}"
    with postgres.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    return schema


def _drop_schema(postgres, schema: str) -> None:
    with postgres.begin() as connection:
        connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture(scope="session")
def postgres_tables(postgres):
    """An engine on a private PostgreSQL schema holding every table, built once per session."""
    if postgres is None:
        yield None
        return
    schema = _new_schema(postgres)
    create_schema(postgres_schema_url(schema))
    engine = sa.create_engine(postgres_schema_url(schema))
    yield engine
    engine.dispose()
    _drop_schema(postgres, schema)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """A SQLite file holding every table, built once per session; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "worker_voice.sqlite3"
    create_schema(sqlite_url(path))
    return path


@pytest.fixture(params=ENGINES)
def database_url(request, tmp_path, sqlite_template, postgres_tables):
    """A database holding every table, all empty, as if the schema had just been made."""
    if request.param == "sqlite":
        return copy_sqlite(sqlite_template, tmp_path / "worker_voice.sqlite3")
    if postgres_tables is None:
        pytest.skip("PostgreSQL is not reachable")
    with postgres_tables.begin() as connection:
        empty_tables(connection)
    return postgres_tables.url.render_as_string(hide_password=False)


@pytest.fixture(params=ENGINES)
def empty_database_url(request, tmp_path, postgres):
    """A database without any table (for migrations): a new SQLite file or PostgreSQL schema."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "empty.sqlite3")
        return
    if postgres is None:
        pytest.skip("PostgreSQL is not reachable")
    schema = _new_schema(postgres)
    yield postgres_schema_url(schema)
    _drop_schema(postgres, schema)


@pytest.fixture
def app_config():
    """Override in a test module to change the app's configuration."""
    return {}


@pytest.fixture
def app(database_url, app_config):
    app = make_app(database_url, **app_config)
    yield app
    with app.app_context():
        db.session.remove()
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
