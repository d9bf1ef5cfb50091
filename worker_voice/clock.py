"""The one clock: aware UTC datetimes, for column defaults and services alike."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
