"""public data versions per scope: the number of the last change of each province (0: everything)

Seeded with row 0 at the total's number, so that pages of one province keep the version
they had until their province (or everything) changes.

Revision ID: 0009publicscopes
Revises: 0008auditprovince
Create Date: 2026-12-01 20:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009publicscopes'
down_revision = '0008auditprovince'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('public_data_scope_versions',
    sa.Column('scope', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('number', sa.BigInteger(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('scope', name=op.f('pk_public_data_scope_versions'))
    )
    op.execute(
        "INSERT INTO public_data_scope_versions (scope, number, changed_at) "
        "SELECT 0, number, changed_at FROM public_data_version WHERE id = 1"
    )


def downgrade():
    op.drop_table('public_data_scope_versions')
