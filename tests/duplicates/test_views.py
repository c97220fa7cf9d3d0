"""The admins' review queue: pairs side by side with masked phones, not a duplicate, merge after a confirmation."""
from festival.duplicates.models import DuplicatePair, PairStatus
from festival.extensions import db
from festival.vendors.models import Family
from tests.conftest import csrf_token_from, post_form
from tests.duplicates.factories import family_in


def two_records(app):
    with app.app_context():
        one = family_in("أسرة عبد الله الحلبي", "aleppo", "الجميلية")
        other = family_in("اسرة عبدالله الحلبى", "damascus", second_phone=one.user.phone)
        return one.id, other.id, one.user.phone


def test_the_queue_shows_each_pair_side_by_side_with_masked_phones(app, client, login, make):
    one_id, other_id, phone = two_records(app)
    login(make.admin())
    post_form(client, "/admin/duplicates/scan", {}, form_page="/admin/duplicates")

    page = client.get("/admin/duplicates?lang=en").get_data(as_text=True)

    assert "أسرة عبد الله الحلبي" in page and "اسرة عبدالله الحلبى" in page
    assert "Same phone number" in page and phone not in page and phone[-3:] in page
    assert f"/keep/{one_id}" in page and f"/keep/{other_id}" in page


def test_not_a_duplicate_leaves_the_queue(app, client, login, make):
    two_records(app)
    login(make.admin())
    post_form(client, "/admin/duplicates/scan", {}, form_page="/admin/duplicates")
    with app.app_context():
        pair_id = db.session.scalar(db.select(DuplicatePair.id))

    response = post_form(client, f"/admin/duplicates/{pair_id}/not-duplicate", {}, form_page="/admin/duplicates")

    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(DuplicatePair, pair_id).status == PairStatus.NOT_DUPLICATE


def test_merging_asks_first_then_merges_into_the_chosen_record(app, client, login, make):
    one_id, other_id, _phone = two_records(app)
    login(make.admin())
    post_form(client, "/admin/duplicates/scan", {}, form_page="/admin/duplicates")
    with app.app_context():
        pair_id = db.session.scalar(db.select(DuplicatePair.id))
    url = f"/admin/duplicates/{pair_id}/keep/{one_id}"

    question = client.get(url)
    assert question.status_code == 200 and csrf_token_from(question.get_data(as_text=True))
    with app.app_context():
        assert db.session.get(Family, other_id).merged_into_id is None  # asking changes nothing

    assert post_form(client, url, {}, form_page=url).status_code == 303
    with app.app_context():
        assert db.session.get(Family, other_id).merged_into_id == one_id


def test_a_family_outside_the_pair_cannot_be_kept(app, client, login, make):
    two_records(app)
    stranger = make.family("أسرة غريبة")
    login(make.admin())
    post_form(client, "/admin/duplicates/scan", {}, form_page="/admin/duplicates")
    with app.app_context():
        pair_id = db.session.scalar(db.select(DuplicatePair.id))

    assert client.get(f"/admin/duplicates/{pair_id}/keep/{stranger.id}").status_code == 404


def test_organizers_never_see_the_queue(client, login, make):
    login(make.organizer("damascus"))

    assert client.get("/admin/duplicates").status_code == 403
