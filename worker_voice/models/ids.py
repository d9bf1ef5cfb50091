"""Identifiers that carry no order.

A sequence numbers rows in the order they arrive: with a report's day that gives the order of
arrival within the day, which matched against a phone company's message times maps SMS reports
to numbers. Rows about a report take a random 63-bit identifier instead (a collision in a
million rows has a chance of about one in 18 million, and the primary key refuses it).
"""

import secrets

import sqlalchemy as sa

# A rowid alias on SQLite (INTEGER PRIMARY KEY is already 64-bit there), BIGINT elsewhere.
RandomIdType = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def random_id() -> int:
    return secrets.randbits(63) or 1


MAX_ID = 2**63 - 1  # BIGINT's largest value, and more than random_id ever gives


def parse_id(text: str | None) -> int | None:
    """An id from a link or a form: ASCII digits of a value a row can hold; None for anything
    else. `str.isdigit` takes '²' and '٣' (int() then fails or reads another script), and a
    number past BIGINT fails in the database instead of finding nothing."""
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    value = int(text)
    return value if value <= MAX_ID else None
