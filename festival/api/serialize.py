"""Public occurrences as JSON: what the API promises its clients, in one place."""
from datetime import date

from festival.calendar.display import OccurrenceState, cancel_reason, occurrence_state
from festival.calendar.links import absolute_url
from festival.core.timezones import to_damascus
from festival.markets.models import Occurrence


def event(occurrence: Occurrence, today: date) -> dict:
    market, venue = occurrence.market, occurrence.market.venue
    state = occurrence_state(occurrence, today)
    return {
        "id": occurrence.id,
        "market_id": market.id,
        "title": {"ar": market.title_ar, "en": market.title_en},
        "kind": market.kind,
        "province": market.province.slug,
        "venue": {"id": venue.id, "name": venue.name},
        "first_day": occurrence.day.isoformat(),
        "last_day": occurrence.last_day.isoformat(),
        "start": to_damascus(occurrence.starts_at).isoformat(),
        "end": to_damascus(occurrence.ends_at).isoformat(),
        "daily_hours": {"opens": market.opens_at.strftime("%H:%M"), "closes": market.closes_at.strftime("%H:%M")},
        "categories": [craft.slug for craft in market.crafts],
        "status": state,
        "cancel_reason": cancel_reason(occurrence) if state == OccurrenceState.CANCELLED else None,
        "sequence": occurrence.sequence,
        "url": absolute_url("calendar.event", occurrence_id=occurrence.id),
        "ics_url": absolute_url("calendar.event_feed", occurrence_id=occurrence.id),
    }


def event_page(page, today: date, page_url) -> dict:
    """A page of events with its pagination; `page_url(number)` links to another page."""
    return {
        "events": [event(occurrence, today) for occurrence in page.items],
        "pagination": {
            "page": page.page,
            "per_page": page.per_page,
            "total": page.total,
            "pages": page.pages,
            "next": page_url(page.next_num) if page.has_next else None,
            "prev": page_url(page.prev_num) if page.has_prev else None,
        },
    }
