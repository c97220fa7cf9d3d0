"""Market dates with families on them: applied, approved, placed at a stall, badged, back from the day.

Every builder here goes through the real operations (apply → decide → assign →
issue_badge), and they all share `approved_application` and `placed_family`, so a
change to those rules shows up in one place:

- `placed_families`: a Friday coming soon, families placed with live badges (badges, calendar);
- `build_gate_day`: today's market at the gate, placed and waiting families, gate staff (check-in);
- `held_event`: a date that ended, families that had a stall (sales reports).
"""
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace

from festival.applications import operations as applications
from festival.applications.operations import ApplicationRequest
from festival.badges.models import gate_staff
from festival.badges.operations import issue_badge, token_for
from festival.checkin.models import CheckIn
from festival.core.timezones import local_to_utc, today_in_damascus
from festival.extensions import db
from festival.markets.models import Market, MarketKind, MarketStatus, Occurrence
from festival.reports.models import SalesReport, SalesReportLine
from festival.stalls import operations as stalls
from festival.stalls.models import StallAssignment
from tests.factories.markets import NOW, build_venue, move_to, open_market
from tests.factories.people import craft, make_gate, make_organizer, ready_family

_names = iter(range(10**6))


def request_for(*craft_slugs, **overrides) -> ApplicationRequest:
    values = {"crafts": [craft(slug) for slug in craft_slugs or ("food",)], "accept_terms": True}
    values.update(overrides)
    return ApplicationRequest(**values)


def approved_application(family, occurrences, organizer, *craft_slugs, now=NOW, by_organizer=False, **needs):
    """The family applied for these dates (the organizer applying for it if `by_organizer`) and was approved."""
    application = applications.apply(family, list(occurrences), request_for(*craft_slugs, **needs), now=now,
                                     by_organizer=organizer if by_organizer else None)[0]
    applications.decide(application, "approved", by=organizer, now=now)
    return application


def placed_family(occurrence, stall, organizer, name, *, province_slug="damascus", crafts=("food",), now=NOW,
                  by_organizer=False) -> StallAssignment:
    """A ready family approved for `occurrence` and placed at `stall`."""
    family = ready_family(name, province_slug=province_slug, crafts=crafts)
    application = approved_application(family, [occurrence], organizer, *crafts, now=now, by_organizer=by_organizer)
    return stalls.assign(application, stall, by=organizer)


def placed_families(count=1, stalls_count=4, fridays=1):
    """A market coming soon whose first Friday has `count` families placed, each with a live badge."""
    market = open_market(stalls=stalls_count, fridays=fridays)
    organizer = db.session.merge(make_organizer("damascus"))
    badges = []
    for number in range(count):
        assignment = placed_family(market.occurrences[0], market.offered_stalls[number], organizer, f"أسرة {number}")
        badges.append(issue_badge(assignment.application, by=organizer))
    db.session.commit()
    return market, organizer, badges


def during(occurrence, hour=10) -> datetime:
    """A moment on the occurrence's (first) day, Damascus time."""
    return local_to_utc(occurrence.day, time(hour))


@dataclass
class PlacedFamily:
    name: str
    stall: str
    token: str
    short_code: str
    application_id: int
    assignment_id: int
    family_id: int
    vendor: SimpleNamespace  # .phone, to log in as the family


@dataclass
class GateDay:
    market_id: int
    occurrence_id: int
    day: date
    organizer: SimpleNamespace
    gate: SimpleNamespace  # attached to this market; .phone, .id, .name
    placed: list[PlacedFamily] = field(default_factory=list)
    waiting: list[tuple[int, str]] = field(default_factory=list)  # (application id, family name)


def _account(user) -> SimpleNamespace:
    return SimpleNamespace(phone=user.phone, id=user.id, name=user.display_name)


def gate_market(day: date, *, stalls_count=4, cutoff_minutes=0, title="سوق البوابة") -> Market:
    """A one-day market running the whole local day (00:00–23:59, Damascus), so any hour is 'during'."""
    venue = build_venue(name=f"حديقة {title} {day}", stalls=stalls_count)
    market = Market(kind=MarketKind.FESTIVAL, status=MarketStatus.PUBLISHED, title_ar=title, title_en="Gate market",
                    province_id=venue.province_id, venue_id=venue.id, first_day=day, last_day=day,
                    opens_at=time(0, 0), closes_at=time(23, 59), checkin_cutoff_minutes=cutoff_minutes,
                    applications_open_at=local_to_utc(day - timedelta(days=40), time(0)),
                    applications_close_at=local_to_utc(day - timedelta(days=10), time(0)),
                    offered_stalls=sorted(venue.stalls, key=lambda stall: stall.code), crafts=[craft("food")])
    db.session.add(market)
    market.occurrences.append(Occurrence(venue_id=venue.id, day=day, last_day=day,
                                         starts_at=local_to_utc(day, time(0, 0)),
                                         ends_at=local_to_utc(day, time(23, 59))))
    db.session.flush()
    return market


def build_gate_day(*, day: date | None = None, families=2, waiting=1, stalls_count=4, cutoff_minutes=0,
                   title="سوق البوابة", gate_name="سامر من فريق البوابة") -> GateDay:
    """A market day at the gate: placed families with badges, waiting families, gate staff attached.

    The cut-off is zero minutes, so a test run at any hour happens "during the market"
    when the day is today. Returns plain values (tokens, ids, phones): HTTP tests log
    in and look up the rest in their own app context. Call inside an app context;
    everything is committed.
    """
    day = day or today_in_damascus()
    market = gate_market(day, stalls_count=stalls_count, cutoff_minutes=cutoff_minutes, title=title)
    occurrence = market.occurrences[0]
    organizer = db.session.merge(make_organizer("damascus", name="منظّمة السوق"))
    gate = db.session.merge(make_gate(name=gate_name))
    db.session.execute(gate_staff.insert().values(user_id=gate.id, market_id=market.id))
    before = occurrence.starts_at - timedelta(days=1)
    result = GateDay(market.id, occurrence.id, day, _account(organizer), _account(gate))
    for number in range(families):
        assignment = placed_family(occurrence, market.offered_stalls[number], organizer,
                                   f"أسرة {title} {number + 1}", now=before, by_organizer=True)
        application, family = assignment.application, assignment.application.family
        badge = issue_badge(application, by=organizer)
        result.placed.append(PlacedFamily(family.name, assignment.stall.code, token_for(badge), badge.short_code,
                                          application.id, assignment.id, family.id, _account(family.user)))
    for number in range(waiting):
        family = ready_family(f"أسرة تنتظر {title} {number + 1}")
        application = applications.apply(family, [occurrence], request_for("food"), now=before,
                                         by_organizer=organizer)[0]
        applications.decide(application, "waitlisted", by=organizer, now=before)
        result.waiting.append((application.id, family.name))
    db.session.commit()
    return result


def held_event(families=3, *, days_ago=1, province_slug="damascus", crafts=("food", "sweets"), organizer=None):
    """A market whose (first) date ended `days_ago` days ago, each family placed at a stall.

    Returns (occurrence, organizer, assignments). Built through the real operations,
    then the date is moved into the past (applications are only taken for future dates).
    """
    market = open_market(stalls=max(families, 1), fridays=1, crafts=crafts, province_slug=province_slug)
    organizer = db.session.merge(organizer) if organizer is not None else make_organizer(province_slug)
    organizer = db.session.merge(organizer)
    occurrence = market.occurrences[0]
    assignments = [placed_family(occurrence, market.offered_stalls[number], organizer, f"أسرة {next(_names)}",
                                 province_slug=province_slug, crafts=crafts)
                   for number in range(families)]
    move_to(occurrence, today_in_damascus() - timedelta(days=days_ago))
    db.session.commit()
    return occurrence, organizer, assignments


def add_report(assignment: StallAssignment, total: int, *, attended=True, lines=(), rating=None, by=None):
    """A stored report, straight into the database (for aggregates and dashboards)."""
    report = SalesReport(occurrence_id=assignment.occurrence_id, family_id=assignment.family_id,
                         application_id=assignment.application_id, attended=attended,
                         total_sales=total if attended else 0, rating=rating,
                         entered_by_id=by.id if by is not None else None)
    report.lines = [SalesReportLine(craft_id=craft(slug).id, amount=amount, items=items)
                    for slug, amount, items in lines]
    db.session.add(report)
    db.session.flush()
    return report


def check_in(assignment: StallAssignment):
    db.session.add(CheckIn(occurrence_id=assignment.occurrence_id, family_id=assignment.family_id,
                           application_id=assignment.application_id, method="manual"))
    db.session.flush()


def one_application(app, *, email: str | None = None) -> tuple[int, str]:
    """A ready family applied for the first date of an open market, its organizer exists;
    (application id, the family's phone). Builds in an app context of its own."""
    with app.app_context():
        market = open_market()
        family = ready_family("أسرة أم خالد")
        family.user.email = email
        application = applications.apply(family, [market.occurrences[0]], request_for("food"), now=NOW)[0]
        make_organizer("damascus")
        db.session.commit()
        return application.id, family.user.phone


def approve_by_its_organizer(app, application_id: int) -> None:
    """The organizer of the province approves the application, in an app context of its own."""
    from festival.applications.models import Application
    from festival.auth.models import User

    with app.app_context():
        application = db.session.get(Application, application_id)
        organizer = db.session.scalar(db.select(User).where(User.role == "organizer"))
        applications.decide(application, "approved", by=organizer, now=NOW)
        db.session.commit()
