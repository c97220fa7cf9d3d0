"""public data version: one row whose number grows with every committed market change

Seeded with number 1 and the latest market change, so validators sent before this
migration simply become out of date once.

Revision ID: 0007publicversion
Revises: 0006reports
Create Date: 2026-11-24 19:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007publicversion'
down_revision = '0006reports'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('public_data_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.BigInteger(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_public_data_version'))
    )
    op.execute(
        "INSERT INTO public_data_version (id, number, changed_at) "
        "SELECT 1, 1, COALESCE(MAX(updated_at), CURRENT_TIMESTAMP) FROM markets"
    )


def downgrade():
    op.drop_table('public_data_version')
