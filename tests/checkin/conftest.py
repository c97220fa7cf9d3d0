"""A market day at the gate: placed families with badges, waiting families, gate staff.

The market runs the whole local day (00:00–23:59, Damascus) with a cut-off of zero
minutes, so a test run at any hour happens "during the market" when the day is today.
Builders return plain values (tokens, ids, phones): HTTP tests log in and look up the
rest in their own app context.
"""
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from types import SimpleNamespace

import pytest

from festival.applications import operations as applications
from festival.badges.models import gate_staff
from festival.badges.operations import issue_badge, token_for
from festival.core.timezones import local_to_utc, today_in_damascus
from festival.extensions import db
from festival.markets.models import Market, MarketKind, MarketStatus, Occurrence
from festival.stalls import operations as stalls
from tests.applications.conftest import craft, ready_family, request_for
from tests.factories import make_gate, make_organizer
from tests.markets.conftest import build_venue


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
    """Call inside an app context; everything is committed."""
    day = day or today_in_damascus()
    market = gate_market(day, stalls_count=stalls_count, cutoff_minutes=cutoff_minutes, title=title)
    occurrence = market.occurrences[0]
    organizer = db.session.merge(make_organizer("damascus", name="منظّمة السوق"))
    gate = db.session.merge(make_gate(name=gate_name))
    db.session.execute(gate_staff.insert().values(user_id=gate.id, market_id=market.id))
    before = occurrence.starts_at - timedelta(days=1)
    result = GateDay(market.id, occurrence.id, day, _account(organizer), _account(gate))
    for number in range(families):
        family = ready_family(f"أسرة {title} {number + 1}")
        application = applications.apply(family, [occurrence], request_for("food"), now=before,
                                         by_organizer=organizer)[0]
        applications.decide(application, "approved", by=organizer, now=before)
        assignment = stalls.assign(application, market.offered_stalls[number], by=organizer)
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


@pytest.fixture
def gate_day(app):
    with app.app_context():
        return build_gate_day()


def api_headers(client, path="/gate"):
    """The JSON headers a scanner page sends, with the CSRF token of the signed-in session."""
    from tests.conftest import csrf_token_from

    token = csrf_token_from(client.get(path).get_data(as_text=True))
    return {"X-CSRFToken": token, "Accept": "application/json"}
