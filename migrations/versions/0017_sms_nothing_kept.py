"""sms: nothing kept — unlogged conversation tables, no stored replies, per-phone daily counts,
Twilio deletions pending

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 18:00:00

- `sms_delivery.replies` is dropped: a retried delivery is answered with nothing, and the stored
  replies held receipt codes for two days. The table is only the once-only claim now.
- `sms_conversation.message_sids`: Twilio's ids of the messages of a running conversation,
  deleted at Twilio when it ends (existing conversations start with none).
- `phone_daily_count`: how often one phone did one thing today (wrong receipt codes sent with
  DELETE), keyed by sha256 of the phone pseudonym and the purpose.
- `sms_pending_deletion`: Twilio messages whose deletion Twilio refused for now, to try again.
- On PostgreSQL, `sms_conversation`, `sms_delivery` and `phone_daily_count` become UNLOGGED:
  never written to the WAL (emptied after a crash; only conversations in flight are lost).
  `sms_pending_deletion` stays logged: a crash must not forget what Twilio still holds.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

UNLOGGED = ('sms_conversation', 'sms_delivery', 'phone_daily_count')


def upgrade():
    with op.batch_alter_table('sms_delivery', schema=None) as batch_op:
        batch_op.drop_column('replies')

    with op.batch_alter_table('sms_conversation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('message_sids', sa.JSON(), nullable=False,
                                      server_default='[]'))
    with op.batch_alter_table('sms_conversation', schema=None) as batch_op:
        batch_op.alter_column('message_sids', server_default=None)

    op.create_table('phone_daily_count',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('key', 'day', name=op.f('pk_phone_daily_count'))
    )
    op.create_table('sms_pending_deletion',
    sa.Column('sid', sa.String(length=34), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('retry_after', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('sid', name=op.f('pk_sms_pending_deletion'))
    )
    with op.batch_alter_table('sms_pending_deletion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sms_pending_deletion_retry_after'), ['retry_after'],
                              unique=False)

    if op.get_bind().dialect.name == 'postgresql':
        for table in UNLOGGED:
            op.execute(f'ALTER TABLE {table} SET UNLOGGED')


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        for table in ('sms_conversation', 'sms_delivery'):  # the ones that stay
            op.execute(f'ALTER TABLE {table} SET LOGGED')

    with op.batch_alter_table('sms_pending_deletion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sms_pending_deletion_retry_after'))
    op.drop_table('sms_pending_deletion')
    op.drop_table('phone_daily_count')

    with op.batch_alter_table('sms_conversation', schema=None) as batch_op:
        batch_op.drop_column('message_sids')

    # The replies of earlier messages are gone: claims come back with none.
    with op.batch_alter_table('sms_delivery', schema=None) as batch_op:
        batch_op.add_column(sa.Column('replies', sa.JSON(), nullable=False, server_default='[]'))
    with op.batch_alter_table('sms_delivery', schema=None) as batch_op:
        batch_op.alter_column('replies', server_default=None)
