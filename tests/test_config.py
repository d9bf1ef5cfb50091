import pytest
import sqlalchemy as sa

import config
from worker_voice import create_app
from worker_voice.extensions import db


@pytest.mark.parametrize("secret", [None, "", config.DEV_SECRET_KEY, "changeme", "short"])
def test_production_refuses_missing_or_default_secrets(monkeypatch, secret):
    monkeypatch.setenv("WORKER_VOICE_ENV", "production")
    monkeypatch.setenv("PHONE_HASH_KEY", "p" * 40)
    if secret is None:
        monkeypatch.delenv("SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("SECRET_KEY", secret)
    with pytest.raises(config.ConfigError, match="SECRET_KEY"):
        create_app()


def test_production_starts_with_real_secrets_and_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("WORKER_VOICE_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("PHONE_HASH_KEY", "p" * 40)
    monkeypatch.setenv("CONTACT_KEY", "c" * 40)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["PERMANENT_SESSION_LIFETIME"].total_seconds() <= 12 * 3600
    assert app.config["MAX_CONTENT_LENGTH"]


def test_min_cell_size_from_environment(monkeypatch):
    monkeypatch.setenv("MIN_CELL_SIZE", "11")
    assert config.from_environment()["MIN_CELL_SIZE"] == 11
    monkeypatch.setenv("MIN_CELL_SIZE", "1")
    with pytest.raises(config.ConfigError):
        config.from_environment()


def test_sqlite_runs_durable_wal_with_busy_timeout_and_foreign_keys(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'wv.sqlite3'}"})
    with app.app_context():
        pragma = {
            name: db.session.execute(sa.text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys")
        }
    assert pragma == {"journal_mode": "wal", "synchronous": 2, "busy_timeout": 10000,
                      "foreign_keys": 1}


def test_production_hashes_passwords_with_argon2_defaults(monkeypatch, tmp_path):
    """Tests hash with cheap parameters; production keeps the library's recommended ones and
    rehashes a cheap hash at the next sign-in."""
    from argon2 import PasswordHasher, extract_parameters
    from argon2.profiles import get_default_parameters

    from worker_voice.auth.passwords import TESTING_PARAMETERS, hash_password

    database = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    with create_app({"SQLALCHEMY_DATABASE_URI": database}).app_context():
        cheap = hash_password("a long password here")
    assert extract_parameters(cheap).memory_cost == TESTING_PARAMETERS["memory_cost"]
    monkeypatch.setenv("WORKER_VOICE_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("PHONE_HASH_KEY", "p" * 40)
    monkeypatch.setenv("CONTACT_KEY", "c" * 40)
    monkeypatch.setenv("DATABASE_URL", database)
    app = create_app()
    with app.app_context():
        made = hash_password("a long password here")
    assert extract_parameters(made) == get_default_parameters()
    assert PasswordHasher().verify(made, "a long password here")
    hasher = app.extensions["password_hasher"]
    assert hasher.check_needs_rehash(cheap) and not hasher.check_needs_rehash(made)
