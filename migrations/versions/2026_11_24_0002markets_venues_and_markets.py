"""venues and markets

Revision ID: 0002markets
Revises: 9ddf80ebec9a
Create Date: 2026-11-24 15:29:10.921465

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002markets'
down_revision = '9ddf80ebec9a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('venues',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('name_ar', sa.String(length=160), nullable=False),
    sa.Column('name_en', sa.String(length=160), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('notes_for_vendors', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('latitude IS NULL OR (latitude BETWEEN -90 AND 90)', name=op.f('ck_venues_latitude_range')),
    sa.CheckConstraint('longitude IS NULL OR (longitude BETWEEN -180 AND 180)', name=op.f('ck_venues_longitude_range')),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_venues_area_id_areas'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['province_id'], ['provinces.id'], name=op.f('fk_venues_province_id_provinces')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_venues'))
    )
    with op.batch_alter_table('venues', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_venues_province_id'), ['province_id'], unique=False)

    op.create_table('markets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('title_ar', sa.String(length=200), nullable=False),
    sa.Column('title_en', sa.String(length=200), nullable=True),
    sa.Column('description_ar', sa.Text(), nullable=False),
    sa.Column('description_en', sa.Text(), nullable=True),
    sa.Column('province_id', sa.Integer(), nullable=False),
    sa.Column('venue_id', sa.Integer(), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.Column('opens_at', sa.Time(), nullable=False),
    sa.Column('closes_at', sa.Time(), nullable=False),
    sa.Column('recurrence_rule', sa.String(length=200), nullable=True),
    sa.Column('applications_open_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('applications_close_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('stall_fee', sa.Integer(), nullable=False),
    sa.Column('contact', sa.String(length=200), nullable=False),
    sa.Column('cancel_reason', sa.Text(), nullable=True),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('friday', 'festival')", name=op.f('ck_markets_kind_known')),
    sa.CheckConstraint("status IN ('draft', 'published', 'archived', 'cancelled')", name=op.f('ck_markets_status_known')),
    sa.CheckConstraint('applications_close_at > applications_open_at', name=op.f('ck_markets_window_in_order')),
    sa.CheckConstraint('closes_at > opens_at', name=op.f('ck_markets_hours_in_order')),
    sa.CheckConstraint('last_day >= first_day', name=op.f('ck_markets_days_in_order')),
    sa.CheckConstraint('stall_fee >= 0', name=op.f('ck_markets_fee_not_negative')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_markets_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['province_id'], ['provinces.id'], name=op.f('fk_markets_province_id_provinces')),
    sa.ForeignKeyConstraint(['venue_id'], ['venues.id'], name=op.f('fk_markets_venue_id_venues')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_markets'))
    )
    with op.batch_alter_table('markets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_markets_province_id'), ['province_id'], unique=False)
        batch_op.create_index('ix_markets_status_first_day', ['status', 'first_day'], unique=False)
        batch_op.create_index(batch_op.f('ix_markets_updated_at'), ['updated_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_markets_venue_id'), ['venue_id'], unique=False)

    op.create_table('stall_sections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('venue_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('columns', sa.Integer(), nullable=False),
    sa.CheckConstraint('columns BETWEEN 1 AND 50', name=op.f('ck_stall_sections_columns_range')),
    sa.CheckConstraint('rows BETWEEN 1 AND 50', name=op.f('ck_stall_sections_rows_range')),
    sa.ForeignKeyConstraint(['venue_id'], ['venues.id'], name=op.f('fk_stall_sections_venue_id_venues'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stall_sections')),
    sa.UniqueConstraint('venue_id', 'code', name=op.f('uq_stall_sections_venue_id_code'))
    )
    op.create_table('market_crafts',
    sa.Column('market_id', sa.Integer(), nullable=False),
    sa.Column('craft_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['craft_id'], ['craft_categories.id'], name=op.f('fk_market_crafts_craft_id_craft_categories'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['market_id'], ['markets.id'], name=op.f('fk_market_crafts_market_id_markets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('market_id', 'craft_id', name=op.f('pk_market_crafts'))
    )
    op.create_table('occurrences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('market_id', sa.Integer(), nullable=False),
    sa.Column('venue_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('cancel_reason', sa.Text(), nullable=True),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('scheduled', 'cancelled')", name=op.f('ck_occurrences_status_known')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_occurrences_ends_after_start')),
    sa.ForeignKeyConstraint(['market_id'], ['markets.id'], name=op.f('fk_occurrences_market_id_markets'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['venue_id'], ['venues.id'], name=op.f('fk_occurrences_venue_id_venues')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_occurrences')),
    sa.UniqueConstraint('market_id', 'day', name=op.f('uq_occurrences_market_id_day'))
    )
    with op.batch_alter_table('occurrences', schema=None) as batch_op:
        batch_op.create_index('ix_occurrences_starts_at', ['starts_at'], unique=False)
        batch_op.create_index('ix_occurrences_venue_starts_at', ['venue_id', 'starts_at'], unique=False)

    op.create_table('stalls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('venue_id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('row', sa.Integer(), nullable=False),
    sa.Column('column', sa.Integer(), nullable=False),
    sa.Column('width_m', sa.Float(), nullable=False),
    sa.Column('depth_m', sa.Float(), nullable=False),
    sa.Column('covered', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('electricity', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('accessible', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('corner', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('disabled', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.CheckConstraint('width_m > 0 AND depth_m > 0', name=op.f('ck_stalls_size_positive')),
    sa.ForeignKeyConstraint(['section_id'], ['stall_sections.id'], name=op.f('fk_stalls_section_id_stall_sections'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['venue_id'], ['venues.id'], name=op.f('fk_stalls_venue_id_venues'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stalls')),
    sa.UniqueConstraint('section_id', 'row', 'column', name=op.f('uq_stalls_section_id_row_column')),
    sa.UniqueConstraint('venue_id', 'code', name=op.f('uq_stalls_venue_id_code'))
    )
    with op.batch_alter_table('stalls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stalls_venue_id'), ['venue_id'], unique=False)

    op.create_table('market_stalls',
    sa.Column('market_id', sa.Integer(), nullable=False),
    sa.Column('stall_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['market_id'], ['markets.id'], name=op.f('fk_market_stalls_market_id_markets'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['stall_id'], ['stalls.id'], name=op.f('fk_market_stalls_stall_id_stalls'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('market_id', 'stall_id', name=op.f('pk_market_stalls'))
    )


def downgrade():
    op.drop_table('market_stalls')
    with op.batch_alter_table('stalls', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stalls_venue_id'))

    op.drop_table('stalls')
    with op.batch_alter_table('occurrences', schema=None) as batch_op:
        batch_op.drop_index('ix_occurrences_venue_starts_at')
        batch_op.drop_index('ix_occurrences_starts_at')

    op.drop_table('occurrences')
    op.drop_table('market_crafts')
    op.drop_table('stall_sections')
    with op.batch_alter_table('markets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_markets_venue_id'))
        batch_op.drop_index(batch_op.f('ix_markets_updated_at'))
        batch_op.drop_index('ix_markets_status_first_day')
        batch_op.drop_index(batch_op.f('ix_markets_province_id'))

    op.drop_table('markets')
    with op.batch_alter_table('venues', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_venues_province_id'))

    op.drop_table('venues')
