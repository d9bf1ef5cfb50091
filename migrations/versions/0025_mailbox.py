"""mailbox behind the receipt code

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-08 10:00:00

`mailbox_message` (issue 21, item 1): the collecting organization asks a report's author a
question from the report page, and the worker reads and answers it with the receipt code. A
message belongs to its report and goes with it (ON DELETE CASCADE; on SQLite the deletion also
deletes the rows itself, see intake.mailbox). `number` is the message's place in its report's
mailbox, so the order is kept without a time or a table-wide sequence; `sent_on` is the day only.
Which organizer wrote a message is in the audit log, not on the row; nothing names the worker.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None

RANDOM_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade():
    op.create_table(
        'mailbox_message',
        sa.Column('report_id', RANDOM_ID, nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('organization_id', sa.Integer(), nullable=False),
        sa.Column('direction', sa.Enum('to_worker', 'from_worker', name='direction',
                                       native_enum=False, create_constraint=True, length=12),
                  nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('sent_on', sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(['organization_id'], ['organization.id'],
                                name=op.f('fk_mailbox_message_organization_id_organization'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['report_id'], ['report.id'],
                                name=op.f('fk_mailbox_message_report_id_report'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('report_id', 'number', name=op.f('pk_mailbox_message')),
    )
    with op.batch_alter_table('mailbox_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mailbox_message_organization_id'),
                              ['organization_id'], unique=False)


def downgrade():
    with op.batch_alter_table('mailbox_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mailbox_message_organization_id'))
    op.drop_table('mailbox_message')
