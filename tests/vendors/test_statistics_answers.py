"""The optional answers for the programme's statistics: saved as typed (Arabic-Indic digits
too), a year no head of family could be born in refused with a message, left empty as "not
said", apart from the organizers' priority flag; age bands computed by the database."""
import pytest
from sqlalchemy import select

from festival.extensions import db
from festival.vendors.models import Family
from festival.vendors.statistics import age_band
from tests.conftest import post_form
from tests.factories import ready_family


def _ready(app):
    with app.app_context():
        family = ready_family("أسرة الإحصاء")
        db.session.expunge(family.user)
        return family.user, family.id


def _profile(**answers):
    return {"name": "أسرة الإحصاء", "head_name": "أم محمد", "crafts": [], "products": "مكدوس ومربى مشمش من البيت",
            **answers}


def test_a_family_gives_its_answers_with_arabic_indic_digits(app, client, login):
    user, family_id = _ready(app)
    login(user)

    response = post_form(client, "/family/profile", _profile(head_birth_year="١٩٧٨", displacement="returnee",
                                                             disability_in_family="yes"))

    assert response.status_code == 302
    with app.app_context():
        saved = db.session.get(Family, family_id)
        assert (saved.head_birth_year, saved.displacement, saved.disability_in_family) == (1978, "returnee", True)
        assert saved.disability is False  # the organizers' priority flag is another question


def test_a_year_out_of_range_is_refused_with_a_message(app, client, login):
    user, family_id = _ready(app)
    login(user)

    page = post_form(client, "/family/profile", _profile(head_birth_year="1850")).get_data(as_text=True)

    assert "أدخل سنة ميلاد بين" in page
    with app.app_context():
        assert db.session.get(Family, family_id).head_birth_year is None


def test_leaving_the_answers_empty_is_not_said(app, client, login):
    user, family_id = _ready(app)
    login(user)

    page = client.get("/family/profile").get_data(as_text=True)
    assert "اختياري، لإحصاءات البرنامج" in page
    post_form(client, "/family/profile", _profile(head_birth_year="", displacement="", disability_in_family=""))

    with app.app_context():
        saved = db.session.get(Family, family_id)
        assert (saved.head_birth_year, saved.displacement, saved.disability_in_family) == (None, None, None)


@pytest.mark.parametrize(("born", "band"), [(2002, "under_25"), (2001, "25_34"), (1991, "35_44"), (1981, "45_59"),
                                            (1967, "45_59"), (1966, "60_plus"), (None, "unknown")])
def test_age_bands_are_computed_by_the_database(app_context, born, band):
    family = db.session.merge(ready_family("أسرة"))
    family.head_birth_year = born
    db.session.flush()

    assert db.session.scalar(select(age_band(Family.head_birth_year, 2026)).where(Family.id == family.id)) == band
