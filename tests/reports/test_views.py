"""The report pages through HTTP: scoping, the family's form, exports, the public total."""
import csv
import io

import pytest
from openpyxl import load_workbook

from festival.extensions import db
from festival.notifications.models import Notification
from festival.reports.models import SalesReport
from tests.conftest import job_download, post_form
from tests.factories import _loaded, add_report, craft, held_event, make_admin


@pytest.fixture
def reported(app):
    """An ended date in Damascus: family 0 reported 1,250,000; families 1 and 2 did not report."""
    with app.app_context():
        occurrence, organizer, assignments = held_event()
        add_report(assignments[0], 1_250_000, lines=[("food", 1_000_000, 40)], rating=5)
        db.session.commit()
        families = [_loaded(assignment.family, "user") for assignment in assignments]
        return occurrence.id, occurrence.market_id, _loaded(organizer, "provinces"), families


def test_a_family_submits_its_report_with_arabic_indic_digits(app, client, login, reported):
    occurrence_id, _market_id, _organizer, families = reported
    login(families[1].user)
    with app.app_context():
        food, sweets = craft("food").id, craft("sweets").id

    response = post_form(client, f"/family/sales/{occurrence_id}", {
        "attended": "yes", "total_sales": "١٬٢٥٠٬٠٠٠", f"amount_{food}": "٧٥٠٬٠٠٠", f"items_{food}": "٣٠",
        f"amount_{sweets}": "", f"items_{sweets}": "", "best_product": "مكدوس", "problems": "", "rating": "4",
    })

    assert response.status_code == 302
    with app.app_context():
        report = db.session.scalar(db.select(SalesReport).where(SalesReport.family_id == families[1].id))
        assert (report.total_sales, report.rating, report.entered_by_id) == (1_250_000, 4, None)
        assert [(line.craft_id, line.amount, line.items) for line in report.lines] == [(food, 750_000, 30)]


def test_the_family_form_explains_bad_amounts(app, client, login, reported):
    occurrence_id, _market_id, _organizer, families = reported
    login(families[1].user)
    with app.app_context():
        food = craft("food").id

    negative = post_form(client, f"/family/sales/{occurrence_id}", {"attended": "yes", "total_sales": "-5"})
    too_much = post_form(client, f"/family/sales/{occurrence_id}",
                         {"attended": "yes", "total_sales": "1,000", f"amount_{food}": "2,000"})

    assert negative.status_code == 200 and "لا يمكن أن يكون المبلغ سالباً" in negative.get_data(as_text=True)
    assert too_much.status_code == 200 and "2,000" in too_much.get_data(as_text=True)


def test_a_very_large_amount_asks_to_confirm_then_saves(app, client, login, reported):
    occurrence_id, _market_id, _organizer, families = reported
    login(families[2].user)
    url = f"/family/sales/{occurrence_id}"

    first = post_form(client, url, {"attended": "yes", "total_sales": "90,000,000"})
    second = post_form(client, url, {"attended": "yes", "total_sales": "90,000,000", "confirm_large": "y"})

    assert first.status_code == 200 and 'name="confirm_large"' in first.get_data(as_text=True)
    assert second.status_code == 302


def test_a_family_sees_only_its_own_sales(client, login, reported):
    occurrence_id, _market_id, _organizer, families = reported
    login(families[1].user)

    page = client.get("/family/sales").get_data(as_text=True)
    export = client.get("/family/sales/my-sales.csv").get_data(as_text=True)

    assert "1,250,000" not in page and "1250000" not in export
    assert client.get(f"/manage/occurrences/{occurrence_id}/sales").status_code == 403
    assert client.get("/admin/sales").status_code == 403


def test_a_family_without_a_stall_on_that_date_gets_404(client, login, make, reported):
    occurrence_id, _market_id, _organizer, _families = reported
    login(make.family(name="أسرة أخرى").user)

    assert client.get(f"/family/sales/{occurrence_id}").status_code == 404


def test_a_family_sees_its_own_sales_over_time(client, login, reported):
    _occurrence_id, _market_id, _organizer, families = reported
    login(families[0].user)

    page = client.get("/family/sales").get_data(as_text=True)

    assert "1,250,000" in page and "<svg" in page


def test_the_organizer_sees_the_event_dashboard_and_the_organizer_of_another_province_does_not(
        app, client, login, make, reported):
    occurrence_id, market_id, organizer, _families = reported
    login(organizer)

    page = client.get(f"/manage/occurrences/{occurrence_id}/sales").get_data(as_text=True)
    assert "1,250,000" in page and "<svg" in page

    other = login(make.organizer("aleppo"), as_client=app.test_client())
    for url in (f"/manage/occurrences/{occurrence_id}/sales", f"/manage/occurrences/{occurrence_id}/sales/families.csv",
                f"/manage/markets/{market_id}/sales", "/manage/provinces/damascus/sales",
                f"/manage/occurrences/{occurrence_id}/sales/families/1"):
        assert other.get(url).status_code == 403, url
    assert other.get("/admin/sales").status_code == 403
    assert other.get("/admin/sales/register").status_code == 403


def test_the_admin_reaches_every_dashboard(app, login, make, reported):
    occurrence_id, market_id, _organizer, _families = reported
    admin = login(make.admin(), as_client=app.test_client())

    for url in (f"/manage/occurrences/{occurrence_id}/sales", f"/manage/markets/{market_id}/sales",
                "/manage/provinces/damascus/sales", "/admin/sales", "/admin/sales/register", "/manage/sales"):
        assert admin.get(url).status_code == 200, url


def test_the_event_families_table_exports_as_csv_with_bom(client, login, reported):
    occurrence_id, _market_id, organizer, families = reported
    login(organizer)

    response = client.get(f"/manage/occurrences/{occurrence_id}/sales/families.csv")

    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    by_family = {row[1]: row for row in rows[1:]}
    assert rows[0][4] == "إجمالي المبيعات"
    assert by_family[families[0].name][4] == "1250000"
    assert by_family[families[1].name][3] == "لم يرسل التقرير بعد"


def test_the_categories_table_exports_as_xlsx(client, login, reported):
    occurrence_id, _market_id, organizer, _families = reported
    login(organizer)

    response = client.get(f"/manage/occurrences/{occurrence_id}/sales/categories.xlsx")

    sheet = load_workbook(io.BytesIO(response.data)).active
    assert [cell.value for cell in sheet[2]][1:3] == [1_000_000, 40]


def test_the_register_exports_filtered_by_province_and_craft(app, login, reported):
    _occurrence_id, _market_id, _organizer, families = reported
    with app.app_context():
        held_event(families=1, province_slug="aleppo", crafts=("soap",))
    admin = login(make_admin_user(app), as_client=app.test_client())

    damascus = job_download(admin, "/admin/sales/register.xlsx?province=damascus",
                            form_page="/admin/sales/register?province=damascus")
    soap = job_download(admin, "/admin/sales/register.csv?craft=soap", form_page="/admin/sales/register?craft=soap")

    names = [row[0].value for row in load_workbook(io.BytesIO(damascus.data)).active.iter_rows(min_row=2)]
    assert sorted(names) == sorted(family.name for family in families)
    soap_rows = list(csv.reader(io.StringIO(soap.data.decode("utf-8-sig"))))[1:]
    assert len(soap_rows) == 1 and soap_rows[0][2] == "حلب"


def make_admin_user(app):
    with app.app_context():
        return make_admin()


def test_one_click_reminds_the_families_that_have_not_reported(app, client, login, reported):
    occurrence_id, _market_id, organizer, families = reported
    login(organizer)

    response = post_form(client, f"/manage/occurrences/{occurrence_id}/sales/remind", {},
                         form_page=f"/manage/occurrences/{occurrence_id}/sales")

    assert response.status_code == 302
    with app.app_context():
        reminded = set(db.session.scalars(db.select(Notification.user_id)
                                          .where(Notification.kind == "report.reminder")))
    assert reminded == {families[1].user.id, families[2].user.id}


def test_the_organizer_enters_a_report_for_a_family(app, client, login, reported):
    occurrence_id, _market_id, organizer, families = reported
    login(organizer)
    url = f"/manage/occurrences/{occurrence_id}/sales/families/{families[2].id}"

    response = post_form(client, url, {"attended": "no"})

    assert response.status_code == 302
    page = client.get(f"/manage/occurrences/{occurrence_id}/sales").get_data(as_text=True)
    assert "أدخله منظِّم" in page
    with app.app_context():
        report = db.session.scalar(db.select(SalesReport).where(SalesReport.family_id == families[2].id))
        assert report.entered_by_id == organizer.id and not report.attended


def test_a_published_total_of_fewer_than_five_families_is_not_shown(app, client, login, reported):
    """Published, one family's total would be its own figure (tests/public/test_open_data_published_totals.py
    shows a total of six families on the event page)."""
    occurrence_id, _market_id, organizer, families = reported

    hidden = client.get(f"/events/{occurrence_id}").get_data(as_text=True)
    organizer_client = login(organizer, as_client=app.test_client())
    post_form(organizer_client, f"/manage/markets/{_market_id}/sales/settings",
              {"deadline_days": "7", "publish_total": "y", "occurrence_id": str(occurrence_id)},
              form_page=f"/manage/occurrences/{occurrence_id}/sales")
    shown = client.get(f"/events/{occurrence_id}").get_data(as_text=True)

    assert "1,250,000" not in hidden
    assert "1,250,000" not in shown and "event-sales" not in shown
    assert "1,000,000" not in shown  # per-category and per-family figures never reach visitors


ROLE_PAGES = [  # (path, roles that get the page); everyone else: 403
    ("/manage/sales", {"organizer", "admin"}),
    ("/manage/provinces/aleppo/sales", {"organizer", "admin"}),
    ("/admin/sales", {"admin"}),
    ("/admin/sales/register", {"admin"}),
    ("/family/sales", {"vendor"}),
    ("/family/sales/my-sales.xlsx", {"vendor"}),
]


@pytest.mark.parametrize(("path", "allowed"), ROLE_PAGES)
def test_each_role_reaches_only_its_sales_pages(app, client, login, make, path, allowed):
    users = {"admin": make.admin(), "organizer": make.organizer("aleppo"), "gate": make.gate(),
             "vendor": make.family(province_slug="aleppo").user}

    assert client.get(path).status_code == 302  # anonymous: to the login page
    for role, user in users.items():
        response = login(user, as_client=app.test_client()).get(path)
        assert response.status_code == (200 if role in allowed else 403), (path, role)


def test_the_sales_page_lists_only_dates_that_can_be_reported_not_dates_to_come(app, client, login):
    from festival.stalls import operations as stalls
    from tests.factories import open_market
    from tests.factories.placements import approved_application

    with app.app_context():
        past, organizer, [assignment] = held_event(families=1)
        family = assignment.family
        coming = open_market(stalls=1, fridays=1)
        application = approved_application(family, coming.occurrences[0:1], organizer, "food")
        stalls.assign(application, coming.offered_stalls[0], by=organizer)
        db.session.commit()
        user = _loaded(family, "user").user
    login(user)

    page = client.get("/family/sales").get_data(as_text=True)
    export = client.get("/family/sales/my-sales.csv").get_data(as_text=True)

    assert page.count('class="sales-item"') == 1  # the date that ended, not the one to come
    assert "<table" not in page  # cards that fit a phone
    assert "تعبئة تقرير المبيعات" in page
    assert len(list(csv.reader(io.StringIO(export)))) == 2  # header + the ended date
