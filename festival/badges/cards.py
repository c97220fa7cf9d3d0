"""What a printed or shown badge says, as plain data for the pages and the PDF sheet.

A card is built inside a request (names and titles follow its language); the PDF and
the templates only read its fields, so the PDF can also render cards made elsewhere
(the benchmark builds them without a database).
"""
from dataclasses import dataclass
from datetime import date

from babel.dates import format_interval
from flask_babel import get_locale

from festival.badges.models import Badge
from festival.badges.operations import badge_qr_url
from festival.core.formatting import long_date, short_code


@dataclass(frozen=True)
class BadgeCard:
    badge_id: int
    family_name: str
    head_name: str
    stall_code: str
    short_code: str
    event_title: str
    first_day: date
    last_day: date
    venue: str
    province: str
    url: str  # what the QR code holds: HTTPS://HOST/B/<TOKEN> (festival/core/qr.py qr_url)
    photo_name: str | None = None  # the family's first product photo (stored name)

    @property
    def grouped_short_code(self) -> str:
        """`ABCD EFGH`, as on every page (festival/core/formatting.py)."""
        return short_code(self.short_code)

    @property
    def dates(self) -> str:
        """`9 كانون الثاني 2026`, or a festival's days as one range: `9–11 كانون الثاني 2026`."""
        if self.last_day == self.first_day:
            return long_date(self.first_day)
        return format_interval(self.first_day, self.last_day, "yMMMMd", locale=get_locale())


def card_for(badge: Badge) -> BadgeCard:
    family, occurrence = badge.family, badge.occurrence
    market = occurrence.market
    return BadgeCard(
        badge_id=badge.id, family_name=family.name, head_name=family.head_name, stall_code=badge.stall_code,
        short_code=badge.short_code, event_title=market.title, first_day=occurrence.day,
        last_day=occurrence.last_day, venue=market.venue.name, province=market.province.name,
        url=badge_qr_url(badge), photo_name=family.photos[0].stored_name if family.photos else None,
    )
