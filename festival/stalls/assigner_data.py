"""The automatic assigner's inputs for one date, read from the database.

A fixed number of queries whatever the number of families and stalls (no N+1): the
approved applications of the date with their families, crafts and the stalls already
given to them, the market's stalls, the families' stalls at earlier dates of the market, their
earlier dates at any market, and whether they came to their recent dates in the
province. Nothing is written.
"""
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import case, exists, func, literal, union_all
from sqlalchemy.orm import joinedload, selectinload

from festival.applications.models import Application, ApplicationStatus
from festival.checkin.models import CheckIn, NoShow
from festival.extensions import db
from festival.markets.models import Market, MarketStatus, Occurrence, OccurrenceStatus, market_stalls
from festival.stalls.assigner import Candidate, Needs, Proposal, StallSlot, Weights, propose
from festival.stalls.models import StallAssignment
from festival.training.queries import completed_courses
from festival.vendors.models import Family
from festival.venues.models import Stall, StallSection


@dataclass
class AssignerInputs:
    stalls: list[StallSlot]  # offered, not disabled, not yet given at this date
    candidates: list[Candidate]  # approved, without a stall at this date
    taken: dict[int, tuple[str, ...]]  # stalls already given → the categories sold there
    weights: Weights


def weights_for(market: Market) -> Weights:
    return Weights(grouping=market.assign_grouping, category_spread=market.weight_category_spread,
                   fairness=market.weight_fairness, first_time=market.weight_first_time,
                   reliability=market.weight_reliability, seniority=market.weight_seniority,
                   uniqueness=market.weight_uniqueness, training=market.weight_training)


def propose_for(occurrence: Occurrence, *, seed: int | None = None) -> tuple[AssignerInputs, Proposal]:
    """The preview of 'Assign automatically': the inputs (for the map) and the proposal."""
    inputs = load_inputs(occurrence)
    return inputs, propose(inputs.stalls, inputs.candidates, inputs.weights, seed=seed, taken=inputs.taken)


def load_inputs(occurrence: Occurrence) -> AssignerInputs:
    approved_with_stalls = _approved_applications(occurrence)
    approved = [application for application, _stall_id in approved_with_stalls]
    given = {stall_id: application.id for application, stall_id in approved_with_stalls if stall_id is not None}
    placed_applications = set(given.values())
    categories = {application.id: _categories(application) for application in approved}
    waiting = [application for application in approved if application.id not in placed_applications]

    sellers = Counter(category for sold in categories.values() for category in set(sold))
    history = past_qualities(occurrence)
    earlier = earlier_occurrences(occurrence)
    attended = attended_shares(occurrence)
    trained = completed_courses([application.family_id for application in waiting])
    candidates = []
    for application in waiting:
        family, sold = application.family, categories[application.id]
        candidates.append(Candidate(
            application_id=application.id, family_id=family.id, name=family.name,
            needs=Needs(application.needs_electricity, application.needs_covered, application.needs_accessible),
            categories=sold,
            # The family's own "first market" flag, unless it has since taken part in one here.
            first_time=family.first_market and not earlier.get(family.id),
            past_qualities=history.get(family.id, ()),
            attended_share=attended.get(family.id),
            earlier_occurrences=earlier.get(family.id, 0),
            unique_product=any(sellers[category] == 1 for category in sold),
            trained_course=trained.get(family.id),
        ))

    stalls = _market_stalls(occurrence.market_id)
    by_spot = {(stall.section_id, stall.row, stall.column): stall.id for stall, _code in stalls}
    offered = set(by_spot.values())
    taken = {stall_id: categories.get(application_id, ()) for stall_id, application_id in given.items()
             if stall_id in offered}
    slots = [_slot(stall, section_code, by_spot) for stall, section_code in stalls
             if not stall.disabled and stall.id not in given]
    return AssignerInputs(slots, candidates, taken, weights_for(occurrence.market))


def _approved_applications(occurrence: Occurrence) -> list[tuple[Application, int | None]]:
    """The approved applications with the stall each holds, if any.

    Only approved applications hold stalls (`stalls.operations.release` frees the stall
    of any other), so these are also the stalls already given at this date.
    """
    return list(db.session.execute(
        db.select(Application, StallAssignment.stall_id)
        .outerjoin(StallAssignment, StallAssignment.application_id == Application.id)
        .where(Application.occurrence_id == occurrence.id, Application.status == ApplicationStatus.APPROVED)
        .options(joinedload(Application.family).selectinload(Family.crafts), selectinload(Application.crafts))
        .order_by(Application.id)).all())


def _categories(application: Application) -> tuple[str, ...]:
    """What the family sells at this date: its application's crafts, else its profile's."""
    crafts = application.crafts or application.family.crafts
    return tuple(craft.slug for craft in crafts)


def _market_stalls(market_id: int) -> list[tuple[Stall, str]]:
    """Every stall the market offers (disabled ones too: they may hold a family), with its section code."""
    return list(db.session.execute(
        db.select(Stall, StallSection.code).join(market_stalls, market_stalls.c.stall_id == Stall.id)
        .join(StallSection, StallSection.id == Stall.section_id)
        .where(market_stalls.c.market_id == market_id).order_by(Stall.code)).all())


def _slot(stall: Stall, section_code: str, by_spot: dict[tuple[int, int, int], int]) -> StallSlot:
    """Neighbours: left and right in the row, and the stall across in the adjacent rows."""
    section, row, column = stall.section_id, stall.row, stall.column
    around = ((section, row, column - 1), (section, row, column + 1),
              (section, row - 1, column), (section, row + 1, column))
    return StallSlot(id=stall.id, code=stall.code, section=section_code, row=row, column=column,
                     quality=stall.quality, electricity=stall.electricity, covered=stall.covered,
                     accessible=stall.accessible, corner=stall.corner,
                     neighbours=tuple(by_spot[spot] for spot in around if spot in by_spot))


def _approved_family_ids(occurrence: Occurrence):
    return db.select(Application.family_id).where(Application.occurrence_id == occurrence.id,
                                                  Application.status == ApplicationStatus.APPROVED)


def past_qualities(occurrence: Occurrence) -> dict[int, tuple[int, ...]]:
    """Family → qualities of its stalls at earlier, not cancelled dates of this market, newest first."""
    rows = db.session.execute(
        db.select(StallAssignment.family_id, Stall.quality)
        .join(Stall, Stall.id == StallAssignment.stall_id)
        .join(Occurrence, Occurrence.id == StallAssignment.occurrence_id)
        .where(Occurrence.market_id == occurrence.market_id, Occurrence.day < occurrence.day,
               Occurrence.status != OccurrenceStatus.CANCELLED,
               StallAssignment.family_id.in_(_approved_family_ids(occurrence)))
        .order_by(StallAssignment.family_id, Occurrence.day.desc()))
    history: dict[int, list[int]] = {}
    for family_id, quality in rows:
        history.setdefault(family_id, []).append(quality)
    return {family_id: tuple(qualities) for family_id, qualities in history.items()}


def earlier_occurrences(occurrence: Occurrence) -> dict[int, int]:
    """Seniority: family → earlier, not cancelled dates of any market it was approved for."""
    earlier = db.aliased(Occurrence)
    rows = db.session.execute(
        db.select(Application.family_id, func.count(func.distinct(Application.occurrence_id)))
        .join(earlier, earlier.id == Application.occurrence_id)
        .where(Application.status == ApplicationStatus.APPROVED, earlier.day < occurrence.day,
               earlier.status != OccurrenceStatus.CANCELLED,
               Application.family_id.in_(_approved_family_ids(occurrence)))
        .group_by(Application.family_id))
    return dict(rows.all())


# The reliability goal looks at this many of a family's latest dates, so that a family
# that missed dates two years ago is not held back for ever.
RECENT_DATES = 6


def attended_shares(occurrence: Occurrence) -> dict[int, float]:
    """Family → share of its recent dates it came to (the reliability goal), in one query.

    A family's dates are its held (ended, not cancelled) dates in the province before this
    one, any market of it: a stall given away on the day (a NoShow row) is a date missed;
    a stall kept counts where the gate recorded someone that day, as came if the family
    checked in, else missed. Where the gate was not used the missing check-in says nothing
    (the same rule as `checkin.attendance.no_show_application_ids`). The latest
    `RECENT_DATES` count; a family without such dates is absent (unknown, not unreliable).
    """
    held = (Occurrence.ends_at <= occurrence.starts_at, Occurrence.status != OccurrenceStatus.CANCELLED,
            Market.status != MarketStatus.CANCELLED, Market.province_id == occurrence.market.province_id)
    families = _approved_family_ids(occurrence)
    gate_used = exists().where(CheckIn.occurrence_id == StallAssignment.occurrence_id)
    arrived = exists().where(CheckIn.occurrence_id == StallAssignment.occurrence_id,
                             CheckIn.family_id == StallAssignment.family_id)
    placed = (db.select(StallAssignment.family_id.label("family_id"), Occurrence.starts_at.label("starts_at"),
                        case((arrived, 1), else_=0).label("came"))
              .join(Occurrence, Occurrence.id == StallAssignment.occurrence_id)
              .join(Market, Market.id == Occurrence.market_id)
              .where(*held, gate_used, StallAssignment.family_id.in_(families)))
    replaced = (db.select(NoShow.family_id, Occurrence.starts_at, literal(0))
                .join(Occurrence, Occurrence.id == NoShow.occurrence_id)
                .join(Market, Market.id == Occurrence.market_id)
                .where(*held, NoShow.family_id.in_(families)))
    dates = union_all(placed, replaced).subquery()
    latest = db.select(dates.c.family_id, dates.c.came, func.row_number().over(
        partition_by=dates.c.family_id, order_by=dates.c.starts_at.desc()).label("age")).subquery()
    rows = db.session.execute(
        db.select(latest.c.family_id, func.sum(latest.c.came), func.count())
        .where(latest.c.age <= RECENT_DATES).group_by(latest.c.family_id))
    return {family_id: came / count for family_id, came, count in rows}
