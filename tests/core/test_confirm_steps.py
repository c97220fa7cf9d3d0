"""Actions that cannot be undone ask first, without JavaScript: the page links to a
confirmation step, opening it changes nothing, and only its own form acts."""
import io
import re

import pytest

from festival.applications import operations
from festival.applications.models import Application
from festival.badges.models import gate_staff
from festival.extensions import db
from festival.vendors.models import Family, FamilyPhoto
from festival.vendors.photos import store_photo
from tests.conftest import csrf_token_from
from tests.factories import NOW, build_gate_day, open_market, ready_family, request_for
from tests.vendors.images import image_bytes


def _withdraw_case(app, login):
    with app.app_context():
        market = open_market(stalls=2, fridays=1)
        family = ready_family("أسرة أم سامر")
        [application] = operations.apply(family, market.occurrences, request_for("food"), now=NOW)
        db.session.commit()
        application_id, user = application.id, family.user
    client = login(user)

    def still_there():
        with app.app_context():
            return db.session.get(Application, application_id).status != "withdrawn"

    return (client, f"/family/applications/{application_id}", f"/family/applications/{application_id}/withdraw",
            "هل تريد سحب طلبك؟", still_there)


def _photo_case(app, login):
    from werkzeug.datastructures import FileStorage

    with app.app_context():
        family = ready_family("أسرة الصور")
        photo = store_photo(db.session.get(Family, family.id), FileStorage(io.BytesIO(image_bytes()), "p.jpg"))
        db.session.commit()
        stored_name, user = photo.stored_name, family.user
    client = login(user)

    def still_there():
        with app.app_context():
            return db.session.scalar(db.select(FamilyPhoto).where(FamilyPhoto.stored_name == stored_name)) is not None

    return client, "/family/profile", f"/family/photos/{stored_name}/delete", "هل تريد حذف هذه الصورة؟", still_there


def _gate_case(app, login):
    with app.app_context():
        day = build_gate_day()
    client = login(day.organizer)

    def still_there():
        with app.app_context():
            return db.session.scalar(db.select(gate_staff.c.user_id).where(
                gate_staff.c.market_id == day.market_id, gate_staff.c.user_id == day.gate.id)) is not None

    market_page = f"/manage/markets/{day.market_id}"
    return client, market_page, f"{market_page}/gate-staff/{day.gate.id}/detach", "من بوابة هذا السوق؟", still_there


CASES = {"withdrawing an application": _withdraw_case, "removing a photo": _photo_case,
         "detaching gate staff": _gate_case}


@pytest.mark.parametrize("action", CASES)
def test_one_tap_only_asks_and_the_confirmation_does_it(app, login, action):
    client, page_url, action_url, question, still_there = CASES[action](app, login)

    page = client.get(page_url).get_data(as_text=True)
    assert f'href="{action_url}"' in page  # a link to the question,
    assert f'action="{action_url}"' not in page  # never a form that acts at once

    confirmation = client.get(action_url)
    html = confirmation.get_data(as_text=True)
    assert confirmation.status_code == 200 and question in html
    assert still_there()
    assert re.search(rf'<form method="post" action="{re.escape(action_url)}"', html)

    done = client.post(action_url, data={"csrf_token": csrf_token_from(html)})
    assert done.status_code == 302
    assert not still_there()


@pytest.mark.parametrize("action", CASES)
def test_the_confirmation_step_offers_a_way_back(app, login, action):
    client, page_url, action_url, _question, _still_there = CASES[action](app, login)

    html = client.get(action_url).get_data(as_text=True)

    back = re.search(r'<a class="button button-secondary" href="([^"]+)"', html).group(1)
    assert back.split("#")[0] == page_url
