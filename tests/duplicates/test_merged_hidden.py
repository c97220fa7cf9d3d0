"""A record merged into another (families.merged_into_id) is history: no partner export or
API page, register, review queue, family list, public search, open-data cell, count or
duplicate scan shows it again (festival/vendors/models.Family.is_live)."""
import csv
import io
from types import SimpleNamespace

from festival.consent import operations as consent
from festival.core.types import utcnow
from festival.duplicates.models import DuplicatePair
from festival.duplicates.operations import scan
from festival.extensions import db
from festival.vendors.models import Family
from tests.conftest import post_form
from tests.factories import NOW, add_report, held_event, make_admin, make_organizer, open_market, placed_family
from tests.factories.partners import make_api_token


def _merge(app, merged_id: int, kept_id: int) -> None:
    """What festival/duplicates/merge.py leaves behind, whatever stayed with the merged record."""
    with app.app_context():
        db.session.get(Family, merged_id).merged_into_id = kept_id
        db.session.commit()


def _held(app, families=2, **kwargs):
    """A held date; (family ids, organizer) with each family's report of 10,000 (food)."""
    with app.app_context():
        _occurrence, organizer, assignments = held_event(families, **kwargs)
        for assignment in assignments:
            add_report(assignment, 10_000, lines=[("food", 10_000, 1)])
            consent.record_choices(assignment.family, {"public_profile", "banks"}, by=None, now=NOW)
        db.session.commit()
        return [assignment.family_id for assignment in assignments], organizer


def _names(app, ids) -> set[str]:
    with app.app_context():
        return {db.session.get(Family, family_id).name for family_id in ids}


def test_a_partners_export_and_api_leave_out_a_merged_record(app, client, login, make):
    (kept, merged), _organizer = _held(app)
    kept_name, merged_name = sorted(_names(app, [kept]))[0], sorted(_names(app, [merged]))[0]
    _merge(app, merged, kept)
    partner = make.partner(fields=("name", "phone"))
    with app.app_context():
        _token_id, secret = make_api_token(partner)

    login(partner)
    response = post_form(client, "/partner/export/csv", {}, form_page="/partner")
    names = [row[0] for row in csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")))][1:]
    api = client.get("/api/v1/partner/families", headers={"Authorization": f"Bearer {secret}"}).json

    assert names == [kept_name]
    assert [family["name"] for family in api["families"]] == [kept_name]
    assert merged_name not in client.get("/partner").get_data(as_text=True)


def test_the_national_register_leaves_out_a_merged_record(app, client, login, make):
    (kept, merged), _organizer = _held(app)
    merged_name = _names(app, [merged]).pop()
    _merge(app, merged, kept)
    login(make.admin())

    page = client.get("/admin/sales/register").get_data(as_text=True)

    assert _names(app, [kept]).pop() in page and merged_name not in page


def test_organizers_review_queue_export_and_family_list_leave_out_a_merged_record(app, client, login):
    with app.app_context():
        market = open_market(stalls=2)
        organizer = make_organizer("damascus")
        kept = placed_family(market.occurrences[0], market.offered_stalls[0], organizer, "أسرة أبو سمير")
        merged = placed_family(market.occurrences[0], market.offered_stalls[1], organizer, "أسرة ابو سمير")
        market_id, kept_id, merged_id = market.id, kept.family_id, merged.family_id
        organizer = SimpleNamespace(phone=organizer.phone)
        db.session.commit()
    _merge(app, merged_id, kept_id)
    login(organizer)

    queue = client.get(f"/manage/markets/{market_id}/applications").get_data(as_text=True)
    export = client.get(f"/manage/markets/{market_id}/applications.csv").get_data(as_text=True)
    families = client.get("/manage/provinces/damascus").get_data(as_text=True)

    for page in (queue, export, families):
        assert "أسرة أبو سمير" in page and "أسرة ابو سمير" not in page


def test_public_search_event_pages_and_counts_leave_out_a_merged_record(app, client):
    with app.app_context():
        market = open_market(stalls=2, crafts=("soap",))
        organizer = make_organizer("damascus")
        kept = placed_family(market.occurrences[0], market.offered_stalls[0], organizer, "أسرة الصابون",
                             crafts=("soap",))
        merged = placed_family(market.occurrences[0], market.offered_stalls[1], organizer, "أسرة صابون الغار",
                               crafts=("soap",))
        occurrence_id, kept_id, merged_id = kept.occurrence_id, kept.family_id, merged.family_id
        db.session.commit()
    before = client.get("/provinces/damascus").get_data(as_text=True)
    _merge(app, merged_id, kept_id)

    found = client.get("/search", query_string={"q": "صابون"}).get_data(as_text=True)
    event = client.get(f"/events/{occurrence_id}").get_data(as_text=True)
    after = client.get("/provinces/damascus").get_data(as_text=True)

    assert "أسرة الصابون" in found and "صابون الغار" not in found
    assert "أسرة الصابون" in event and "صابون الغار" not in event
    assert before != after  # two families, then one


def test_open_data_counts_a_merged_records_leftover_report_once(app, client):
    ids, _organizer = _held(app, families=5)
    assert client.get("/api/v1/open-data/sales").json["cells"][0]["families"] == 5

    _merge(app, ids[-1], ids[0])  # its report of that date stayed with it: the kept family had one

    [cell] = client.get("/api/v1/open-data/sales").json["cells"]
    assert (cell["families"], cell["sales"], cell["suppressed"]) == (None, None, True)


def test_a_scan_pairs_no_merged_record_again(app):
    with app.app_context():
        from tests.duplicates.factories import family_in

        kept = family_in("أسرة أم أحمد", "damascus")
        merged = family_in("أسرة ام احمد", "aleppo", second_phone=None)
        kept_id, merged_id = kept.id, merged.id
        # a third record with the merged one's phone, in another province
        third_id = family_in("أسرة الحمصي", "homs", second_phone=merged.user.phone).id
        make_admin()
        db.session.commit()
    _merge(app, merged_id, kept_id)

    with app.app_context():
        scan(utcnow())
        db.session.commit()
        pairs = {(pair.first_family_id, pair.second_family_id) for pair in db.session.scalars(db.select(DuplicatePair))}

    assert all(merged_id not in pair for pair in pairs)
    assert third_id not in {family_id for pair in pairs for family_id in pair}
