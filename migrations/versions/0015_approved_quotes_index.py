"""an index on the reports whose quotes were approved (a campaign's quotes)

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-29 11:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_report_approved_quotes', 'report', ['employer_id'], unique=False,
                    postgresql_where=sa.text('quote_approved'),
                    sqlite_where=sa.text('quote_approved = 1'))


def downgrade():
    op.drop_index('ix_report_approved_quotes', table_name='report')
