"""domain values checked by the database; a campaign's included relations as rows

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30 10:00:00

Every column holding a closed set of values (statuses, roles, channels, relation kinds, alias
sources, token purposes, dossier states, tiers) gets a CHECK constraint, on SQLite and
PostgreSQL alike. Existing values are first tidied ("Admin " → "admin", "staffing-agency" →
"staffing_agency"); a value that is still unknown takes the value the application already
treated it as:

- report status → 'new' (counted, as it was, and back in the review queue);
- report channel → 'web'; conversation channel → 'sms';
- membership or invitation role → 'viewer' (neither editor nor admin checks accepted it);
- dossier status → 'failed' (the page offered to make it again);
- alias source → 'manual'; tier → NULL (made again at the next publication);
- an account token of unknown purpose, or an employer relation of unknown kind, is deleted:
  no link and no roll-up could ever use it.

The values are written out here rather than imported, so that this revision keeps meaning
what it meant when later ones change the enums.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

STATUSES = ('new', 'reviewed', 'spam', 'duplicate')
CHANNELS = ('web', 'sms', 'whatsapp', 'voice', 'demo')
ROLES = ('viewer', 'organizer', 'admin')
RELATION_KINDS = ('franchisee', 'subsidiary', 'contractor', 'staffing_agency', 'supplier')
DOSSIER_STATES = ('queued', 'running', 'done', 'failed')
ALIAS_SOURCES = ('import', 'review', 'merge', 'manual')
TOKEN_PURPOSES = ('invite', 'reset')
TIERS = ('A', 'B', 'C', 'D')

# (table, column, values, fallback for an unknown value: a value, None for NULL, or DELETE)
DELETE = object()
CHECKED = (
    ('report', 'status', STATUSES, 'new'),
    ('report', 'channel', CHANNELS, 'web'),
    ('sms_conversation', 'channel', CHANNELS, 'sms'),
    ('membership', 'role', ROLES, 'viewer'),
    ('account_token', 'purpose', TOKEN_PURPOSES, DELETE),
    ('account_token', 'role', ROLES, 'viewer'),
    ('employer_alias', 'source', ALIAS_SOURCES, 'manual'),
    ('employer_relation', 'kind', RELATION_KINDS, DELETE),
    ('dossier', 'status', DOSSIER_STATES, 'failed'),
    ('published_employer', 'tier', TIERS, None),
)


def _listed(values):
    return ", ".join(f"'{value}'" for value in values)


def _check(column, values):
    return f"{column} IN ({_listed(values)})"


def _tidy(column, values):
    """SQL for the value as the enum spells it: trimmed, case folded, '-' and ' ' as '_'."""
    if all(value.isupper() for value in values):
        return f"upper(trim({column}))"
    return f"replace(replace(lower(trim({column})), '-', '_'), ' ', '_')"


def _normalize(table, column, values, fallback):
    valid, tidy = _listed(values), _tidy(column, values)
    if table == 'employer_relation':
        # A tidied kind may already be there for the same pair (unique together): keep that one.
        op.execute(f"DELETE FROM employer_relation WHERE kind NOT IN ({valid}) AND EXISTS ("
                   f"SELECT 1 FROM employer_relation other "
                   f"WHERE other.from_employer_id = employer_relation.from_employer_id "
                   f"AND other.to_employer_id = employer_relation.to_employer_id "
                   f"AND other.kind = {tidy.replace(column, 'employer_relation.' + column)})")
    op.execute(f"UPDATE {table} SET {column} = {tidy} "
               f"WHERE {column} NOT IN ({valid}) AND {tidy} IN ({valid})")
    if fallback is DELETE:
        op.execute(f"DELETE FROM {table} WHERE {column} NOT IN ({valid})")
    else:
        new = 'NULL' if fallback is None else f"'{fallback}'"
        op.execute(f"UPDATE {table} SET {column} = {new} WHERE {column} NOT IN ({valid})")


def upgrade():
    for table, column, values, fallback in CHECKED:
        _normalize(table, column, values, fallback)
    for table in dict.fromkeys(table for table, *_ in CHECKED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for checked_table, column, values, _fallback in CHECKED:
                if checked_table == table:
                    batch_op.create_check_constraint(batch_op.f(f'ck_{table}_{column}'),
                                                     _check(column, values))

    op.create_table('campaign_relation',
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.CheckConstraint(_check('kind', RELATION_KINDS), name=op.f('ck_campaign_relation_kind')),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_campaign_relation_campaign_id_campaign'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('campaign_id', 'kind', name=op.f('pk_campaign_relation'))
    )
    bind = op.get_bind()
    campaigns = bind.execute(sa.text("SELECT id, included_relations FROM campaign")).all()
    rows = [{'campaign_id': campaign_id, 'kind': kind}
            for campaign_id, included in campaigns
            for kind in sorted({word.lower().replace('-', '_') for word in included.split()}
                               & set(RELATION_KINDS))]
    if rows:
        bind.execute(sa.text("INSERT INTO campaign_relation (campaign_id, kind) "
                             "VALUES (:campaign_id, :kind)"), rows)
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.drop_column('included_relations')


def downgrade():
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.add_column(sa.Column('included_relations', sa.String(length=200),
                                      nullable=False, server_default=''))
    bind = op.get_bind()
    included = {}
    for campaign_id, kind in bind.execute(sa.text(
            "SELECT campaign_id, kind FROM campaign_relation ORDER BY campaign_id, kind")):
        included.setdefault(campaign_id, []).append(kind)
    for campaign_id, kinds in included.items():
        bind.execute(sa.text("UPDATE campaign SET included_relations = :kinds WHERE id = :id"),
                     {'kinds': ' '.join(kinds), 'id': campaign_id})
    op.drop_table('campaign_relation')

    for table in reversed(dict.fromkeys(table for table, *_ in CHECKED)):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for checked_table, column, _values, _fallback in CHECKED:
                if checked_table == table:
                    batch_op.drop_constraint(batch_op.f(f'ck_{table}_{column}'), type_='check')
