"""merged employers: a merged-away employer is kept, pointing to the one it was merged into

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 19:50:00

- `employer.merged_into_id`: a merge used to move every report of the duplicate to the target
  and delete the duplicate; the reports already counted in published quarters now stay with the
  duplicate (published figures never move), which is kept, marked as merged into the target.
  Existing employers were never merged (merged ones were deleted): the column starts empty.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('employer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_employer_merged_into_id'), ['merged_into_id'],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_employer_merged_into_id_employer'), 'employer',
                                    ['merged_into_id'], ['id'])


def downgrade():
    with op.batch_alter_table('employer', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_employer_merged_into_id_employer'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_employer_merged_into_id'))
        batch_op.drop_column('merged_into_id')
