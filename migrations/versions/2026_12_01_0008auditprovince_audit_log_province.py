"""audit log: the province of each entry's record, for reading the log one province at a time

Existing entries get the province of their market, venue, family or application where
one is found; the others stay without a province.

Revision ID: 0008auditprovince
Revises: 0007publicversion
Create Date: 2026-12-01 20:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008auditprovince'
down_revision = '0007publicversion'
branch_labels = None
depends_on = None

BACKFILL = {
    "markets": "SELECT province_id FROM markets WHERE markets.id = audit_log.target_id",
    "venues": "SELECT province_id FROM venues WHERE venues.id = audit_log.target_id",
    "families": "SELECT province_id FROM families WHERE families.id = audit_log.target_id",
    "applications": (
        "SELECT markets.province_id FROM applications JOIN occurrences ON occurrences.id = applications.occurrence_id "
        "JOIN markets ON markets.id = occurrences.market_id WHERE applications.id = audit_log.target_id"
    ),
}


def upgrade():
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('province_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_audit_log_province_id'), ['province_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_audit_log_province_id_provinces'), 'provinces',
                                    ['province_id'], ['id'], ondelete='SET NULL')
    for target_type, province_query in BACKFILL.items():
        op.execute(f"UPDATE audit_log SET province_id = ({province_query}) WHERE target_type = '{target_type}'")


def downgrade():
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_audit_log_province_id_provinces'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_audit_log_province_id'))
        batch_op.drop_column('province_id')
