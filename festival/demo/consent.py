"""Demo sharing choices: every demo family lets its profile be shown on market pages; the
first three also let financing banks see their contact and production data; one family
(0944000004) said no to ministries at first and then agreed, so its history shows both."""
from datetime import timedelta

from sqlalchemy import select

from festival.consent.models import WORDING, ConsentChoice, SharingPurpose
from festival.core.types import utcnow
from festival.extensions import db
from festival.vendors.models import Family


def _choose(family: Family, purpose: SharingPurpose, granted: bool, at) -> None:
    db.session.add(ConsentChoice(family_id=family.id, purpose=purpose, granted=granted, wording=str(WORDING[purpose]),
                                 locale="ar", chosen_at=at, chosen_by_id=family.user_id))


def load_choices() -> str:
    families = db.session.scalars(select(Family).where(~select(ConsentChoice.id).where(
        ConsentChoice.family_id == Family.id).exists()).order_by(Family.id)).all()
    now = utcnow()
    for index, family in enumerate(families):
        at = family.created_at or now
        _choose(family, SharingPurpose.PUBLIC_PROFILE, True, at)
        _choose(family, SharingPurpose.BANKS, index < 3, at)
        _choose(family, SharingPurpose.MINISTRIES, False, at)
        if index == 3:
            _choose(family, SharingPurpose.MINISTRIES, True, now - timedelta(days=2))
    db.session.flush()
    return f"sharing choices: {len(families)} families"
