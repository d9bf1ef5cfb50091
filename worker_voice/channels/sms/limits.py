"""Per-phone daily counts: how often one phone did one thing today (wrong receipt codes sent
with DELETE, conversations started, reports about one employer). Kept where conversation state
lives (an UNLOGGED table on PostgreSQL), under sha256(phone pseudonym + ":" + purpose), and
dropped after the day."""

import hashlib
from datetime import date

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ...extensions import db
from ...models.conversation import PhoneDailyCount

_COUNTS = PhoneDailyCount.__table__
_ADD_ONE = {  # one statement, so that two messages at once both count
    dialect: (lambda statement: statement.on_conflict_do_update(
        index_elements=[_COUNTS.c.key, _COUNTS.c.day],
        set_={"count": _COUNTS.c.count + 1}).returning(_COUNTS.c.count))(insert(_COUNTS))
    for dialect, insert in (("postgresql", postgresql.insert), ("sqlite", sqlite.insert))}
_TAKE_BACK = (sa.update(_COUNTS)
              .where(_COUNTS.c.key == sa.bindparam("k"), _COUNTS.c.day == sa.bindparam("d"))
              .values(count=_COUNTS.c.count - 1))


def counter_key(phone_hash: str, purpose: str) -> str:
    return hashlib.sha256(f"{phone_hash}:{purpose}".encode()).hexdigest()


def count_one(*, phone_hash: str, purpose: str, day: date) -> int:
    """Count one more for this phone, purpose and day; returns the day's count with it."""
    connection = db.session.connection()
    return int(connection.execute(_ADD_ONE[connection.dialect.name], {
        "key": counter_key(phone_hash, purpose), "day": day, "count": 1}).scalar_one())


def count_of(*, phone_hash: str, purpose: str, day: date) -> int:
    """This phone's count for this purpose and day, without adding to it."""
    return int(db.session.scalar(sa.select(_COUNTS.c.count).where(
        _COUNTS.c.key == counter_key(phone_hash, purpose), _COUNTS.c.day == day)) or 0)


def take_back(*, phone_hash: str, purpose: str, day: date) -> None:
    """Undo `count_one` (the attempt turned out not to count)."""
    db.session.execute(_TAKE_BACK, {"k": counter_key(phone_hash, purpose), "d": day})


def drop_before(day: date) -> None:
    """Forget the counts of the days before `day`."""
    db.session.execute(sa.delete(_COUNTS).where(_COUNTS.c.day < day))
