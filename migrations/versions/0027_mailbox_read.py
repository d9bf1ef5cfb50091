"""the day a worker's answer was first read

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-08 14:00:00

`mailbox_message.read_on`: the day someone of the collecting organization first opened the
report after its worker answered (None: not read yet), so the home page and the reports list
can show the answers waiting to be read. It says when an organizer read, nothing of when the
worker wrote. Answers stored before this revision start unread: nobody may have seen them.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('mailbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('read_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('mailbox_message', schema=None) as batch_op:
        batch_op.drop_column('read_on')
