"""Demo profiles: filled in, with drawn product photos, loaded twice without duplicates."""
from pathlib import Path

from festival.demo.accounts import load_areas, load_families, load_staff
from festival.demo.profiles import load_profiles
from festival.extensions import db
from festival.vendors.models import Family, FamilyPhoto
from festival.vendors.profile import missing_profile_items


def test_demo_profiles_are_complete_with_photos_and_load_once(app, app_context):
    load_areas(), load_staff(), load_families()
    first = load_profiles()
    db.session.commit()
    photo_count = db.session.scalar(db.select(db.func.count()).select_from(FamilyPhoto))
    again = load_profiles()
    db.session.commit()

    assert first == f"family profiles: 29 filled, {photo_count} photos added"
    assert again == "family profiles: 0 filled, 0 photos added"
    assert photo_count == db.session.scalar(db.select(db.func.count()).select_from(FamilyPhoto))
    families = db.session.scalars(db.select(Family).order_by(Family.id)).all()
    incomplete = [family.name for family in families if missing_profile_items(family)]
    assert incomplete == ["قش وسلال بصرى"]
    assert all(1 <= len(family.photos) <= 3 for family in families)
    assert any(family.rural_women_project for family in families) and any(family.disability for family in families)
    folder = Path(app.config["UPLOAD_FOLDER"]) / "photos"
    assert len(list(folder.glob("*.thumb.webp"))) == photo_count
