"""default organization: the one that collects reports sent with no organization named

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 20:40:00

- `organization.is_default`: reports through the general link /report and SMS without a keyword
  used to be stored with no collecting organization, so no one read them. The deployment now
  names one organization (`flask orgs default SLUG`); none is named by this migration.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_default', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.drop_column('is_default')
