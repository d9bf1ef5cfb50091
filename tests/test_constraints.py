"""The database itself refuses a value outside a column's closed set, on SQLite and PostgreSQL.

Rows are written with plain SQL constructs (untyped columns), so nothing in the ORM or in the
column types gets a chance to refuse them first: only the CHECK constraint stands in the way.
"""

from datetime import UTC, date, datetime
from enum import StrEnum

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from worker_voice.extensions import db
from worker_voice.models import Campaign, Employer, HelpEntry, Organization, User
from worker_voice.models.enums import enum_column

TODAY = date(2026, 11, 30)
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def _rows(ids: dict[str, int]) -> dict[str, dict]:
    """A valid row per table that holds an enum column."""
    return {
        "report": {"id": 7, "receipt_hash": "a" * 64, "channel": "web", "locale": "en",
                   "received_on": TODAY, "counted_on": TODAY, "employer_name_given": "Barn",
                   "employer_name_normalized": "barn", "city_given": "Chicago", "status": "new",
                   "quote_approved": False},
        "sms_conversation": {"phone_hash": "f" * 64, "channel": "sms", "state": "{}",
                             "message_sids": "[]", "updated_at": NOW},
        "membership": {"user_id": ids["user"], "organization_id": ids["organization"],
                       "role": "viewer", "created_at": NOW},
        "account_token": {"token_hash": "e" * 64, "purpose": "invite",
                          "organization_id": ids["organization"], "email": "new@example.org",
                          "role": "viewer", "expires_at": NOW, "used": False},
        "employer_alias": {"employer_id": ids["employer"], "name": "Barn Inc",
                           "normalized_name": "barn inc", "source": "import"},
        "employer_relation": {"kind": "franchisee", "from_employer_id": ids["employer"],
                              "to_employer_id": ids["other_employer"]},
        "campaign_relation": {"campaign_id": ids["campaign"], "kind": "supplier"},
        "dossier": {"campaign_id": ids["campaign"], "locale": "en",
                    "organization_id": ids["organization"], "status": "queued", "progress": 0,
                    "created_at": NOW},
        "contact": {"id": 8, "organization_id": ids["organization"], "sealed": "x",
                    "language": "en", "texting_ok": False, "opted_out": False,
                    "status": "new"},
        "help_entry_topic": {"help_entry_id": ids["help_entry"], "topic": "wages"},
        "mailbox_message": {"report_id": ids["report"], "number": 1,
                            "organization_id": ids["organization"], "direction": "to_worker",
                            "text": "Which manager?", "sent_on": TODAY},
        "published_employer": {"scope": "all", "employer_id": ids["employer"], "reports": 9,
                               "sector": "72", "region": "", "tier": "A"},
    }


def _enum_columns() -> list[tuple[str, str]]:
    return sorted((table.name, column.name) for table in db.metadata.tables.values()
                  for column in table.columns if isinstance(column.type, sa.Enum))


ENUM_COLUMNS = [
    ("account_token", "purpose"), ("account_token", "role"), ("campaign_relation", "kind"),
    ("contact", "status"),
    ("dossier", "status"), ("employer_alias", "source"), ("employer_relation", "kind"),
    ("help_entry_topic", "topic"), ("mailbox_message", "direction"), ("membership", "role"),
    ("published_employer", "tier"),
    ("report", "channel"), ("report", "status"), ("sms_conversation", "channel"),
]


def test_every_enum_column_is_tested():
    assert _enum_columns() == ENUM_COLUMNS


def test_enum_columns_are_checked_strings():
    for table, column in ENUM_COLUMNS:
        kind = db.metadata.tables[table].c[column].type
        assert kind.native_enum is False and kind.create_constraint is True, (table, column)


@pytest.fixture
def existing(app_context) -> dict[str, int]:
    organization = Organization(name="Centro", slug="centro")
    user = User(email="a@example.org", password_hash="x")
    employer = Employer(name="Barn", normalized_name="barn")
    other = Employer(name="Barn West", normalized_name="barn west")
    db.session.add_all([organization, user, employer, other])
    db.session.flush()
    campaign = Campaign(name="Fair Barn", organization_id=organization.id,
                        target_employer_id=employer.id)
    entry = HelpEntry(organization_id=organization.id, name="Wage clinic", phone="555-0100")
    db.session.add_all([campaign, entry])
    db.session.commit()
    ids = {"organization": organization.id, "user": user.id, "employer": employer.id,
           "other_employer": other.id, "campaign": campaign.id, "help_entry": entry.id}
    _insert("report", {**_rows(ids | {"report": 0})["report"], "id": 70,  # a message's report
                       "receipt_hash": "b" * 64})
    db.session.commit()
    return ids | {"report": 70}


def _insert(table: str, row: dict, *, keep: bool = True) -> None:
    untyped = sa.table(table, *(sa.column(name) for name in row))
    savepoint = db.session.begin_nested()
    try:
        db.session.execute(sa.insert(untyped).values(row))
    except IntegrityError:
        savepoint.rollback()
        raise
    if keep:
        savepoint.commit()
    else:
        savepoint.rollback()


@pytest.mark.parametrize(("table", "column"), ENUM_COLUMNS)
def test_an_unknown_value_is_refused_by_the_database(existing, table, column):
    row = _rows(existing)[table]
    _insert(table, row, keep=False)  # the row as it is is fine…
    unknown = "bogus"[:db.metadata.tables[table].c[column].type.length]  # fits the column
    with pytest.raises(IntegrityError):
        _insert(table, {**row, column: unknown})  # …but not with an unknown value


@pytest.mark.parametrize(("table", "column"), ENUM_COLUMNS)
def test_a_value_in_the_wrong_case_is_refused(existing, table, column):
    row = _rows(existing)[table]
    with pytest.raises(IntegrityError):
        _insert(table, {**row, column: row[column].swapcase()})


def test_the_orm_reads_members_and_compares_as_strings(existing):
    from worker_voice.models import Membership, Role

    db.session.add(Membership(user_id=existing["user"], organization_id=existing["organization"],
                              role="admin"))
    db.session.commit()
    db.session.expire_all()
    role = db.session.scalar(sa.select(Membership.role))
    assert role is Role.ADMIN and role == "admin"


def test_enum_column_admits_exactly_the_values():
    class Colour(StrEnum):
        RED = "red"
        DARK_BLUE = "dark_blue"

    column = enum_column(Colour, name="colour", length=12)
    assert column.enums == ["red", "dark_blue"] and column.length == 12
