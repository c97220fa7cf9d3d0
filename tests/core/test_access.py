"""Every route states who may enter, and the role/province checks hold."""
from datetime import timedelta

import pytest

from festival.auth.models import Role

# (path, roles that get the page); everyone else: login redirect or 403.
PROTECTED_PAGES = [
    ("/family", {Role.VENDOR}),
    ("/family/profile", {Role.VENDOR}),
    ("/manage", {Role.ORGANIZER, Role.ADMIN}),
    ("/manage/provinces/aleppo", {Role.ORGANIZER, Role.ADMIN}),
    ("/manage/venues", {Role.ORGANIZER, Role.ADMIN}),
    ("/manage/venues?province=aleppo", {Role.ORGANIZER, Role.ADMIN}),
    ("/manage/venues/new", {Role.ORGANIZER, Role.ADMIN}),
    ("/gate", {Role.GATE, Role.ADMIN}),
    ("/admin/users", {Role.ADMIN}),
    ("/admin/users/new", {Role.ADMIN}),
    ("/admin/provinces", {Role.ADMIN}),
    ("/admin/provinces/aleppo", {Role.ADMIN}),
    ("/account/password", set(Role)),
    ("/notifications", set(Role)),
    ("/admin/audit", {Role.ADMIN}),
    ("/admin/partners", {Role.ADMIN}),
    ("/partner", {Role.PARTNER}),
    ("/admin/crafts", {Role.ADMIN}),
]


def test_every_view_declares_its_access_rule(app):
    undeclared = [
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint != "static" and not hasattr(view, "access_rule")
    ]
    assert undeclared == []


def test_the_partner_api_is_guarded_by_a_scoped_token_and_nothing_else(app, client):
    """`@token_required(scope)` (festival/api/partner_auth.py) is the access rule of /api/v1/partner:
    no session, no role; without a token every route answers 401."""
    from festival.partners.token_models import TokenScope

    rules = [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1/partner/")]
    token_views = {endpoint for endpoint, view in app.view_functions.items()
                   if getattr(view, "access_rule", ("",))[0] == "api_token"}

    assert rules and {rule.endpoint for rule in rules} == token_views
    for rule in rules:
        kind, scope = app.view_functions[rule.endpoint].access_rule
        assert kind == "api_token" and scope in set(TokenScope)
        assert client.get(rule.rule).status_code == 401


@pytest.mark.parametrize(("path", "allowed"), PROTECTED_PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, path, allowed):
    response = client.get(path)

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.fixture
def one_user_per_role(make):
    return {
        Role.ADMIN: make.admin(),
        Role.ORGANIZER: make.organizer("aleppo"),
        Role.GATE: make.gate(),
        Role.VENDOR: make.family(province_slug="aleppo").user,
        Role.PARTNER: make.partner(province_slugs=("aleppo",)),
    }


@pytest.mark.parametrize(("path", "allowed"), PROTECTED_PAGES)
@pytest.mark.parametrize("role", list(Role))
def test_each_role_reaches_only_its_pages(app, login, one_user_per_role, path, allowed, role):
    client = login(one_user_per_role[role], as_client=app.test_client())

    response = client.get(path)

    assert response.status_code == (200 if role in allowed else 403)


def test_organizer_of_aleppo_is_refused_damascus(app, client, make, login, caplog):
    login(make.organizer("aleppo"))

    assert client.get("/manage/provinces/aleppo").status_code == 200
    refused = client.get("/manage/provinces/damascus")

    assert refused.status_code == 403
    assert "لا يملك حسابك صلاحية" in refused.get_data(as_text=True)
    assert any("access refused" in record.message for record in caplog.records)


def test_organizer_sees_only_the_families_of_their_provinces(app, client, make, login):
    make.family(name="أسرة حلبية", province_slug="aleppo")
    make.family(name="أسرة دمشقية", province_slug="damascus")
    login(make.organizer("aleppo"))

    page = client.get("/manage/provinces/aleppo").get_data(as_text=True)
    dashboard = client.get("/manage").get_data(as_text=True)

    assert "أسرة حلبية" in page and "أسرة دمشقية" not in page
    assert "حلب" in dashboard and "دمشق" not in dashboard


def test_admin_manages_every_province(app, client, make, login):
    make.family(name="أسرة دمشقية", province_slug="damascus")
    login(make.admin())

    assert "أسرة دمشقية" in client.get("/manage/provinces/damascus").get_data(as_text=True)


def test_public_pages_never_show_phone_numbers(client, make):
    make.family(name="أسرة حلبية", province_slug="aleppo", phone="0944123456")

    for path in ("/", "/provinces/aleppo"):
        page = client.get(path).get_data(as_text=True)
        assert "944" not in page


# -- province scope, generated from the URL map ---------------------------------------------------

# URL arguments that name something other than a managed object.
NOT_OBJECT_ARGUMENTS = {"token", "stored_name", "unknown", "filename"}
# Valid values of the non-id arguments, so that a missing scope check cannot hide behind a 404.
OBJECT_ARGUMENTS = {"market_id", "occurrence_id", "application_id", "badge_id", "question_id", "user_id", "family_id",
                    "venue_id", "section_id", "stall_id", "slug", "file_format", "fmt", "job_id", "message_id",
                    "device_id", "course_id", "cohort_id", "session_id", "enrolment_id", "certificate_id",
                    "payment_id", "document_id", "document_type_id", "partner_id", "token_id", "pair_id",
                    "craft_id"}
OBJECT_ARGUMENTS |= {"unit_id", "equipment_id", "output_id"}  # production units (festival/units)
TABLE_OF_ENDPOINT = {"reports.event_export": "categories", "dashboards.market_export": "dates",
                     "dashboards.province_export": "months", "dashboards.national_export": "months",
                     "dashboards.training_province_export": "groups", "dashboards.training_national_export": "groups"}


def _one_of_each_kind(province_slug: str) -> dict:
    """Every kind of object a staff URL can name, all in one province: {URL argument: value}."""
    from festival.applications.questions import add_question
    from festival.badges.operations import issue_badge
    from festival.checkin import staff
    from festival.checkin.devices import enrol
    from festival.core.types import utcnow
    from festival.crafts.models import Craft
    from festival.duplicates.models import DuplicatePair
    from festival.extensions import db
    from festival.fees import operations as fees
    from festival.jobs.models import Job, JobStatus
    from festival.jobs.operations import BuiltFile, store_file
    from festival.markets.models import Market
    from festival.notifications.models import OutboxMessage
    from festival.partners import operations as partners
    from festival.partners import token_operations as partner_tokens
    from festival.stalls.models import StallAssignment
    from festival.training import operations as training
    from tests.factories import held_event, make_cohort, make_document, make_document_type, make_family, make_gate

    occurrence, organizer, assignments = held_event(families=1, province_slug=province_slug)
    assignment = db.session.merge(assignments[0])
    market = db.session.get(Market, occurrence.market_id)
    gate = db.session.merge(make_gate())
    staff.attach(market, gate, by=organizer)
    badge = issue_badge(assignment.application, by=organizer)
    question = add_question(market, kind="short_text", label_ar="ما منتجك الأشهر؟")
    stall = db.session.get(StallAssignment, assignment.id).stall
    job = Job(kind="badges.occurrence", subject_key=f"badges:occurrence:{occurrence.id}", requested_by_id=organizer.id,
              province_id=market.province_id, status=JobStatus.RUNNING, progress_done=0, progress_total=1)
    db.session.add(job)
    db.session.flush()
    store_file(job, BuiltFile(b"%PDF-1.4", "badges.pdf", "application/pdf"), utcnow())
    device = enrol(gate, market, label="Chrome · Android", now=utcnow())
    message = OutboxMessage(key="test:access:email", channel="email", user_id=assignment.family.user_id,
                            recipient="family@example.org", locale="ar_SY", subject="—", body="—", status="failed",
                            attempts=9, failure="gave_up")
    db.session.add(message)
    db.session.flush()
    cohort = make_cohort(organizer, [utcnow() - timedelta(hours=1)], province_slug=province_slug)
    enrolment = training.enrol(assignment.family, cohort, now=utcnow(), by=organizer)
    training.record_attendance(cohort.sessions[0], enrolment, method="list", by=organizer, now=utcnow())
    document_type = make_document_type()
    document = make_document(assignment.family, document_type, status="pending")
    market.stall_fee = 1000
    partner = partners.create_partner(partners.PartnerPlan(
        name_ar="وزارة التجربة", kind="ministry", purpose="ministries", national=False,
        provinces=[market.province]), by=organizer)
    api_token, _secret = partner_tokens.create_token(partner, name="نظام الوزارة", scopes=["markets:read"],
                                                     by=organizer, now=utcnow())
    payment = fees.record_payment(market, assignment.family, fees.Receipt(1000, "cash"), by=organizer, now=utcnow())
    twin = db.session.merge(make_family(name=assignment.family.name, province_slug=province_slug))
    first, second = sorted((twin.id, assignment.family_id))
    pair = DuplicatePair(first_family_id=first, second_family_id=second, score=100,
                         reasons=["similar_name_same_area"], status="open")
    db.session.add(pair)
    db.session.flush()
    values = {
        "market_id": market.id, "occurrence_id": occurrence.id, "application_id": assignment.application_id,
        "badge_id": badge.id, "question_id": question.id, "user_id": gate.id, "family_id": assignment.family_id,
        "venue_id": market.venue_id, "section_id": stall.section_id, "stall_id": stall.id,
        "slug": province_slug, "file_format": "csv", "fmt": "csv", "job_id": job.id, "message_id": message.id,
        "device_id": device.id, "course_id": cohort.course_id, "cohort_id": cohort.id,
        "session_id": cohort.sessions[0].id, "enrolment_id": enrolment.id, "certificate_id": enrolment.certificate.id,
        "payment_id": payment.id, "document_id": document.id, "document_type_id": document_type.id,
        "partner_id": partner.id, "token_id": api_token.id, "pair_id": pair.id,
        "craft_id": db.session.scalar(db.select(Craft.id).order_by(Craft.id).limit(1)),  # not in a province
    }
    values.update(_production_unit(market, assignment.family, partner, organizer))
    db.session.commit()
    assert set(values) == OBJECT_ARGUMENTS
    return values


def _production_unit(market, family, partner, organizer) -> dict:
    from datetime import date

    from festival.units import operations as units

    unit = units.create_unit(units.UnitPlan(name="وحدة التجربة", province=market.province, craft=market.crafts[0]),
                             by=organizer)
    units.add_member(unit, family, by=organizer, now=market.created_at)
    equipment = units.add_equipment(unit, units.EquipmentPlan("براد", 1, date(2026, 1, 5), partner=partner),
                                    by=organizer, today=date(2026, 1, 5))
    output = units.add_output(unit, units.OutputPlan("2026-01", "مكدوس", 10), by=organizer)
    return {"unit_id": unit.id, "equipment_id": equipment.id, "output_id": output.id}


def _staff_routes(app):
    """(endpoint, rule, methods) of every signed-in route whose URL names an object."""
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if rule.endpoint == "static" or getattr(view, "access_rule", None) == "public":
            continue
        if not rule.arguments or rule.arguments & NOT_OBJECT_ARGUMENTS:
            continue
        yield rule.endpoint, rule, sorted(rule.methods & {"GET", "POST"})


def _url(rule, values: dict) -> str:
    arguments = {name: values[name] for name in rule.arguments if name != "table"}
    if "table" in rule.arguments:
        arguments["table"] = TABLE_OF_ENDPOINT[rule.endpoint]
    return rule.build(arguments, append_unknown=False)[1]


def test_every_object_in_a_staff_url_has_a_foreign_province_example(app):
    known = OBJECT_ARGUMENTS | {"table"}
    missing = {(endpoint, name) for endpoint, rule, _methods in _staff_routes(app) for name in rule.arguments
               if name not in known or (name == "table" and endpoint not in TABLE_OF_ENDPOINT)}

    assert missing == set(), "build an object of this kind in _one_of_each_kind (or name its table)"


def test_every_manage_route_naming_an_object_declares_its_scope(app):
    undeclared = [endpoint for endpoint, rule, _methods in _staff_routes(app)
                  if rule.rule.startswith("/manage") and not getattr(app.view_functions[endpoint], "manages", ())]

    assert undeclared == []


def test_staff_of_one_province_never_reach_the_objects_of_another(app, make, login):
    from tests.conftest import csrf_token_from

    with app.app_context():
        foreign = _one_of_each_kind("damascus")
    own_organizer = make.organizer("damascus")
    routes = list(_staff_routes(app))
    insider = login(own_organizer, as_client=app.test_client())
    refused_to_insider = [(endpoint, status) for endpoint, rule, methods in routes if "GET" in methods
                          # gate_api: a package needs an enrolled phone (tests/checkin/test_offline_gate.py)
                          and endpoint.split(".")[0] not in ("admin", "applications", "badges_family", "gate_api")
                          and Role.ORGANIZER in app.view_functions[endpoint].access_rule
                          and (status := insider.get(_url(rule, foreign)).status_code) in (403, 404)]
    assert refused_to_insider == []  # the examples are real: their own organizer opens every page

    outsider = login(make.organizer("aleppo"), as_client=app.test_client())
    token = csrf_token_from(outsider.get("/account/password").get_data(as_text=True))
    leaks = []
    for _endpoint, rule, methods in routes:
        url = _url(rule, foreign)
        for method in methods:
            response = outsider.open(url, method=method, data={"csrf_token": token} if method == "POST" else None)
            if response.status_code not in (403, 404):
                leaks.append((method, url, response.status_code))

    assert leaks == []
