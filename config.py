"""Configuration read from environment variables (documented in README.md).

`WORKER_VOICE_ENV` picks the posture: `production` (the default, so a forgotten variable fails
safe), `development` (what `make run` uses) or `testing`. Outside development and testing the
secrets must be set explicitly; `check_secrets` turns a missing or default secret into a clear
start-up error instead of a quietly insecure server.
"""

import os
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"

# Values that make development convenient and production unsafe. Anything listed here is refused
# outside development and testing.
DEV_SECRET_KEY = "dev-secret-key-not-for-production"  # noqa: S105 (refused outside dev)
DEV_PHONE_HASH_KEY = "dev-phone-hash-key-not-for-production"
# Development only: encrypts contact requests (worker_voice/contacts/crypto.py). Refused outside
# development and testing like the others; losing the real key makes every contact unreadable.
DEV_CONTACT_KEY = "dev-contact-key-not-for-production"
KNOWN_DEFAULTS = {DEV_SECRET_KEY, DEV_PHONE_HASH_KEY, DEV_CONTACT_KEY, "", "changeme", "secret",
                  "dev"}
SECRETS = ("SECRET_KEY", "PHONE_HASH_KEY", "CONTACT_KEY")


class ConfigError(RuntimeError):
    """The environment does not describe a safe, working configuration."""


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from exc


def default_database_url() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'worker_voice.sqlite3'}"


def from_environment() -> dict:
    """Build the Flask config mapping from the process environment."""
    env = os.environ.get("WORKER_VOICE_ENV", "production").strip().lower()
    if env not in {"production", "development", "testing"}:
        raise ConfigError(
            f"WORKER_VOICE_ENV must be production, development or testing, got {env!r}"
        )
    relaxed = env in {"development", "testing"}
    min_cell_size = _int_env("MIN_CELL_SIZE", 5)
    if min_cell_size < 2:
        raise ConfigError("MIN_CELL_SIZE must be at least 2: a cell of one is a person")
    # A figure where every worker gave the same answer ("5 of 5") tells each one's answer to
    # anyone who knows who reported: shown only for groups this large. Unset: 2 × MIN_CELL_SIZE
    # (kept as None, so that a MIN_CELL_SIZE set later, as tests do, moves it too).
    min_unanimous_size = (_int_env("MIN_UNANIMOUS_SIZE", 0)
                          if os.environ.get("MIN_UNANIMOUS_SIZE", "").strip() else None)
    if min_unanimous_size is not None and min_unanimous_size < min_cell_size:
        raise ConfigError("MIN_UNANIMOUS_SIZE must be at least MIN_CELL_SIZE: a smaller"
                          " unanimous group would be a small cell")
    survey_mode = os.environ.get("SURVEY_MODE", "core").strip().lower() or "core"
    if survey_mode not in {"core", "full"}:
        raise ConfigError(f"SURVEY_MODE must be core or full, got {survey_mode!r}")
    retention_days = _int_env("RETENTION_DAYS", 365)
    if retention_days < 1:
        raise ConfigError("RETENTION_DAYS must be at least 1")
    return {
        "WORKER_VOICE_ENV": env,
        "SECRET_KEY": os.environ.get("SECRET_KEY", DEV_SECRET_KEY if relaxed else ""),
        "PHONE_HASH_KEY": os.environ.get("PHONE_HASH_KEY", DEV_PHONE_HASH_KEY if relaxed else ""),
        # Encrypts the contact requests workers make (name, phone, e-mail, employer) and keys
        # the hash that finds a contact's phone after STOP. Kept out of the database and its
        # backups, apart from PHONE_HASH_KEY.
        "CONTACT_KEY": os.environ.get("CONTACT_KEY", DEV_CONTACT_KEY if relaxed else ""),
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL") or default_database_url(),
        "MIN_CELL_SIZE": min_cell_size,
        "MIN_UNANIMOUS_SIZE": min_unanimous_size,
        # Raw answers and stories are erased this many days after they were received, once their
        # quarter is published (`flask reports expire`, daily); the published totals stay.
        "RETENTION_DAYS": retention_days,
        # core: a short core survey, then the topics each worker picks; full: every question
        # (worker_voice/survey/plan.py).
        "SURVEY_MODE": survey_mode,
        # Figures are published per ended quarter; this ISO date stands in for today when a
        # demonstration needs another release (empty: today).
        "RELEASE_DATE": os.environ.get("RELEASE_DATE") or None,
        # Who runs this deployment, as workers should hear it (SMS HELP reply); ≤ 30 characters.
        "OPERATOR_NAME": os.environ.get("OPERATOR_NAME", "Worker Voice")[:30],
        "BABEL_DEFAULT_LOCALE": os.environ.get("DEFAULT_LOCALE", "en"),
        # Two catalogs: `worker` (every language) and `messages` (the organizer interface).
        # `worker` comes last: Flask-Babel takes the plural rule from the last catalog it loads,
        # and a language without an organizer catalog would get English plurals (Chinese "86
        # reports" falling back to English, Arabic choosing the wrong form).
        "BABEL_TRANSLATION_DIRECTORIES": ";".join([str(BASE_DIR / "translations")] * 2),
        "BABEL_DOMAIN": "messages;worker",
        # Flask's defaults are a 31-day session, cookies without Secure and no upload limit.
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        "SESSION_COOKIE_SECURE": not relaxed,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": not relaxed,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_DURATION": timedelta(hours=12),
        "MAX_CONTENT_LENGTH": 256 * 1024,
        "WTF_CSRF_TIME_LIMIT": 12 * 3600,
        # SMS in Latin-script languages: replace the few characters GSM-7 lacks (á → a; é, ñ,
        # ¿ and ¡ are GSM-7) so a message goes in 160-character segments, as Twilio's smart
        # encoding does. "0" turns it off.
        "SMS_SMART_ENCODING": os.environ.get("SMS_SMART_ENCODING", "1").strip() != "0",
        # Twilio: the auth token checks webhook signatures against PUBLIC_BASE_URL (the https
        # address Twilio calls; behind a TLS proxy request.url would say http://).
        "TWILIO_AUTH_TOKEN": os.environ.get("TWILIO_AUTH_TOKEN", ""),
        "TWILIO_ACCOUNT_SID": os.environ.get("TWILIO_ACCOUNT_SID", ""),
        "TWILIO_FROM_NUMBER": os.environ.get("TWILIO_FROM_NUMBER", ""),
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL", ""),
        # twiml: replies ride on the webhook response. gateway: replies are sent after the
        # commit through the SMS gateway (twilio or fake), on Redis + RQ when REDIS_URL is set.
        "SMS_REPLY_MODE": os.environ.get("SMS_REPLY_MODE", "twiml"),
        "SMS_GATEWAY": os.environ.get("SMS_GATEWAY", ""),
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        # Requests each API token may make (limits' syntax: "120 per minute", "1000/hour");
        # counted in Redis when REDIS_URL is set, else in each process's memory.
        # Reports one browser may send before the rest are held (windows of an hour at most;
        # empty: no limit), and conversations one phone may start in a day.
        "WEB_REPORT_LIMIT": os.environ.get("WEB_REPORT_LIMIT", "5 per minute;20 per hour"),
        "SMS_CONVERSATIONS_PER_DAY": _int_env("SMS_CONVERSATIONS_PER_DAY", 5),
        "API_RATE_LIMIT": os.environ.get("API_RATE_LIMIT") or "120 per minute",
        # Number of reverse proxies in front of the app (0 for the development server).
        "PROXY_HOPS": _int_env("PROXY_HOPS", 0),
        # Recycle pooled connections rather than ping them before every use: a ping is one more
        # round trip on every request.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_recycle": 1800},
    }


def check_secrets(config: Mapping[str, object]) -> None:
    """Refuse to start outside development/testing with a missing or well-known secret."""
    if config.get("WORKER_VOICE_ENV") in {"development", "testing"}:
        return
    problems = [
        name for name in SECRETS
        if str(config.get(name) or "") in KNOWN_DEFAULTS or len(str(config.get(name))) < 16
    ]
    if problems:
        raise ConfigError(
            "Refusing to start: set "
            + " and ".join(problems)
            + " to long random values (for example `python -c 'import secrets;"
            " print(secrets.token_hex(32))'`), or set WORKER_VOICE_ENV=development for local use."
        )
