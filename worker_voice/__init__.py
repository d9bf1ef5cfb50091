"""Worker Voice: anonymous worker reports in, guarded employer summaries out."""

from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry

PROJECT_DIR = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: config → extensions → i18n → blueprints → errors → CLI.

    No side effects beyond the process: nothing is written to the database or sent anywhere.
    """
    import config as config_module

    app = Flask(
        __name__,
        instance_path=str(config_module.INSTANCE_DIR),
        template_folder=str(PROJECT_DIR / "templates"),
        static_folder=str(PROJECT_DIR / "static"),
    )
    app.config.from_mapping(config_module.from_environment())
    if test_config is not None:
        app.config.from_mapping(test_config)
    config_module.check_secrets(app.config)

    _init_extensions(app)
    _register_blueprints(app)
    _subscribe_handlers(app)

    from . import errors

    errors.init_app(app)

    from .cli import register_commands

    register_commands(app)
    return app


def _init_extensions(app: Flask) -> None:
    from . import i18n, security
    from .extensions import babel, csrf, db, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_DIR / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    # "basic": a session seen from another browser or address is marked not fresh. Signed-in
    # sessions are permanent, for which Flask-Login's "strong" does only that too; on an
    # anonymous worker's session (a CSRF token, a language) "strong" rewrote the session on every
    # page, so two overlapping requests from one browser could overwrite each other's and lose
    # a form's CSRF token ("This page expired").
    login_manager.session_protection = "basic"
    app.context_processor(i18n.template_globals)
    from . import charts

    app.jinja_env.globals["charts"] = charts
    security.init_app(app)

    from . import jobs, uow
    from .auth import passwords
    from .gateways import sms

    sms.init_app(app)
    jobs.init_app(app)
    uow.init_app(app)
    passwords.init_app(app)

    from . import models  # noqa: F401  (register mappers before the first query)

    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            if db.engine.url.database and db.engine.url.database != ":memory:":
                Path(db.engine.url.database).parent.mkdir(parents=True, exist_ok=True)
            sa.event.listen(db.engine, "connect", _sqlite_pragmas)


def _sqlite_pragmas(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers and the writer proceed together; synchronous=FULL keeps acknowledged
    # reports through a power cut (NORMAL can lose the last commits in WAL mode).
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    from .storage import sqlite_privacy_pragmas

    sqlite_privacy_pragmas(cursor)
    cursor.close()


def _subscribe_handlers(app: Flask) -> None:
    """Side effects across layers: a lower layer announces, a higher one acts (same
    transaction)."""
    from .events import ApprovedQuoteLeft
    from .models.dossier import discard_stored_dossiers
    from .uow import subscribe

    subscribe(app, ApprovedQuoteLeft, lambda _event: discard_stored_dossiers())


def _register_blueprints(app: Flask) -> None:
    from .api import bp as api_bp
    from .auth import bp as auth_bp
    from .channels.sms import bp as sms_bp
    from .channels.voice import bp as voice_bp
    from .channels.web import bp as web_bp
    from .organizer import bp as organizer_bp

    app.register_blueprint(web_bp)
    app.register_blueprint(sms_bp)
    app.register_blueprint(voice_bp)
    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(organizer_bp, url_prefix="/organizer")
    app.register_blueprint(api_bp, url_prefix="/api/v1")
