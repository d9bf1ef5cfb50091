"""What the storage engine keeps after a row is gone, and how we make it keep nothing.

A DELETE or UPDATE only marks the old bytes free: SQLite leaves them in free pages and in the
write-ahead log until something overwrites them, PostgreSQL in dead tuples and its WAL. For rows
that could link a report to a phone (conversation state, a deleted story), that is not enough.

SQLite: `secure_delete` zeroes freed content in the database file, `journal_size_limit` keeps the
WAL file from growing without bound, and `forget_history()` asks for a truncating checkpoint once
the current boundary commits, so the old versions in the WAL are gone from the file too.
PostgreSQL: conversation state lives in UNLOGGED tables (never written to the WAL); what a
deletion leaves in the WAL is recycled by the server (see the README's privacy section).
"""

from sqlalchemy.engine.interfaces import DBAPICursor

from .extensions import db
from .uow import after_commit

# Bytes the WAL file is cut back to after a checkpoint (SQLite); 4 MiB holds a busy minute.
JOURNAL_SIZE_LIMIT = 4 * 1024 * 1024


def sqlite_privacy_pragmas(cursor: DBAPICursor) -> None:
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute(f"PRAGMA journal_size_limit={JOURNAL_SIZE_LIMIT}")


def forget_history() -> None:
    """After this boundary commits, leave no earlier version of a changed row in the files.

    Call it after deleting a report or ending a conversation. A checkpoint waits for no one: if
    a reader still holds an old snapshot the WAL is truncated at the next call instead."""
    if db.session.get_bind().dialect.name == "sqlite":
        after_commit(_truncate_wal, key="forget-history")


def _truncate_wal() -> None:
    # Outside any transaction: a checkpoint cannot run inside one.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
