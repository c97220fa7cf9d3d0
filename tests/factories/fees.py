"""Markets with a stall fee and a family placed on each of their dates, ready to pay."""
from dataclasses import dataclass

from festival.applications import operations as applications
from festival.extensions import db
from festival.markets.models import Market
from festival.stalls import operations as stalls
from festival.stalls.models import StallAssignment
from festival.vendors.models import Family
from tests.factories.markets import NOW, open_market
from tests.factories.people import make_organizer, ready_family
from tests.factories.placements import request_for


@dataclass
class FeeMarket:
    market: Market
    organizer: object
    family: Family
    assignments: list[StallAssignment]


def fee_market(*, fee=5000, fridays=2, electricity=0, covered=0, policy="badge", name="أسرة المونة",
               stall_features=()) -> FeeMarket:
    """A Friday series charging `fee` per stall and day, one family placed on every Friday
    at the first stall (`stall_features`: e.g. ("electricity",) on that stall)."""
    market = open_market(stalls=3, fridays=fridays)
    market.stall_fee, market.fee_electricity, market.fee_covered, market.fee_policy = fee, electricity, covered, policy
    stall = market.offered_stalls[0]
    for feature in stall_features:
        setattr(stall, feature, True)
    organizer = db.session.merge(make_organizer("damascus"))
    family = ready_family(name)
    assignments = []
    for application in applications.apply(family, list(market.occurrences), request_for("food"), now=NOW):
        applications.decide(application, "approved", by=organizer, now=NOW)
        assignments.append(stalls.assign(application, stall, by=organizer))
    db.session.flush()
    return FeeMarket(market, organizer, family, assignments)
