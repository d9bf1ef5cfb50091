"""unlinkable reports: hashed receipt codes, random ids, sealed quarters instead of adjustments

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 19:30:00

- `report.receipt_code` becomes `receipt_hash`: HMAC-SHA256 of the code under a key derived
  from PHONE_HASH_KEY with the label "worker-voice receipt hashes" (as intake.receipts does;
  written out here so this revision keeps its meaning). The codes already given keep working.
- Reports and answers get random 63-bit ids (existing ones are renumbered; answers follow their
  report): sequential ids gave the order of arrival within a day.
- `rollup_adjustment` held, for every report that left after its quarter was published, +its
  answers in that quarter: a copy of a deleted report. The totals it kept are already in
  `rollup_count`; the quarters it touched become sealed (their totals are the record) and the
  table is dropped.
- Memberships remember the day of the last visit instead of the newest report id seen.
- Employer and city fields, stories and registry aliases are redacted again with the current
  redactor (the only revision that imports application code: a redactor cannot be written out
  here, and the text it leaves is what any later code expects). An alias whose name held an
  identifier is removed: no one else will type that name.

Downgrade restores the columns, not the data: receipt codes cannot be recovered from their
hashes (reports get new random codes nobody knows), sealed quarters are not turned back into
adjustments (the totals stay in rollup_count either way).
"""
import hashlib
import hmac
import re
import secrets

from alembic import op
import sqlalchemy as sa
from flask import current_app


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def upgrade():
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    _hash_receipts(bind)
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kept_in_published', sa.Boolean(),
                                      server_default=sa.false(), nullable=False))
    _random_ids(bind, postgres)
    _seal_adjusted_quarters(bind)
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_visit_on', sa.Date(), nullable=True))
        batch_op.drop_column('seen_report_id')
    _redact_again(bind)


def downgrade():
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seen_report_id', sa.Integer(), nullable=True))
        batch_op.drop_column('last_visit_on')
    op.create_table('rollup_adjustment',
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('question_key', sa.String(length=20), nullable=False),
    sa.Column('option', sa.String(length=40), nullable=False),
    sa.Column('quarter', sa.Date(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['employer_id'], ['employer.id'], name=op.f('fk_rollup_adjustment_employer_id_employer'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('employer_id', 'organization_id', 'question_key', 'option', 'quarter', name=op.f('pk_rollup_adjustment'))
    )
    op.drop_table('sealed_quarter')
    if postgres:
        # Back to sequences, continuing after the largest id (random ids are large).
        op.drop_constraint('fk_answer_report_id_report', 'answer', type_='foreignkey')
        for table in ('report', 'answer'):
            op.execute(f"CREATE SEQUENCE {table}_id_seq OWNED BY {table}.id")
            op.execute(f"SELECT setval('{table}_id_seq', (SELECT coalesce(max(id), 0) + 1 "
                       f"FROM {table}), false)")
            op.execute(f"ALTER TABLE {table} ALTER COLUMN id SET DEFAULT "
                       f"nextval('{table}_id_seq')")
        op.create_foreign_key('fk_answer_report_id_report', 'answer', 'report', ['report_id'],
                              ['id'], ondelete='CASCADE')
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_column('kept_in_published')
        batch_op.add_column(sa.Column('receipt_code', sa.String(length=12), nullable=True))
    report = sa.table('report', sa.column('id', sa.BigInteger), sa.column('receipt_code'))
    for (report_id,) in bind.execute(sa.select(report.c.id)).all():
        code = "".join(secrets.choice(ALPHABET) for _ in range(8))
        bind.execute(report.update().where(report.c.id == report_id).values(receipt_code=code))
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.alter_column('receipt_code', existing_type=sa.String(length=12), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_report_receipt_code'), ['receipt_code'])
        batch_op.drop_constraint(batch_op.f('uq_report_receipt_hash'), type_='unique')
        batch_op.drop_column('receipt_hash')


def _hash_receipts(bind):
    secret = current_app.config["PHONE_HASH_KEY"].encode()
    key = hmac.new(secret, b"worker-voice receipt hashes", hashlib.sha256).digest()
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('receipt_hash', sa.String(length=64), nullable=True))
    report = sa.table('report', sa.column('id', sa.Integer), sa.column('receipt_code'),
                      sa.column('receipt_hash'))
    rows = bind.execute(sa.select(report.c.id, report.c.receipt_code)).all()
    for report_id, code in rows:
        digest = hmac.new(key, code.encode(), hashlib.sha256).hexdigest()
        bind.execute(report.update().where(report.c.id == report_id)
                     .values(receipt_hash=digest))
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.alter_column('receipt_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_report_receipt_hash'), ['receipt_hash'])
        batch_op.drop_constraint(batch_op.f('uq_report_receipt_code'), type_='unique')
        batch_op.drop_column('receipt_code')


def _new_ids(count):
    """Distinct random 63-bit ids, all above 2^40: none equals an old sequential id, so rows can
    be renumbered one by one without meeting each other in the primary key."""
    ids = set()
    while len(ids) < count:
        ids.add(secrets.randbelow(2 ** 63 - 2 ** 40) + 2 ** 40)
    return list(ids)


def _random_ids(bind, postgres):
    if postgres:
        op.drop_constraint('fk_answer_report_id_report', 'answer', type_='foreignkey')
        for table, column in (('report', 'id'), ('answer', 'id'), ('answer', 'report_id')):
            op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE BIGINT")
        for table in ('report', 'answer'):
            op.execute(f"ALTER TABLE {table} ALTER COLUMN id DROP DEFAULT")
            op.execute(f"DROP SEQUENCE IF EXISTS {table}_id_seq")
    # (SQLite: foreign keys are off during migrations, see env.py, and INTEGER PRIMARY KEY is
    # already 64-bit.)
    for table, children in (('report', [('answer', 'report_id')]), ('answer', [])):
        old = [row[0] for row in bind.execute(sa.text(f"SELECT id FROM {table}"))]
        mapping = sa.table(f'{table}_new_id', sa.column('old', sa.BigInteger),
                           sa.column('new', sa.BigInteger))
        op.create_table(f'{table}_new_id', sa.Column('old', sa.BigInteger, primary_key=True),
                        sa.Column('new', sa.BigInteger, nullable=False))
        if old:
            op.bulk_insert(mapping, [{"old": o, "new": n} for o, n in zip(old, _new_ids(len(old)))])
        for child, column in [(table, 'id'), *children]:
            op.execute(f"UPDATE {child} SET {column} = (SELECT new FROM {table}_new_id "
                       f"WHERE old = {child}.{column})")
        op.drop_table(f'{table}_new_id')
    if postgres:
        op.create_foreign_key('fk_answer_report_id_report', 'answer', 'report', ['report_id'],
                              ['id'], ondelete='CASCADE')


def _seal_adjusted_quarters(bind):
    op.create_table('sealed_quarter',
    sa.Column('quarter', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('quarter', name=op.f('pk_sealed_quarter'))
    )
    op.execute("INSERT INTO sealed_quarter (quarter) "
               "SELECT DISTINCT quarter FROM rollup_adjustment WHERE count <> 0")
    op.drop_table('rollup_adjustment')


_MARKER = re.compile(r"\[[a-z]+\]")


def _redact_again(bind):
    from worker_voice.intake.redaction import redact
    from worker_voice.registry.normalize import normalize_employer_name

    report = sa.table('report', sa.column('id', sa.BigInteger),
                      sa.column('employer_name_given'), sa.column('employer_name_normalized'),
                      sa.column('city_given'), sa.column('what_happened'),
                      sa.column('one_change'))
    rows = bind.execute(sa.select(report.c.id, report.c.employer_name_given,
                                  report.c.city_given, report.c.what_happened,
                                  report.c.one_change)).all()
    for report_id, name, city, story, change in rows:
        values = {"employer_name_given": redact(name), "city_given": redact(city),
                  "what_happened": redact(story), "one_change": redact(change)}
        if values["employer_name_given"] != name:
            unmarked = _MARKER.sub(" ", values["employer_name_given"]).strip()
            values["employer_name_normalized"] = normalize_employer_name(unmarked)
        if values != {"employer_name_given": name, "city_given": city,
                      "what_happened": story, "one_change": change}:
            bind.execute(report.update().where(report.c.id == report_id).values(**values))
    alias = sa.table('employer_alias', sa.column('id', sa.Integer), sa.column('name'))
    for alias_id, name in bind.execute(sa.select(alias.c.id, alias.c.name)).all():
        if redact(name) != name:
            bind.execute(alias.delete().where(alias.c.id == alias_id))
