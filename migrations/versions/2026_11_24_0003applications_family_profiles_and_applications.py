"""family profiles and applications

Revision ID: 0003applications
Revises: 0002markets
Create Date: 2026-11-24 15:34:59.248685

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003applications'
down_revision = '0002markets'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('target_type', sa.String(length=40), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('ip', sa.String(length=45), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_log_actor_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index('ix_audit_log_at', ['at'], unique=False)
        batch_op.create_index('ix_audit_log_target', ['target_type', 'target_id'], unique=False)

    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('link', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_user_unread', ['user_id', 'read_at'], unique=False)

    op.create_table('family_photos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('content_type', sa.String(length=32), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('position >= 0 AND position < 6', name=op.f('ck_family_photos_at_most_six')),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_family_photos_family_id_families'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_family_photos')),
    sa.UniqueConstraint('family_id', 'position', name=op.f('uq_family_photos_family_id_position')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_family_photos_stored_name'))
    )
    with op.batch_alter_table('family_photos', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_family_photos_family_id'), ['family_id'], unique=False)

    op.create_table('market_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('market_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('label_ar', sa.String(length=300), nullable=False),
    sa.Column('label_en', sa.String(length=300), nullable=True),
    sa.Column('required', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('options', sa.Text(), server_default='', nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('short_text', 'long_text', 'yes_no', 'choice', 'number')", name=op.f('ck_market_questions_kind_known')),
    sa.ForeignKeyConstraint(['market_id'], ['markets.id'], name=op.f('fk_market_questions_market_id_markets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_questions'))
    )
    with op.batch_alter_table('market_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_questions_market_id'), ['market_id'], unique=False)

    op.create_table('applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('occurrence_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('needs_electricity', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('needs_covered', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('needs_accessible', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('note', sa.Text(), server_default='', nullable=False),
    sa.Column('terms_accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('waitlist_rank', sa.Integer(), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status <> 'rejected' OR decision_reason IS NOT NULL", name=op.f('ck_applications_rejection_has_reason')),
    sa.CheckConstraint("status IN ('submitted', 'approved', 'waitlisted', 'rejected', 'withdrawn', 'cancelled')", name=op.f('ck_applications_status_known')),
    sa.ForeignKeyConstraint(['added_by_id'], ['users.id'], name=op.f('fk_applications_added_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_applications_family_id_families'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['occurrence_id'], ['occurrences.id'], name=op.f('fk_applications_occurrence_id_occurrences'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_applications')),
    sa.UniqueConstraint('family_id', 'occurrence_id', name=op.f('uq_applications_family_id_occurrence_id'))
    )
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_applications_family_id'), ['family_id'], unique=False)
        batch_op.create_index('ix_applications_occurrence_status', ['occurrence_id', 'status'], unique=False)

    op.create_table('application_answers',
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_application_answers_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['market_questions.id'], name=op.f('fk_application_answers_question_id_market_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('application_id', 'question_id', name=op.f('pk_application_answers'))
    )
    op.create_table('application_crafts',
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('craft_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_application_crafts_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['craft_id'], ['craft_categories.id'], name=op.f('fk_application_crafts_craft_id_craft_categories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('application_id', 'craft_id', name=op.f('pk_application_crafts'))
    )
    op.create_table('application_status_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.String(length=16), nullable=True),
    sa.Column('to_status', sa.String(length=16), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_application_status_changes_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['by_id'], ['users.id'], name=op.f('fk_application_status_changes_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_status_changes'))
    )
    with op.batch_alter_table('application_status_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_status_changes_application_id'), ['application_id'], unique=False)

    with op.batch_alter_table('families', schema=None) as batch_op:
        batch_op.add_column(sa.Column('head_name', sa.String(length=120), server_default='', nullable=False))
        batch_op.add_column(sa.Column('second_phone', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('products', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('first_market', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('rural_women_project', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('disability', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('other_programme', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('profile_updated_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('markets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('terms_ar', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('terms_en', sa.Text(), nullable=True))



def downgrade():
    with op.batch_alter_table('markets', schema=None) as batch_op:
        batch_op.drop_column('terms_en')
        batch_op.drop_column('terms_ar')

    with op.batch_alter_table('families', schema=None) as batch_op:
        batch_op.drop_column('profile_updated_at')
        batch_op.drop_column('other_programme')
        batch_op.drop_column('disability')
        batch_op.drop_column('rural_women_project')
        batch_op.drop_column('first_market')
        batch_op.drop_column('products')
        batch_op.drop_column('second_phone')
        batch_op.drop_column('head_name')

    with op.batch_alter_table('application_status_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_status_changes_application_id'))

    op.drop_table('application_status_changes')
    op.drop_table('application_crafts')
    op.drop_table('application_answers')
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index('ix_applications_occurrence_status')
        batch_op.drop_index(batch_op.f('ix_applications_family_id'))

    op.drop_table('applications')
    with op.batch_alter_table('market_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_questions_market_id'))

    op.drop_table('market_questions')
    with op.batch_alter_table('family_photos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_family_photos_family_id'))

    op.drop_table('family_photos')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_user_unread')

    op.drop_table('notifications')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_target')
        batch_op.drop_index('ix_audit_log_at')
        batch_op.drop_index(batch_op.f('ix_audit_log_actor_id'))

    op.drop_table('audit_log')
