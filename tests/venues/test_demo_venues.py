"""Demo venues: realistic layouts in six provinces, loaded twice without duplicates."""
from festival.demo.venues import load_venues
from festival.extensions import db
from festival.venues.models import Stall, StallSection, Venue


def _counts():
    return tuple(
        db.session.scalar(db.select(db.func.count()).select_from(model)) for model in (Venue, StallSection, Stall)
    )


def test_demo_venues_load_once(app_context):
    first = load_venues()
    db.session.commit()
    counts = _counts()
    again = load_venues()
    db.session.commit()

    assert counts == _counts()
    assert 6 <= counts[0] <= 8 and counts[2] > 100
    assert "0 added" not in first and "0 added" in again
    tishreen = db.session.scalar(db.select(Venue).where(Venue.name_ar == "حديقة تشرين"))
    assert [section.code for section in tishreen.sections] == ["A", "B"]
    assert tishreen.province.slug == "damascus" and tishreen.notes_for_vendors
    assert db.session.scalar(db.select(db.func.count()).where(Stall.electricity)) > 0
