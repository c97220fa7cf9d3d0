"""Fees through HTTP: an organizer and the gate take money and print receipts, a visitor
checks a receipt, a family reads its statement; who may do what; pages that do not grow."""
from types import SimpleNamespace

import pytest

from festival.applications.models import Application
from festival.auth.models import User
from festival.badges.operations import issue_badge, token_for
from festival.checkin import staff
from festival.checkin.messages import describe
from festival.checkin.verify import verify
from festival.extensions import db
from festival.fees import operations
from festival.fees.models import Payment
from festival.fees.receipts import receipt_token
from festival.markets.models import Market
from festival.vendors.models import Family
from tests.conftest import post_form
from tests.factories import NOW, during, fee_market, make_gate, placed_family


@pytest.fixture
def placed(app):
    """A market of two Fridays at 5,000 a day, one family placed on both; plain values."""
    with app.app_context():
        fees = fee_market(fee=5000, fridays=2, name="أسرة الحلويات")
        gate = db.session.merge(make_gate("damascus", name="سامر"))
        staff.attach(fees.market, gate, by=fees.organizer)
        db.session.commit()

        def account(user):
            return SimpleNamespace(id=user.id, phone=user.phone)

        return SimpleNamespace(market_id=fees.market.id, family_id=fees.family.id, organizer=account(fees.organizer),
                               family_user=account(fees.family.user), gate=account(gate))


def _family_page(placed):
    return f"/manage/markets/{placed.market_id}/fees/families/{placed.family_id}"


def _pay(client, placed, **fields):
    data = {"pay-amount": "٥٬٠٠٠", "pay-method": "cash", "pay-reference": "", "pay-note": "", **fields}
    return post_form(client, f"{_family_page(placed)}/pay", data, form_page=_family_page(placed),
                     headers={"Referer": f"http://localhost{_family_page(placed)}"})


def test_an_organizer_records_a_cash_payment_typed_in_arabic_digits_and_prints_its_receipt(client, login, placed, app):
    login(placed.organizer)

    paid = _pay(client, placed)

    assert paid.status_code == 303
    receipt = client.get(paid.headers["Location"]).get_data(as_text=True)
    assert "أسرة الحلويات" in receipt and "5,000" in receipt and "<svg" in receipt
    with app.app_context():
        payment = db.session.scalar(db.select(Payment))
        assert (payment.amount, payment.method, payment.received_by_id) == (5000, "cash", placed.organizer.id)
    page = client.get(_family_page(placed)).get_data(as_text=True)
    assert f"رقم الإيصال {payment.id}" in page


def test_a_wallet_payment_without_its_transaction_number_is_refused_and_nothing_is_saved(client, login, placed, app):
    login(placed.organizer)

    refused = _pay(client, placed, **{"pay-method": "syriatel_cash"})

    assert refused.status_code == 422
    assert "أدخل رقم العملية" in refused.get_data(as_text=True)
    assert 'value="٥٬٠٠٠"' in refused.get_data(as_text=True)  # what was typed stays
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Payment.id))) == 0
    # The language link of the form shown again leads to the family's page, not to the POST-only address.
    assert f'href="{_family_page(placed)}?lang=en"' in refused.get_data(as_text=True)
    assert _pay(client, placed, **{"pay-method": "syriatel_cash", "pay-reference": "SY-77821"}).status_code == 303


def test_the_gate_staff_of_the_market_take_payments_but_change_no_settings(client, login, placed):
    login(placed.gate)

    assert client.get(f"/manage/markets/{placed.market_id}/fees").status_code == 200
    assert _pay(client, placed).status_code == 303
    assert client.get(f"/manage/markets/{placed.market_id}/fees/settings").status_code == 403
    assert client.get(f"/manage/markets/{placed.market_id}/fees.csv").status_code == 403


def test_gate_staff_of_another_market_cannot_open_this_one(client, login, placed, make):
    login(make.gate("damascus", name="بوابة أخرى"))

    assert client.get(f"/manage/markets/{placed.market_id}/fees").status_code == 403


def test_anyone_checks_a_receipt_without_logging_in_and_sees_no_personal_data(client, placed, app):
    with app.app_context():
        family = db.session.get(Family, placed.family_id)
        organizer = db.session.get(User, placed.organizer.id)
        payment = operations.record_payment(db.session.get(Market, placed.market_id), family, operations.Receipt(
            5000, "mtn_cash", reference="MTN-2026-00981"), by=organizer, now=NOW)
        db.session.commit()
        token, phone = receipt_token(payment), family.user.phone

    genuine = client.get(f"/r/{token.lower()}")
    forged = client.get(f"/R/{token[:50]}{'A' if token[50] != 'A' else 'B'}{token[51:]}")

    text = genuine.get_data(as_text=True)
    assert genuine.status_code == 200 and "إيصال صحيح" in text and "5,000" in text and "أسرة الحلويات" in text
    assert "…0981" in text and "MTN-2026-00981" not in text and phone[-7:] not in text
    assert forged.status_code == 404 and "ليس إيصالاً من البرنامج" in forged.get_data(as_text=True)


def test_a_family_reads_its_statement_and_its_own_receipts_only(client, login, placed, app, make):
    _pay(login(placed.organizer, as_client=app.test_client()), placed)
    with app.app_context():
        payment_id = db.session.scalar(db.select(Payment.id))
    other = login(make.family(name="أسرة أخرى").user, as_client=app.test_client())

    assert other.get(f"/family/fees/receipts/{payment_id}").status_code == 404
    login(placed.family_user)
    statement = client.get("/family/fees").get_data(as_text=True)
    receipt = client.get(f"/family/fees/receipts/{payment_id}")

    assert "5,000" in statement and f"رقم الإيصال {payment_id}" in statement
    assert receipt.status_code == 200 and "private" in receipt.headers["Cache-Control"]
    assert "5,000" in client.get("/family").get_data(as_text=True)  # the Friday still to pay


def test_a_reduction_needs_a_reason_and_lowers_what_the_family_owes(client, login, placed):
    login(placed.organizer)
    url = f"{_family_page(placed)}/waiver"

    refused = post_form(client, url, {"waiver-percent": "٥٠", "waiver-reason": ""}, form_page=_family_page(placed))
    saved = post_form(client, url, {"waiver-percent": "٥٠", "waiver-reason": "أسرة يدعمها البرنامج"},
                      form_page=_family_page(placed))

    assert refused.status_code == 422
    assert saved.status_code == 303
    page = client.get(_family_page(placed)).get_data(as_text=True)
    assert "5,000" in page and "أسرة يدعمها البرنامج" in page


def test_the_markets_fee_page_reads_as_many_queries_for_one_family_as_for_three(app, client, login, placed,
                                                                               count_queries):
    login(placed.organizer)
    url = f"/manage/markets/{placed.market_id}/fees"
    client.get(url)
    with count_queries() as one:
        client.get(url)
    with app.app_context():
        market = db.session.get(Market, placed.market_id)
        organizer = db.session.get(User, placed.organizer.id)
        for number, stall in enumerate(market.offered_stalls[1:3]):
            assignment = placed_family(market.occurrences[0], stall, organizer, f"أسرة {number}")
            operations.record_payment(market, assignment.family, operations.Receipt(1000, "cash"),
                                      by=organizer, now=NOW)
        db.session.commit()
    with count_queries() as three:
        page = client.get(url)

    assert page.status_code == 200 and "أسرة 1" in page.get_data(as_text=True)
    assert three.count == one.count


def test_the_gate_is_told_when_a_family_has_not_paid_where_the_market_wants_it(placed, app):
    with app.test_request_context():
        market = db.session.get(Market, placed.market_id)
        occurrence = market.occurrences[0]
        application = db.session.scalar(db.select(Application).where(Application.occurrence_id == occurrence.id))
        token = token_for(issue_badge(application))
        organizer = db.session.get(User, placed.organizer.id)
        before = describe(verify(token, now=during(occurrence), user=organizer))
        market.fee_policy = "warn"
        told = describe(verify(token, now=during(occurrence), user=organizer))

    assert before.fee_due is None and "رسم الجناح" not in before.message
    assert told.outcome == "valid" and told.fee_due == 5000 and told.fee_url.endswith("#pay")
    assert "رسم الجناح غير مدفوع: بقي 5,000 ل.س للدفع." in told.message
