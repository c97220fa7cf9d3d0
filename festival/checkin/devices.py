"""Gate phones: enrolled by a gate account for one market, revoked by an organizer.

A phone enrols the first time it opens a scanner page online; it then names itself with
its `public_id` when it fetches the day package and uploads offline scans. The id is
random and worthless without the account's session: it tells phones apart, it does not
sign anyone in.
"""
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from festival.audit.log import record
from festival.checkin.models import GateDevice
from festival.core.domain import DomainError
from festival.extensions import db
from festival.markets.models import Market

LABEL_LENGTH = 80


class UnknownDevice(DomainError):
    pass


class DeviceRevoked(DomainError):
    """The organizer removed this phone: it must forget its package."""

    def __init__(self, device: GateDevice):
        super().__init__(_l("An organizer removed this phone from the gate of this market. "
                            "Its list of badges was deleted; ask the organizer."))
        self.device = device


BROWSERS = (("SamsungBrowser", "Samsung Internet"), ("Firefox", "Firefox"), ("OPR", "Opera"), ("Edg", "Edge"),
            ("Chrome", "Chrome"), ("Safari", "Safari"))
SYSTEMS = (("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Windows", "Windows"),
           ("Mac OS", "Mac"), ("Linux", "Linux"))


def short_label(user_agent: str) -> str:
    """'Chrome · Android' from a browser's User-Agent: enough to tell two phones apart."""
    browser = next((name for marker, name in BROWSERS if marker in user_agent), "")
    system = next((name for marker, name in SYSTEMS if marker in user_agent), "")
    return " · ".join(part for part in (browser, system) if part) or user_agent.strip()[:LABEL_LENGTH]


def enrol(user, market: Market, *, label: str, now: datetime) -> GateDevice:
    device = GateDevice(public_id=secrets.token_hex(16), user_id=user.id, market_id=market.id,
                        label=short_label(label or "")[:LABEL_LENGTH], enrolled_at=now, last_seen_at=now)
    db.session.add(device)
    db.session.flush()
    record("checkin.device_enrolled", device, actor=user, device=device.label)
    return device


def device_of(public_id: str | None, user, market: Market, *, now: datetime, allow_revoked: bool = False) -> GateDevice:
    """The phone that names itself `public_id`, if it is this account's phone at this market.

    A phone passed from one gate account to another of the same market keeps working: the
    record stays with the account that enrolled it, and each scan names who was signed in.
    """
    device = db.session.scalar(db.select(GateDevice).where(GateDevice.public_id == (public_id or "")))
    if device is None or device.market_id != market.id:
        raise UnknownDevice(_l("This phone is not enrolled at this market's gate. Open the scanner page "
                               "while online."))
    if device.revoked_at is not None and not allow_revoked:
        raise DeviceRevoked(device)
    device.last_seen_at = now
    return device


def devices_of(market: Market) -> list[GateDevice]:
    return list(db.session.scalars(
        db.select(GateDevice).where(GateDevice.market_id == market.id)
        .order_by(GateDevice.revoked_at.is_not(None), GateDevice.enrolled_at.desc())
        .options(joinedload(GateDevice.user))))


def revoke(device: GateDevice, *, by, now: datetime) -> None:
    if device.revoked_at is not None:
        return
    device.revoked_at, device.revoked_by_id = now, by.id
    record("checkin.device_revoked", device, actor=by, device=device.label)
