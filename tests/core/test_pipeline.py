"""One commit or one rollback per request and per command; a rule's error is shown one way."""
import click
import pytest
from flask import Blueprint, flash, render_template_string, request
from flask.cli import with_appcontext
from flask_wtf import FlaskForm
from sqlalchemy import event
from wtforms import StringField

from festival.core.domain import DomainError
from festival.core.errors import json_errors
from festival.core.pipeline import attempt, one_transaction
from festival.extensions import csrf, db
from festival.provinces.models import Area
from tests.factories import province
from tests.notifications import conftest as mail_fixtures

PAGE = """{% for category, message in get_flashed_messages(with_categories=true) %}
<p class="flash-{{ category }}">{{ message }}</p>{% endfor %}
<input name="name" value="{{ form.name.data or '' }}">{% for error in form.name.errors %}
<span class="field-error">{{ error }}</span>{% endfor %}"""


inbox, family_with_email = mail_fixtures.inbox, mail_fixtures.family_with_email  # fixtures: a local mail server
pytestmark = pytest.mark.fresh_app  # the tests add their own routes to the app


class AreaForm(FlaskForm):
    class Meta:
        csrf = False

    name = StringField()


def add_area(name: str) -> Area:
    area = Area(province_id=province("aleppo").id, name_ar=name)
    db.session.add(area)
    db.session.flush()
    return area


def area_names(app) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(db.select(Area.name_ar)))


def route(app, path, methods=("GET",)):
    """A public test view, exempt from CSRF so the test posts plain data."""

    def register(view):
        view.access_rule = "public"
        app.add_url_rule(path, view.__name__, csrf.exempt(view), methods=list(methods))
        return view

    return register


@pytest.fixture
def views(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @route(app, "/t/save", methods=["POST"])
    def save():
        add_area("حي الفرقان")
        flash("Saved.", "success")
        return "saved"

    @route(app, "/t/crash", methods=["POST"])
    def crash():
        add_area("حي الفرقان")
        raise RuntimeError("bug after a write")

    @route(app, "/t/form", methods=["POST"])
    def form_page():
        form = AreaForm()
        add_area("حي السبيل")  # done before the operation: kept
        with attempt(form) as outcome:
            add_area(form.name.data)
            raise DomainError("That name is refused.", field=request.form.get("field"))
        return render_template_string(PAGE, form=form, ok=outcome.ok), 422

    @route(app, "/t/escape", methods=["POST"])
    def escape():
        add_area("حي الفرقان")
        raise DomainError("Not allowed today.")

    @route(app, "/t/conflict", methods=["POST"])
    def conflict():
        db.session.add(Area(province_id=province("aleppo").id, name_ar="حي الجميلية"))  # flushed by the commit
        flash("Saved.", "success")
        return "saved"

    @route(app, "/t/page")
    def page():
        return render_template_string(PAGE, form=AreaForm(formdata=None))

    @route(app, "/t/read")
    def read():
        return str(len(db.session.scalars(db.select(Area)).all()))

    @route(app, "/t/write-on-get")
    def write_on_get():
        add_area("حي الشهباء")
        return "issued"


@pytest.fixture
def commits():
    """The commits made while the test runs."""
    seen = []

    def count(session):
        seen.append(session)

    event.listen(db.session, "after_commit", count)
    yield seen
    event.remove(db.session, "after_commit", count)


def test_a_view_that_returns_normally_is_committed_once(app, client, views, commits):
    assert client.post("/t/save").status_code == 200

    assert area_names(app) == {"حي الفرقان"}
    assert len(commits) == 1


def test_an_exception_after_a_write_rolls_everything_back(app, client, views):
    response = client.post("/t/crash")

    assert response.status_code == 500
    assert area_names(app) == set()


def test_a_rule_error_on_a_field_is_shown_under_it_with_what_was_typed_and_the_operation_undone(app, client, views):
    response = client.post("/t/form", data={"name": "حي الحمدانية", "field": "name"})
    page = response.get_data(as_text=True)

    assert '<span class="field-error">That name is refused.</span>' in page
    assert 'value="حي الحمدانية"' in page
    assert "flash-error" not in page
    assert area_names(app) == {"حي السبيل"}  # the refused operation left nothing half-saved


def test_a_rule_error_without_a_field_is_flashed_once(app, client, views):
    page = client.post("/t/form", data={"name": "حي الحمدانية"}).get_data(as_text=True)

    assert page.count("That name is refused.") == 1
    assert '<p class="flash-error">That name is refused.</p>' in page
    assert area_names(app) == {"حي السبيل"}


def test_a_rule_error_leaving_a_view_is_flashed_on_the_page_it_came_from_and_nothing_is_saved(app, client, views):
    response = client.post("/t/escape", headers={"Referer": "http://localhost/t/page?tab=2"})

    assert response.status_code == 303
    assert response.headers["Location"] == "/t/page?tab=2"
    assert '<p class="flash-error">Not allowed today.</p>' in client.get("/t/page").get_data(as_text=True)
    assert area_names(app) == set()


def test_a_rule_error_without_a_page_to_go_back_to_is_a_409_page_with_its_message(app, client, views):
    response = client.post("/t/escape", headers={"Referer": "https://elsewhere.example/form"})

    assert response.status_code == 409
    assert "Not allowed today." in response.get_data(as_text=True)
    assert area_names(app) == set()


def test_a_conflict_at_commit_time_is_a_409_message_not_a_500_and_its_success_message_is_taken_back(
        app, client, views):
    with app.app_context():
        add_area("حي الجميلية")
        db.session.commit()

    response = client.post("/t/conflict")
    page = response.get_data(as_text=True)

    assert response.status_code == 409
    assert "لم يُحفظ شيء" in page
    assert "Saved." not in client.get("/t/page").get_data(as_text=True)
    assert area_names(app) == {"حي الجميلية"}


def test_a_get_that_changes_nothing_commits_nothing_and_one_that_writes_is_committed(app, client, views, commits):
    assert client.get("/t/read").get_data(as_text=True) == "0"
    assert commits == []

    assert client.get("/t/write-on-get").status_code == 200
    assert len(commits) == 1
    assert area_names(app) == {"حي الشهباء"}


@pytest.fixture
def json_views(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    bp = Blueprint("json_test", __name__, url_prefix="/t/api")
    json_errors(bp)

    @bp.route("/refuse", methods=["POST"])
    @csrf.exempt
    def refuse():
        add_area("حي الفرقان")
        raise DomainError("This badge was already used.")

    @bp.route("/conflict", methods=["POST"])
    @csrf.exempt
    def conflict():
        db.session.add(Area(province_id=province("aleppo").id, name_ar="حي الجميلية"))
        return {"ok": True}

    refuse.access_rule = conflict.access_rule = "public"
    app.register_blueprint(bp)


def test_json_apis_answer_a_rule_error_as_json_409_and_save_nothing(app, client, json_views):
    response = client.post("/t/api/refuse")

    assert response.status_code == 409
    assert response.get_json() == {"error": {"code": 409, "message": "This badge was already used."}}
    assert area_names(app) == set()


def test_json_apis_answer_a_conflict_at_commit_time_as_json_409(app, client, json_views):
    with app.app_context():
        add_area("حي الجميلية")
        db.session.commit()

    response = client.post("/t/api/conflict")

    assert response.status_code == 409
    assert set(response.get_json()["error"]) == {"code", "message"}


def test_the_public_api_and_the_checkin_api_answer_errors_the_same_way(client):
    public = client.get("/api/v1/events/999999")
    scanner = client.post("/api/v1/checkins", json={"token": "x"})

    assert (public.status_code, scanner.status_code) == (404, 401)
    for response in (public, scanner):
        body = response.get_json()
        assert set(body) == {"error"} and body["error"]["code"] == response.status_code
        assert body["error"]["message"]


def test_a_command_commits_once_or_rolls_back_with_a_clean_message_and_exit_status_1(app, runner):
    @click.command("t-areas")
    @click.option("--refuse", is_flag=True)
    @with_appcontext
    @one_transaction
    def add_areas(refuse):
        add_area("حي الفرقان")
        if refuse:
            raise DomainError("This area is not allowed.")
        click.echo("added")

    app.cli.add_command(add_areas)

    refused = runner.invoke(args=["t-areas", "--refuse"])
    assert refused.exit_code == 1
    assert "This area is not allowed." in refused.output and "Traceback" not in refused.output
    assert area_names(app) == set()

    done = runner.invoke(args=["t-areas"])
    assert done.exit_code == 0, done.output
    assert area_names(app) == {"حي الفرقان"}


@pytest.fixture
def mailing_views(app, family_with_email):
    from festival.auth.models import User
    from festival.notifications.service import notify

    app.config["PROPAGATE_EXCEPTIONS"] = False

    def tell_family():
        notify(db.session.get(User, family_with_email.user.id), "application.approved", key="pipeline:approved",
               link="/family",
               market_title_ar="سوق الجمعة", market_title_en="Friday market", day="2026-12-05")

    @route(app, "/t/mail", methods=["POST"])
    def mail():
        tell_family()
        return "told"

    @route(app, "/t/mail-refused", methods=["POST"])
    def mail_refused():
        with attempt():
            tell_family()
            raise DomainError("The decision was refused.")
        return "refused"

    @route(app, "/t/mail-conflict", methods=["POST"])
    def mail_conflict():
        tell_family()
        db.session.add(Area(province_id=province("aleppo").id, name_ar="حي الجميلية"))
        return "told"


def test_emails_leave_after_the_request_commits_and_never_for_a_refused_or_conflicting_change(
        app, client, inbox, mailing_views):
    with app.app_context():
        add_area("حي الجميلية")
        db.session.commit()

    assert client.post("/t/mail-refused").status_code == 200
    assert client.post("/t/mail-conflict").status_code == 409
    assert inbox.messages == []

    assert client.post("/t/mail").status_code == 200
    assert len(inbox.messages) == 1
