"""The family attributes partners disaggregate their indicators by, defined once.

Age bands are computed by the database from the head's birth year and the year given
(Damascus's current year), so every dashboard groups in SQL and none repeats the limits:
`age_band(Family.head_birth_year, year)` is a CASE expression, AGE_BANDS its codes in order
with their words. A family that did not give a year is in UNKNOWN ("not said"), like the
other optional answers (NULL).
"""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, literal

from festival.vendors.models import Displacement, HeadSex

UNKNOWN = "unknown"


@dataclass(frozen=True)
class AgeBand:
    code: str
    label: object  # lazy text
    below: int | None  # the first age no longer in the band; None: no upper limit


AGE_BANDS = (
    AgeBand("under_25", _l("under 25"), 25),
    AgeBand("25_34", _l("25 to 34"), 35),
    AgeBand("35_44", _l("35 to 44"), 45),
    AgeBand("45_59", _l("45 to 59"), 60),
    AgeBand("60_plus", _l("60 and over"), None),
)


def age_band(birth_year_column, year: int):
    """SQL: the code of the age band of a head born in `birth_year_column`, as of `year`."""
    age = literal(year) - birth_year_column
    whens = [(birth_year_column.is_(None), literal(UNKNOWN))]
    whens += [(age < band.below, literal(band.code)) for band in AGE_BANDS if band.below is not None]
    return case(*whens, else_=literal(AGE_BANDS[-1].code))


def age_band_labels() -> dict[str, object]:
    return {**{band.code: band.label for band in AGE_BANDS}, UNKNOWN: _l("not said")}


def head_sex_labels() -> dict[str, object]:
    return {HeadSex.FEMALE.value: _l("women-led"), HeadSex.MALE.value: _l("men-led"), UNKNOWN: _l("not said")}


def displacement_labels() -> dict[str, object]:
    return {Displacement.NOT_DISPLACED.value: _l("not displaced"), Displacement.DISPLACED.value: _l("displaced"),
            Displacement.RETURNEE.value: _l("returnee"), UNKNOWN: _l("not said")}


def disability_labels() -> dict[str, object]:
    return {"yes": _l("with a family member with a disability"), "no": _l("without"), UNKNOWN: _l("not said")}
