"""accounts no one guesses: a session version per account

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 19:45:00

- `user_account.session_version`: part of every signed-in session; signing out or a new
  password raises it, which ends every session of that account, a copied cookie included.
  Existing accounts start at 0 (their current sessions end once, at the next request).

The login throttle keeps its columns: `window_start` now starts a 24-hour day of failures
and `failures` counts them over that day (progressive delays, then a daily cap).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), nullable=False,
                                      server_default='0'))


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('session_version')
