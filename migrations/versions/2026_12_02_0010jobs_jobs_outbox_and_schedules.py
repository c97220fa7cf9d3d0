"""jobs, the outbox and the schedules' marks: long work with progress, one row per message and channel
(email, SMS; unique key: event + recipient + channel), keys and subjects on notifications, how each
person wants to be told, phone codes (sign-up, forgotten password, new number), and when each date's reminders went out

Revision ID: 0010jobs
Revises: 0009publicscopes
Create Date: 2026-12-02 03:24:42.253170

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010jobs'
down_revision = '0009publicscopes'
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('subject_key', sa.String(length=200), nullable=False),
    sa.Column('active_key', sa.String(length=200), nullable=True),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('province_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('progress_done', sa.Integer(), nullable=False),
    sa.Column('progress_total', sa.Integer(), nullable=False),
    sa.Column('file_path', sa.String(length=300), nullable=True),
    sa.Column('file_name', sa.String(length=200), nullable=True),
    sa.Column('mimetype', sa.String(length=100), nullable=True),
    sa.Column('file_size', sa.Integer(), nullable=True),
    sa.Column('error', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name=op.f('ck_jobs_status_known')),
    sa.CheckConstraint('progress_done >= 0 AND progress_total >= 0', name=op.f('ck_jobs_progress_not_negative')),
    sa.ForeignKeyConstraint(['province_id'], ['provinces.id'], name=op.f('fk_jobs_province_id_provinces'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_jobs_requested_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jobs')),
    sa.UniqueConstraint('active_key', name=op.f('uq_jobs_active_key'))
    )
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jobs_requested_by_id'), ['requested_by_id'], unique=False)
        batch_op.create_index('ix_jobs_status_expires_at', ['status', 'expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_jobs_subject_key'), ['subject_key'], unique=False)

    op.create_table('outbox_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=250), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('notification_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('recipient', sa.String(length=320), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('parts', sa.Integer(), nullable=True),
    sa.Column('urgent', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('failure', sa.String(length=24), nullable=True),
    sa.Column('failure_detail', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("channel IN ('email', 'sms')", name=op.f('ck_outbox_messages_channel_known')),
    sa.CheckConstraint("status IN ('queued', 'sending', 'sent', 'delivered', 'failed')", name=op.f('ck_outbox_messages_status_known')),
    sa.CheckConstraint('attempts >= 0', name=op.f('ck_outbox_messages_attempts_not_negative')),
    sa.CheckConstraint('parts IS NULL OR parts >= 1', name=op.f('ck_outbox_messages_parts_positive')),
    sa.ForeignKeyConstraint(['notification_id'], ['notifications.id'], name=op.f('fk_outbox_messages_notification_id_notifications'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_outbox_messages_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_messages')),
    sa.UniqueConstraint('key', name=op.f('uq_outbox_messages_key'))
    )
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_messages_notification_id'), ['notification_id'], unique=False)
        batch_op.create_index('ix_outbox_messages_status_next_attempt_at', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_messages_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('key', sa.String(length=250), nullable=True))
        batch_op.add_column(sa.Column('market_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('application_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_notifications_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_market_id'), ['market_id'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_notifications_key'), ['key'])
        batch_op.create_foreign_key(batch_op.f('fk_notifications_application_id_applications'), 'applications', ['application_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_notifications_market_id_markets'), 'markets', ['market_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('occurrences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminders_sent_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('report_deadline_reminded_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('sms_allowed', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('email_allowed', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('contact_choice_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_check_constraint(batch_op.f('ck_users_language_known'),
                                         "language IS NULL OR language IN ('ar', 'en')")

    op.create_table('phone_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('purpose', sa.String(length=16), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("purpose IN ('register', 'reset', 'change_phone')", name=op.f('ck_phone_codes_purpose_known')),
    sa.CheckConstraint('attempts >= 0', name=op.f('ck_phone_codes_attempts_not_negative')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_phone_codes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_phone_codes'))
    )
    with op.batch_alter_table('phone_codes', schema=None) as batch_op:
        batch_op.create_index('ix_phone_codes_phone_purpose', ['phone', 'purpose', 'created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('phone_codes', schema=None) as batch_op:
        batch_op.drop_index('ix_phone_codes_phone_purpose')

    op.drop_table('phone_codes')


    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_users_language_known'), type_='check')
        batch_op.drop_column('contact_choice_at')
        batch_op.drop_column('email_allowed')
        batch_op.drop_column('sms_allowed')
        batch_op.drop_column('language')

    with op.batch_alter_table('occurrences', schema=None) as batch_op:
        batch_op.drop_column('report_deadline_reminded_at')
        batch_op.drop_column('reminders_sent_at')

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_notifications_market_id_markets'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_notifications_application_id_applications'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_notifications_key'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_notifications_market_id'))
        batch_op.drop_index(batch_op.f('ix_notifications_application_id'))
        batch_op.drop_column('application_id')
        batch_op.drop_column('market_id')
        batch_op.drop_column('key')

    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_messages_user_id'))
        batch_op.drop_index('ix_outbox_messages_status_next_attempt_at')
        batch_op.drop_index(batch_op.f('ix_outbox_messages_notification_id'))

    op.drop_table('outbox_messages')
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jobs_subject_key'))
        batch_op.drop_index('ix_jobs_status_expires_at')
        batch_op.drop_index(batch_op.f('ix_jobs_requested_by_id'))

    op.drop_table('jobs')

