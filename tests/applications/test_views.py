"""Families and organizers through the pages: scoping, double submits, bulk, exports."""
import csv
import io
from urllib.parse import urlencode

import pytest
from openpyxl import load_workbook

from festival.applications import operations
from festival.applications.models import Application
from festival.extensions import db
from tests.conftest import post_form
from tests.factories import NOW, PASSWORD, make_organizer, open_market, ready_family, request_for


@pytest.fixture
def setup(app):
    """A Damascus market with two Fridays, one family that applied to both, one that did not."""
    with app.app_context():
        market = open_market(stalls=2, fridays=2)
        applicant = ready_family("أسرة أم سامر")
        other = ready_family("أسرة أخرى")
        created = operations.apply(applicant, market.occurrences, request_for("food"), now=NOW)
        db.session.commit()
        return {
            "market_id": market.id, "occurrence_ids": [o.id for o in market.occurrences],
            "application_ids": [a.id for a in created], "applicant": applicant.user, "other": other.user,
            "craft_id": applicant.crafts[0].id,
        }


def test_a_family_sees_its_application_with_its_timeline_in_arabic(app, login, setup):
    client = login(setup["applicant"])

    page = client.get(f"/family/applications/{setup['application_ids'][0]}").get_data(as_text=True)

    assert "قيد المراجعة" in page and "وصل طلبك." in page


def test_another_familys_application_is_a_404(app, login, setup):
    client = login(setup["other"])
    application_id = setup["application_ids"][0]

    assert client.get(f"/family/applications/{application_id}").status_code == 404
    assert client.get(f"/family/applications/{application_id}/edit").status_code == 404
    response = post_form(client, f"/family/applications/{application_id}/withdraw", {},
                         form_page="/family/applications")
    assert response.status_code == 404


def test_applying_again_points_to_the_existing_application(app, login, setup):
    client = login(setup["applicant"])

    response = post_form(client, f"/family/markets/{setup['market_id']}/apply", {
        "occurrences": str(setup["occurrence_ids"][0]), "crafts": str(setup["craft_id"]), "accept_terms": "y"})

    assert response.headers["Location"] == f"/family/applications/{setup['application_ids'][0]}"
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Application)) == 2


def test_a_category_the_market_does_not_allow_is_refused_with_a_message(app, login, setup):
    from festival.crafts.models import CraftCategory

    with app.app_context():
        pottery = db.session.scalar(db.select(CraftCategory.id).where(CraftCategory.slug == "pottery"))
    client = login(setup["other"])

    response = post_form(client, f"/family/markets/{setup['market_id']}/apply", {
        "occurrences": str(setup["occurrence_ids"][0]), "crafts": str(pottery), "accept_terms": "y"})

    assert response.status_code == 200
    assert 'class="errors"' in response.get_data(as_text=True)


def test_an_organizer_of_another_province_cannot_review(app, client, login, setup, make):
    login(make.organizer("aleppo"))

    assert client.get(f"/manage/markets/{setup['market_id']}/applications").status_code == 403
    assert client.get(f"/manage/applications/{setup['application_ids'][0]}").status_code == 403
    assert client.get(f"/manage/markets/{setup['market_id']}/applications.csv").status_code == 403


def test_organizer_approves_one_friday_and_rejects_the_other_and_the_family_is_told(app, client, login, setup, make):
    first, second = setup["application_ids"]
    login(make.organizer("damascus"))

    post_form(client, f"/manage/applications/{first}/decide", {"decision": "approved", "reason": ""},
              form_page=f"/manage/applications/{first}")
    rejected = post_form(client, f"/manage/applications/{second}/decide", {"decision": "rejected", "reason": ""},
                         form_page=f"/manage/applications/{second}", follow_redirects=True)
    assert "اذكر سبب الرفض" in rejected.get_data(as_text=True)
    post_form(client, f"/manage/applications/{second}/decide",
              {"decision": "rejected", "reason": "لا يوجد جناح مسقوف متاح"}, form_page=f"/manage/applications/{second}")

    family = login(setup["applicant"], as_client=app.test_client())
    approved_page = family.get(f"/family/applications/{first}").get_data(as_text=True)
    rejected_page = family.get(f"/family/applications/{second}").get_data(as_text=True)
    assert "مقبول" in approved_page
    assert "مرفوض" in rejected_page and "لا يوجد جناح مسقوف متاح" in rejected_page


def test_bulk_approval_of_a_filtered_selection(app, client, login, setup, make):
    login(make.organizer("damascus"))
    queue = f"/manage/markets/{setup['market_id']}/applications"

    response = post_form(client, queue + "/bulk", {
        "selected": [str(i) for i in setup["application_ids"]], "decision": "approved", "reason": ""},
        form_page=queue, follow_redirects=True)

    assert "تغيّر طلبان." in response.get_data(as_text=True)
    with app.app_context():
        assert set(db.session.scalars(db.select(Application.status))) == {"approved"}


def test_review_queue_filters_and_counts(app, client, login, setup, make):
    login(make.organizer("damascus"))
    queue = f"/manage/markets/{setup['market_id']}/applications"

    everything = client.get(queue).get_data(as_text=True)
    one_day = client.get(f"{queue}?occurrence={setup['occurrence_ids'][0]}").get_data(as_text=True)
    bad_filters = client.get(f"{queue}?occurrence=abc&from=not-a-date&status=nonsense")

    assert everything.count('href="/manage/applications/') == 2
    assert one_day.count('href="/manage/applications/') == 1
    assert bad_filters.status_code == 200


def test_exports_keep_arabic_intact(app, client, login, setup, make):
    login(make.organizer("damascus"))
    base = f"/manage/markets/{setup['market_id']}/applications"

    csv_bytes = client.get(base + ".csv").data
    xlsx_bytes = client.get(base + ".xlsx").data

    assert csv_bytes.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig"))))
    assert len(rows) == 3 and any("أسرة أم سامر" in cell for cell in rows[1])
    sheet = load_workbook(io.BytesIO(xlsx_bytes)).active
    assert any(cell.value == "أسرة أم سامر" for cell in sheet[2])


def test_organizer_adds_a_required_question_that_families_must_answer(app, client, login, setup, make):
    login(make.organizer("damascus"))
    post_form(client, f"/manage/markets/{setup['market_id']}/questions",
              {"label_ar": "كم سنة تعملون في هذه الحرفة؟", "kind": "number", "required": "y", "options": ""})
    family = login(setup["other"], as_client=app.test_client())
    url = f"/family/markets/{setup['market_id']}/apply"

    response = post_form(family, url, {"occurrences": str(setup["occurrence_ids"][0]),
                                       "crafts": str(setup["craft_id"]), "accept_terms": "y"})
    assert "يحتاج إلى إجابة" in response.get_data(as_text=True)
    with app.app_context():
        from festival.applications.models import Question

        question_id = db.session.scalar(db.select(Question.id))
    accepted = post_form(family, url, {"occurrences": str(setup["occurrence_ids"][0]),
                                       "crafts": str(setup["craft_id"]), "accept_terms": "y",
                                       f"question_{question_id}": "٧"})
    assert accepted.status_code == 302


def test_withdrawing_promotes_the_waitlist(app, login, setup):
    with app.app_context():
        organizer = make_organizer("damascus")
        organizer = db.session.merge(organizer)
        first = db.session.get(Application, setup["application_ids"][0])
        operations.decide(first, "approved", by=organizer, now=NOW)
        db.session.commit()
    client = login(setup["applicant"])

    post_form(client, f"/family/applications/{setup['application_ids'][0]}/withdraw", {},
              form_page=f"/family/applications/{setup['application_ids'][0]}")

    with app.app_context():
        assert db.session.get(Application, setup["application_ids"][0]).status == "withdrawn"


def test_a_family_that_applies_for_several_fridays_sees_all_of_them(app, login, setup):
    with app.app_context():
        family = ready_family("أسرة الجمعتين")
        user = family.user
    client = login(user)
    first, second = setup["occurrence_ids"]

    response = post_form(client, f"/family/markets/{setup['market_id']}/apply", {
        "occurrences": [str(first), str(second)], "crafts": str(setup["craft_id"]), "accept_terms": "y"},
        follow_redirects=True)

    page = response.get_data(as_text=True)
    assert response.request.path == "/family/applications"
    assert "أُرسل طلبك لموعدين" in page
    with app.app_context():
        mine = db.session.scalars(db.select(Application).where(Application.family_id == family.id)).all()
        assert len(mine) == 2
        for application in mine:
            assert f'href="/family/applications/{application.id}"' in page


@pytest.mark.parametrize("how", ["register", "login"])
def test_a_visitor_who_clicks_apply_lands_on_that_markets_form_after_registering_or_logging_in(app, client, setup, how):
    from tests.auth.test_registration import registration

    apply_url = f"/family/markets/{setup['market_id']}/apply"
    event = client.get(f"/events/{setup['occurrence_ids'][0]}").get_data(as_text=True)
    start = f"/{how}?next={apply_url}"
    assert f'href="{start}"' in event

    if how == "register":
        response = post_form(client, start, registration(app))
    else:
        response = post_form(client, start, {"phone": setup["other"].phone, "password": PASSWORD})

    assert response.status_code == 302 and response.headers["Location"] == apply_url
    assert client.get(apply_url).status_code == 200


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\\\evil.example"])
def test_after_registering_only_a_local_path_is_followed(app, client, target):
    from tests.auth.test_registration import registration

    response = post_form(client, "/register?" + urlencode({"next": target}), registration(app))

    assert response.headers["Location"] == "/family"
