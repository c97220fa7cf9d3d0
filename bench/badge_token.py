"""Adds one approved, placed family with a badge to the benchmark database; prints its /b/ path.

Used to measure check-in verification through gunicorn:
    .venv/bin/python bench/badge_token.py   # prints /b/<token>
    .venv/bin/python bench/run.py --reuse --paths /b/<token>
The anonymous badge page runs the same festival.checkin.verify.verify() as the scanner API.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from build_data import DEFAULT_DATABASE_URL, _bench_app  # noqa: E402

from festival.applications import operations as applications  # noqa: E402
from festival.badges.operations import issue_badge, token_for  # noqa: E402
from festival.core.types import utcnow  # noqa: E402
from festival.extensions import db  # noqa: E402
from festival.markets.models import Market, Occurrence  # noqa: E402
from festival.stalls.operations import assign  # noqa: E402
from festival.vendors.models import Family  # noqa: E402


def main() -> None:
    app = _bench_app(DEFAULT_DATABASE_URL)
    with app.app_context():
        occurrence = db.session.scalar(
            db.select(Occurrence).join(Market).where(Market.status == "published", Occurrence.status == "scheduled",
                                                    Occurrence.starts_at > utcnow()).order_by(Occurrence.starts_at))
        from festival.auth.operations import register_family

        family = db.session.scalar(db.select(Family).where(Family.name == "أسرة القياس"))
        if family is None:
            family = register_family(phone="0999000001", password="bench-password", family_name="أسرة القياس",
                                     province=occurrence.market.province)
        family.crafts = occurrence.market.crafts[:1]
        application = applications.existing_application(family, occurrence) or applications.apply(
            family, [occurrence], applications.ApplicationRequest(crafts=occurrence.market.crafts[:1]),
            now=utcnow(), by_organizer=occurrence.market.created_by or family.user)[0]
        if application.status != "approved":
            applications.decide(application, "approved", by=None, now=utcnow())
        if application.assignment is None:
            assign(application, occurrence.market.offered_stalls[0], by=None)
        badge = issue_badge(application)
        db.session.commit()
        print(f"/b/{token_for(badge)}")


if __name__ == "__main__":
    main()
