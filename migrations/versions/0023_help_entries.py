"""help entries, organizations' contacts and cities

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 21:45:00

- `help_entry` (+ `help_entry_topic`): where a worker can get help (wages, safety, retaliation,
  immigration-safe services), kept by each organization and shown after a report.
- `organization.contact_phone`, `contact_web`: how a worker reaches the collecting
  organization (thank-you page, SMS HELP).
- `organization.cities`: the cities it serves, so a worker on the general link whose city
  several organizations serve can choose which one reads the report.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_phone', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('contact_web', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('cities', sa.Text(), nullable=True))
    op.create_table(
        'help_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organization_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('phone', sa.String(length=40), nullable=True),
        sa.Column('web', sa.String(length=200), nullable=True),
        sa.Column('languages', sa.String(length=100), server_default='', nullable=False),
        sa.Column('city', sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(['organization_id'], ['organization.id'],
                                name=op.f('fk_help_entry_organization_id_organization'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_help_entry')),
    )
    with op.batch_alter_table('help_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_help_entry_organization_id'), ['organization_id'],
                              unique=False)
    op.create_table(
        'help_entry_topic',
        sa.Column('help_entry_id', sa.Integer(), nullable=False),
        sa.Column('topic', sa.Enum('wages', 'safety', 'retaliation', 'immigration_safe',
                                   name='topic', native_enum=False, create_constraint=True,
                                   length=20), nullable=False),
        sa.ForeignKeyConstraint(['help_entry_id'], ['help_entry.id'],
                                name=op.f('fk_help_entry_topic_help_entry_id_help_entry'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('help_entry_id', 'topic', name=op.f('pk_help_entry_topic')),
    )


def downgrade():
    op.drop_table('help_entry_topic')
    with op.batch_alter_table('help_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_help_entry_organization_id'))
    op.drop_table('help_entry')
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.drop_column('cities')
        batch_op.drop_column('contact_web')
        batch_op.drop_column('contact_phone')
