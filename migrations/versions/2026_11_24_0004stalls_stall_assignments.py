"""Stall assignments, stall quality and the assigner's weights per market.

Revision ID: 0004stalls
Revises: 0003applications
Create Date: 2026-11-24 15:45:45.271286

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004stalls'
down_revision = '0003applications'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('stall_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurrence_id', sa.Integer(), nullable=False),
    sa.Column('stall_id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(length=8), nullable=False),
    sa.Column('explanation', sa.Text(), server_default='', nullable=False),
    sa.Column('assigned_by_id', sa.Integer(), nullable=True),
    sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("method IN ('manual', 'auto', 'copied')", name=op.f('ck_stall_assignments_method_known')),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_stall_assignments_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['users.id'], name=op.f('fk_stall_assignments_assigned_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_stall_assignments_family_id_families'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['occurrence_id'], ['occurrences.id'], name=op.f('fk_stall_assignments_occurrence_id_occurrences'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['stall_id'], ['stalls.id'], name=op.f('fk_stall_assignments_stall_id_stalls'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stall_assignments')),
    sa.UniqueConstraint('application_id', name=op.f('uq_stall_assignments_application_id')),
    sa.UniqueConstraint('occurrence_id', 'family_id', name=op.f('uq_stall_assignments_occurrence_id_family_id')),
    sa.UniqueConstraint('occurrence_id', 'stall_id', name=op.f('uq_stall_assignments_occurrence_id_stall_id'))
    )
    with op.batch_alter_table('stall_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stall_assignments_family_id'), ['family_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stall_assignments_stall_id'), ['stall_id'], unique=False)

    with op.batch_alter_table('markets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assign_grouping', sa.String(length=8), server_default='spread', nullable=False))
        batch_op.add_column(sa.Column('weight_category_spread', sa.Integer(), server_default='5', nullable=False))
        batch_op.add_column(sa.Column('weight_fairness', sa.Integer(), server_default='5', nullable=False))
        batch_op.add_column(sa.Column('weight_first_time', sa.Integer(), server_default='3', nullable=False))
        batch_op.add_column(sa.Column('weight_reliability', sa.Integer(), server_default='3', nullable=False))
        batch_op.add_column(sa.Column('weight_seniority', sa.Integer(), server_default='2', nullable=False))
        batch_op.add_column(sa.Column('weight_uniqueness', sa.Integer(), server_default='3', nullable=False))
        batch_op.create_check_constraint(batch_op.f('ck_markets_grouping_known'), "assign_grouping IN ('spread', 'group')")

    with op.batch_alter_table('stalls', schema=None) as batch_op:
        batch_op.add_column(sa.Column('quality', sa.Integer(), server_default='3', nullable=False))
        batch_op.create_check_constraint(batch_op.f('ck_stalls_quality_range'), 'quality BETWEEN 1 AND 5')



def downgrade():
    with op.batch_alter_table('stalls', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_stalls_quality_range'), type_='check')
        batch_op.drop_column('quality')

    with op.batch_alter_table('markets', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_markets_grouping_known'), type_='check')
        batch_op.drop_column('weight_uniqueness')
        batch_op.drop_column('weight_seniority')
        batch_op.drop_column('weight_reliability')
        batch_op.drop_column('weight_first_time')
        batch_op.drop_column('weight_fairness')
        batch_op.drop_column('weight_category_spread')
        batch_op.drop_column('assign_grouping')

    with op.batch_alter_table('stall_assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stall_assignments_stall_id'))
        batch_op.drop_index(batch_op.f('ix_stall_assignments_family_id'))

    op.drop_table('stall_assignments')
