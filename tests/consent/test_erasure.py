"""Deleting a family's account: its personal data go, its coming applications are withdrawn
(the stall frees up, the waitlist moves), it leaves every export and search, nobody logs in
with it, and the programme's aggregates keep counting it without a name."""
import csv
import io

import pytest
from sqlalchemy.exc import IntegrityError

from festival.applications.models import Application
from festival.audit.models import AuditEntry
from festival.consent import operations as consent
from festival.consent.queries import current_choices
from festival.erasure.operations import erase_family, unhandled_tables
from festival.extensions import db
from festival.reports.models import SalesReport
from festival.stalls.models import StallAssignment
from festival.vendors.models import Family
from tests.conftest import post_form
from tests.factories import (
    NOW,
    PASSWORD,
    add_report,
    held_event,
    make_organizer,
    open_market,
    placed_family,
    ready_family,
)
from tests.factories.placements import request_for


def test_every_table_that_holds_a_familys_rows_says_what_erasure_does_with_it(app_context):
    assert unhandled_tables() == []


def _coming_market_with_a_waiting_family(app):
    """A family placed at the only stall of a coming date, and another one waiting: their ids."""
    with app.app_context():
        from festival.applications import operations as applications

        market = open_market(stalls=1, fridays=1)
        organizer = db.session.merge(make_organizer("damascus"))
        occurrence = market.occurrences[0]
        placed = placed_family(occurrence, market.offered_stalls[0], organizer, "أسرة أم خالد للمونة")
        waiting_family = ready_family("أسرة تنتظر")
        waiting = applications.apply(waiting_family, [occurrence], request_for("food"), now=NOW)[0]
        applications.decide(waiting, "waitlisted", by=organizer, now=NOW)
        family = db.session.get(Family, placed.family_id)
        family.second_phone = "+963933111222"
        family.head_birth_year, family.displacement, family.disability_in_family = 1980, "displaced", True
        consent.record_choices(family, {"public_profile", "banks"}, by=family.user, now=NOW)
        db.session.commit()
        return family.id, family.user.phone, placed.application_id, waiting.id


def test_a_family_deletes_its_account_with_its_password(app, client, login):
    family_id, phone, application_id, waiting_id = _coming_market_with_a_waiting_family(app)
    with app.app_context():
        user = db.session.get(Family, family_id).user
        db.session.expunge(user)
    login(user)

    wrong = post_form(client, "/family/delete-account", {"password": "not-it", "understood": "y"})
    assert wrong.status_code == 200 and "كلمة المرور غير صحيحة" in wrong.get_data(as_text=True)
    done = post_form(client, "/family/delete-account", {"password": PASSWORD, "understood": "y"})

    assert done.status_code == 303
    assert client.get("/family").status_code in (302, 401)  # signed out
    with app.app_context():
        family = db.session.get(Family, family_id)
        assert family.erased_at is not None and family.name == "حساب محذوف"
        assert (family.stored_name, family.head_name, family.products, family.second_phone) == ("", "", "", None)
        assert (family.head_birth_year, family.displacement, family.disability_in_family) == (None, None, None)
        assert family.user.phone != phone and not family.user.enabled and family.user.email is None
        assert not any(current_choices([family_id])[family_id].values())
        # the coming application is withdrawn: its stall went to the family that waited
        assert db.session.get(Application, application_id).status == "withdrawn"
        assert db.session.get(Application, waiting_id).status == "approved"
        assert db.session.scalar(db.select(StallAssignment).where(StallAssignment.family_id == family_id)) is None
        entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "family.erased"))
        assert entry.target_id == family_id and entry.details["by_family"] is True
        logged = str([earlier.details for earlier in db.session.scalars(db.select(AuditEntry))])
        assert "خالد" not in logged and "933111222" not in logged and phone not in logged  # earlier entries too
        assert "'erased': True" in logged  # the account's creation named the family

    refused = post_form(app.test_client(), "/login", {"phone": phone, "password": PASSWORD})
    assert refused.status_code == 200  # the login form again, no session


def test_past_sales_stay_in_the_totals_without_the_familys_words(app):
    with app.app_context():
        occurrence, _organizer, assignments = held_event(families=1)
        report = add_report(db.session.merge(assignments[0]), 250_000)
        report.best_product, report.problems = "مكدوس أم خالد", "الزحمة"
        family = db.session.get(Family, assignments[0].family_id)
        db.session.commit()

        erase_family(family, by=None, now=NOW)
        db.session.commit()

        kept = db.session.scalar(db.select(SalesReport))
        assert (kept.total_sales, kept.best_product, kept.problems) == (250_000, "", "")
        assert db.session.scalar(db.select(StallAssignment)) is not None  # the past is kept
        assert db.session.scalar(db.select(Family.is_counted).where(Family.id == family.id)) is True
        assert db.session.scalar(db.select(Family.is_live).where(Family.id == family.id)) is False


def test_an_erased_family_leaves_the_partners_export_and_the_search(app, client, login, make):
    with app.app_context():
        market = open_market(stalls=1, fridays=1)
        organizer = db.session.merge(make_organizer("damascus"))
        family_id = placed_family(market.occurrences[0], market.offered_stalls[0], organizer,
                                  "أسرة الياسمين").family_id
        family = db.session.get(Family, family_id)
        consent.record_choices(family, {"public_profile", "banks"}, by=family.user, now=NOW)
        db.session.commit()
    partner = login(make.partner(fields=("name", "phone")), as_client=app.test_client())

    def exported():
        response = post_form(partner, "/partner/export/csv", {}, form_page="/partner")
        return [row[0] for row in csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")))][1:]

    assert exported() == ["أسرة الياسمين"]
    assert "أسرة الياسمين" in client.get("/search?q=الياسمين").get_data(as_text=True)
    with app.app_context():
        erase_family(db.session.get(Family, family_id), by=None, now=NOW)
        db.session.commit()

    assert exported() == []
    assert "أسرة الياسمين" not in client.get("/search?q=الياسمين").get_data(as_text=True)


def test_an_admin_deletes_a_familys_account_at_its_request(app, client, login, make):
    family = make.family("أسرة بلا إنترنت")
    login(make.admin())

    page = client.get(f"/admin/families/{family.id}/delete-account").get_data(as_text=True)
    assert "أسرة بلا إنترنت" in page
    unticked = post_form(client, f"/admin/families/{family.id}/delete-account", {})
    assert unticked.status_code == 200
    done = post_form(client, f"/admin/families/{family.id}/delete-account", {"asked": "y"})

    assert done.status_code == 303
    with app.app_context():
        erased = db.session.get(Family, family.id)
        assert erased.erased_at is not None and erased.stored_name == ""
        entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "family.erased"))
        assert entry.details["by_family"] is False and "بلا إنترنت" not in str(entry.details)
    accounts = client.get("/admin/users").get_data(as_text=True)
    assert "حساب محذوف" in accounts and "بلا إنترنت" not in accounts


def test_the_database_refuses_an_erased_family_that_keeps_a_phone(app_context):
    family = db.session.merge(ready_family("أسرة"))
    family.erased_at, family.second_phone = NOW, "+963933111222"
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_my_data_download_works_until_erasure(client, login, make):
    family = make.family("أسرة تنزّل بياناتها")
    login(family.user)

    response = client.get("/family/my-data.json")

    assert response.status_code == 200 and "أسرة تنزّل بياناتها" in response.get_data(as_text=True)
    assert '"head_birth_year"' in response.get_data(as_text=True)




def test_an_erased_family_leaves_the_partner_api(app, client, make):
    from tests.factories.partners import make_api_token

    with app.app_context():
        family = ready_family("أسرة في الواجهة")
        consent.record_choices(family, {"banks"}, by=family.user, now=NOW)
        db.session.commit()
        family_id = family.id
    with app.app_context():
        _token_id, secret = make_api_token(make.partner())
    headers = {"Authorization": f"Bearer {secret}"}
    assert len(client.get("/api/v1/partner/families", headers=headers).json["families"]) == 1

    with app.app_context():
        erase_family(db.session.get(Family, family_id), by=None, now=NOW)
        db.session.commit()

    assert client.get("/api/v1/partner/families", headers=headers).json["families"] == []
