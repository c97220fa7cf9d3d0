"""The automatic assigner's inputs for one date, read from the database.

A fixed number of queries whatever the number of families and stalls (no N+1): the
approved applications of the date with their families and crafts, the stalls already
given, the market's stalls, the families' stalls at earlier dates of the market, and
their earlier dates at any market. Nothing is written.
"""
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy.orm import joinedload, selectinload

from festival.applications.models import Application, ApplicationStatus
from festival.extensions import db
from festival.markets.models import Market, Occurrence, OccurrenceStatus, market_stalls
from festival.stalls.assigner import Candidate, Needs, Proposal, StallSlot, Weights, propose
from festival.stalls.models import StallAssignment
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
                   uniqueness=market.weight_uniqueness)


def propose_for(occurrence: Occurrence, *, seed: int | None = None) -> tuple[AssignerInputs, Proposal]:
    """The preview of 'Assign automatically': the inputs (for the map) and the proposal."""
    inputs = load_inputs(occurrence)
    return inputs, propose(inputs.stalls, inputs.candidates, inputs.weights, seed=seed, taken=inputs.taken)


def load_inputs(occurrence: Occurrence) -> AssignerInputs:
    approved = _approved_applications(occurrence)
    given = dict(db.session.execute(db.select(StallAssignment.stall_id, StallAssignment.application_id)
                                    .where(StallAssignment.occurrence_id == occurrence.id)).all())
    placed_applications = set(given.values())
    categories = {application.id: _categories(application) for application in approved}
    waiting = [application for application in approved if application.id not in placed_applications]

    sellers = Counter(category for sold in categories.values() for category in set(sold))
    history = past_qualities(occurrence)
    earlier = earlier_occurrences(occurrence)
    attended = attended_shares(occurrence, [application.family_id for application in waiting])
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
        ))

    stalls = _market_stalls(occurrence.market_id)
    by_spot = {(stall.section_id, stall.row, stall.column): stall.id for stall, _code in stalls}
    offered = set(by_spot.values())
    taken = {stall_id: categories.get(application_id, ()) for stall_id, application_id in given.items()
             if stall_id in offered}
    slots = [_slot(stall, section_code, by_spot) for stall, section_code in stalls
             if not stall.disabled and stall.id not in given]
    return AssignerInputs(slots, candidates, taken, weights_for(occurrence.market))


def _approved_applications(occurrence: Occurrence) -> list[Application]:
    return list(db.session.scalars(
        db.select(Application).where(Application.occurrence_id == occurrence.id,
                                     Application.status == ApplicationStatus.APPROVED)
        .options(joinedload(Application.family).selectinload(Family.crafts), selectinload(Application.crafts))
        .order_by(Application.id)))


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


def attended_shares(occurrence: Occurrence, family_ids: list[int]) -> dict[int, float]:
    """Family → share of its assigned dates it came to (the reliability goal).

    The hook for gate check-ins: until they are recorded, nobody's attendance is known
    and the reliability weight has no effect. When they are, one grouped query over
    the earlier dates of the market (check-ins / assignments per family) belongs here.
    """
    return {}
