"""duplicates: pairs of family records that may be one family, and merged records

duplicate_pairs: one row per pair (smaller family id first, checked), its score and reasons,
open / not a duplicate / merged. families.merged_into_id: the record it was merged into
(never itself, checked).

Revision ID: 0020duplicates
Revises: 0019apitokens
Create Date: 2026-12-02 20:11:10.670752

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020duplicates'
down_revision = '0019apitokens'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('duplicate_pairs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('first_family_id', sa.Integer(), nullable=False),
    sa.Column('second_family_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('found_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('kept_family_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status <> 'merged' OR kept_family_id IN (first_family_id, second_family_id)", name=op.f('ck_duplicate_pairs_kept_is_one_of_the_pair')),
    sa.CheckConstraint("status = 'open' OR (decided_at IS NOT NULL)", name=op.f('ck_duplicate_pairs_decision_has_time')),
    sa.CheckConstraint("status IN ('open', 'not_duplicate', 'merged')", name=op.f('ck_duplicate_pairs_status_known')),
    sa.CheckConstraint('first_family_id < second_family_id', name=op.f('ck_duplicate_pairs_smaller_id_first')),
    sa.CheckConstraint('score BETWEEN 0 AND 100', name=op.f('ck_duplicate_pairs_score_range')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_duplicate_pairs_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['first_family_id'], ['families.id'], name=op.f('fk_duplicate_pairs_first_family_id_families'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['kept_family_id'], ['families.id'], name=op.f('fk_duplicate_pairs_kept_family_id_families'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['second_family_id'], ['families.id'], name=op.f('fk_duplicate_pairs_second_family_id_families'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duplicate_pairs')),
    sa.UniqueConstraint('first_family_id', 'second_family_id', name=op.f('uq_duplicate_pairs_first_family_id_second_family_id'))
    )
    with op.batch_alter_table('duplicate_pairs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_duplicate_pairs_second_family_id'), ['second_family_id'], unique=False)
        batch_op.create_index('ix_duplicate_pairs_status_score', ['status', 'score'], unique=False)

    with op.batch_alter_table('families', schema=None) as batch_op:
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_families_merged_into_id'), ['merged_into_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_families_merged_into_id_families'), 'families', ['merged_into_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint(op.f('ck_families_not_merged_into_itself'),
                                         'merged_into_id IS NULL OR merged_into_id <> id')



def downgrade():
    with op.batch_alter_table('families', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_families_not_merged_into_itself'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_families_merged_into_id_families'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_families_merged_into_id'))
        batch_op.drop_column('merged_into_id')

    with op.batch_alter_table('duplicate_pairs', schema=None) as batch_op:
        batch_op.drop_index('ix_duplicate_pairs_status_score')
        batch_op.drop_index(batch_op.f('ix_duplicate_pairs_second_family_id'))

    op.drop_table('duplicate_pairs')
