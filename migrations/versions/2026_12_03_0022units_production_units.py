"""units: production units

production_units (a name unique in its province, its area and craft, active or not), their
member families (one row per family and unit, at most one representative: a partial unique
index), the equipment they received (at least one piece, a value not negative, from a
partner or, with no partner, from the programme) and their monthly output (once per unit,
month and description; month as YYYY-MM, checked). applications.unit_id: an application sent
for a unit, with at most one live (submitted, approved, waitlisted) application per unit and
date (a partial unique index).

Revision ID: 0022units
Revises: 0021crafts
Create Date: 2026-12-03 09:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0022units'
down_revision = '0021crafts'
branch_labels = None
depends_on = None

LIVE_UNIT_APPLICATION = "unit_id IS NOT NULL AND status IN ('submitted', 'approved', 'waitlisted')"


def upgrade():
    op.create_table('production_units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('craft_id', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('length(name) > 0', name=op.f('ck_production_units_name_not_empty')),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_production_units_area_id_areas'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['craft_id'], ['craft_categories.id'], name=op.f('fk_production_units_craft_id_craft_categories'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['province_id'], ['provinces.id'], name=op.f('fk_production_units_province_id_provinces'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_production_units')),
    sa.UniqueConstraint('province_id', 'name', name=op.f('uq_production_units_province_id_name'))
    )
    with op.batch_alter_table('production_units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_production_units_province_id'), ['province_id'], unique=False)

    op.create_table('production_unit_members',
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('representative', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('joined_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_production_unit_members_family_id_families'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['production_units.id'], name=op.f('fk_production_unit_members_unit_id_production_units'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('unit_id', 'family_id', name=op.f('pk_production_unit_members'))
    )
    with op.batch_alter_table('production_unit_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_production_unit_members_family_id'), ['family_id'], unique=False)
        batch_op.create_index('uq_production_unit_members_representative', ['unit_id'], unique=True,
                              sqlite_where=sa.text('representative'), postgresql_where=sa.text('representative'))

    op.create_table('production_unit_equipment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=True),
    sa.Column('value_syp', sa.BigInteger(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('length(description) > 0', name=op.f('ck_production_unit_equipment_description_not_empty')),
    sa.CheckConstraint('quantity >= 1 AND quantity <= 100000', name=op.f('ck_production_unit_equipment_quantity_in_range')),
    sa.CheckConstraint('value_syp IS NULL OR value_syp >= 0', name=op.f('ck_production_unit_equipment_value_not_negative')),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_production_unit_equipment_partner_id_partners'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['unit_id'], ['production_units.id'], name=op.f('fk_production_unit_equipment_unit_id_production_units'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_production_unit_equipment'))
    )
    with op.batch_alter_table('production_unit_equipment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_production_unit_equipment_partner_id'), ['partner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_production_unit_equipment_unit_id'), ['unit_id'], unique=False)

    op.create_table('production_unit_outputs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('quantity', sa.BigInteger(), nullable=False),
    sa.Column('quantity_unit', sa.String(length=32), server_default='', nullable=False),
    sa.Column('value_syp', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("length(month) = 7 AND substr(month, 5, 1) = '-' AND substr(month, 6, 2) >= '01' "
                       "AND substr(month, 6, 2) <= '12' AND substr(month, 1, 4) >= '2000'",
                       name=op.f('ck_production_unit_outputs_month_format')),
    sa.CheckConstraint('length(description) > 0', name=op.f('ck_production_unit_outputs_description_not_empty')),
    sa.CheckConstraint('quantity >= 0', name=op.f('ck_production_unit_outputs_quantity_not_negative')),
    sa.CheckConstraint('value_syp >= 0', name=op.f('ck_production_unit_outputs_value_not_negative')),
    sa.ForeignKeyConstraint(['unit_id'], ['production_units.id'], name=op.f('fk_production_unit_outputs_unit_id_production_units'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_production_unit_outputs')),
    sa.UniqueConstraint('unit_id', 'month', 'description', name=op.f('uq_production_unit_outputs_unit_id_month_description'))
    )
    with op.batch_alter_table('production_unit_outputs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_production_unit_outputs_unit_id'), ['unit_id'], unique=False)

    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unit_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_applications_unit_id'), ['unit_id'], unique=False)
        batch_op.create_index('uq_applications_unit_live', ['unit_id', 'occurrence_id'], unique=True,
                              sqlite_where=sa.text(LIVE_UNIT_APPLICATION),
                              postgresql_where=sa.text(LIVE_UNIT_APPLICATION))
        batch_op.create_foreign_key(batch_op.f('fk_applications_unit_id_production_units'), 'production_units',
                                    ['unit_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_applications_unit_id_production_units'), type_='foreignkey')
        batch_op.drop_index('uq_applications_unit_live')
        batch_op.drop_index(batch_op.f('ix_applications_unit_id'))
        batch_op.drop_column('unit_id')

    op.drop_table('production_unit_outputs')
    op.drop_table('production_unit_equipment')
    op.drop_table('production_unit_members')
    op.drop_table('production_units')
