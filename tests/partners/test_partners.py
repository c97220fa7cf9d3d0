"""Partners: scope, consent and data policy decide what an export holds; every export is
logged and shown to the family; counts of fewer than 5 families are never shown."""
import csv
import io
from types import SimpleNamespace

from festival.consent import operations as consent
from festival.extensions import db
from festival.partners.models import PartnerExport, partner_export_families
from festival.vendors.models import Family
from tests.conftest import post_form
from tests.factories import NOW, ready_family


def _families(app, names, *, province_slug="damascus", grant=("banks",)):
    with app.app_context():
        accounts = []
        for name in names:
            family = ready_family(name, province_slug=province_slug)
            consent.record_choices(family, {"public_profile", *grant}, by=family.user, now=NOW)
            accounts.append(SimpleNamespace(id=family.id, phone=family.user.phone))
        db.session.commit()
        return accounts


def _export(client) -> list[list[str]]:
    response = post_form(client, "/partner/export/csv", {}, form_page="/partner")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_an_export_holds_only_the_families_who_agreed_with_the_policys_fields(app, client, login, make):
    agreed, = _families(app, ["أسرة وافقت"])
    _families(app, ["أسرة لم توافق"], grant=())
    _families(app, ["أسرة في حلب"], province_slug="aleppo")
    login(make.partner(fields=("name", "phone", "crafts")))

    rows = _export(client)

    assert rows[0] == ["الأسرة", "رقم الجوّال", "الحِرف"]
    assert [row[0] for row in rows[1:]] == ["أسرة وافقت"]
    assert all(len(row) == 3 for row in rows)
    with app.app_context():
        export = db.session.scalar(db.select(PartnerExport))
        assert export.row_count == 1
        assert db.session.scalars(db.select(partner_export_families.c.family_id)).all() == [agreed.id]


def test_a_withdrawal_takes_effect_in_the_next_export_and_the_family_sees_who_received_its_data(app, client, login,
                                                                                               make):
    family, = _families(app, ["أسرة المونة"])
    partner_client = login(make.partner(name="مصرف التسليف"), as_client=app.test_client())
    assert [row[0] for row in _export(partner_client)[1:]] == ["أسرة المونة"]

    family_client = login(family, as_client=app.test_client())
    page = family_client.get("/family/sharing").get_data(as_text=True)
    assert "مصرف التسليف" in page
    post_form(family_client, "/family/sharing", {"sharing": ["public_profile"]})

    assert _export(partner_client)[1:] == []
    with app.app_context():
        assert [export.row_count for export in db.session.scalars(
            db.select(PartnerExport).order_by(PartnerExport.id))] == [1, 0]


def test_the_partners_counts_never_show_fewer_than_five_families(app, client, login, make):
    _families(app, [f"أسرة {n}" for n in range(4)])
    _families(app, [f"أسرة حلبية {n}" for n in range(5)], province_slug="aleppo")
    login(make.partner(province_slugs=()))  # national

    page = client.get("/partner").get_data(as_text=True)

    assert "&lt;5" in page
    assert "<td><bdi dir=\"ltr\">5</bdi></td>" in page


def test_a_partner_of_aleppo_sees_no_damascus_family(app, client, login, make):
    _families(app, ["أسرة دمشقية"])
    login(make.partner(province_slugs=("aleppo",)))

    assert _export(client)[1:] == []


def test_an_admin_adds_a_partner_and_its_account(app, client, login, make):
    login(make.admin())
    page = client.get("/admin/partners").get_data(as_text=True)
    assert 'name="fields"' in page

    created = post_form(client, "/admin/partners", {
        "name_ar": "وزارة الشؤون الاجتماعية والعمل", "kind": "ministry", "purpose": "ministries", "national": "y",
        "fields": ["name", "province", "crafts"]})
    assert created.status_code == 303
    added = post_form(client, f"{created.headers['Location']}/members",
                      {"display_name": "سلمى", "phone": "٠٩٣٣ ١١١ ٢٢٢"}, form_page=created.headers["Location"])

    assert added.status_code == 303
    with app.app_context():
        from festival.partners.queries import all_partners

        partner, = all_partners()
        assert (partner.kind, partner.national, partner.fields) == ("ministry", True, ["name", "province", "crafts"])
        assert [member.role for member in partner.members] == ["partner"]
        assert db.session.scalar(db.select(db.func.count(Family.id))) == 0
