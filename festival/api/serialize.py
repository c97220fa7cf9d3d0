"""Public occurrences as JSON: what the API promises its clients, in one place."""
from datetime import date

from festival.calendar.display import OccurrenceState, occurrence_state
from festival.calendar.links import id_url
from festival.calendar.rows import EventRow
from festival.core.timezones import to_damascus


def event(occurrence: EventRow, today: date, event_url=None, feed_url=None) -> dict:
    """One occurrence (a row with its crafts: festival.calendar.rows.with_crafts); `event_url(id)`
    and `feed_url(id)` as links.id_url makes them, once per page."""
    state = occurrence_state(occurrence, today)
    event_url = event_url or id_url("calendar.event", "occurrence_id", absolute=True)
    feed_url = feed_url or id_url("calendar.event_feed", "occurrence_id", absolute=True)
    return {
        "id": occurrence.id,
        "market_id": occurrence.market_id,
        "title": {"ar": occurrence.title_ar, "en": occurrence.title_en},
        "kind": occurrence.kind,
        "province": occurrence.province_slug,
        "venue": {"id": occurrence.venue_id, "name": occurrence.venue_name},
        "first_day": occurrence.day.isoformat(),
        "last_day": occurrence.last_day.isoformat(),
        "start": to_damascus(occurrence.starts_at).isoformat(),
        "end": to_damascus(occurrence.ends_at).isoformat(),
        "daily_hours": {"opens": occurrence.opens_at.strftime("%H:%M"),
                        "closes": occurrence.closes_at.strftime("%H:%M")},
        "categories": [craft.slug for craft in occurrence.crafts],
        "status": state,
        "cancel_reason": occurrence.cancel_reason if state == OccurrenceState.CANCELLED else None,
        "sequence": occurrence.sequence,
        "url": event_url(occurrence.id),
        "ics_url": feed_url(occurrence.id),
    }


def event_page(page, today: date, page_url) -> dict:
    """A page of events (rows.RowPagination, crafts read) with its pagination; `page_url(number)`
    links to another page."""
    event_url = id_url("calendar.event", "occurrence_id", absolute=True)
    feed_url = id_url("calendar.event_feed", "occurrence_id", absolute=True)
    return {
        "events": [event(occurrence, today, event_url, feed_url) for occurrence in page.items],
        "pagination": {
            "page": page.page,
            "per_page": page.per_page,
            "total": page.total,
            "pages": page.pages,
            "next": page_url(page.next_num) if page.has_next else None,
            "prev": page_url(page.prev_num) if page.has_prev else None,
        },
    }
