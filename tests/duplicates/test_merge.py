"""Merging two records of one family: everything moves to the kept one, the same date applied
for twice keeps the kept family's application, the merged account can no longer log in,
and the audit entry lists what moved."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from festival.applications import operations as applications
from festival.audit.models import AuditEntry
from festival.badges.operations import issue_badge
from festival.checkin.models import NoShow, ScanConflict
from festival.consent.models import WORDING, ConsentChoice, SharingPurpose
from festival.consent.queries import has_granted
from festival.core.types import utcnow
from festival.duplicates.merge import HANDLING, NOT_FAMILY_DATA, NotInPair, family_tables, merge_families
from festival.duplicates.models import PairStatus
from festival.duplicates.operations import PairDecided
from festival.extensions import db
from festival.fees import operations as fees
from festival.markets.models import Market
from festival.notifications.models import Notification
from festival.partners.models import PartnerExport, partner_export_families
from festival.partners.queries import partner_of
from festival.training import operations as training
from festival.units import operations as units
from festival.vendors.models import MAX_PHOTOS, Family, FamilyPhoto
from tests.duplicates.factories import open_pair
from tests.factories import (
    NOW,
    add_report,
    check_in,
    held_event,
    make_admin,
    make_cohort,
    make_document,
    make_document_type,
    make_partner,
    open_market,
    ready_family,
    request_for,
)
from tests.factories.crafts import craft_item
from tests.factories.people import PASSWORD


def rows_of(family_id: int) -> dict[str, int]:
    """{table: rows of this family} for every table holding families' data."""
    counts = {}
    for table, column in family_tables():
        count = db.session.scalar(select(func.count()).select_from(table).where(column == family_id))
        if count:
            counts[table.name] = count
    return counts


def add_photo(family, position: int) -> None:
    db.session.add(FamilyPhoto(family_id=family.id, position=position, stored_name=f"p{family.id}-{position}",
                               content_type="image/webp", width=10, height=10, size_bytes=10))
    db.session.flush()


def a_family_with_everything():
    """A family with a row in every table that holds families' data (a market day behind it,
    a badge, a check-in, a sales report, papers, fees, a training certificate...)."""
    occurrence, organizer, assignments = held_event(families=1)
    assignment = db.session.merge(assignments[0])
    family = assignment.family
    market = db.session.get(Market, occurrence.market_id)
    badge = issue_badge(assignment.application, by=organizer)
    check_in(assignment)
    add_report(assignment, 150000)
    db.session.add(NoShow(occurrence_id=occurrence.id, application_id=assignment.application_id, family_id=family.id,
                          stall_code="A1"))
    db.session.add(ScanConflict(occurrence_id=occurrence.id, badge_id=badge.id, family_id=family.id, nonce="n-1",
                                kind="twice", scanned_at=utcnow()))
    add_photo(family, 0)
    make_document(family, make_document_type(), status="verified")
    market.stall_fee = 1000
    fees.record_payment(market, family, fees.Receipt(1000, "cash"), by=organizer, now=utcnow())
    fees.set_waiver(market, family, percent=50, reason="أسرة معيلة", by=organizer, now=utcnow())
    cohort = make_cohort(organizer, [utcnow() - timedelta(hours=1)], to_complete=1)
    enrolment = training.enrol(family, cohort, now=utcnow(), by=organizer)
    training.record_attendance(cohort.sessions[0], enrolment, method="list", by=organizer, now=utcnow())
    partner = partner_of(make_partner())
    export = PartnerExport(partner_id=partner.id, row_count=1, fields=["name"], purpose="banks")
    db.session.add(export)
    db.session.flush()
    db.session.execute(partner_export_families.insert().values(export_id=export.id, family_id=family.id))
    db.session.add(Notification(user_id=family.user_id, kind="application.approved", params={}))
    units.add_member(units.create_unit(units.UnitPlan(name="مطبخ مشترك", province=family.province,
                                                      craft=family.crafts[0]), by=None), family, by=None, now=utcnow())
    family.craft_items = [craft_item("aleppo-soap")]  # a traditional craft of the register
    db.session.commit()
    return family


def test_every_table_with_a_family_column_is_handled_by_the_merge(app):
    """A new table holding families' data fails here until festival/duplicates/merge.HANDLING names it."""
    with app.app_context():
        tables = {table.name for table, _column in family_tables()}

    assert tables == set(HANDLING), "say in festival/duplicates/merge.HANDLING how a merge treats these tables"
    assert not tables & NOT_FAMILY_DATA


def test_merge_moves_every_family_table_to_the_kept_family(app_context):
    merged = a_family_with_everything()
    kept = ready_family("أسرة أم سامر")
    pair = open_pair(kept, merged)
    before = rows_of(merged.id)
    assert set(before) == set(HANDLING)  # the example really has a row in every table

    result = merge_families(pair, kept, by=db.session.merge(make_admin()), now=NOW)
    db.session.commit()

    assert rows_of(merged.id) == {"family_crafts": 1}  # both make food: the kept family says it once
    after = rows_of(kept.id)
    assert all(after[table] >= count for table, count in before.items())
    assert list(result.stayed) == ["family_crafts"]
    assert db.session.scalar(select(func.count(Notification.id)).where(Notification.user_id == merged.user_id)) == 0
    assert len(result.moved["notifications"]) >= 1


def test_both_applied_for_the_same_date_keeps_the_kept_familys_application(app_context):
    market = open_market(fridays=2)
    first_day, second_day = market.occurrences
    kept, merged = ready_family("أسرة عبد الله"), ready_family("اسرة عبدالله")
    kept_application = applications.apply(kept, [first_day], request_for("food"), now=NOW)[0]
    same_day, other_day = applications.apply(merged, [first_day, second_day], request_for("food"), now=NOW)
    pair = open_pair(kept, merged)

    result = merge_families(pair, kept, by=db.session.merge(make_admin()), now=NOW)
    db.session.commit()

    assert result.stayed["applications"] == [same_day.id]
    assert result.moved["applications"] == [other_day.id]
    held = {application.occurrence_id: application.id
            for application in db.session.scalars(select(applications.Application).where(
                applications.Application.family_id == kept.id))}
    assert held == {first_day.id: kept_application.id, second_day.id: other_day.id}
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "family.merged"))
    assert entry.details["stayed"]["applications"] == [same_day.id]
    assert entry.details["moved"]["applications"] == [other_day.id]


def test_photos_fill_the_kept_familys_free_positions_up_to_six(app_context):
    kept, merged = ready_family("أسرة أ"), ready_family("أسرة ب")
    for position in range(4):
        add_photo(kept, position)
        add_photo(merged, position)
    pair = open_pair(kept, merged)

    result = merge_families(pair, kept, by=db.session.merge(make_admin()), now=NOW)

    positions = sorted(db.session.scalars(select(FamilyPhoto.position).where(FamilyPhoto.family_id == kept.id)))
    assert positions == list(range(MAX_PHOTOS))
    assert len(result.moved["family_photos"]) == 2 and len(result.stayed["family_photos"]) == 2


def test_the_kept_family_takes_the_statistics_answers_it_had_not_given_and_keeps_its_own(app_context):
    kept, merged = ready_family("أسرة أ"), ready_family("أسرة ب")
    kept.disability_in_family = False
    merged.disability_in_family, merged.head_birth_year, merged.displacement = True, 1980, "displaced"
    db.session.commit()
    pair = open_pair(kept, merged)

    result = merge_families(pair, kept, by=db.session.merge(make_admin()), now=NOW)

    assert (kept.disability_in_family, kept.head_birth_year, kept.displacement) == (False, 1980, "displaced")
    assert {"head_birth_year", "displacement"} <= set(result.filled) and "disability_in_family" not in result.filled


def test_the_kept_familys_current_sharing_choice_is_never_changed(app_context):
    kept, merged = ready_family("أسرة أ"), ready_family("أسرة ب")  # both let their profile be shown
    banks = SharingPurpose.BANKS
    db.session.add(ConsentChoice(family_id=merged.id, purpose=banks, granted=True, wording=str(WORDING[banks]),
                                 locale="ar"))
    db.session.commit()
    pair = open_pair(kept, merged)

    merge_families(pair, kept, by=db.session.merge(make_admin()), now=NOW)

    assert not db.session.scalar(select(has_granted(Family.id, banks)).where(Family.id == kept.id))


def test_the_merged_account_is_disabled_and_cannot_log_in(app, client):
    with app.app_context():
        kept, merged = ready_family("أسرة أ"), ready_family("أسرة ب")
        phone = merged.user.phone
        pair = open_pair(kept, merged)
        merge_families(pair, db.session.merge(kept), by=db.session.merge(make_admin()), now=NOW)
        db.session.commit()
        merged = db.session.get(Family, merged.id)
        assert merged.merged_into_id == kept.id and not merged.user.enabled
        assert kept.second_phone is None or db.session.get(Family, kept.id).second_phone == phone

    from tests.conftest import post_form

    response = post_form(client, "/login", {"phone": phone, "password": PASSWORD})
    assert response.status_code != 302


def test_the_audit_entry_says_what_moved_and_who_merged(app_context):
    merged = a_family_with_everything()
    kept = ready_family("أسرة أم سامر")
    admin = db.session.merge(make_admin())
    pair = open_pair(kept, merged)

    merge_families(pair, kept, by=admin, now=NOW)
    db.session.commit()

    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "family.merged"))
    assert entry.actor_id == admin.id and entry.target_id == kept.id
    assert entry.details["merged_family"] == merged.id
    assert set(entry.details["moved"]) == set(HANDLING) - {"family_crafts"} | {"family_crafts", "notifications"}
    assert db.session.get(type(pair), pair.id).status == PairStatus.MERGED


def test_only_a_family_of_the_pair_can_be_kept_and_only_once(app_context):
    kept, merged, stranger = ready_family("أسرة أ"), ready_family("أسرة ب"), ready_family("أسرة ج")
    admin = db.session.merge(make_admin())
    pair = open_pair(kept, merged)

    with pytest.raises(NotInPair):
        merge_families(pair, stranger, by=admin, now=NOW)
    merge_families(pair, kept, by=admin, now=NOW)
    with pytest.raises(PairDecided):
        merge_families(pair, kept, by=admin, now=NOW)
