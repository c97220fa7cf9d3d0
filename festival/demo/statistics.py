"""Demo answers to the profile's optional statistics questions, so that the partner's
dashboard has age bands, displacement and disability to show: two families in three answer,
the others leave them empty ("not said"), as in life. Only families that never answered
are touched, so loading twice changes nothing."""
from sqlalchemy import select

from festival.extensions import db
from festival.vendors.models import Displacement, Family

BIRTH_YEARS = (1962, 1971, 1979, 1985, 1990, 1998, 2001, 1968, 1983, 1994)
DISPLACEMENTS = (Displacement.NOT_DISPLACED, Displacement.DISPLACED, Displacement.NOT_DISPLACED,
                 Displacement.RETURNEE, Displacement.DISPLACED)


def load_answers() -> str:
    families = db.session.scalars(select(Family).where(
        Family.is_live, Family.head_birth_year.is_(None), Family.displacement.is_(None),
        Family.disability_in_family.is_(None)).order_by(Family.id)).all()
    answered = 0
    for family in families:
        index = family.id  # by id, not by position: a second load decides the same
        if index % 3 == 2:
            continue  # rather not say
        family.head_birth_year = BIRTH_YEARS[index % len(BIRTH_YEARS)]
        family.displacement = DISPLACEMENTS[index % len(DISPLACEMENTS)]
        family.disability_in_family = index % 7 == 0
        answered += 1
    db.session.flush()
    return f"statistics answers: {answered} families"
