from festival.auth.models import User
from festival.extensions import db
from festival.provinces.models import Area
from festival.vendors.models import Family


def counts(app):
    with app.app_context():
        return tuple(
            db.session.scalar(db.select(db.func.count()).select_from(model)) for model in (User, Family, Area)
        )


def test_demo_loads_realistic_data_and_running_it_twice_adds_nothing(app, runner):
    first = runner.invoke(args=["demo"])
    after_first = counts(app)
    second = runner.invoke(args=["demo"])

    assert first.exit_code == 0 and second.exit_code == 0
    assert after_first == counts(app)
    users, families, areas = after_first
    assert families >= 30 and users >= families + 6 and areas >= 20


def test_demo_logins_from_the_readme_work(app, runner):
    runner.invoke(args=["demo"])
    from tests.conftest import post_form

    for phone in ("0930000001", "0930000002", "0930000006", "0944000001"):
        response = post_form(app.test_client(), "/login", {"phone": phone, "password": "festival-demo"})
        assert response.status_code == 302, phone


def test_create_admin_takes_options(app, runner):
    result = runner.invoke(args=["create-admin", "--phone", "0944555666", "--name", "مدير",
                                 "--password", "long-enough-pass"])

    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.phone == "+963944555666"))
        assert user.role == "admin" and user.check_password("long-enough-pass")


def test_create_admin_refuses_a_bad_phone(runner):
    result = runner.invoke(args=["create-admin", "--phone", "123", "--name", "x", "--password", "long-enough-pass"])

    assert result.exit_code != 0


def test_demo_has_a_market_day_today_for_the_gate_and_one_that_ended_yesterday_for_sales_reports(app, runner):
    from festival.markets.models import Market, Occurrence
    from festival.reports.models import SalesReport
    from festival.stalls.models import StallAssignment
    from tests.conftest import post_form

    assert runner.invoke(args=["demo"]).exit_code == 0

    gate = app.test_client()
    post_form(gate, "/login", {"phone": "0930000107", "password": "festival-demo"})
    gate_page = gate.get("/gate").get_data(as_text=True)
    assert "يوم المونة الدمشقية" in gate_page and "/scan" in gate_page

    with app.app_context():
        yesterday = db.session.scalar(db.select(Occurrence).join(Market).where(Market.title_en == "Aleppo crafts day"))
        unreported = db.session.scalar(
            db.select(StallAssignment).where(
                StallAssignment.occurrence_id == yesterday.id,
                ~db.select(SalesReport.id).where(SalesReport.occurrence_id == yesterday.id,
                                                 SalesReport.family_id == StallAssignment.family_id).exists()))
        phone, occurrence_id = unreported.family.user.phone, yesterday.id
    family = app.test_client()
    post_form(family, "/login", {"phone": phone, "password": "festival-demo"})
    report_form = family.get(f"/family/sales/{occurrence_id}")
    assert report_form.status_code == 200
    assert 'name="attended"' in report_form.get_data(as_text=True)
