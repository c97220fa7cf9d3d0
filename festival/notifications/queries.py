"""What was sent to whom: notifications with their messages, for the pages that list them."""
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from festival.notifications.models import MessageStatus, Notification, OutboxMessage


def sent_about_application(user_id: int, application_id: int):
    """The family's own notifications about one application, newest first."""
    return (select(Notification)
            .where(Notification.user_id == user_id, Notification.application_id == application_id)
            .options(selectinload(Notification.messages))
            .order_by(Notification.created_at.desc(), Notification.id.desc()))


def sent_about_market(market_id: int):
    return (select(Notification).where(Notification.market_id == market_id)
            .options(joinedload(Notification.user), selectinload(Notification.messages))
            .order_by(Notification.created_at.desc(), Notification.id.desc()))


def failed_messages():
    return (select(OutboxMessage).where(OutboxMessage.status == MessageStatus.FAILED)
            .options(joinedload(OutboxMessage.user), joinedload(OutboxMessage.notification))
            .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc()))
