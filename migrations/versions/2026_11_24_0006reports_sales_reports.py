"""sales reports: a report per family and occurrence, its lines per craft, market settings

Check constraints on the new tables come from autogenerate; the one on the existing
`markets` table is added by hand (Alembic does not compare check constraints).

Revision ID: 0006reports
Revises: 0005badges
Create Date: 2026-11-24 16:22:21.110460

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006reports'
down_revision = '0005badges'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sales_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurrence_id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('attended', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('total_sales', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('best_product', sa.String(length=200), server_default='', nullable=False),
    sa.Column('problems', sa.Text(), server_default='', nullable=False),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('attended OR total_sales = 0', name=op.f('ck_sales_reports_absent_sold_nothing')),
    sa.CheckConstraint('rating IS NULL OR (rating >= 1 AND rating <= 5)', name=op.f('ck_sales_reports_rating_one_to_five')),
    sa.CheckConstraint('total_sales >= 0', name=op.f('ck_sales_reports_total_not_negative')),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_sales_reports_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['entered_by_id'], ['users.id'], name=op.f('fk_sales_reports_entered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_sales_reports_family_id_families'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['occurrence_id'], ['occurrences.id'], name=op.f('fk_sales_reports_occurrence_id_occurrences'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_reports')),
    sa.UniqueConstraint('application_id', name=op.f('uq_sales_reports_application_id')),
    sa.UniqueConstraint('occurrence_id', 'family_id', name=op.f('uq_sales_reports_occurrence_id_family_id'))
    )
    with op.batch_alter_table('sales_reports', schema=None) as batch_op:
        batch_op.create_index('ix_sales_reports_family_id', ['family_id'], unique=False)

    op.create_table('sales_report_lines',
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('craft_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('items', sa.Integer(), nullable=False),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_sales_report_lines_amount_not_negative')),
    sa.CheckConstraint('items >= 0', name=op.f('ck_sales_report_lines_items_not_negative')),
    sa.ForeignKeyConstraint(['craft_id'], ['craft_categories.id'], name=op.f('fk_sales_report_lines_craft_id_craft_categories'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['report_id'], ['sales_reports.id'], name=op.f('fk_sales_report_lines_report_id_sales_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('report_id', 'craft_id', name=op.f('pk_sales_report_lines'))
    )
    with op.batch_alter_table('sales_report_lines', schema=None) as batch_op:
        batch_op.create_index('ix_sales_report_lines_craft_id', ['craft_id'], unique=False)

    with op.batch_alter_table('markets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('report_deadline_days', sa.Integer(), server_default='7', nullable=False))
        batch_op.add_column(sa.Column('publish_sales_total', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_check_constraint(
            op.f('ck_markets_report_deadline_in_range'), 'report_deadline_days >= 0 AND report_deadline_days <= 90'
        )

    with op.batch_alter_table('occurrences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reports_requested_at', sa.DateTime(timezone=True), nullable=True))



def downgrade():
    with op.batch_alter_table('occurrences', schema=None) as batch_op:
        batch_op.drop_column('reports_requested_at')

    with op.batch_alter_table('markets', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_markets_report_deadline_in_range'), type_='check')
        batch_op.drop_column('publish_sales_total')
        batch_op.drop_column('report_deadline_days')

    with op.batch_alter_table('sales_report_lines', schema=None) as batch_op:
        batch_op.drop_index('ix_sales_report_lines_craft_id')

    op.drop_table('sales_report_lines')
    with op.batch_alter_table('sales_reports', schema=None) as batch_op:
        batch_op.drop_index('ix_sales_reports_family_id')

    op.drop_table('sales_reports')
