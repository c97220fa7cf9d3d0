"""Demo badges, one gate account per published market, and a few families checked in."""
from datetime import timedelta

from sqlalchemy.orm import joinedload

from festival.applications.models import Application
from festival.auth.models import Role, User
from festival.auth.operations import create_staff_user
from festival.badges.models import Badge, gate_staff
from festival.badges.operations import issue_badge
from festival.checkin.models import CheckIn
from festival.core.phones import normalize_mobile
from festival.core.types import utcnow
from festival.demo.accounts import DEMO_PASSWORD
from festival.extensions import db
from festival.markets.models import Market, MarketStatus
from festival.stalls.models import StallAssignment

GATE_PHONE_PREFIX = "09300001"  # 0930000101, 0930000102, … one per published market


def gate_phone(market_index: int) -> str:
    return f"{GATE_PHONE_PREFIX}{market_index + 1:02d}"


def load_badges() -> str:
    issued = 0
    applications = db.session.scalars(
        db.select(Application).join(StallAssignment, StallAssignment.application_id == Application.id)
        .where(~db.select(Badge.id).where(Badge.application_id == Application.id,
                                          Badge.revoked_at.is_(None)).exists())
        .options(joinedload(Application.occurrence))).all()
    for application in applications:
        issue_badge(application)
        issued += 1
    db.session.flush()
    return f"badges: {issued} issued"


def load_gate_accounts() -> str:
    added = 0
    markets = db.session.scalars(db.select(Market).where(Market.status == MarketStatus.PUBLISHED)
                                 .order_by(Market.id)).all()
    for index, market in enumerate(markets):
        phone = normalize_mobile(gate_phone(index))
        user = db.session.scalar(db.select(User).where(User.phone == phone))
        if user is None:
            user = create_staff_user(phone=phone, display_name=f"بوابة: {market.title_ar}", role=Role.GATE,
                                     provinces=[market.province], password=DEMO_PASSWORD)
            added += 1
        attached = db.session.scalar(db.select(gate_staff.c.user_id).where(
            gate_staff.c.user_id == user.id, gate_staff.c.market_id == market.id))
        if attached is None:
            db.session.execute(gate_staff.insert().values(user_id=user.id, market_id=market.id))
    db.session.flush()
    return f"gate accounts: {added} added"


def load_checkins() -> str:
    """Families at past dates mostly came; about one in five did not."""
    recorded = 0
    badges = db.session.scalars(
        db.select(Badge).where(Badge.revoked_at.is_(None))
        .options(joinedload(Badge.occurrence)).order_by(Badge.id)).all()
    now = utcnow()
    for badge in badges:
        occurrence = badge.occurrence
        if occurrence.ends_at > now:
            continue
        if badge.id % 5 == 0 or db.session.scalar(db.select(CheckIn.id).where(
                CheckIn.occurrence_id == badge.occurrence_id, CheckIn.family_id == badge.family_id)):
            continue
        gate_user = db.session.scalar(db.select(User).join(gate_staff, gate_staff.c.user_id == User.id)
                                      .where(gate_staff.c.market_id == occurrence.market_id).limit(1))
        db.session.add(CheckIn(occurrence_id=occurrence.id, family_id=badge.family_id,
                               application_id=badge.application_id, badge_id=badge.id, method="scan",
                               checked_in_at=occurrence.starts_at + timedelta(minutes=10 + badge.id % 50),
                               by_id=gate_user.id if gate_user else None))
        recorded += 1
    db.session.flush()
    return f"check-ins: {recorded} recorded"
