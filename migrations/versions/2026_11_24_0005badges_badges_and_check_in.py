"""badges and check-in

Revision ID: 0005badges
Revises: 0004stalls
Create Date: 2026-11-24 16:16:04.343199

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005badges'
down_revision = '0004stalls'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('gate_staff',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('market_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['market_id'], ['markets.id'], name=op.f('fk_gate_staff_market_id_markets'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_gate_staff_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'market_id', name=op.f('pk_gate_staff'))
    )
    op.create_table('badges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('occurrence_id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('stall_id', sa.Integer(), nullable=False),
    sa.Column('stall_code', sa.String(length=16), nullable=False),
    sa.Column('short_code', sa.String(length=10), nullable=False),
    sa.Column('valid_from', sa.DateTime(timezone=True), nullable=False),
    sa.Column('valid_until', sa.DateTime(timezone=True), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_reason', sa.String(length=16), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_badges_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_badges_family_id_families'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['occurrence_id'], ['occurrences.id'], name=op.f('fk_badges_occurrence_id_occurrences'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['stall_id'], ['stalls.id'], name=op.f('fk_badges_stall_id_stalls'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_badges')),
    sa.UniqueConstraint('short_code', name=op.f('uq_badges_short_code'))
    )
    with op.batch_alter_table('badges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_badges_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_badges_family_id'), ['family_id'], unique=False)
        batch_op.create_index('uq_badges_live_application', ['application_id'], unique=True, sqlite_where=sa.text('revoked_at IS NULL'), postgresql_where=sa.text('revoked_at IS NULL'))

    op.create_table('no_shows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurrence_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('stall_code', sa.String(length=16), nullable=False),
    sa.Column('replaced_by_id', sa.Integer(), nullable=True),
    sa.Column('marked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_no_shows_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['by_id'], ['users.id'], name=op.f('fk_no_shows_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_no_shows_family_id_families'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['occurrence_id'], ['occurrences.id'], name=op.f('fk_no_shows_occurrence_id_occurrences'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['replaced_by_id'], ['applications.id'], name=op.f('fk_no_shows_replaced_by_id_applications'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_no_shows')),
    sa.UniqueConstraint('application_id', name=op.f('uq_no_shows_application_id'))
    )
    with op.batch_alter_table('no_shows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_no_shows_family_id'), ['family_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_no_shows_occurrence_id'), ['occurrence_id'], unique=False)

    op.create_table('checkins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurrence_id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('badge_id', sa.Integer(), nullable=True),
    sa.Column('method', sa.String(length=8), nullable=False),
    sa.Column('nonce', sa.String(length=64), nullable=True),
    sa.Column('checked_in_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("method IN ('scan', 'code', 'paper', 'manual')", name=op.f('ck_checkins_method_known')),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_checkins_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['badge_id'], ['badges.id'], name=op.f('fk_checkins_badge_id_badges'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['by_id'], ['users.id'], name=op.f('fk_checkins_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_checkins_family_id_families'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['occurrence_id'], ['occurrences.id'], name=op.f('fk_checkins_occurrence_id_occurrences'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkins')),
    sa.UniqueConstraint('nonce', name=op.f('uq_checkins_nonce')),
    sa.UniqueConstraint('occurrence_id', 'family_id', name=op.f('uq_checkins_occurrence_id_family_id'))
    )
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checkins_occurrence_id'), ['occurrence_id'], unique=False)

    with op.batch_alter_table('markets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('checkin_cutoff_minutes', sa.Integer(), server_default='60', nullable=False))



def downgrade():
    with op.batch_alter_table('markets', schema=None) as batch_op:
        batch_op.drop_column('checkin_cutoff_minutes')

    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checkins_occurrence_id'))

    op.drop_table('checkins')
    with op.batch_alter_table('no_shows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_no_shows_occurrence_id'))
        batch_op.drop_index(batch_op.f('ix_no_shows_family_id'))

    op.drop_table('no_shows')
    with op.batch_alter_table('badges', schema=None) as batch_op:
        batch_op.drop_index('uq_badges_live_application', sqlite_where=sa.text('revoked_at IS NULL'), postgresql_where=sa.text('revoked_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_badges_family_id'))
        batch_op.drop_index(batch_op.f('ix_badges_application_id'))

    op.drop_table('badges')
    op.drop_table('gate_staff')
