"""training: courses, cohorts, sessions, enrolments, attendance, certificates; a market may require a course,
and the assigner's weight for trained families

Revision ID: 0012training
Revises: 0011offlinegate
Create Date: 2026-12-02 14:42:44.083698

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012training'
down_revision = '0011offlinegate'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('training_courses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=False),
    sa.Column('title_ar', sa.String(length=200), nullable=False),
    sa.Column('title_en', sa.String(length=200), nullable=True),
    sa.Column('description_ar', sa.Text(), nullable=False),
    sa.Column('description_en', sa.Text(), nullable=True),
    sa.Column('topics', sa.Text(), nullable=False),
    sa.Column('planned_sessions', sa.Integer(), nullable=False),
    sa.Column('sessions_to_complete', sa.Integer(), nullable=False),
    sa.Column('hours_per_session', sa.Integer(), server_default='2', nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('hours_per_session BETWEEN 1 AND 12', name=op.f('ck_training_courses_hours_range')),
    sa.CheckConstraint('planned_sessions BETWEEN 1 AND 50', name=op.f('ck_training_courses_planned_sessions_range')),
    sa.CheckConstraint('sessions_to_complete BETWEEN 1 AND planned_sessions', name=op.f('ck_training_courses_completion_rule_fits')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_training_courses_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['province_id'], ['provinces.id'], name=op.f('fk_training_courses_province_id_provinces')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_courses'))
    )
    with op.batch_alter_table('training_courses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_courses_province_id'), ['province_id'], unique=False)

    op.create_table('training_course_crafts',
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('craft_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['craft_id'], ['craft_categories.id'], name=op.f('fk_training_course_crafts_craft_id_craft_categories'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['course_id'], ['training_courses.id'], name=op.f('fk_training_course_crafts_course_id_training_courses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('course_id', 'craft_id', name=op.f('pk_training_course_crafts'))
    )
    op.create_table('training_cohorts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('capacity BETWEEN 1 AND 500', name=op.f('ck_training_cohorts_capacity_range')),
    sa.ForeignKeyConstraint(['course_id'], ['training_courses.id'], name=op.f('fk_training_cohorts_course_id_training_courses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_cohorts'))
    )
    with op.batch_alter_table('training_cohorts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_cohorts_course_id'), ['course_id'], unique=False)

    op.create_table('training_enrolments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('waitlist_rank', sa.Integer(), nullable=True),
    sa.Column('enrolled_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("(status = 'waitlisted') = (waitlist_rank IS NOT NULL)", name=op.f('ck_training_enrolments_rank_only_when_waiting')),
    sa.CheckConstraint("status IN ('enrolled', 'waitlisted', 'withdrawn')", name=op.f('ck_training_enrolments_status_known')),
    sa.ForeignKeyConstraint(['added_by_id'], ['users.id'], name=op.f('fk_training_enrolments_added_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['cohort_id'], ['training_cohorts.id'], name=op.f('fk_training_enrolments_cohort_id_training_cohorts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_training_enrolments_family_id_families'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_enrolments')),
    sa.UniqueConstraint('cohort_id', 'family_id', name=op.f('uq_training_enrolments_cohort_id_family_id'))
    )
    with op.batch_alter_table('training_enrolments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_enrolments_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_enrolments_family_id'), ['family_id'], unique=False)

    op.create_table('training_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('venue_id', sa.Integer(), nullable=True),
    sa.Column('room', sa.String(length=120), server_default='', nullable=False),
    sa.Column('trainer_id', sa.Integer(), nullable=True),
    sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_training_sessions_ends_after_start')),
    sa.ForeignKeyConstraint(['cohort_id'], ['training_cohorts.id'], name=op.f('fk_training_sessions_cohort_id_training_cohorts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['trainer_id'], ['users.id'], name=op.f('fk_training_sessions_trainer_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['venue_id'], ['venues.id'], name=op.f('fk_training_sessions_venue_id_venues'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_sessions')),
    sa.UniqueConstraint('cohort_id', 'starts_at', name=op.f('uq_training_sessions_cohort_id_starts_at')),
    )
    with op.batch_alter_table('training_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_sessions_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_sessions_starts_at'), ['starts_at'], unique=False)

    op.create_table('training_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(length=8), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("method IN ('scan', 'list', 'code')", name=op.f('ck_training_attendance_method_known')),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_training_attendance_family_id_families'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_training_attendance_recorded_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['training_sessions.id'], name=op.f('fk_training_attendance_session_id_training_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_attendance')),
    sa.UniqueConstraint('session_id', 'family_id', name=op.f('uq_training_attendance_session_id_family_id'))
    )
    with op.batch_alter_table('training_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_attendance_family_id'), ['family_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_attendance_session_id'), ['session_id'], unique=False)

    op.create_table('training_certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrolment_id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('sessions_attended', sa.Integer(), nullable=False),
    sa.Column('hours', sa.Integer(), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoke_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['course_id'], ['training_courses.id'], name=op.f('fk_training_certificates_course_id_training_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['enrolment_id'], ['training_enrolments.id'], name=op.f('fk_training_certificates_enrolment_id_training_enrolments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_training_certificates_family_id_families'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_certificates')),
    sa.UniqueConstraint('enrolment_id', name=op.f('uq_training_certificates_enrolment_id'))
    )
    with op.batch_alter_table('training_certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_certificates_course_id'), ['course_id'], unique=False)
        batch_op.create_index('ix_training_certificates_family', ['family_id'], unique=False)

    with op.batch_alter_table('markets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('required_course_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('weight_training', sa.Integer(), server_default='3', nullable=False))
        batch_op.create_index(batch_op.f('ix_markets_required_course_id'), ['required_course_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_markets_required_course_id_training_courses'), 'training_courses', ['required_course_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('markets', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_markets_required_course_id_training_courses'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_markets_required_course_id'))
        batch_op.drop_column('required_course_id')
        batch_op.drop_column('weight_training')

    with op.batch_alter_table('training_certificates', schema=None) as batch_op:
        batch_op.drop_index('ix_training_certificates_family')
        batch_op.drop_index(batch_op.f('ix_training_certificates_course_id'))

    op.drop_table('training_certificates')
    with op.batch_alter_table('training_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_attendance_session_id'))
        batch_op.drop_index(batch_op.f('ix_training_attendance_family_id'))

    op.drop_table('training_attendance')
    with op.batch_alter_table('training_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_sessions_starts_at'))
        batch_op.drop_index(batch_op.f('ix_training_sessions_cohort_id'))

    op.drop_table('training_sessions')
    with op.batch_alter_table('training_enrolments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_enrolments_family_id'))
        batch_op.drop_index(batch_op.f('ix_training_enrolments_cohort_id'))

    op.drop_table('training_enrolments')
    with op.batch_alter_table('training_cohorts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_cohorts_course_id'))

    op.drop_table('training_cohorts')
    op.drop_table('training_course_crafts')
    with op.batch_alter_table('training_courses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_courses_province_id'))

    op.drop_table('training_courses')
