"""Venue-test helpers."""
from festival.extensions import db
from festival.venues.models import Stall


def stall_by_code(venue_id: int, code: str) -> Stall:
    return db.session.scalar(db.select(Stall).where(Stall.venue_id == venue_id, Stall.code == code))
