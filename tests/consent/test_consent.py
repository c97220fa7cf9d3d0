"""Consent: a family's choices and their history, public pages that follow them at once,
the choices asked at sign-up, and the download of everything held about a family."""
import json
import re
from types import SimpleNamespace

from festival.consent import operations, queries
from festival.consent.models import WORDING, ConsentChoice, SharingPurpose
from festival.extensions import db
from festival.vendors.models import Family, FamilyPhoto
from festival.vendors.photos import photo_path
from tests.conftest import post_form
from tests.factories import NOW, make_family, placed_families

PHOTO = "consenttestphoto0001"


def test_a_choice_is_kept_with_its_words_and_a_withdrawal_is_a_new_row(app_context):
    family = make_family()

    operations.record_choices(family, {"banks"}, by=family.user, now=NOW)
    unchanged = operations.record_choices(family, {"banks"}, by=family.user, now=NOW)
    operations.record_choices(family, set(), by=family.user, now=NOW)

    assert unchanged == []
    history = queries.history(family.id)
    assert [(choice.purpose, choice.granted) for choice in history if choice.purpose == "banks"] == [
        ("banks", False), ("banks", True)]
    banks = [choice for choice in history if choice.purpose == "banks"]
    assert {choice.wording for choice in banks} == {str(WORDING[SharingPurpose.BANKS])}
    assert queries.current_choices([family.id])[family.id] == {
        "public_profile": False, "banks": False, "ministries": False}


def test_a_family_that_withdraws_its_public_profile_leaves_the_event_page_at_once(app, client, login):
    with app.app_context():
        market, _organizer, _badges = placed_families(count=2)
        occurrence_id = market.occurrences[0].id
        family = db.session.scalar(db.select(Family).where(Family.name == "أسرة 0"))
        account = family.user.phone
        db.session.add(FamilyPhoto(family_id=family.id, position=0, stored_name=PHOTO, content_type="image/webp",
                                   width=10, height=10, size_bytes=4))
        db.session.commit()
        photo_path(PHOTO).parent.mkdir(parents=True, exist_ok=True)
        photo_path(PHOTO).write_bytes(b"RIFF")
    url = f"/events/{occurrence_id}"
    first = client.get(url)
    assert "أسرة 0" in first.get_data(as_text=True) and "أسرة 1" in first.get_data(as_text=True)
    assert client.get(f"/family/photos/{PHOTO}").status_code == 200

    family_client = login(SimpleNamespace(phone=account), as_client=app.test_client())
    saved = post_form(family_client, "/family/sharing", {"sharing": ["banks"]})

    assert saved.status_code == 303
    fresh = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert fresh.status_code == 200
    assert "أسرة 0" not in fresh.get_data(as_text=True) and "أسرة 1" in fresh.get_data(as_text=True)
    # Its photos are no longer served to visitors; the family itself still sees them.
    assert client.get(f"/family/photos/{PHOTO}").status_code == 404
    assert family_client.get(f"/family/photos/{PHOTO}").status_code == 200
    with app.app_context():
        choices = queries.current_choices([db.session.scalar(db.select(Family.id).where(Family.name == "أسرة 0"))])
        assert list(choices.values())[0] == {"public_profile": False, "banks": True, "ministries": False}


def test_sign_up_asks_what_may_be_shared_and_keeps_the_words_shown(app, client):
    page = client.get("/register").get_data(as_text=True)
    assert 'name="sharing"' in page and "checked" not in page.split('name="sharing"')[1][:80]
    province_id = re.search(r'<option (?:selected )?value="(\d+)">دمشق', page).group(1)

    created = post_form(client, "/register", {
        "family_name": "أسرة الموافقة", "phone": "٠٩٤٤ ٧٧٧ ١٢٣", "province": province_id,
        "password": "correct-horse-42", "confirm": "correct-horse-42", "sharing": ["public_profile"]})

    assert created.status_code == 302
    with app.app_context():
        rows = db.session.scalars(db.select(ConsentChoice).order_by(ConsentChoice.purpose)).all()
        assert [(row.purpose, row.granted) for row in rows] == [
            ("banks", False), ("ministries", False), ("public_profile", True)]
        assert all(row.wording and row.locale.startswith("ar") for row in rows)


def test_a_family_downloads_everything_held_about_it_and_nothing_of_others(app, client, login):
    with app.app_context():
        market, _organizer, _badges = placed_families(count=2)
        phone = db.session.scalar(db.select(Family).where(Family.name == "أسرة 0")).user.phone
    login(SimpleNamespace(phone=phone))
    response = client.get("/family/my-data.json")

    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["family"]["name"] == "أسرة 0" and data["account"]["phone"] == phone
    assert {"applications", "stall_assignments", "badges", "consent_choices"} <= set(data)
    text = response.get_data(as_text=True)
    assert "password_hash" not in text and "أسرة 1" not in text
