"""What the stall map of one occurrence shows: offered stalls, who is where, who waits."""
from dataclasses import dataclass, field

from sqlalchemy import exists
from sqlalchemy.orm import joinedload, selectinload

from festival.applications.models import Application, ApplicationStatus
from festival.consent.models import SharingPurpose
from festival.consent.queries import has_granted
from festival.extensions import db
from festival.markets.models import Market, Occurrence, market_stalls
from festival.stalls.models import StallAssignment
from festival.vendors.models import Family
from festival.venues.models import Stall


@dataclass
class FloorPlan:
    occurrence: Occurrence
    stalls: list[Stall]
    assignments: list[StallAssignment]
    waiting: list[Application]  # approved, without a stall
    by_stall: dict[int, StallAssignment] = field(default_factory=dict)

    def __post_init__(self):
        self.by_stall = {assignment.stall_id: assignment for assignment in self.assignments}

    @property
    def free_stalls(self) -> list[Stall]:
        return [stall for stall in self.stalls if stall.id not in self.by_stall and not stall.disabled]

    def states(self) -> dict[int, str]:
        return {stall.id: "assigned" if stall.id in self.by_stall else
                ("disabled" if stall.disabled else "free") for stall in self.stalls}

    def labels(self) -> dict[int, str]:
        return {stall_id: assignment.family.name for stall_id, assignment in self.by_stall.items()}

    def category_of(self) -> dict[int, str]:
        """Main craft category slug per assigned stall, for colouring the map."""
        return {stall_id: assignment.application.crafts[0].slug
                for stall_id, assignment in self.by_stall.items() if assignment.application.crafts}


def offered_stalls(market: Market) -> list[Stall]:
    return list(db.session.scalars(
        db.select(Stall).join(market_stalls, market_stalls.c.stall_id == Stall.id)
        .where(market_stalls.c.market_id == market.id).options(joinedload(Stall.section)).order_by(Stall.code)))


def floor_plan(occurrence: Occurrence) -> FloorPlan:
    assignments = list(db.session.scalars(
        db.select(StallAssignment).where(StallAssignment.occurrence_id == occurrence.id).options(
            joinedload(StallAssignment.family), joinedload(StallAssignment.stall),
            joinedload(StallAssignment.application).selectinload(Application.crafts))))
    waiting = list(db.session.scalars(
        db.select(Application).where(
            Application.occurrence_id == occurrence.id, Application.status == ApplicationStatus.APPROVED,
            ~exists().where(StallAssignment.application_id == Application.id), Family.is_live)
        .options(joinedload(Application.family).selectinload(Family.crafts), selectinload(Application.crafts))
        .join(Application.family).order_by(Family.name)))
    return FloorPlan(occurrence, offered_stalls(occurrence.market), assignments, waiting)


def assignment_of_family(family: Family, occurrence: Occurrence) -> StallAssignment | None:
    return db.session.scalar(db.select(StallAssignment).where(
        StallAssignment.family_id == family.id, StallAssignment.occurrence_id == occurrence.id))


@dataclass
class DirectoryEntry:
    """A family as visitors see it: no phone, no personal data."""

    stall_code: str
    stall_id: int
    family_name: str
    crafts: list
    products: str
    photo: object | None


def public_directory(occurrence: Occurrence) -> list[DirectoryEntry]:
    """The placed families that let the programme show them (festival/consent); the others
    are left out of visitors' pages altogether."""
    assignments = db.session.scalars(
        db.select(StallAssignment).join(Family, Family.id == StallAssignment.family_id)
        .where(StallAssignment.occurrence_id == occurrence.id, Family.is_live,
               has_granted(StallAssignment.family_id, SharingPurpose.PUBLIC_PROFILE))
        .options(
            joinedload(StallAssignment.stall),
            joinedload(StallAssignment.family).selectinload(Family.photos),
            joinedload(StallAssignment.application).selectinload(Application.crafts))).unique()
    entries = [DirectoryEntry(a.stall.code, a.stall_id, a.family.name, list(a.application.crafts), a.family.products,
                              a.family.photos[0] if a.family.photos else None) for a in assignments]
    return sorted(entries, key=lambda entry: entry.stall_code)
