"""families: who heads the family (a woman, a man, or not said), for the count of women-led families

Revision ID: 0013headsex
Revises: 0012training
Create Date: 2026-12-02 16:05:53.360539

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013headsex'
down_revision = '0012training'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('families', schema=None) as batch_op:
        batch_op.add_column(sa.Column('head_sex', sa.String(length=8), nullable=True))
        batch_op.create_check_constraint(op.f('ck_families_head_sex_known'),
                                         "head_sex IS NULL OR head_sex IN ('female', 'male')")


def downgrade():
    with op.batch_alter_table('families', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_families_head_sex_known'), type_='check')
        batch_op.drop_column('head_sex')
