"""Production units: the database refuses what must never happen, the organizers of the
unit's province register it, its representative applies for it and every member sees it,
its sales count for it, and partners read small cells as "<5"."""
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy.exc import IntegrityError

from festival.applications import operations as applications
from festival.applications.models import Application
from festival.core.domain import DomainError
from festival.core.types import utcnow
from festival.extensions import db
from festival.markets.models import Market
from festival.units import operations as units
from festival.units import queries
from festival.units.models import ProductionUnit, UnitEquipment, UnitMember, UnitOutput
from tests.conftest import post_form
from tests.factories import (
    NOW,
    add_report,
    held_event,
    make_partner,
    make_unit,
    open_market,
    province,
    ready_family,
    request_for,
)


def _account(family) -> SimpleNamespace:
    return SimpleNamespace(phone=family.user.phone)


def _refused(statement_builder):
    with pytest.raises(IntegrityError):
        with db.session.begin_nested():
            db.session.add(statement_builder())
            db.session.flush()


# -- the database's rules ------------------------------------------------------------------


def test_a_family_is_a_member_of_a_unit_once_and_a_unit_has_one_representative(app_context):
    unit = make_unit(members=2)
    first, second = (member.family_id for member in unit.members)

    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(db.insert(UnitMember.__table__).values(unit_id=unit.id, family_id=first,
                                                                  joined_at=utcnow()))
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(db.update(UnitMember.__table__).where(UnitMember.family_id == second)
                           .values(representative=True))


def test_equipment_and_output_refuse_negative_values_and_impossible_months(app_context):
    unit = make_unit()
    _refused(lambda: UnitEquipment(unit_id=unit.id, description="براد", quantity=1, received_on=date(2026, 1, 5),
                                   value_syp=-1))
    _refused(lambda: UnitEquipment(unit_id=unit.id, description="براد", quantity=0, received_on=date(2026, 1, 5)))
    _refused(lambda: UnitOutput(unit_id=unit.id, month="2026-11", description="مكدوس", quantity=-3, value_syp=0))
    _refused(lambda: UnitOutput(unit_id=unit.id, month="2026-11", description="مكدوس", quantity=3, value_syp=-5))
    _refused(lambda: UnitOutput(unit_id=unit.id, month="2026-13", description="مكدوس", quantity=3, value_syp=5))
    db.session.add(UnitOutput(unit_id=unit.id, month="2026-11", description="مكدوس", quantity=3, value_syp=5))
    db.session.flush()
    _refused(lambda: UnitOutput(unit_id=unit.id, month="2026-11", description="مكدوس", quantity=1, value_syp=1))


def test_a_unit_holds_one_live_application_per_date_and_may_apply_again_after_withdrawing(app_context):
    market = open_market()
    unit = make_unit(members=2)
    representative, member = (db.session.merge(m.family) for m in unit.members)
    occurrence = db.session.merge(market.occurrences[0])
    first = units.apply_for_unit(unit, representative, [occurrence], request_for("food"), now=NOW)[0]

    _refused(lambda: Application(family_id=member.id, occurrence_id=occurrence.id, unit_id=unit.id,
                                 status="submitted"))
    applications.withdraw(first, by=representative.user, now=NOW)
    db.session.add(Application(family_id=member.id, occurrence_id=occurrence.id, unit_id=unit.id, status="submitted"))
    db.session.flush()


# -- operations ----------------------------------------------------------------------------


def test_only_families_of_the_units_province_join_it(app_context):
    unit = make_unit(province_slug="damascus")
    stranger = db.session.merge(ready_family("أسرة حلبية", province_slug="aleppo"))

    with pytest.raises(DomainError, match="محافظتها"):
        units.add_member(unit, stranger, by=None, now=NOW)


def test_the_representative_leaves_last_or_after_another_is_named(app_context):
    unit = make_unit(members=2)
    representative, other = (m.family for m in unit.members)

    with pytest.raises(DomainError):
        units.remove_member(unit, representative, by=None)
    units.name_representative(unit, other, by=None)
    units.remove_member(unit, representative, by=None)

    assert [(m.family_id, m.representative) for m in unit.members] == [(other.id, True)]


def test_only_the_representative_applies_for_the_unit_and_a_second_application_is_refused(app_context):
    market = open_market()
    unit = make_unit(members=2)
    representative, member = (db.session.merge(m.family) for m in unit.members)
    occurrence = db.session.merge(market.occurrences[0])

    with pytest.raises(DomainError, match="ممثِّل الوحدة"):
        units.apply_for_unit(unit, member, [occurrence], request_for("food"), now=NOW)
    units.apply_for_unit(unit, representative, [occurrence], request_for("food"), now=NOW)
    units.name_representative(unit, member, by=None)
    with pytest.raises(units.UnitAlreadyApplied):
        units.apply_for_unit(unit, member, [occurrence], request_for("food"), now=NOW)


def test_equipment_from_the_future_is_refused_and_output_is_recorded_once_a_month(app_context):
    unit = make_unit()
    today = date.today()
    with pytest.raises(DomainError) as refused:
        units.add_equipment(unit, units.EquipmentPlan("براد", 1, today + timedelta(days=2)), by=None, today=today)
    assert refused.value.field == "received_on"
    units.add_output(unit, units.OutputPlan("2026-10", "مكدوس", 120, "مرطبان", 900_000), by=None)
    with pytest.raises(DomainError):
        units.add_output(unit, units.OutputPlan("2026-10", "مكدوس", 10, "مرطبان", 1), by=None)


# -- sales and the partners' summary ---------------------------------------------------------


def _unit_with_sales(members: int, sales: int, *, province_slug="damascus", name="مطبخ"):
    occurrence, organizer, assignments = held_event(families=members, province_slug=province_slug)
    families = [db.session.merge(a.family) for a in assignments]
    unit = make_unit(name, province_slug=province_slug, members=families)
    application = db.session.get(Application, assignments[0].application_id)
    application.unit_id = unit.id  # the representative's stall was the unit's
    add_report(db.session.merge(assignments[0]), sales)
    add_report(db.session.merge(assignments[1]), 999)  # a member's own stall: not the unit's
    units.add_equipment(unit, units.EquipmentPlan("براد", 2, date(2026, 1, 5), value_syp=4_000_000), by=None,
                        today=date.today())
    db.session.commit()
    return unit, occurrence


def test_the_units_sales_are_those_of_its_applications_per_market_and_month(app_context):
    unit, occurrence = _unit_with_sales(2, 250_000)

    [row] = queries.unit_sales(db.session.merge(unit))

    market = db.session.get(Market, occurrence.market_id)
    assert (row.market.id, row.month, row.dates, row.sales) == (market.id, occurrence.day.strftime("%Y-%m"), 1,
                                                                250_000)


def test_the_partners_summary_suppresses_provinces_with_fewer_than_five_member_families(app_context):
    _unit_with_sales(5, 700_000, province_slug="damascus", name="مطبخ دمشق")
    _unit_with_sales(2, 300_000, province_slug="aleppo", name="مشغل حلب")

    national = {row.province.slug: row for row in queries.partner_summary(None)}
    aleppo_only = queries.partner_summary([province("aleppo").id])

    damascus = national["damascus"]
    assert (damascus.units, damascus.families, damascus.equipment_items, damascus.equipment_value,
            damascus.sales) == (1, 5, 2, 4_000_000, 700_000)
    aleppo = national["aleppo"]
    assert aleppo.suppressed and (aleppo.units, aleppo.families, aleppo.sales, aleppo.equipment_value) == (
        1, None, None, None)
    assert [row.province.slug for row in aleppo_only] == ["aleppo"]
    assert queries.partner_summary([]) == []


def test_a_merged_record_left_in_a_unit_does_not_lift_four_families_over_the_threshold(app_context):
    """Merging two members of one unit leaves the merged record's membership behind (the kept
    family holds the same key): four families, not five, and their row stays suppressed."""
    unit, _occurrence = _unit_with_sales(5, 700_000, name="مطبخ دمشق")
    members = [member.family for member in db.session.merge(unit).members]
    members[4].merged_into_id = members[3].id
    db.session.commit()

    [row] = queries.partner_summary(None)

    assert row.suppressed and (row.families, row.sales) == (None, None)


def test_an_erased_account_cannot_join_a_unit_nor_be_offered(app_context):
    from festival.erasure.operations import erase_family

    unit = make_unit("مطبخ", members=1)
    family = ready_family("أسرة محذوفة")
    erase_family(family, by=None, now=utcnow())
    db.session.commit()

    with pytest.raises(DomainError):
        units.add_member(db.session.merge(unit), family, by=None, now=utcnow())
    assert family not in queries.families_to_add(db.session.merge(unit), family.user.phone[-9:])


def test_the_partners_partial_renders_small_cells_as_less_than_five(app, app_context):
    from flask import render_template

    _unit_with_sales(2, 300_000, province_slug="aleppo", name="مشغل حلب")
    with app.test_request_context():
        html = render_template("units/_partner_summary.html", unit_summary=queries.partner_summary(None))

    assert "&lt;5" in html and "300,000" not in html


# -- pages -----------------------------------------------------------------------------------


def test_a_partner_reads_the_units_of_its_provinces_only_from_its_dashboard(app, client, login):
    with app.app_context():
        _unit_with_sales(5, 700_000, province_slug="damascus", name="مطبخ دمشق")
        _unit_with_sales(2, 300_000, province_slug="aleppo", name="مشغل حلب")
        db.session.commit()
        bank = make_partner(province_slugs=("damascus",))
    login(bank)

    assert "/partner/units" in client.get("/partner").get_data(as_text=True)
    page = client.get("/partner/units").get_data(as_text=True)
    assert "700,000" in page and "دمشق" in page
    assert "300,000" not in page and "حلب" not in page


def test_an_organizer_registers_a_unit_adds_members_found_by_name_and_records_equipment(app, client, login, make):
    with app.app_context():
        families = [ready_family(name, province_slug="rif-dimashq") for name in ("أسرة عبود", "أسرة الحلو")]
        ids = [family.id for family in families]
        craft_id = db.session.scalar(db.text("select id from craft_categories where slug = 'food'"))
        rif = province("rif-dimashq").id
    login(make.organizer("rif-dimashq"))

    created = post_form(client, "/manage/units/new", {"name": "مطبخ جرمانا", "province_id": rif,
                                                      "craft_id": craft_id, "active": "y"})
    assert created.status_code == 303
    unit_url = created.headers["Location"]
    found = client.get(unit_url + "?q=عبود").get_data(as_text=True)
    assert "أسرة عبود" in found and "أسرة الحلو" not in found
    for family_id in ids:
        assert post_form(client, f"{unit_url}/members/{family_id}", {}, form_page=unit_url).status_code == 303
    saved = post_form(client, f"{unit_url}/equipment", {"equipment-description": "براد صناعي",
                                                       "equipment-quantity": "١", "equipment-received_on": "2026-01-05",
                                                       "equipment-value_syp": "٤٬٥٠٠٬٠٠٠"}, form_page=unit_url)
    assert saved.status_code == 303
    refused = post_form(client, f"{unit_url}/outputs", {"output-month": "2026-13", "output-description": "مكدوس",
                                                       "output-quantity": "5", "output-value_syp": "-4"},
                        form_page=unit_url)
    assert refused.status_code == 422

    listing = client.get("/manage/units").get_data(as_text=True)
    assert "مطبخ جرمانا" in listing
    with app.app_context():
        unit = db.session.scalar(db.select(ProductionUnit))
        assert [m.family_id for m in unit.members] == ids and unit.members[0].representative
        assert (unit.equipment[0].quantity, unit.equipment[0].value_syp, unit.equipment[0].partner_id) == (
            1, 4_500_000, None)


def test_the_organizer_adding_a_member_is_told_which_other_unit_it_works_in(app, client, login, make):
    with app.app_context():
        family = ready_family("أسرة عبود")
        make_unit("مطبخ المونة", members=[family])
        other_id = make_unit("مشغل الصابون").id
    login(make.organizer("damascus"))

    found = client.get(f"/manage/units/{other_id}?q=عبود").get_data(as_text=True)

    assert "أسرة عبود" in found and "عضو أيضاً في: مطبخ المونة" in found


def test_an_organizer_of_another_province_is_refused_the_unit(app, client, login, make):
    with app.app_context():
        unit_id = make_unit(province_slug="damascus").id
    login(make.organizer("aleppo"))

    assert client.get(f"/manage/units/{unit_id}").status_code == 403
    assert "مطبخ مونة مشترك" not in client.get("/manage/units").get_data(as_text=True)


def test_the_representative_applies_for_the_unit_and_the_other_member_sees_it(app, client, login, make):
    with app.app_context():
        market = open_market()
        occurrence_id, market_id = market.occurrences[0].id, market.id
        unit = make_unit("مطبخ المونة", members=2)
        unit_id = unit.id
        representative, member = (_account(m.family) for m in unit.members)
        food = db.session.scalar(db.text("select id from craft_categories where slug = 'food'"))
    rep_client = login(representative, as_client=app.test_client())
    form = rep_client.get(f"/family/markets/{market_id}/apply").get_data(as_text=True)
    assert "مطبخ المونة" in form

    sent = post_form(rep_client, f"/family/markets/{market_id}/apply",
                     {"applicant": str(unit_id), "occurrences": [occurrence_id], "crafts": [food],
                      "accept_terms": "y"})
    assert sent.status_code == 302

    member_client = login(member, as_client=app.test_client())
    mine = member_client.get("/family/applications").get_data(as_text=True)
    page = member_client.get("/family/unit").get_data(as_text=True)
    assert "مطبخ المونة" in mine and "قيد المراجعة" in mine
    assert "قيد المراجعة" in page
    assert "مطبخ المونة" not in member_client.get(f"/family/markets/{market_id}/apply").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(Application.unit_id)) == unit_id


def test_the_unit_list_costs_the_same_queries_for_one_unit_or_many(app, client, login, make, count_queries):
    with app.app_context():
        make_unit("وحدة 1", members=1)
    login(make.organizer("damascus"))
    client.get("/manage/units")
    with count_queries() as few:
        client.get("/manage/units")
    with app.app_context():
        for number in range(2, 6):
            make_unit(f"وحدة {number}", members=2)
    with count_queries() as many:
        page = client.get("/manage/units").get_data(as_text=True)

    assert "وحدة 5" in page
    assert many.count == few.count


def test_an_organizer_edits_a_unit_and_a_unit_that_stopped_working_takes_no_applications(app, client, login, make):
    from festival.audit.models import AuditEntry

    with app.app_context():
        market_id = open_market().id
        unit = make_unit("مطبخ قديم", members=1)
        unit_id, craft_id, province_id = unit.id, unit.craft_id, unit.province_id
        representative = _account(unit.members[0].family)
    login(make.organizer("damascus"))

    saved = post_form(client, f"/manage/units/{unit_id}/edit", {"name": "مطبخ الميدان", "province_id": province_id,
                                                               "craft_id": craft_id})
    assert saved.status_code == 303
    family_client = login(representative, as_client=app.test_client())
    assert "مطبخ الميدان" not in family_client.get(f"/family/markets/{market_id}/apply").get_data(as_text=True)
    assert "مطبخ الميدان" in family_client.get("/family/unit").get_data(as_text=True)
    with app.app_context():
        entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "unit.edited"))
        assert entry.details["changes"] == {"name": ["مطبخ قديم", "مطبخ الميدان"], "active": [True, False]}
        assert entry.province_id == province_id


def test_a_merged_or_erased_representative_hands_the_unit_over_so_it_can_still_apply(app_context):
    from festival.duplicates.merge import merge_families
    from festival.erasure.operations import erase_family
    from tests.duplicates.factories import open_pair
    from tests.factories import make_admin

    speaker, kept, third = (ready_family(name) for name in ("أسرة تمثل", "أسرة باقية", "أسرة ثالثة"))
    unit = make_unit(members=[speaker, kept, third])  # `speaker` joined first: the representative
    admin = db.session.merge(make_admin())

    merge_families(open_pair(kept, speaker), db.session.merge(kept), by=admin, now=NOW)
    db.session.commit()
    assert db.session.get(ProductionUnit, unit.id).representative.id == kept.id  # the same family, kept

    erase_family(db.session.get(type(kept), kept.id), by=None, now=NOW)
    db.session.commit()
    assert db.session.get(ProductionUnit, unit.id).representative.id == third.id  # the next who joined
