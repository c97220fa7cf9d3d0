"""Gate staff per market, their dates, the scanner page without JavaScript, and who may enter."""
from datetime import timedelta

import pytest

from festival.audit.models import AuditEntry
from festival.badges.models import gate_staff
from festival.checkin.models import CheckIn
from festival.checkin.views import JSQR_FILE
from festival.core.timezones import to_damascus
from festival.extensions import db
from festival.markets.models import Market
from tests.conftest import post_form
from tests.factories import build_gate_day


def attached_ids(app, market_id):
    with app.app_context():
        return set(db.session.scalars(db.select(gate_staff.c.user_id).where(gate_staff.c.market_id == market_id)))


def test_an_organizer_attaches_and_detaches_gate_staff_on_the_market_page(app, client, login, make, gate_day):
    newcomer = make.gate(name="ليلى من فريق البوابة")
    login(gate_day.organizer)
    page_url = f"/manage/markets/{gate_day.market_id}"
    page = client.get(page_url).get_data(as_text=True)
    assert 'id="gate-staff"' in page and gate_day.gate.name in page and "ليلى من فريق البوابة" in page

    post_form(client, f"{page_url}/gate-staff", {"user": newcomer.id}, form_page=page_url)
    assert attached_ids(app, gate_day.market_id) == {gate_day.gate.id, newcomer.id}

    post_form(client, f"{page_url}/gate-staff/{gate_day.gate.id}/detach", {}, form_page=page_url)
    assert attached_ids(app, gate_day.market_id) == {newcomer.id}
    with app.app_context():
        actions = set(db.session.scalars(db.select(AuditEntry.action)))
        assert {"gate_staff.attached", "gate_staff.detached"} <= actions


def test_only_gate_accounts_can_be_attached(app, client, login, make, gate_day):
    family_user = make.family().user
    login(gate_day.organizer)
    page_url = f"/manage/markets/{gate_day.market_id}"

    response = post_form(client, f"{page_url}/gate-staff", {"user": family_user.id}, form_page=page_url,
                         follow_redirects=True)

    assert "flash-error" in response.get_data(as_text=True)
    assert attached_ids(app, gate_day.market_id) == {gate_day.gate.id}


def test_the_gate_staff_picker_offers_only_accounts_of_the_markets_province(app, client, login, make, gate_day):
    make.gate("damascus", name="ليلى من بوابة دمشق")
    aleppo = make.gate("aleppo", name="سامي من بوابة حلب")
    login(gate_day.organizer)
    page_url = f"/manage/markets/{gate_day.market_id}"

    page = client.get(page_url).get_data(as_text=True)
    refused = post_form(client, f"{page_url}/gate-staff", {"user": aleppo.id}, form_page=page_url,
                        follow_redirects=True)

    assert "ليلى من بوابة دمشق" in page and "سامي من بوابة حلب" not in page
    assert "flash-error" in refused.get_data(as_text=True)
    assert attached_ids(app, gate_day.market_id) == {gate_day.gate.id}


def test_an_account_of_another_province_cannot_be_attached_even_by_the_rules(app, make, gate_day):
    from festival.auth.models import User
    from festival.checkin import staff
    from festival.core.domain import DomainError

    aleppo = make.gate("aleppo")
    with app.app_context():
        market = db.session.get(Market, gate_day.market_id)
        with pytest.raises(DomainError, match="محافظة السوق|province"):
            staff.attach(market, db.session.get(User, aleppo.id), by=None)


def test_gate_staff_see_their_dates_today_first_with_the_scanner(app, client, login, gate_day):
    with app.app_context():
        later = build_gate_day(day=gate_day.day + timedelta(days=7), title="سوق الأسبوع القادم", families=0, waiting=0)
        db.session.execute(gate_staff.insert().values(user_id=gate_day.gate.id, market_id=later.market_id))
        elsewhere = build_gate_day(title="سوق لا أعمل فيه", families=0, waiting=0)
        db.session.commit()
    login(gate_day.gate)

    html = client.get("/gate").get_data(as_text=True)

    today_link, later_link = (f"/gate/occurrences/{occurrence}/scan"
                              for occurrence in (gate_day.occurrence_id, later.occurrence_id))
    assert today_link in html and later_link in html and html.index(today_link) < html.index(later_link)
    assert "gate-event-today" in html
    assert f"/gate/occurrences/{elsewhere.occurrence_id}/scan" not in html


def test_the_scanner_works_without_javascript_green_then_amber(app, client, login, gate_day):
    family = gate_day.placed[0]
    login(gate_day.gate)
    url = f"/gate/occurrences/{gate_day.occurrence_id}/scan"

    first = post_form(client, url, {"code": family.short_code.lower()}).get_data(as_text=True)
    with app.app_context():
        checkin = db.session.scalar(db.select(CheckIn))
        moment = to_damascus(checkin.checked_in_at)
        at = f"{moment.hour % 12 or 12}:{moment:%M} {'ص' if moment.hour < 12 else 'م'}"  # 6:17 ص
        assert checkin.method == "code" and checkin.by_id == gate_day.gate.id
    second = post_form(client, url, {"code": family.short_code}).get_data(as_text=True)

    assert "verdict-ok" in first and family.name in first and family.stall in first
    assert "verdict-warn" in second and f"سُجّل حضورها الساعة {at} بواسطة \u2068{gate_day.gate.name}\u2069" in second
    assert f'value="{family.short_code}"' not in second  # the field is empty, ready for the next badge


def test_the_scanner_refuses_a_badge_of_another_date(app, client, login, gate_day):
    with app.app_context():
        other = build_gate_day(title="سوق آخر", families=1, waiting=0)
        db.session.execute(gate_staff.insert().values(user_id=gate_day.gate.id, market_id=other.market_id))
        db.session.commit()
    login(gate_day.gate)

    html = post_form(client, f"/gate/occurrences/{gate_day.occurrence_id}/scan",
                     {"code": other.placed[0].short_code}).get_data(as_text=True)

    assert "verdict-bad" in html
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(CheckIn)) == 0


@pytest.fixture
def accounts(app, make, gate_day):
    with app.app_context():
        stranger = build_gate_day(title="سوق آخر", families=0, waiting=0, gate_name="بوابة أخرى").gate
    return {
        "gate of this market": (gate_day.gate, {"scan"}),
        "gate of another market": (stranger, set()),
        "organizer of the province": (gate_day.organizer, {"scan", "attendance", "gate-list", "paper", "export"}),
        "organizer of aleppo": (make.organizer("aleppo"), set()),
        "admin": (make.admin(), {"scan", "attendance", "gate-list", "paper", "export"}),
        "family": (make.family().user, set()),
    }


PAGES = {
    "scan": "/gate/occurrences/{id}/scan",
    "attendance": "/manage/occurrences/{id}/attendance",
    "gate-list": "/manage/occurrences/{id}/gate-list",
    "paper": "/manage/occurrences/{id}/paper-checkins",
    "export": "/manage/occurrences/{id}/attendance.csv",
}


@pytest.mark.parametrize("who", ["gate of this market", "gate of another market", "organizer of the province",
                                 "organizer of aleppo", "admin", "family"])
def test_each_account_reaches_only_its_gate_pages(app, login, accounts, gate_day, who):
    user, allowed = accounts[who]
    client = login(user, as_client=app.test_client())

    for name, path in PAGES.items():
        response = client.get(path.format(id=gate_day.occurrence_id))
        assert response.status_code == (200 if name in allowed else 403), (who, name)


@pytest.mark.parametrize("path", list(PAGES.values()))
def test_anonymous_visitors_are_sent_to_log_in(client, gate_day, path):
    response = client.get(path.format(id=gate_day.occurrence_id))

    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


@pytest.mark.skipif(not JSQR_FILE.is_file(), reason="jsqr not installed (make install needs npm)")
def test_the_qr_library_is_served_with_cache_headers(client):
    response = client.get("/static-vendor/jsqr.js")

    assert response.status_code == 200 and "javascript" in response.mimetype
    assert "max-age=604800" in response.headers["Cache-Control"]
    assert b"jsQR" in response.data


def test_the_market_page_links_each_date_to_its_attendance(client, login, gate_day):
    login(gate_day.organizer)

    html = client.get(f"/manage/markets/{gate_day.market_id}").get_data(as_text=True)

    assert f"/manage/occurrences/{gate_day.occurrence_id}/attendance" in html


def test_an_organizer_sets_the_cut_off_of_a_market(app, client, login, gate_day):
    login(gate_day.organizer)
    page_url = f"/manage/markets/{gate_day.market_id}"

    post_form(client, f"{page_url}/checkin-cutoff", {"minutes": "٩٠"}, form_page=page_url)
    refused = post_form(client, f"{page_url}/checkin-cutoff", {"minutes": "700"}, form_page=page_url,
                        follow_redirects=True)

    assert "flash-error" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Market, gate_day.market_id).checkin_cutoff_minutes == 90
