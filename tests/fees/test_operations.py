"""Fee rules without HTTP: what a placed family owes, payments shared over its dates,
waivers, refunds, the database's own guards, and the market's rule for unpaid families."""
from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from festival.applications import operations as applications
from festival.audit.models import AuditEntry
from festival.badges.operations import issue_badge
from festival.core.domain import DomainError
from festival.extensions import db
from festival.fees import operations, policy, queries
from festival.fees.models import FeeWaiver, Payment, PaymentShare, SectionFee
from festival.markets import operations as markets
from festival.notifications.models import Notification
from festival.stalls import operations as stalls
from tests.factories import NOW, build_venue, craft, fee_market, make_market, make_organizer, ready_family, request_for

CASH = operations.Receipt(amount=5000, method="cash")


def _wallet(amount, reference="TX-1001", method="syriatel_cash"):
    return operations.Receipt(amount=amount, method=method, reference=reference)


def test_a_family_owes_the_fee_of_each_date_once_approved_and_placed(app_context):
    placed = fee_market(fee=5000, fridays=2)
    waiting = ready_family("أسرة تنتظر")
    applications.apply(waiting, [placed.market.occurrences[0]], request_for("food"), now=NOW)

    lines = queries.family_lines(placed.market, placed.family)

    assert [line.owed for line in lines] == [5000, 5000]
    assert queries.family_lines(placed.market, waiting) == []  # applied, not approved: owes nothing
    assert queries.market_totals(placed.market).outstanding == 10_000


def test_electricity_and_a_covered_stall_cost_their_extra_every_day_of_a_festival(app_context):
    venue = build_venue(stalls=2)
    market = make_market(venue, (NOW + timedelta(days=30)).date(), days=3)
    market = db.session.merge(market)
    market.stall_fee, market.fee_electricity, market.fee_covered = 10_000, 2_000, 1_000
    market.crafts = [craft("food")]
    stall = market.offered_stalls[0]
    stall.electricity = stall.covered = True
    organizer = db.session.merge(make_organizer("damascus"))
    family = ready_family()
    application = applications.apply(family, [market.occurrences[0]], request_for("food"), now=NOW,
                                      by_organizer=organizer)[0]
    applications.decide(application, "approved", by=organizer, now=NOW)
    stalls.assign(application, stall, by=organizer)

    assert [line.owed for line in queries.family_lines(market, family)] == [3 * (10_000 + 2_000 + 1_000)]


def test_a_payment_settles_the_earliest_dates_first_and_partly_the_next(app_context):
    placed = fee_market(fee=5000, fridays=3)

    payment = operations.record_payment(placed.market, placed.family, operations.Receipt(7000, "cash"),
                                        by=placed.organizer, now=NOW)

    assert sorted(share.amount for share in payment.shares) == [2000, 5000]
    assert [line.outstanding for line in queries.family_lines(placed.market, placed.family)] == [0, 3000, 5000]
    assert queries.family_totals(placed.market, placed.family).paid == 7000


def test_a_payment_cannot_be_more_than_what_is_owed(app_context):
    placed = fee_market(fee=5000, fridays=1)

    with pytest.raises(DomainError) as refused:
        operations.record_payment(placed.market, placed.family, operations.Receipt(6000, "cash"),
                                  by=placed.organizer, now=NOW)

    assert refused.value.field == "amount"
    assert db.session.scalar(db.select(db.func.count(Payment.id))) == 0


def test_a_wallet_payment_needs_its_transaction_number_and_is_recorded_once(app_context):
    placed = fee_market(fee=5000, fridays=2)
    with pytest.raises(DomainError) as refused:
        operations.record_payment(placed.market, placed.family, _wallet(5000, reference=" "),
                                  by=placed.organizer, now=NOW)
    assert refused.value.field == "reference"

    operations.record_payment(placed.market, placed.family, _wallet(5000), by=placed.organizer, now=NOW)
    with pytest.raises(DomainError) as twice:
        operations.record_payment(placed.market, placed.family, _wallet(5000), by=placed.organizer, now=NOW)

    assert twice.value.field == "reference"
    assert queries.family_totals(placed.market, placed.family).paid == 5000


def test_the_database_refuses_a_transfer_without_reference_and_a_zero_amount(app_context):
    placed = fee_market(fee=5000, fridays=1)
    for bad in ({"method": "mtn_cash", "amount": 100, "reference": None},
                {"method": "cash", "amount": 0, "reference": None}):
        with pytest.raises(IntegrityError), db.session.begin_nested():
            db.session.add(Payment(market=placed.market, family=placed.family, kind="payment", **bad))
            db.session.flush()


def test_a_waiver_takes_its_percentage_off_and_needs_a_reason(app_context):
    placed = fee_market(fee=5001, fridays=2)
    with pytest.raises(DomainError):
        operations.set_waiver(placed.market, placed.family, percent=50, reason="  ", by=placed.organizer, now=NOW)

    operations.set_waiver(placed.market, placed.family, percent=50, reason="أسرة يدعمها البرنامج",
                          by=placed.organizer, now=NOW)

    totals = queries.family_totals(placed.market, placed.family)
    assert (totals.owed, totals.waived, totals.outstanding) == (10_002, 5000, 5002)  # 2 × 2500, rounded down
    other = ready_family("أخرى")
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(FeeWaiver(market=placed.market, family=other, percent=10, reason=""))
        db.session.flush()


def test_a_cancelled_friday_that_was_paid_is_given_back_and_no_more(app_context):
    placed = fee_market(fee=5000, fridays=2)
    operations.record_payment(placed.market, placed.family, operations.Receipt(10_000, "cash"),
                              by=placed.organizer, now=NOW)
    markets.cancel_occurrence(placed.market.occurrences[1], "عاصفة", now=NOW)

    assert queries.family_totals(placed.market, placed.family).outstanding == -5000
    with pytest.raises(DomainError):
        operations.record_refund(placed.market, placed.family, operations.Receipt(6000, "cash"),
                                 by=placed.organizer, now=NOW)
    refund = operations.record_refund(placed.market, placed.family, operations.Receipt(5000, "cash"),
                                      by=placed.organizer, now=NOW)

    assert [share.amount for share in refund.shares] == [-5000]
    assert refund.shares[0].application_id == placed.assignments[1].application_id
    assert queries.family_totals(placed.market, placed.family).outstanding == 0
    # Nothing is deleted: the payment and the refund both stay, each with its receipt.
    assert db.session.scalar(db.select(db.func.count(Payment.id))) == 2


def test_every_change_is_audited_and_the_family_is_told(app_context):
    placed = fee_market(fee=5000, fridays=1)
    operations.set_waiver(placed.market, placed.family, percent=20, reason="دعم", by=placed.organizer, now=NOW)
    payment = operations.record_payment(placed.market, placed.family, _wallet(4000, method="mtn_cash"),
                                        by=placed.organizer, now=NOW)
    operations.update_settings(placed.market, operations.FeeSettings(500, 0, "warn"), by=placed.organizer)

    actions = set(db.session.scalars(db.select(AuditEntry.action)))
    assert {"fees.waiver_set", "fees.payment_recorded", "fees.settings_changed"} <= actions
    notification = db.session.scalar(db.select(Notification).where(Notification.user_id == placed.family.user_id,
                                                                   Notification.kind == "fee.paid"))
    assert notification.params["receipt"] == payment.id and notification.link.endswith(f"/{payment.id}")


def test_a_market_that_blocks_gives_no_badge_until_the_date_is_paid(app_context):
    placed = fee_market(fee=5000, fridays=2, policy="block")
    first = placed.assignments[0].application

    with pytest.raises(DomainError, match="5,000"):
        issue_badge(first, by=placed.organizer)
    operations.record_payment(placed.market, placed.family, operations.Receipt(5000, "cash"),
                              by=placed.organizer, now=NOW)

    assert issue_badge(first, by=placed.organizer).id
    assert policy.blocked([a.application for a in placed.assignments]) == {placed.assignments[1].application_id}


def test_the_gate_is_told_what_is_due_only_where_the_market_wants_it(app_context):
    placed = fee_market(fee=5000, fridays=1, policy="badge")
    application = placed.assignments[0].application
    assert policy.gate_fee_due(application) is None

    placed.market.fee_policy = "warn"
    assert policy.gate_fee_due(application) == 5000


def test_totals_per_date_and_province_are_summed_by_the_database(app_context):
    placed = fee_market(fee=5000, fridays=2)
    operations.record_payment(placed.market, placed.family, operations.Receipt(6000, "cash"),
                              by=placed.organizer, now=NOW)

    per_day = [(day.day, totals.paid) for day, totals in queries.per_day(placed.market)]
    per_province = queries.per_province([placed.market.province_id])

    assert [paid for _day, paid in per_day] == [5000, 1000]
    assert [(totals.owed, totals.paid) for _province, totals in per_province] == [(10_000, 6000)]
    assert db.session.scalar(db.select(db.func.sum(PaymentShare.amount))) == 6000


def test_a_credit_on_one_date_pays_the_next_so_the_family_is_never_stuck(app_context):
    placed = fee_market(fee=5000, fridays=2, policy="block")
    operations.record_payment(placed.market, placed.family, operations.Receipt(5000, "cash"),
                              by=placed.organizer, now=NOW)
    operations.set_waiver(placed.market, placed.family, percent=50, reason="دعم", by=placed.organizer, now=NOW)

    lines = queries.family_lines(placed.market, placed.family)

    # 2 × 2,500 owed after the waiver, 5,000 given: both Fridays are paid, nothing is left to give back.
    assert [(line.net, line.paid, line.outstanding) for line in lines] == [(2500, 2500, 0), (2500, 2500, 0)]
    assert policy.due_for([a.application_id for a in placed.assignments]) == {}
    assert issue_badge(placed.assignments[1].application, by=placed.organizer).id
    with pytest.raises(DomainError):
        operations.record_refund(placed.market, placed.family, operations.Receipt(1, "cash"),
                                 by=placed.organizer, now=NOW)


def test_the_same_form_sent_twice_records_one_payment(app_context):
    placed = fee_market(fee=5000, fridays=2)
    receipt = operations.Receipt(2000, "cash", nonce="form-4f1c")

    first = operations.record_payment(placed.market, placed.family, receipt, by=placed.organizer, now=NOW)
    again = operations.record_payment(placed.market, placed.family, receipt, by=placed.organizer, now=NOW)

    assert again.id == first.id
    assert queries.family_totals(placed.market, placed.family).paid == 2000


def test_a_transaction_number_is_the_same_however_it_is_typed(app_context):
    placed = fee_market(fee=5000, fridays=2)
    operations.record_payment(placed.market, placed.family, _wallet(2000, reference="sy-448 120"),
                              by=placed.organizer, now=NOW)

    with pytest.raises(DomainError) as twice:
        operations.record_payment(placed.market, placed.family, _wallet(2000, reference="SY٤٤٨١٢٠"),
                                  by=placed.organizer, now=NOW)

    assert twice.value.field == "reference"
    assert db.session.scalar(db.select(Payment.reference)) == "SY448120"


def test_a_long_festival_at_a_high_fee_is_summed_without_overflow(app_context):
    venue = build_venue(stalls=1)
    market = db.session.merge(make_market(venue, (NOW + timedelta(days=40)).date(), days=30))
    market.stall_fee, market.crafts = 100_000_000, [craft("food")]
    organizer = db.session.merge(make_organizer("damascus"))
    family = ready_family()
    application = applications.apply(family, [market.occurrences[0]], request_for("food"), now=NOW,
                                      by_organizer=organizer)[0]
    applications.decide(application, "approved", by=organizer, now=NOW)
    stalls.assign(application, market.offered_stalls[0], by=organizer)
    operations.set_waiver(market, family, percent=99, reason="دعم", by=organizer, now=NOW)

    totals = queries.market_totals(market)

    assert (totals.owed, totals.waived) == (3_000_000_000, 2_970_000_000)
    assert isinstance(totals.owed, int)


def test_a_stall_in_a_better_section_costs_its_extra_every_date(app_context):
    placed = fee_market(fee=5000, fridays=2)
    section = placed.market.offered_stalls[0].section
    operations.update_settings(placed.market, operations.FeeSettings(0, 0, "badge", section_extras={section.id: 1500}),
                               by=placed.organizer)

    assert [line.owed for line in queries.family_lines(placed.market, placed.family)] == [6500, 6500]
    operations.update_settings(placed.market, operations.FeeSettings(0, 0, "badge", section_extras={section.id: 0}),
                               by=placed.organizer)
    assert [line.owed for line in queries.family_lines(placed.market, placed.family)] == [5000, 5000]
    assert db.session.scalar(db.select(db.func.count()).select_from(SectionFee)) == 0
