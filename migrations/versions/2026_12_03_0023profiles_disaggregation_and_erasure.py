"""profiles: disaggregation fields and erased accounts

families.head_birth_year (checked between 1900 and 2020), families.displacement
(not_displaced / displaced / returnee, checked; NULL: not said) and
families.disability_in_family (the statistics' answer, NULL: not said; the priority flag
families.disability is unchanged). families.erased_at: the account was deleted at the
family's request; such a row keeps none of the family's own words (checked: name, head's
name, products and other programme empty, no second phone, no statistics answers).

Revision ID: 0023profiles
Revises: 0022units
Create Date: 2026-12-03 09:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0023profiles'
down_revision = '0022units'
branch_labels = None
depends_on = None

ERASED_IS_EMPTY = ("erased_at IS NULL OR (name = '' AND head_name = '' AND products = '' AND other_programme = '' "
                   "AND second_phone IS NULL AND head_sex IS NULL AND head_birth_year IS NULL "
                   "AND displacement IS NULL AND disability_in_family IS NULL)")


def upgrade():
    with op.batch_alter_table('families', schema=None) as batch_op:
        batch_op.add_column(sa.Column('head_birth_year', sa.SmallInteger(), nullable=True))
        batch_op.add_column(sa.Column('displacement', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('disability_in_family', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_check_constraint(op.f('ck_families_head_birth_year_plausible'),
                                         'head_birth_year IS NULL OR head_birth_year BETWEEN 1900 AND 2020')
        batch_op.create_check_constraint(op.f('ck_families_displacement_known'),
                                         "displacement IS NULL OR displacement IN "
                                         "('not_displaced', 'displaced', 'returnee')")
        batch_op.create_check_constraint(op.f('ck_families_erased_holds_no_personal_data'), ERASED_IS_EMPTY)


def downgrade():
    with op.batch_alter_table('families', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_families_erased_holds_no_personal_data'), type_='check')
        batch_op.drop_constraint(op.f('ck_families_displacement_known'), type_='check')
        batch_op.drop_constraint(op.f('ck_families_head_birth_year_plausible'), type_='check')
        batch_op.drop_column('erased_at')
        batch_op.drop_column('disability_in_family')
        batch_op.drop_column('displacement')
        batch_op.drop_column('head_birth_year')
