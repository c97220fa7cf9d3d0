"""Venues with stalls and markets on them: drafts, published series, windows open now, dates moved.

Builders named build_* flush and leave the commit to the caller; make_* and open_market
commit. `EventBuilder` (the `events` fixture) opens its own app context and returns ids.
"""
from datetime import UTC, date, datetime, time, timedelta

from festival.core.timezones import local_to_utc
from festival.extensions import db
from festival.markets import operations
from festival.markets.models import Market, MarketKind, MarketStatus, Occurrence
from festival.markets.operations import MarketPlan, schedule_market
from festival.venues.models import Stall, StallSection, Venue
from tests.factories.people import _loaded, craft, crafts, province

NOW = datetime.now(UTC)
NEXT_YEAR = date.today().year + 1


def first_friday_of(year: int, month: int) -> date:
    day = date(year, month, 1)
    return day + timedelta(days=(4 - day.weekday()) % 7)


def build_venue(province_slug="damascus", name="حديقة تشرين", stalls=6) -> Venue:
    venue = Venue(province=province(province_slug), name_ar=name, name_en="Tishreen Park",
                  address="دمشق، حديقة تشرين", latitude=33.5138, longitude=36.2765)
    columns = min(stalls, 50)  # a section is at most 50 stalls wide: more stalls take more rows
    section = StallSection(venue=venue, code="A", rows=-(-stalls // columns), columns=columns)
    for number in range(stalls):
        row, column = divmod(number, columns)
        db.session.add(Stall(venue=venue, section=section, code=f"A-{number + 1:02d}", row=row + 1, column=column + 1))
    db.session.add(venue)
    db.session.flush()
    return venue


def stall_by_code(venue_id: int, code: str) -> Stall:
    return db.session.scalar(db.select(Stall).where(Stall.venue_id == venue_id, Stall.code == code))


def build_plan(venue, first_day, **overrides) -> MarketPlan:
    window_close = datetime.combine(first_day, time(0), tzinfo=UTC) - timedelta(days=2)
    values = {
        "kind": "friday",
        "title_ar": "سوق الجمعة للأسر المنتجة",
        "title_en": "Friday market of productive families",
        "venue": venue,
        "first_day": first_day,
        "occurrence_count": 4,
        "opens_at": time(9, 0),
        "closes_at": time(15, 0),
        "applications_open_at": window_close - timedelta(days=30),
        "applications_close_at": window_close,
    }
    values.update(overrides)
    return MarketPlan(**values)


def build_market(venue, first_day, by=None, **overrides):
    market = schedule_market(build_plan(venue, first_day, **overrides), venue.province, by=by)
    db.session.flush()
    return market


def make_venue(province_slug="damascus", name_ar="حديقة تشرين", sections=(("A", 2, 5),), **fields):
    """A venue with generated sections: sections=(("A", rows, columns), ...)."""
    from festival.venues.operations import create_venue, generate_section

    venue = create_venue(province=province(province_slug), name_ar=name_ar, **fields)
    for code, rows, columns in sections:
        generate_section(venue, code, rows, columns)
    db.session.commit()
    return _loaded(venue, "province")


def make_market(venue, first_day, *, stall_codes=None, title_ar="سوق الجمعة", days=1):
    """A published market with one occurrence, built from the models directly.

    Offers every stall of the venue, or only `stall_codes`.
    """
    last_day = first_day + timedelta(days=days - 1)
    stalls = db.session.scalars(db.select(Stall).where(Stall.venue_id == venue.id)).all()
    market = Market(
        kind=MarketKind.FESTIVAL, status=MarketStatus.PUBLISHED,
        title_ar=title_ar, province_id=venue.province_id, venue_id=venue.id,
        first_day=first_day, last_day=last_day, opens_at=time(10), closes_at=time(18),
        applications_open_at=local_to_utc(first_day - timedelta(days=30), time(0)),
        applications_close_at=local_to_utc(first_day - timedelta(days=2), time(0)),
        offered_stalls=[stall for stall in stalls if stall_codes is None or stall.code in stall_codes],
    )
    market.occurrences.append(Occurrence(
        venue_id=venue.id, day=first_day, last_day=last_day,
        starts_at=local_to_utc(first_day, time(10)), ends_at=local_to_utc(last_day, time(18)),
    ))
    db.session.add(market)
    db.session.commit()
    return _loaded(market)


def open_market(stalls=2, fridays=2, crafts=("food", "sweets"), province_slug="damascus"):
    """A published Friday series whose application window is open now."""
    venue = build_venue(province_slug, name=f"حديقة {stalls}-{fridays}", stalls=stalls)
    first_day = (NOW + timedelta(days=20)).date()
    market = build_market(venue, first_day, occurrence_count=fridays,
                          applications_open_at=NOW - timedelta(days=1),
                          applications_close_at=NOW + timedelta(days=10))
    market.crafts = [craft(slug) for slug in crafts]
    operations.publish_market(market)
    db.session.commit()
    return market


def move_to(occurrence, day):
    """Move a one-date market to `day` (e.g. into the past: applications are only taken for future dates)."""
    occurrence.day = occurrence.last_day = day
    occurrence.starts_at = local_to_utc(day, time(9))
    occurrence.ends_at = local_to_utc(day, time(15))
    market = occurrence.market
    market.first_day = market.last_day = day
    market.applications_open_at = datetime.combine(day - timedelta(days=40), time(0), tzinfo=UTC)
    market.applications_close_at = datetime.combine(day - timedelta(days=5), time(0), tzinfo=UTC)
    db.session.flush()


class EventBuilder:
    """Published markets for the visitors' pages, each built in its own app context; returns ids.

    Requests in a test must not share the test's app context; `occurrences(market_id)`
    gives the occurrence ids in order.
    """

    def __init__(self, app):
        self._app = app

    def market(self, *, province="damascus", first_day=None, status="published", craft_slugs=("food",),
               venue_name="حديقة تشرين", **overrides) -> int:
        """A market (a Friday series of 4 by default), published unless told otherwise."""
        with self._app.app_context():
            venue = build_venue(province, name=venue_name)
            market = build_market(venue, first_day or first_friday_of(NEXT_YEAR, 3),
                                  crafts=crafts(*craft_slugs), **overrides)
            if status != "draft":
                operations.publish_market(market)
            if status == "cancelled":
                operations.cancel_market(market, "الطقس عاصف")
            db.session.commit()
            return market.id

    def festival(self, first_day: date, days: int = 3, **overrides) -> int:
        return self.market(kind="festival", first_day=first_day, last_day=first_day + timedelta(days=days - 1),
                           occurrence_count=None, opens_at=time(16, 0), closes_at=time(22, 0), **overrides)

    def occurrences(self, market_id: int) -> list[int]:
        with self._app.app_context():
            return list(db.session.scalars(
                db.select(Occurrence.id).where(Occurrence.market_id == market_id).order_by(Occurrence.day)))

    def cancel_day(self, occurrence_id: int, reason: str = "عطلة رسمية") -> None:
        with self._app.app_context():
            operations.cancel_occurrence(db.session.get(Occurrence, occurrence_id), reason)
            db.session.commit()

    def reschedule(self, market_id: int, **plan_changes) -> None:
        """update_market with the market's plan, changed as told (e.g. closes_at=time(17))."""
        with self._app.app_context():
            market = db.session.get(Market, market_id)
            values = {"kind": market.kind, "title_ar": market.title_ar, "title_en": market.title_en,
                      "last_day": market.last_day if market.kind == "festival" else None,
                      "occurrence_count": None if market.kind == "festival" else len(market.occurrences),
                      "opens_at": market.opens_at, "closes_at": market.closes_at, "crafts": list(market.crafts),
                      "applications_open_at": market.applications_open_at,
                      "applications_close_at": market.applications_close_at}
            values.update(plan_changes)
            operations.update_market(market, build_plan(market.venue, market.first_day, **values), by=None)
            db.session.commit()
