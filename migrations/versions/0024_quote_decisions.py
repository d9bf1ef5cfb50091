"""quote decisions: the day an organizer decided on quoting a report's story

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-08 00:40:00

`report.quote_decided_on` (issue 20, item 4): a story declined for quoting leaves the quote
queue instead of waiting there forever. Until now only an approval was kept; an approved
report counts as decided whether or not it has a day, so no row needs filling in. Downgrade
drops the column: declined stories wait for a decision again, as they did before.

`ix_report_organization_order`: an organization's reports by (day, id), the order in which
the reports list is walked a page at a time from a cursor.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('quote_decided_on', sa.Date(), nullable=True))
        batch_op.create_index('ix_report_organization_order',
                              ['organization_id', 'received_on', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_index('ix_report_organization_order')
        batch_op.drop_column('quote_decided_on')
