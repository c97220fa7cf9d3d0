"""Every state change leaves an entry: who did it, to which record, and what changed (old -> new)."""
from datetime import date, timedelta

from festival.admin.operations import add_area, update_user
from festival.audit.models import AuditEntry
from festival.auth import operations as accounts
from festival.auth.models import Role, User
from festival.checkin import noshow, staff
from festival.core.timezones import today_in_damascus
from festival.core.types import utcnow
from festival.extensions import db
from festival.markets import operations as markets
from festival.reports.operations import update_settings
from festival.venues import operations as venues
from festival.venues.models import Stall
from tests.conftest import post_form
from tests.factories import PASSWORD, build_plan, make_admin, make_gate, make_organizer, make_venue, province


def entries(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def only(action: str) -> AuditEntry:
    found = entries(action)
    assert len(found) == 1, [entry.action for entry in found]
    return found[0]


def _organizer():
    return db.session.merge(make_organizer("damascus", name="سلمى الخطيب"))


def _draft(organizer, venue=None):
    venue = venue or db.session.merge(make_venue())
    first_day = today_in_damascus() + timedelta(days=(4 - today_in_damascus().weekday()) % 7 + 35)
    market = markets.schedule_market(build_plan(venue, first_day), venue.province, by=organizer)
    db.session.commit()
    return market


def test_a_staff_account_created_by_an_admin_names_the_admin_and_the_role(app_context):
    admin = db.session.merge(make_admin(name="مدير"))

    user = accounts.create_staff_user(phone="0944123456", display_name="منظم", role=Role.ORGANIZER,
                                      provinces=[province("homs")], by=admin)

    entry = entries("account.created")[-1]  # the admin's own account came first
    assert (entry.actor_id, entry.target_type, entry.target_id) == (admin.id, "users", user.id)
    assert entry.details["role"] == "organizer" and entry.details["provinces"] == ["حمص"]


def test_a_family_that_signs_up_is_the_actor_of_its_account_and_its_province_is_kept(app_context):
    family = accounts.register_family(phone="0944765432", password=PASSWORD, family_name="أسرة أم علي",
                                      province=province("aleppo"))

    entry = only("account.created")
    assert entry.actor_id == family.user.id and entry.target_id == family.user.id
    assert entry.province_id == province("aleppo").id


def test_disabling_and_enabling_an_account_are_recorded_with_the_admin(app_context):
    admin = db.session.merge(make_admin())
    gate = db.session.merge(make_gate(name="بوابة"))

    update_user(gate, by=admin, display_name="بوابة", provinces=[], enabled=False)
    update_user(gate, by=admin, display_name="بوابة", provinces=[province("damascus")], enabled=True)

    disabled, enabled = only("account.disabled"), only("account.enabled")
    assert disabled.actor_id == enabled.actor_id == admin.id
    assert disabled.details["changes"] == {"enabled": [True, False]}
    assert enabled.details["changes"] == {"enabled": [False, True]}


def test_an_organizers_new_provinces_and_name_are_recorded_old_to_new(app_context):
    admin = db.session.merge(make_admin())
    organizer = db.session.merge(make_organizer("damascus", name="سلمى"))

    update_user(organizer, by=admin, display_name="سلمى الخطيب", provinces=[province("damascus"), province("homs")],
                enabled=True)

    entry = only("account.edited")
    assert entry.actor_id == admin.id and entry.target_id == organizer.id
    assert entry.details["changes"] == {"display_name": ["سلمى", "سلمى الخطيب"],
                                        "provinces": [["دمشق"], ["دمشق", "حمص"]]}


def test_saving_an_account_without_changes_records_nothing(app_context):
    admin = db.session.merge(make_admin())
    gate = db.session.merge(make_gate(name="بوابة"))

    update_user(gate, by=admin, display_name="بوابة", provinces=[province("damascus")], enabled=True)

    assert entries("account.edited") == [] and entries("account.enabled") == []


def test_a_reset_link_is_recorded_with_who_made_it(app, client, login, make):
    admin = make.admin()
    gate = make.gate()
    login(admin)

    post_form(client, f"/admin/users/{gate.id}/reset-link", {}, form_page=f"/admin/users/{gate.id}")

    with app.app_context():
        entry = only("account.reset_link_made")
        assert (entry.actor_id, entry.target_id) == (admin.id, gate.id)


def test_failed_logins_are_recorded_and_the_fifth_locks_the_account(app, client, make):
    family = make.family()
    post_form(client, "/login", {"phone": "0999000111", "password": "whatever1"}, form_page="/login",
              environ_base={"REMOTE_ADDR": "10.0.0.9"})  # its own IP: the limits count per IP too
    for _attempt in range(4):
        post_form(client, "/login", {"phone": family.user.phone, "password": "not-the-password"}, form_page="/login")
    with app.app_context():
        assert entries("account.locked") == []
    post_form(client, "/login", {"phone": family.user.phone, "password": "not-the-password"}, form_page="/login")

    with app.app_context():
        failures = entries("account.login_failed")
        known = [entry for entry in failures if entry.target_id == family.user.id]
        assert len(known) == 5 and {entry.details["reason"] for entry in known} == {"wrong_password"}
        assert [entry.details["phone"] for entry in failures if entry.target_type == "none"] == ["+963999000111"]
        locked = only("account.locked")
        assert locked.target_id == family.user.id and locked.details["failures"] == 5


def test_editing_a_market_records_each_changed_field_old_to_new(app_context):
    organizer = _organizer()
    market = _draft(organizer)
    plan = build_plan(market.venue, market.first_day, title_ar="سوق الجمعة في تشرين", stall_fee=5000)

    markets.update_market(market, plan, by=organizer)

    entry = only("market.edited")
    assert (entry.actor_id, entry.target_type, entry.target_id) == (organizer.id, "markets", market.id)
    assert entry.details["changes"] == {"title_ar": ["سوق الجمعة للأسر المنتجة", "سوق الجمعة في تشرين"],
                                        "stall_fee": [0, 5000]}
    assert entry.province_id == market.province_id


def test_creating_publishing_cancelling_a_market_are_recorded(app_context):
    organizer = _organizer()
    market = _draft(organizer)

    markets.publish_market(market)
    markets.cancel_market(market, "أمطار غزيرة")

    assert only("market.created").actor_id == organizer.id
    assert only("market.published").target_id == market.id
    assert only("market.cancelled").details["reason"] == "أمطار غزيرة"


def test_archiving_a_held_market_is_recorded(app_context):
    from tests.factories import make_market

    venue = db.session.merge(make_venue())
    market = db.session.merge(make_market(venue, date.today() - timedelta(days=3)))

    markets.archive_market(market, utcnow())

    assert only("market.archived").target_id == market.id


def test_cancelling_one_friday_is_recorded_with_its_day_and_reason(app_context):
    market = _draft(_organizer())
    occurrence = market.occurrences[1]

    markets.cancel_occurrence(occurrence, "عطلة رسمية")

    entry = only("occurrence.cancelled")
    assert (entry.target_type, entry.target_id) == ("occurrences", occurrence.id)
    assert entry.details == {"day": occurrence.day.isoformat(), "reason": "عطلة رسمية"}
    assert entry.province_id == market.province_id


def test_changing_the_offered_stalls_records_what_was_withdrawn(app_context):
    market = _draft(_organizer())
    kept = [stall for stall in market.offered_stalls if stall.code != "A-01"]

    markets.set_offered_stalls(market, kept)

    entry = only("market.stalls_offered")
    assert entry.details["withdrawn"] == ["A-01"] and entry.details["changes"] == {"offered_stalls": [10, 9]}


def test_a_venue_added_and_edited_records_its_changes(app_context):
    damascus = province("damascus")
    venue = venues.create_venue(province=damascus, name_ar="حديقة تشرين")

    venues.update_venue(venue, province=damascus, name_ar="حديقة تشرين", address="ساحة الأمويين")

    assert only("venue.created").target_id == venue.id
    assert only("venue.edited").details["changes"] == {"address": ["", "ساحة الأمويين"]}


def test_the_stall_layout_sections_and_stalls_are_recorded(app_context):
    venue = venues.create_venue(province=province("damascus"), name_ar="حديقة تشرين")
    section = venues.generate_section(venue, "b", 2, 3)
    stall = db.session.scalar(db.select(Stall).where(Stall.code == "B-01"))

    venues.update_stall(stall, covered=True, electricity=False, accessible=False, corner=stall.corner,
                        width_m=3, depth_m=3, disabled=False)
    venues.delete_section(section)

    assert only("layout.section_added").details == {"section": "B", "rows": 2, "columns": 3, "stalls": 6}
    edited = only("layout.stall_edited")
    assert (edited.target_type, edited.target_id) == ("stalls", stall.id)
    assert edited.details["changes"] == {"covered": [False, True]}
    assert only("layout.section_deleted").details == {"section": "B"}


def test_an_area_added_by_an_admin_is_recorded(app_context):
    area = add_area(province("homs"), "الوعر", None)

    entry = only("area.added")
    assert entry.target_id == area.id and entry.province_id == province("homs").id


def test_gate_staff_attached_and_detached_name_the_account(app_context):
    organizer = _organizer()
    market = _draft(organizer)
    gate = db.session.merge(make_gate(name="بوابة الشرق"))

    staff.attach(market, gate, by=organizer)
    staff.detach(market, gate, by=organizer)

    for action in ("gate_staff.attached", "gate_staff.detached"):
        entry = only(action)
        assert entry.actor_id == organizer.id and entry.details["name"] == "بوابة الشرق"


def test_settings_changes_say_old_to_new(app_context):
    organizer = _organizer()
    market = _draft(organizer)
    before_days, before_cutoff = market.report_deadline_days, market.checkin_cutoff_minutes

    update_settings(market, deadline_days=before_days + 2, publish_total=not market.publish_sales_total, by=organizer)
    noshow.set_cutoff(market, before_cutoff + 15, by=organizer)

    settings = only("sales_report.settings")
    assert settings.details["changes"]["report_deadline_days"] == [before_days, before_days + 2]
    assert only("market.checkin_cutoff").details["changes"] == {
        "checkin_cutoff_minutes": [before_cutoff, before_cutoff + 15]}


def test_the_cli_admin_account_is_recorded_as_done_by_the_system(app, runner):
    result = runner.invoke(args=["create-admin", "--phone", "0944555666", "--name", "مدير", "--password",
                                 "a-long-password"])

    assert result.exit_code == 0, result.output
    with app.app_context():
        entry = only("account.created")
        assert entry.actor_id is None and entry.target_id == db.session.scalar(
            db.select(User.id).where(User.phone == "+963944555666"))

