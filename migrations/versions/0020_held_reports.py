"""held reports: a report status for what is stored but not counted until reviewed

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 20:00:00

`report.status` admits 'held' (issue 17): reports sent past a per-phone or per-browser limit,
or arriving in a burst, are kept but left out of the rollups until an organizer releases them.
The CHECK constraint made by 0016 is replaced by one with the new value. Downgrade turns held
reports into spam: neither is counted, so no rollup changes, and they stay visible for review.

The values are written out here rather than imported, so that this revision keeps meaning
what it meant when later ones change the enum.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

BEFORE = ('new', 'reviewed', 'spam', 'duplicate')
AFTER = (*BEFORE, 'held')


def _check(values):
    return "status IN ({})".format(", ".join(f"'{value}'" for value in values))


def _replace_check(values):
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_report_status'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_report_status'), _check(values))


def upgrade():
    _replace_check(AFTER)


def downgrade():
    op.execute("UPDATE report SET status = 'spam' WHERE status = 'held'")
    _replace_check(BEFORE)
