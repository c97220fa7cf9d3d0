"""The partner API: a token made by an admin opens it (scoped, revocable, only its hash
stored); families come with the partner's policy fields only and every page is logged as
an export; small cells stay hidden; lists are paginated within bounds; errors are JSON."""
import hashlib
from types import SimpleNamespace

import pytest

from festival.consent import operations as consent
from festival.extensions import db
from festival.partners.models import PartnerExport, partner_export_families
from festival.partners.token_models import ApiToken, TokenScope
from tests.conftest import csrf_token_from, post_form
from tests.factories import NOW, add_report, held_event, ready_family
from tests.factories.crafts import give_crafts
from tests.factories.partners import make_api_token

FAMILIES = "/api/v1/partner/families"


def _families(app, names, *, province_slug="damascus", grant=("banks",)):
    with app.app_context():
        ids = []
        for name in names:
            family = ready_family(name, province_slug=province_slug)
            consent.record_choices(family, {"public_profile", *grant}, by=family.user, now=NOW)
            ids.append(family.id)
        db.session.commit()
        return ids


def _partner(app, make, *, scopes=None, **partner):
    user = make.partner(**partner)
    with app.app_context():
        token_id, secret = make_api_token(user, scopes=scopes)
    return SimpleNamespace(user=user, token_id=token_id, headers={"Authorization": f"Bearer {secret}"}, secret=secret)


def test_without_a_token_the_answer_is_a_json_401_that_asks_for_a_bearer_token(client):
    response = client.get(FAMILIES)

    assert response.status_code == 401
    assert response.json["error"]["code"] == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", ["Bearer fst_not-a-real-token", "Basic dXNlcjpwYXNz", "Bearer", "fst_abc"])
def test_an_unknown_token_or_another_scheme_is_refused(app, client, make, header):
    _partner(app, make)

    assert client.get(FAMILIES, headers={"Authorization": header}).status_code == 401


def test_a_signed_in_partner_account_without_a_token_is_refused(app, client, login, make):
    login(_partner(app, make).user)

    assert client.get(FAMILIES).status_code == 401


def test_a_token_without_the_scope_gets_403(app, client, make):
    partner = _partner(app, make, scopes=[TokenScope.MARKETS])

    assert client.get(FAMILIES, headers=partner.headers).status_code == 403
    assert client.get("/api/v1/partner/markets", headers=partner.headers).status_code == 200


def test_only_the_secrets_hash_is_stored_and_the_last_use_is_kept(app, client, make):
    partner = _partner(app, make)

    client.get("/api/v1/partner/crafts", headers=partner.headers)

    with app.app_context():
        token = db.session.get(ApiToken, partner.token_id)
        assert token.secret_hash == hashlib.sha256(partner.secret.encode()).hexdigest()
        assert partner.secret not in repr([getattr(token, column.key) for column in ApiToken.__table__.columns])
        assert token.last_used_at is not None


def test_families_hold_only_those_who_agreed_with_the_policys_fields(app, client, make):
    agreed, = _families(app, ["أسرة وافقت"])
    _families(app, ["أسرة لم توافق"], grant=())
    _families(app, ["أسرة في حلب"], province_slug="aleppo")
    partner = _partner(app, make, fields=("name", "crafts", "sales"))

    body = client.get(FAMILIES, headers=partner.headers).json

    assert body["fields"] == ["name", "crafts", "sales"]
    assert body["families"] == [{"name": "أسرة وافقت", "crafts": "مونة ومواد غذائية", "sales": 0}]
    assert "phone" not in str(body) and "+963" not in str(body)


def test_every_page_of_families_is_logged_as_an_export_with_its_families(app, client, make):
    ids = _families(app, [f"أسرة {number}" for number in range(3)])
    partner = _partner(app, make)

    first = client.get(FAMILIES, query_string={"per_page": 2}, headers=partner.headers).json
    client.get(first["pagination"]["next"], headers=partner.headers)

    with app.app_context():
        exports = list(db.session.scalars(db.select(PartnerExport).order_by(PartnerExport.id)))
        assert [(export.row_count, export.api_token_id, export.user_id) for export in exports] == [
            (2, partner.token_id, None), (1, partner.token_id, None)]
        logged = db.session.execute(db.select(partner_export_families.c.export_id, partner_export_families.c.family_id)
                                    ).all()
        assert sorted(family_id for _export, family_id in logged) == sorted(ids)


def test_the_family_sees_that_the_partner_read_its_data_through_the_api(app, make, login):
    family_id, = _families(app, ["أسرة المونة"])
    partner = _partner(app, make, name="مصرف التسليف")
    app.test_client().get(FAMILIES, headers=partner.headers)
    with app.app_context():
        from festival.vendors.models import Family
        family_user = db.session.get(Family, family_id).user
        family = SimpleNamespace(id=family_user.id, phone=family_user.phone)

    page = login(family, as_client=app.test_client()).get("/family/sharing").get_data(as_text=True)

    assert "مصرف التسليف" in page


def test_a_withdrawal_takes_the_family_out_of_the_next_call(app, client, make):
    family_id, = _families(app, ["أسرة المونة"])
    partner = _partner(app, make)
    assert len(client.get(FAMILIES, headers=partner.headers).json["families"]) == 1

    with app.app_context():
        from festival.vendors.models import Family
        family = db.session.get(Family, family_id)
        consent.record_choices(family, {"public_profile"}, by=family.user, now=NOW)
        db.session.commit()

    assert client.get(FAMILIES, headers=partner.headers).json["families"] == []


@pytest.mark.parametrize(("query", "status"), [
    ({"per_page": 0}, 400), ({"per_page": 101}, 400), ({"per_page": "x"}, 400), ({"page": 0}, 400),
    ({"page": "-1"}, 400), ({"page": 2}, 404), ({"page": 10**12}, 404), ({"per_page": 100}, 200),
])
def test_paging_is_bounded(app, client, make, query, status):
    partner = _partner(app, make)

    response = client.get("/api/v1/partner/crafts", query_string=query, headers=partner.headers)

    assert response.status_code == status
    assert response.is_json


def test_pages_link_to_each_other(app, client, make):
    partner = _partner(app, make)

    first = client.get("/api/v1/partner/crafts", query_string={"per_page": 5}, headers=partner.headers).json
    second = client.get(first["pagination"]["next"], headers=partner.headers).json

    assert first["pagination"]["prev"] is None and first["pagination"]["total"] == len(
        client.get("/api/v1/partner/crafts", headers=partner.headers).json["crafts"])
    assert second["pagination"]["page"] == 2 and "page=1" in second["pagination"]["prev"]


def test_markets_are_the_public_markets_of_the_partners_provinces(app, client, events, make):
    events.market(title_ar="سوق دمشق")
    events.market(province="aleppo", venue_name="السبيل", title_ar="سوق حلب")
    events.market(status="draft", venue_name="المزة", title_ar="سوق لم يُنشر")
    partner = _partner(app, make)

    markets = client.get("/api/v1/partner/markets", headers=partner.headers).json["markets"]

    assert [market["title"]["ar"] for market in markets] == ["سوق دمشق"]
    assert markets[0]["province"] == "damascus" and markets[0]["categories"] == ["food"]


def test_sales_and_crafts_hide_cells_of_fewer_than_five_families(app, client, make):
    with app.app_context():
        for families in (5, 2):
            # Another month for the small cell: in the same province-month its complement would be hidden too.
            _occurrence, _organizer, assignments = held_event(families, crafts=("food",) if families == 5
                                                              else ("sweets",), days_ago=1 if families == 5 else 45)
            for assignment in assignments:
                add_report(assignment, 1000, lines=[("food" if families == 5 else "sweets", 1000, 1)])
        db.session.commit()
    partner = _partner(app, make)

    cells = client.get("/api/v1/partner/sales", headers=partner.headers).json["cells"]
    crafts = {craft["slug"]: craft for craft in
              client.get("/api/v1/partner/crafts", headers=partner.headers).json["crafts"]}

    assert {(cell["craft"], cell["families"], cell["sales"], cell["suppressed"]) for cell in cells} == {
        ("food", 5, 5000, False), ("sweets", None, None, True)}
    assert crafts["food"]["families"] == 5 and crafts["sweets"] == {**crafts["sweets"], "families": None,
                                                                      "suppressed": True}


def test_each_category_lists_the_registers_crafts_with_their_families_and_heritage_marks(app, client, make):
    with app.app_context():
        _occurrence, _organizer, assignments = held_event(6, crafts=("food",))
        for index, assignment in enumerate(assignments):
            give_crafts(assignment.family_id, *(("makdous",) if index < 5 else ("qamar-al-din",)))
    partner = _partner(app, make)

    categories = {category["slug"]: category for category in
                  client.get("/api/v1/partner/crafts", headers=partner.headers).json["crafts"]}
    crafts = {craft["slug"]: craft for craft in categories["food"]["crafts"]}

    assert crafts["makdous"]["families"] == 5 and crafts["makdous"]["heritage"] is False
    assert crafts["qamar-al-din"] == {**crafts["qamar-al-din"], "families": None, "suppressed": True,
                                      "heritage": True}
    assert crafts["makdous"]["name"]["ar"] == "المكدوس"


def test_a_partner_of_aleppo_reads_no_damascus_sales(app, client, make):
    with app.app_context():
        _occurrence, _organizer, assignments = held_event(5, crafts=("food",))
        for assignment in assignments:
            add_report(assignment, 1000, lines=[("food", 1000, 1)])
    partner = _partner(app, make, province_slugs=("aleppo",))

    assert client.get("/api/v1/partner/sales", headers=partner.headers).json["cells"] == []


def test_calls_are_rate_limited(app, client, make):
    app.config["PARTNER_API_RATE_LIMIT"] = "2 per minute"
    partner = _partner(app, make)

    statuses = [client.get("/api/v1/partner/crafts", headers=partner.headers).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    assert client.get("/api/v1/partner/crafts", headers=partner.headers).json["error"]["code"] == 429


# -- the admin's page ------------------------------------------------------------------------------

def _partner_id(app, user) -> int:
    from festival.partners.queries import partner_of

    with app.app_context():
        return partner_of(db.session.merge(user)).id


def test_an_admin_creates_a_token_whose_secret_is_shown_once_and_revokes_it(app, client, login, make):
    partner_id = _partner_id(app, make.partner())
    login(make.admin())
    page = f"/admin/partners/{partner_id}"

    created = post_form(client, f"{page}/tokens", {"name": "نظام القروض", "scopes": ["families:read", "sales:read"]},
                        form_page=page)

    assert created.status_code == 201 and created.headers["Cache-Control"] == "no-store"
    secret = created.get_data(as_text=True).split('id="token-secret" type="text" readonly value="')[1].split('"')[0]
    assert secret.startswith("fst_")
    partner_page = client.get(page).get_data(as_text=True)
    assert "نظام القروض" in partner_page and secret not in partner_page and secret[:8] in partner_page
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get(FAMILIES, headers=headers).status_code == 200
    assert client.get("/api/v1/partner/markets", headers=headers).status_code == 403

    with app.app_context():
        token_id = db.session.scalar(db.select(ApiToken.id))
    revoked = client.post(f"{page}/tokens/{token_id}/revoke", data={"csrf_token": csrf_token_from(partner_page)})

    assert revoked.status_code == 303
    assert client.get(FAMILIES, headers=headers).status_code == 401
    assert f"tokens/{token_id}/revoke" not in client.get(page).get_data(as_text=True)


def test_a_token_needs_a_name_and_a_scope(app, client, login, make):
    partner_id = _partner_id(app, make.partner())
    login(make.admin())
    page = f"/admin/partners/{partner_id}"

    refused = post_form(client, f"{page}/tokens", {"name": "", "scopes": []}, form_page=page)

    assert refused.status_code == 303
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(ApiToken.id))) == 0


def test_the_exports_list_names_the_token(app, client, login, make):
    _families(app, ["أسرة المونة"])
    partner = _partner(app, make)
    client.get(FAMILIES, headers=partner.headers)
    partner_id = _partner_id(app, partner.user)
    login(make.admin())

    assert "نظام القروض" in client.get(f"/admin/partners/{partner_id}").get_data(as_text=True)


def test_a_token_of_another_partner_cannot_be_revoked_from_this_page(app, client, login, make):
    other = _partner(app, make, name="وزارة أخرى")
    partner_id = _partner_id(app, make.partner())
    login(make.admin())
    page = client.get(f"/admin/partners/{partner_id}").get_data(as_text=True)

    response = client.post(f"/admin/partners/{partner_id}/tokens/{other.token_id}/revoke",
                           data={"csrf_token": csrf_token_from(page)})

    assert response.status_code == 404
    assert client.get(FAMILIES, headers=other.headers).status_code == 200


def test_the_document_describes_the_partner_api_with_the_bearer_scheme(client):
    document = client.get("/api/v1/openapi.json").json

    assert document["components"]["securitySchemes"]["partnerToken"]["scheme"] == "bearer"
    for path in ("families", "markets", "sales", "crafts"):
        operation = document["paths"][f"/api/v1/partner/{path}"]["get"]
        assert operation["security"] == [{"partnerToken": [f"{path}:read"]}]
        assert {"401", "403", "429"} <= set(operation["responses"])


def test_the_partner_api_limits_are_the_documents():
    from festival.api import openapi, partner_views

    assert (openapi.PARTNER_DEFAULT_PER_PAGE, openapi.PARTNER_MAX_PER_PAGE, openapi.PARTNER_MAX_PAGE) == (
        partner_views.DEFAULT_PER_PAGE, partner_views.MAX_PER_PAGE, partner_views.MAX_PAGE)

