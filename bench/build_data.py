"""The calendar benchmark's database: the real migrations, then a year of markets.

Every province gets (per `--scale`) a Friday venue and a festival venue, each with a
stall section. The Friday venue holds two monthly series every Friday (morning and
evening hours, so they never overlap); the festival venue holds a 3-6 day festival
every two weeks. Markets go through festival.markets.operations, so every rule
(venue overlaps, application windows) holds. Some markets stay drafts, some are
cancelled, some series have a cancelled Friday. Scale 1: about 1,800 events.

    .venv/bin/python bench/build_data.py [--database-url URL] [--scale N]
"""
import argparse
import os
import secrets
import time
from datetime import date, timedelta
from datetime import time as clock
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
DEFAULT_DATABASE_URL = "sqlite:///" + str(RESULTS_DIR / "calendar.sqlite3")

FRIDAY_HOURS = [(clock(9), clock(13), "صباحي", "morning"), (clock(16), clock(21), "مسائي", "evening")]
SERIES_FRIDAYS = 4  # one series a month
WEEKS = 52
FESTIVAL_EVERY = timedelta(days=14)
STALLS_PER_VENUE = 20
# Roughly the provincial capitals: venues get real-looking coordinates.
COORDINATES = {
    "damascus": (33.5138, 36.2765), "rif-dimashq": (33.5700, 36.4000), "aleppo": (36.2021, 37.1343),
    "homs": (34.7324, 36.7137), "hama": (35.1318, 36.7578), "latakia": (35.5317, 35.7901),
    "tartus": (34.8890, 35.8866), "idlib": (35.9306, 36.6339), "raqqa": (35.9528, 39.0079),
    "deir-ez-zor": (35.3359, 40.1408), "hasakah": (36.5024, 40.7477), "daraa": (32.6189, 36.1021),
    "as-suwayda": (32.7090, 36.5695), "quneitra": (33.1256, 35.8245),
}
DESCRIPTION_AR = "منتجات الأسر المنتجة: مونة، حلويات، تطريز، صابون، فخار ونحاس. الدخول مجاني للزوار."
DESCRIPTION_EN = "Products of productive families: preserves, sweets, embroidery, soap, pottery, copper."


def recreate_database(url: str) -> None:
    """An empty database at `url`: a new SQLite file, or a dropped and created PostgreSQL one."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database)
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    if "bench" not in (parsed.database or ""):
        raise SystemExit(f"refusing to drop {parsed.database!r}: a benchmark database name contains 'bench'")
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()


def database_has_markets(url: str) -> bool:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return bool(connection.execute(text("SELECT count(*) FROM markets")).scalar())
    except Exception:  # no file, no database, no table: nothing to reuse
        return False
    finally:
        engine.dispose()


def _bench_app(url: str):
    # Never write instance/secret_key for a throwaway database.
    os.environ.setdefault("SECRET_KEY", secrets.token_hex(32))
    from festival import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url})


def _venue(province, name_ar: str, name_en: str, offset: float):
    from festival.extensions import db
    from festival.venues.models import Stall, StallSection, Venue

    latitude, longitude = COORDINATES.get(province.slug, (34.8, 38.9))
    venue = Venue(province=province, name_ar=name_ar, name_en=name_en, address=f"{province.name_ar}، {name_ar}",
                  latitude=latitude + offset, longitude=longitude + offset)
    section = StallSection(venue=venue, code="A", rows=2, columns=STALLS_PER_VENUE // 2)
    for number in range(STALLS_PER_VENUE):
        db.session.add(Stall(venue=venue, section=section, code=f"A-{number + 1:02d}",
                             row=number // section.columns + 1, column=number % section.columns + 1))
    db.session.add(venue)
    db.session.flush()
    return venue


def _window(first_day: date, opens_at: clock):
    from festival.core.timezones import local_to_utc

    closes = local_to_utc(first_day, opens_at) - timedelta(days=1)
    return closes - timedelta(days=30), closes


def _add_market(plan, province, number: int) -> None:
    from festival.markets.operations import cancel_market, publish_market, schedule_market

    market = schedule_market(plan, province, by=None)
    if number % 17 == 0:
        return  # a draft: never in public feeds
    publish_market(market)
    if number % 13 == 0:
        cancel_market(market, "ظروف جوية")


def _province_markets(province, crafts, first_friday: date, today: date, copy: int, counter) -> None:
    from festival.markets.models import MarketKind
    from festival.markets.operations import MarketPlan

    suffix = f" {copy + 1}" if copy else ""
    friday_venue = _venue(province, f"ساحة السوق{suffix}", f"Market square{suffix}", 0.01 * copy)
    festival_venue = _venue(province, f"أرض المعارض{suffix}", f"Fairground{suffix}", 0.01 * copy + 0.005)
    for opens_at, closes_at, hours_ar, hours_en in FRIDAY_HOURS:
        for series in range(WEEKS // SERIES_FRIDAYS):
            number = next(counter)
            first_day = first_friday + timedelta(weeks=series * SERIES_FRIDAYS)
            window_opens, window_closes = _window(first_day, opens_at)
            _add_market(MarketPlan(
                kind=MarketKind.FRIDAY, venue=friday_venue, first_day=first_day, occurrence_count=SERIES_FRIDAYS,
                cancelled_days=[first_day + timedelta(weeks=2)] if number % 7 == 0 else [],
                title_ar=f"سوق الجمعة {hours_ar} في {province.name_ar} ({series + 1})",
                title_en=f"{province.name_en} Friday {hours_en} market ({series + 1})",
                description_ar=DESCRIPTION_AR, description_en=DESCRIPTION_EN,
                opens_at=opens_at, closes_at=closes_at, applications_open_at=window_opens,
                applications_close_at=window_closes, stall_fee=5000, contact="0930000000",
                crafts=[crafts[number % len(crafts)], crafts[(number + 3) % len(crafts)]],
            ), province, number)
    first_day = today + timedelta(days=2)
    while first_day < today + timedelta(days=365):
        number = next(counter)
        window_opens, window_closes = _window(first_day, clock(10))
        _add_market(MarketPlan(
            kind=MarketKind.FESTIVAL, venue=festival_venue, first_day=first_day,
            last_day=first_day + timedelta(days=2 + number % 4),
            title_ar=f"مهرجان التسوّق في {province.name_ar} ({number})",
            title_en=f"{province.name_en} sales festival ({number})",
            description_ar=DESCRIPTION_AR, description_en=DESCRIPTION_EN,
            opens_at=clock(10), closes_at=clock(22), applications_open_at=window_opens,
            applications_close_at=window_closes, stall_fee=15000, contact="0930000000",
            crafts=[crafts[number % len(crafts)]],
        ), province, number)
        first_day += FESTIVAL_EVERY


def count_events(url: str) -> dict:
    """What the database holds: markets, and the events (occurrences) visitors can see."""
    from festival.extensions import db
    from festival.markets.models import Market, MarketStatus, Occurrence, OccurrenceStatus

    public = Market.status.in_([MarketStatus.PUBLISHED, MarketStatus.CANCELLED])

    def count(*where, events=False):
        rows = select(func.count()).select_from(Occurrence).join(Market) if events else select(func.count())
        return db.session.scalar(rows.select_from(Market).where(*where))

    with _bench_app(url).app_context():
        counts = {
            "provinces": db.session.scalar(select(func.count(func.distinct(Market.province_id)))),
            "markets": count(),
            "public_markets": count(public),
            "cancelled_markets": count(Market.status == MarketStatus.CANCELLED),
            "public_events": count(public, events=True),
            "cancelled_days": count(public, Occurrence.status == OccurrenceStatus.CANCELLED, events=True),
        }
        db.engine.dispose()
    return counts


def build_database(url: str = DEFAULT_DATABASE_URL, *, scale: int = 1, log=print) -> dict:
    """Recreate the database at `url`, migrate it and fill it; returns the counts."""
    import itertools

    from flask_migrate import upgrade

    from festival.core.timezones import today_in_damascus
    from festival.crafts.models import CraftCategory
    from festival.extensions import db
    from festival.provinces.models import Province

    started = time.monotonic()
    recreate_database(url)
    app = _bench_app(url)
    with app.app_context():
        upgrade()
        crafts = list(db.session.scalars(select(CraftCategory).order_by(CraftCategory.position)))
        today = today_in_damascus()
        first_friday = today + timedelta(days=(4 - today.weekday()) % 7 or 7)
        counter = itertools.count(1)
        for province in db.session.scalars(select(Province).order_by(Province.position)).all():
            for copy in range(scale):
                _province_markets(province, crafts, first_friday, today, copy, counter)
            db.session.commit()  # one commit per province
        db.engine.dispose()
    counts = count_events(url)
    log(f"built {counts['public_events']} public events ({counts['public_markets']} markets) in "
        f"{counts['provinces']} provinces in {time.monotonic() - started:.1f} s")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--scale", type=int, default=1, help="venues (and events) per province, times this")
    args = parser.parse_args()
    print(build_database(args.database_url, scale=args.scale))


if __name__ == "__main__":
    main()
