"""the offline gate: phones enrolled per gate account and market, offline scans on check-ins (the phone's
time and when it was uploaded, which phone), and the offline scans that could not become arrivals (conflicts)

Revision ID: 0011offlinegate
Revises: 0010jobs
Create Date: 2026-12-02 05:48:48.858983

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011offlinegate'
down_revision = '0010jobs'
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('gate_devices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('market_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=80), nullable=False),
    sa.Column('enrolled_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['market_id'], ['markets.id'], name=op.f('fk_gate_devices_market_id_markets'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['users.id'], name=op.f('fk_gate_devices_revoked_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_gate_devices_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gate_devices')),
    sa.UniqueConstraint('public_id', name=op.f('uq_gate_devices_public_id'))
    )
    with op.batch_alter_table('gate_devices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gate_devices_market_id'), ['market_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_gate_devices_user_id'), ['user_id'], unique=False)

    op.create_table('scan_conflicts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurrence_id', sa.Integer(), nullable=False),
    sa.Column('badge_id', sa.Integer(), nullable=True),
    sa.Column('family_id', sa.Integer(), nullable=True),
    sa.Column('device_id', sa.Integer(), nullable=True),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('nonce', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.String(length=16), nullable=True),
    sa.Column('scanned_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('checkin_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('twice', 'refused', 'device_revoked')", name=op.f('ck_scan_conflicts_kind_known')),
    sa.ForeignKeyConstraint(['badge_id'], ['badges.id'], name=op.f('fk_scan_conflicts_badge_id_badges'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['by_id'], ['users.id'], name=op.f('fk_scan_conflicts_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['checkin_id'], ['checkins.id'], name=op.f('fk_scan_conflicts_checkin_id_checkins'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['device_id'], ['gate_devices.id'], name=op.f('fk_scan_conflicts_device_id_gate_devices'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_scan_conflicts_family_id_families'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['occurrence_id'], ['occurrences.id'], name=op.f('fk_scan_conflicts_occurrence_id_occurrences'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scan_conflicts')),
    sa.UniqueConstraint('nonce', name=op.f('uq_scan_conflicts_nonce'))
    )
    with op.batch_alter_table('scan_conflicts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scan_conflicts_occurrence_id'), ['occurrence_id'], unique=False)

    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.add_column(sa.Column('device_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_checkins_device_id_gate_devices'), 'gate_devices', ['device_id'], ['id'], ondelete='SET NULL')




def downgrade():

    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_checkins_device_id_gate_devices'), type_='foreignkey')
        batch_op.drop_column('uploaded_at')
        batch_op.drop_column('device_id')

    with op.batch_alter_table('scan_conflicts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scan_conflicts_occurrence_id'))

    op.drop_table('scan_conflicts')
    with op.batch_alter_table('gate_devices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_gate_devices_user_id'))
        batch_op.drop_index(batch_op.f('ix_gate_devices_market_id'))

    op.drop_table('gate_devices')

