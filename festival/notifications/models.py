"""What people are told: the in-app notification, and one outbox row per other channel.

A decision writes both in its own transaction (notifications/service.notify), each with
a unique key made of the event, the recipient and the channel: a retried decision or a
schedule that runs twice finds the key taken and sends nothing more. The outbox row keeps
the rendered text, so what was sent is what people see listed, and its state says where
the message is: queued -> sending -> sent (-> delivered where the channel reports it), or
failed with a reason (notifications/delivery.py moves it).
"""
from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from festival.auth.models import User
from festival.core.labels import register_labels
from festival.core.types import UTCDateTime, utcnow
from festival.extensions import db


class Notification(db.Model):
    """Stored as a kind and parameters, rendered in the reader's language when shown."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_unread", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    link: Mapped[str | None] = mapped_column(String(300))
    # event + recipient: the same event never notifies the same person twice (NULL before keys existed).
    key: Mapped[str | None] = mapped_column(String(250), unique=True)
    # What it is about, for the pages that list what was sent to whom (a family's application, a market).
    market_id: Mapped[int | None] = mapped_column(ForeignKey("markets.id", ondelete="SET NULL"), index=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id", ondelete="SET NULL"),
                                                       index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
    messages: Mapped[list["OutboxMessage"]] = relationship(back_populates="notification", order_by="OutboxMessage.id")


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


class MessageStatus(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"  # claimed by a consumer; back to queued if its lease runs out
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"


class Failure(StrEnum):
    """Why a message is not (yet) sent, in words people read (the technical detail is kept apart)."""

    UNREACHABLE = "unreachable"  # temporary: tried again later
    DEFERRED = "deferred"  # temporary: the server asked to try later (4xx)
    REFUSED = "refused"  # permanent: the server refused the address or the message (5xx)
    GAVE_UP = "gave_up"  # temporary failures for too long
    NOT_CONFIGURED = "not_configured"
    NOT_DELIVERED = "not_delivered"  # the operator reported that the phone did not get it
    STOPPED = "stopped"  # the person stopped this channel after the message was queued
    QUIET_HOURS = "quiet_hours"  # waiting for the morning (no SMS between 22:00 and 08:00)
    DAILY_LIMIT = "daily_limit"  # this number had its SMS for the day; tomorrow morning


register_labels("channel", {Channel.EMAIL: _l("Email"), Channel.SMS: _l("SMS")})
register_labels("message_status", {
    MessageStatus.QUEUED: _l("Queued"),
    MessageStatus.SENDING: _l("Sending"),
    MessageStatus.SENT: _l("Sent"),
    MessageStatus.DELIVERED: _l("Delivered"),
    MessageStatus.FAILED: _l("Failed"),
})
register_labels("message_failure", {
    Failure.UNREACHABLE: _l("The mail server or SMS gateway could not be reached; it will be tried again."),
    Failure.DEFERRED: _l("The mail server or SMS gateway asked to try again later."),
    Failure.REFUSED: _l("The mail server or SMS gateway refused this address, number or message."),
    Failure.GAVE_UP: _l("Not sent after many attempts."),
    Failure.NOT_CONFIGURED: _l("This channel is not configured."),
    Failure.NOT_DELIVERED: _l("The operator reported that the phone did not receive it."),
    Failure.STOPPED: _l("The family stopped these messages."),
    Failure.QUIET_HOURS: _l("Waiting for the morning: no SMS is sent between 22:00 and 08:00."),
    Failure.DAILY_LIMIT: _l("This number had enough messages today; it will be sent tomorrow morning."),
})


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"
    __table_args__ = (
        CheckConstraint("channel IN ('email', 'sms')", name="channel_known"),
        CheckConstraint("parts IS NULL OR parts >= 1", name="parts_positive"),
        CheckConstraint("status IN ('queued', 'sending', 'sent', 'delivered', 'failed')", name="status_known"),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        Index("ix_outbox_messages_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # event + recipient + channel, e.g. "application.approved:12:2026-12-04T07:00:00+00:00:user7:sms".
    key: Mapped[str] = mapped_column(String(250), unique=True)
    channel: Mapped[str] = mapped_column(String(16))
    notification_id: Mapped[int | None] = mapped_column(ForeignKey("notifications.id", ondelete="SET NULL"),
                                                        index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    recipient: Mapped[str] = mapped_column(String(320))
    locale: Mapped[str] = mapped_column(String(8))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    parts: Mapped[int | None] = mapped_column()  # SMS: how many parts the operator bills
    # Sent even in the quiet hours (today's market cancelled).
    urgent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    status: Mapped[str] = mapped_column(String(12), default=MessageStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failure: Mapped[str | None] = mapped_column(String(24))
    failure_detail: Mapped[str | None] = mapped_column(String(500))  # the server's words, for admins
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    notification: Mapped[Notification | None] = relationship(back_populates="messages")
    user: Mapped[User | None] = relationship()
