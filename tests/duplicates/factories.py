"""Two records of one family, as the programme gets them: registered twice, in two provinces."""
from festival.duplicates.models import DuplicatePair, PairStatus
from festival.extensions import db
from festival.provinces.models import Area
from tests.factories import make_family, province


def area(province_slug: str, name_ar: str) -> Area:
    found = db.session.scalar(db.select(Area).where(Area.province_id == province(province_slug).id,
                                                    Area.name_ar == name_ar))
    if found is None:
        found = Area(province_id=province(province_slug).id, name_ar=name_ar)
        db.session.add(found)
        db.session.flush()
    return found


def family_in(name: str, province_slug="damascus", area_name: str | None = None, **fields):
    family = db.session.merge(make_family(name=name, province_slug=province_slug))
    if area_name:
        family.area = area(province_slug, area_name)
    for key, value in fields.items():
        setattr(family, key, value)
    db.session.commit()
    return family


def open_pair(one, other, *, score=90, reasons=("same_phone",)) -> DuplicatePair:
    first, second = sorted((one.id, other.id))
    pair = DuplicatePair(first_family_id=first, second_family_id=second, score=score, reasons=list(reasons),
                         status=PairStatus.OPEN)
    db.session.add(pair)
    db.session.commit()
    return pair
