"""reports carry the day they were counted; rollups by quarter; adjustments keep published
quarters fixed

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 03:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

KEY = ['employer_id', 'organization_id', 'question_key', 'option']


def upgrade():
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('counted_on', sa.Date(), nullable=True))
    op.execute("UPDATE report SET counted_on = received_on")
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.alter_column('counted_on', existing_type=sa.Date(), nullable=False)

    op.drop_table('rollup_count')
    _create_counts('rollup_count', 'quarter')
    _create_counts('rollup_adjustment', 'quarter')
    _refill('quarter')


def downgrade():
    op.drop_table('rollup_adjustment')
    op.drop_table('rollup_count')
    _create_counts('rollup_count', 'month')
    _refill('month')
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_column('counted_on')


def _create_counts(table, period):
    op.create_table(table,
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('question_key', sa.String(length=20), nullable=False),
    sa.Column('option', sa.String(length=40), nullable=False),
    sa.Column(period, sa.Date(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['employer_id'], ['employer.id'], name=op.f(f'fk_{table}_employer_id_employer'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint(*KEY, period, name=op.f(f'pk_{table}'))
    )


def _refill(period):
    """The same counts `flask insights recompute` makes, in plain SQL (spam and duplicates
    are not counted). Until now every report was counted on the day it was received."""
    postgres = op.get_bind().dialect.name == "postgresql"
    if period == "quarter":
        day = "counted_on"
        start = ("CAST(date_trunc('quarter', r.counted_on) AS DATE)" if postgres else
                 "date(r.counted_on, 'start of month', '-' || "
                 "((CAST(strftime('%m', r.counted_on) AS INTEGER) - 1) % 3) || ' months')")
    else:
        day = "received_on"
        start = ("CAST(date_trunc('month', r.received_on) AS DATE)" if postgres else
                 "date(r.received_on, 'start of month')")
    assert day in start
    counted = "r.employer_id IS NOT NULL AND r.status NOT IN ('spam', 'duplicate')"
    org = "COALESCE(r.organization_id, 0)"
    columns = f"(employer_id, organization_id, question_key, option, {period}, count)"
    op.execute(f"INSERT INTO rollup_count {columns} "
               f"SELECT r.employer_id, {org}, '_reports', '_all', {start}, count(*) "
               f"FROM report r WHERE {counted} GROUP BY r.employer_id, {org}, {start}")
    op.execute(f"INSERT INTO rollup_count {columns} "
               f"SELECT r.employer_id, {org}, a.question_key, a.option, {start}, count(*) "
               f"FROM report r JOIN answer a ON a.report_id = r.id WHERE {counted} "
               f"GROUP BY r.employer_id, {org}, a.question_key, a.option, {start}")
    op.execute(f"INSERT INTO rollup_count {columns} "
               f"SELECT r.employer_id, {org}, a.question_key, '_answered', {start}, "
               f"count(DISTINCT a.report_id) "
               f"FROM report r JOIN answer a ON a.report_id = r.id WHERE {counted} "
               f"GROUP BY r.employer_id, {org}, a.question_key, {start}")
