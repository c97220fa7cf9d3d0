"""What the admins' review queue shows of each pair, in a fixed number of queries per page."""
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from festival.applications.models import Application
from festival.core.access import object_or_404
from festival.core.input_guard import paginate
from festival.duplicates.models import DuplicatePair, PairStatus
from festival.extensions import db
from festival.reports.models import SalesReport
from festival.vendors.models import Family

PER_PAGE = 20
SHOWN_DIGITS = 3


def masked_phone(e164: str | None) -> str:
    """`+963944123456` -> `••••••456`: enough to compare two records, not to call."""
    if not e164:
        return ""
    digits = e164.removeprefix("+963")
    return "•" * max(len(digits) - SHOWN_DIGITS, 0) + digits[-SHOWN_DIGITS:]


@dataclass(frozen=True)
class Side:
    family: Family
    phone: str
    second_phone: str
    applications: int
    sales_reports: int


@dataclass(frozen=True)
class PairRow:
    pair: DuplicatePair
    sides: tuple[Side, Side]


def _family_options():
    return (joinedload(Family.province), joinedload(Family.area), joinedload(Family.user),
            selectinload(Family.crafts))


def pair_or_404(pair_id: int) -> DuplicatePair:
    return object_or_404(DuplicatePair, pair_id,
                         joinedload(DuplicatePair.first).options(*_family_options()),
                         joinedload(DuplicatePair.second).options(*_family_options()))


def _counts(model, family_ids: set[int]) -> dict[int, int]:
    if not family_ids:
        return {}
    return dict(db.session.execute(select(model.family_id, func.count(model.id))
                                   .where(model.family_id.in_(family_ids)).group_by(model.family_id)).all())


def rows_of(pairs: list[DuplicatePair]) -> list[PairRow]:
    ids = {family.id for pair in pairs for family in pair.families}
    applications, reports = _counts(Application, ids), _counts(SalesReport, ids)

    def side(family: Family) -> Side:
        return Side(family, masked_phone(family.user.phone), masked_phone(family.second_phone),
                    applications.get(family.id, 0), reports.get(family.id, 0))

    return [PairRow(pair, (side(pair.first), side(pair.second))) for pair in pairs]


def open_pairs():
    """A page of the pairs to review, the most alike first."""
    query = (select(DuplicatePair).where(DuplicatePair.status == PairStatus.OPEN)
             .order_by(DuplicatePair.score.desc(), DuplicatePair.id)
             .options(joinedload(DuplicatePair.first).options(*_family_options()),
                      joinedload(DuplicatePair.second).options(*_family_options())))
    return paginate(query, per_page=PER_PAGE)


def decided_count() -> dict[str, int]:
    return dict(db.session.execute(select(DuplicatePair.status, func.count(DuplicatePair.id))
                                   .group_by(DuplicatePair.status)).all())
