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
