"""Documents through HTTP: a family uploads, an organizer checks, admins set the types, and
every file is served only to those who may see it, never cached by others."""
import re
from datetime import timedelta

import pytest

from festival.core.timezones import today_in_damascus
from festival.documents.models import DocumentType, FamilyDocument
from festival.extensions import db
from tests.conftest import post_form
from tests.factories import make_document, make_document_type, pdf_bytes, photo_bytes, ready_family

ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.fixture
def certificate_id(app):
    with app.app_context():
        return make_document_type().id


@pytest.fixture
def cook(app):
    with app.app_context():
        family = ready_family("أسرة أم سامر", crafts=("food",))
        family.user  # noqa: B018 (loaded, for logging in)
        return family


def _upload(client, type_id, content, *, number="ص-٤٥٦٧", expires="", name="certificate.jpg"):
    import io

    return post_form(client, "/family/documents", {
        "document_type_id": str(type_id), "number": number, "expires_on": expires,
        "file": (io.BytesIO(content), name)}, content_type="multipart/form-data")


def test_a_food_family_uploads_its_certificate_with_an_arabic_indic_date(app, client, login, cook, certificate_id):
    login(cook.user)
    expiry = today_in_damascus() + timedelta(days=90)
    page = client.get("/family/documents?lang=en").get_data(as_text=True)
    assert "needed for your crafts" in page

    response = _upload(client, certificate_id, photo_bytes(), expires=expiry.isoformat().translate(ARABIC_DIGITS))

    assert response.status_code == 303
    with app.app_context():
        document = db.session.scalar(db.select(FamilyDocument))
        assert (document.expires_on, document.number, document.status) == (expiry, "ص-٤٥٦٧", "pending")
    assert "Not checked yet" in client.get("/family/documents?lang=en").get_data(as_text=True)


def test_a_refused_file_comes_back_under_its_field_with_what_was_typed(client, login, cook, certificate_id):
    login(cook.user)
    client.get("/family/documents?lang=en")

    response = _upload(client, certificate_id, b"%PDF-1.4 not really", number="ص-99",
                       expires=(today_in_damascus() + timedelta(days=9)).isoformat())

    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "not a photo or a PDF we can use" in page and 'value="ص-99"' in page


def test_a_pdf_is_accepted_and_served_only_as_a_download(app, client, login, cook, certificate_id):
    login(cook.user)
    _upload(client, certificate_id, pdf_bytes(pages=2), name="c.pdf",
            expires=(today_in_damascus() + timedelta(days=9)).isoformat())
    with app.app_context():
        document_id = db.session.scalar(db.select(FamilyDocument.id))

    served = client.get(f"/family/documents/{document_id}/file")

    assert served.status_code == 200 and served.data.startswith(b"%PDF-")
    assert served.headers["Content-Disposition"].startswith("attachment")
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served.headers["Content-Security-Policy"]
    assert "no-store" in served.headers["Cache-Control"] and "private" in served.headers["Cache-Control"]


def test_a_family_never_reaches_another_familys_document(app, client, login, make, cook, certificate_id):
    with app.app_context():
        other = make_document(ready_family("أسرة أخرى"), db.session.get(DocumentType, certificate_id))
    login(cook.user)

    assert client.get(f"/family/documents/{other.id}/file").status_code == 404


def _pending(app, certificate_id, province="damascus"):
    with app.app_context():
        family = ready_family("أسرة أم سامر", province_slug=province, crafts=("food",))
        return make_document(family, db.session.get(DocumentType, certificate_id), status="pending").id


def test_an_organizer_checks_the_queue_sees_the_photo_and_verifies(app, client, login, make, certificate_id):
    document_id = _pending(app, certificate_id)
    _pending(app, certificate_id, province="aleppo")
    login(make.organizer("damascus"))

    queue = client.get("/manage/documents?lang=en").get_data(as_text=True)
    assert queue.count("أسرة أم سامر") == 1 and f"/manage/documents/{document_id}" in queue
    page = client.get(f"/manage/documents/{document_id}").get_data(as_text=True)
    photo = client.get(f"/manage/documents/{document_id}/file")
    assert f'src="/manage/documents/{document_id}/file"' in page
    assert photo.mimetype == "image/webp" and "no-store" in photo.headers["Cache-Control"]

    response = post_form(client, f"/manage/documents/{document_id}/verify", {},
                         form_page=f"/manage/documents/{document_id}")

    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(FamilyDocument, document_id).status == "verified"


def test_a_rejection_without_a_reason_is_said_under_the_field(app, client, login, make, certificate_id):
    document_id = _pending(app, certificate_id)
    login(make.organizer("damascus"))

    refused = post_form(client, f"/manage/documents/{document_id}/reject?lang=en", {"reason": " "},
                        form_page=f"/manage/documents/{document_id}?lang=en")
    done = post_form(client, f"/manage/documents/{document_id}/reject", {"reason": "الصورة غير واضحة"},
                     form_page=f"/manage/documents/{document_id}")

    assert refused.status_code == 422 and "Give the reason" in refused.get_data(as_text=True)
    assert done.status_code == 303
    with app.app_context():
        assert db.session.get(FamilyDocument, document_id).reject_reason == "الصورة غير واضحة"


def test_an_organizer_of_another_province_is_refused_the_document_and_its_file(app, login, make, certificate_id):
    document_id = _pending(app, certificate_id)
    client = login(make.organizer("aleppo"), as_client=app.test_client())

    assert client.get(f"/manage/documents/{document_id}").status_code == 403
    assert client.get(f"/manage/documents/{document_id}/file").status_code == 403
    assert "أسرة أم سامر" not in client.get("/manage/documents").get_data(as_text=True)


def test_an_admin_adds_a_document_type_for_food_crafts(app, client, login, make):
    login(make.admin())
    page = client.get("/admin/document-types").get_data(as_text=True)
    food = re.search(r'<input[^>]*value="(\d+)"[^>]*>\s*<label[^>]*>مونة', page)

    response = post_form(client, "/admin/document-types", {
        "name_ar": "الشهادة الصحية", "name_en": "Health certificate", "expires": "y",
        "crafts": [food.group(1)]})

    assert response.status_code == 303
    with app.app_context():
        document_type = db.session.scalar(db.select(DocumentType))
        assert document_type.expires and [craft.slug for craft in document_type.crafts] == ["food"]


def test_an_organizer_sets_a_markets_documents_and_policy(app, client, login, make, events, certificate_id):
    market_id = events.market()
    login(make.organizer("damascus"))

    response = post_form(client, f"/manage/markets/{market_id}/documents", {
        "document_types": [str(certificate_id)], "policy": "badges"})

    assert response.status_code == 303
    with app.app_context():
        from festival.markets.models import Market
        assert db.session.get(Market, market_id).document_policy == "badges"
    page = client.get(f"/manage/markets/{market_id}/documents").get_data(as_text=True)
    ticked = rf'<input[^>]*checked[^>]*value="{certificate_id}"|<input[^>]*value="{certificate_id}"[^>]*checked'
    assert re.search(ticked, page)


def test_the_family_dashboard_shows_an_expired_certificate(app, client, login, cook, certificate_id):
    with app.app_context():
        document = make_document(cook, db.session.get(DocumentType, certificate_id),
                                 expires_on=today_in_damascus() + timedelta(days=20))
        db.session.merge(document).expires_on = today_in_damascus() - timedelta(days=2)
        db.session.commit()
    login(cook.user)

    page = client.get("/family?lang=en").get_data(as_text=True)

    assert "Health certificate expired on" in page
