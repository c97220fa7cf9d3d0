"""Administrators read the audit log, filtered from the URL; nobody else can."""
from datetime import UTC, datetime

import pytest

from festival.audit.log import record
from festival.audit.models import AuditEntry
from festival.auth.models import User
from festival.extensions import db
from festival.vendors.models import Family


@pytest.fixture
def admin(make):
    return make.admin(name="مدير النظام", phone="0944000111")


@pytest.fixture
def logged_entries(app, make, admin):
    """Three entries: an approval by the admin, a publication and an old login by an organizer."""
    organizer = make.organizer("homs", name="منظِّم حمص")
    family = make.family(name="أسرة أم محمد")
    with app.app_context():
        db.session.execute(db.delete(AuditEntry))  # the accounts' own "created" entries: not what is read here
        target = db.session.get(Family, family.id)
        record("application.approved", target, actor=db.session.get(User, admin.id), reason="أوراق كاملة")
        record("market.published", target, actor=db.session.get(User, organizer.id))
        old = record("account.password_changed", db.session.get(User, organizer.id),
                     actor=db.session.get(User, organizer.id))
        old.at = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
        db.session.commit()
    return {"organizer": organizer, "family": family}


def test_the_admin_sees_who_did_what_newest_first(app, client, login, admin, logged_entries):
    login(admin)

    page = client.get("/admin/audit").get_data(as_text=True)

    assert page.index("market.published") < page.index("account.password_changed")
    assert "application.approved" in page and "منظِّم حمص" in page and "مدير النظام" in page
    assert f"families#{logged_entries['family'].id}" in page
    assert "أوراق كاملة" in page
    assert "2025" in page  # the old entry's time, shown in Damascus time


@pytest.mark.parametrize("query, shown, hidden", [
    ("action=application.", ["application.approved"], ["market.published", "account.password_changed"]),
    ("target_type=users", ["account.password_changed"], ["application.approved", "market.published"]),
    ("day_from=2025-02-28&day_to=2025-03-01", ["account.password_changed"], ["application.approved"]),
    ("day_from=2025-03-02", ["application.approved", "market.published"], ["account.password_changed"]),
    ("actor=0944000111", ["application.approved"], ["market.published"]),
    ("actor=%D9%A0%D9%A9%D9%A4%D9%A4%D9%A0%D9%A0%D9%A0%D9%A1%D9%A1%D9%A1", ["application.approved"],
     ["market.published"]),  # the phone typed with Arabic-Indic digits
])
def test_filters_narrow_the_log(app, client, login, admin, logged_entries, query, shown, hidden):
    login(admin)

    page = client.get(f"/admin/audit?{query}").get_data(as_text=True)
    table = page.split("<tbody>")[1] if "<tbody>" in page else ""

    assert all(action in table for action in shown)
    assert not any(action in table for action in hidden)


def test_the_actor_filter_takes_an_account_number(app, client, login, admin, logged_entries):
    login(admin)

    page = client.get(f"/admin/audit?actor={logged_entries['organizer'].id}").get_data(as_text=True)

    assert "market.published" in page and "application.approved" not in page


@pytest.mark.parametrize("query", [
    "day_from=yesterday", "day_to=2025-13-45", "day_from=0001-01-01", "day_to=9999-12-31",
    "day_from=2025-05-01&day_to=2025-01-01", "actor=abc", "actor=99999999999999999999", "actor=0",
    "target_type=no_such_table", "page=abc", "page=-3", "page=999999", "action=" + "x" * 500,
    "action=%25_%5C", "actor=%00", "per_page=100000",
])
def test_bad_filter_values_never_break_the_page(app, client, login, admin, logged_entries, query):
    login(admin)

    response = client.get(f"/admin/audit?{query}")

    assert response.status_code in (200, 400)


def test_a_date_that_does_not_parse_is_explained_and_left_out(app, client, login, admin, logged_entries):
    login(admin)

    page = client.get("/admin/audit?day_from=yesterday").get_data(as_text=True)

    assert "أدخل تاريخاً" in page and "application.approved" in page


def test_the_administration_menu_links_to_the_audit_log(app, client, login, admin):
    login(admin)

    assert 'href="/admin/audit"' in client.get("/admin/users").get_data(as_text=True)


@pytest.mark.parametrize("role", ["organizer", "gate", "vendor"])
def test_only_administrators_read_the_audit_log(app, make, login, role):
    builders = {"organizer": lambda: make.organizer("homs"), "gate": make.gate, "vendor": lambda: make.family().user}
    user = builders[role]()
    client = login(user, as_client=app.test_client())

    assert client.get("/admin/audit").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/admin/audit")

    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_entries_are_counted_in_the_log(app, logged_entries):
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(AuditEntry.id))) == 3


@pytest.fixture
def edited_market(app, make, admin):
    """A market an organizer of Homs published and then edited; a venue of Damascus."""
    from datetime import timedelta

    from festival.core.timezones import today_in_damascus
    from festival.markets import operations as markets
    from tests.factories import build_plan

    organizer = make.organizer("homs", name="منظِّم حمص")
    venue = make.venue("homs", name_ar="ساحة الساعة")
    make.venue("damascus", name_ar="حديقة تشرين")
    with app.app_context():
        organizer = db.session.get(User, organizer.id)
        venue = db.session.merge(venue)
        first_day = today_in_damascus() + timedelta(days=(4 - today_in_damascus().weekday()) % 7 + 35)
        market = markets.schedule_market(build_plan(venue, first_day, title_ar="سوق الساعة"), venue.province,
                                         by=organizer)
        markets.publish_market(market)
        markets.update_market(market, build_plan(venue, first_day, title_ar="سوق الساعة", stall_fee=2500),
                              by=organizer)
        db.session.commit()
        return {"market_id": market.id, "organizer_id": organizer.id}


def _rows(page: str) -> str:
    return page.split("<tbody>")[1].split("</tbody>")[0] if "<tbody>" in page else ""


def test_the_log_shows_words_and_links_not_codes(app, client, login, admin, edited_market):
    login(admin)

    rows = _rows(client.get("/admin/audit?province=homs").get_data(as_text=True))

    assert "تعديل سوق" in rows and "نشر سوق" in rows  # "market.edited", "market.published" in words
    assert f'<a href="/manage/markets/{edited_market["market_id"]}"><bdi>سوق الساعة</bdi></a>' in rows
    assert "منظِّم حمص" in rows
    assert "<del>0</del>" in rows and "<ins>2500</ins>" in rows  # old -> new
    assert ">market.edited<" not in rows and "publish_total" not in rows


def test_the_log_reads_in_english_too(app, client, login, admin, edited_market):
    login(admin)

    rows = _rows(client.get("/admin/audit?province=homs&lang=en").get_data(as_text=True))

    assert "Market changed" in rows and "Market published" in rows and "Stall fee" in rows


def test_the_action_list_offers_translated_names_and_filters_by_one(app, client, login, admin, edited_market):
    login(admin)

    page = client.get("/admin/audit?action=market:published").get_data(as_text=True)

    assert '<option selected value="market:published">نشر سوق</option>' in page
    assert "نشر سوق" in _rows(page) and "تعديل سوق" not in _rows(page)


def test_the_province_filter_keeps_the_entries_of_that_province(app, client, login, admin, edited_market):
    login(admin)

    homs = _rows(client.get("/admin/audit?province=homs").get_data(as_text=True))
    damascus = _rows(client.get("/admin/audit?province=damascus").get_data(as_text=True))

    assert "ساعة" in homs and "حديقة تشرين" not in homs
    assert "حديقة تشرين" in damascus and "سوق الساعة" not in damascus


def test_the_actor_filter_takes_part_of_a_name(app, client, login, admin, edited_market):
    login(admin)

    rows = _rows(client.get("/admin/audit?actor=حمص").get_data(as_text=True))

    assert "تعديل سوق" in rows and "مدير النظام" not in rows


def test_the_csv_export_has_the_filtered_entries_in_words_and_is_never_cached(app, client, login, admin,
                                                                               edited_market):
    login(admin)

    response = client.get("/admin/audit/export.csv?province=homs&action=market.")

    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "private, no-store"
    text = response.get_data(as_text=True)
    assert "تعديل سوق" in text and "سوق الساعة" in text and "منظِّم حمص" in text and "0 → 2500" in text
    assert "إنشاء حساب" not in text


def test_the_page_links_to_the_csv_of_the_same_filters(app, client, login, admin, edited_market):
    login(admin)

    page = client.get("/admin/audit?province=homs").get_data(as_text=True)

    assert 'href="/admin/audit/export.csv?province=homs"' in page


def test_the_page_costs_the_same_queries_for_few_or_many_entries(app, client, login, admin, edited_market,
                                                                 count_queries):
    login(admin)
    with count_queries() as few:
        client.get("/admin/audit")
    with app.app_context():
        from festival.markets.models import Market
        from festival.markets.operations import cancel_occurrence
        market = db.session.get(Market, edited_market["market_id"])
        for occurrence in market.occurrences[:3]:
            cancel_occurrence(occurrence, "مطر")
        db.session.commit()
    with count_queries() as many:
        client.get("/admin/audit")

    assert many.count <= few.count + 2  # one more kind of record on the page: market days, and their market


@pytest.mark.parametrize("role", ["organizer", "gate", "vendor"])
def test_only_administrators_download_the_log(app, make, login, role):
    builders = {"organizer": lambda: make.organizer("homs"), "gate": make.gate, "vendor": lambda: make.family().user}
    client = login(builders[role](), as_client=app.test_client())

    assert client.get("/admin/audit/export.csv").status_code == 403


def test_a_settings_change_is_shown_once_as_old_to_new(app, client, login, admin, edited_market):
    from festival.checkin.noshow import set_cutoff
    from festival.markets.models import Market

    with app.app_context():
        market = db.session.get(Market, edited_market["market_id"])
        set_cutoff(market, market.checkin_cutoff_minutes + 15, by=db.session.get(User, edited_market["organizer_id"]))
        db.session.commit()
        before = market.checkin_cutoff_minutes - 15
    login(admin)

    rows = _rows(client.get("/admin/audit?action=market:checkin_cutoff").get_data(as_text=True))

    assert f"<del>{before}</del>" in rows and f"<ins>{before + 15}</ins>" in rows
    assert "قبل:" not in rows and "بعد:" not in rows
