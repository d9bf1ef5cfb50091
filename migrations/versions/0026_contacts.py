"""contact requests, kept apart from reports

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-08 12:00:00

`contact` (issue 21, items 2-4): a worker's request to be contacted by an organization, with no
link to any report (no report id, no answer, not even the day: see models.contact). The name,
phone, e-mail, best time, employer and the organizer's notes are one AES-GCM blob under
CONTACT_KEY; `phone_hash` (HMAC under a key derived from CONTACT_KEY) finds a phone that texted
STOP. Ids are random 63-bit numbers, like reports'.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None

RANDOM_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade():
    op.create_table(
        'contact',
        sa.Column('id', RANDOM_ID, autoincrement=False, nullable=False),
        sa.Column('organization_id', sa.Integer(), nullable=False),
        sa.Column('sealed', sa.Text(), nullable=False),
        sa.Column('language', sa.String(length=10), nullable=False),
        sa.Column('texting_ok', sa.Boolean(), nullable=False),
        sa.Column('phone_hash', sa.String(length=64), nullable=True),
        sa.Column('opted_out', sa.Boolean(), nullable=False),
        sa.Column('status', sa.Enum('new', 'reached', 'met', 'committee', 'not_interested',
                                    name='status', native_enum=False, create_constraint=True,
                                    length=20), nullable=False),
        sa.Column('follow_up_on', sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(['organization_id'], ['organization.id'],
                                name=op.f('fk_contact_organization_id_organization'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_contact')),
    )
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_organization_id'), ['organization_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_contact_phone_hash'), ['phone_hash'], unique=False)


def downgrade():
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_phone_hash'))
        batch_op.drop_index(batch_op.f('ix_contact_organization_id'))
    op.drop_table('contact')
