"""The assigner's reliability goal reads who came to the family's last Fridays at the gate."""
from datetime import timedelta
from types import SimpleNamespace

from festival.applications import operations as applications
from festival.badges.operations import issue_badge
from festival.checkin.models import CheckIn
from festival.checkin.noshow import replace_no_show
from festival.checkin.operations import check_in
from festival.checkin.verify import Outcome, Verdict
from festival.extensions import db
from festival.markets.operations import publish_market
from festival.stalls import operations as stalls
from festival.stalls.assigner_data import attended_shares, propose_for
from tests.factories import NOW, build_market, build_venue, craft, make_organizer, ready_family, request_for


def stall(market, code):
    return next(s for s in market.offered_stalls if s.code == code)


def place(market, organizer, family, occurrence, stall_code):
    before = occurrence.starts_at - timedelta(days=3)
    application = applications.apply(family, [occurrence], request_for("food"), now=before, by_organizer=organizer)[0]
    applications.decide(application, "approved", by=organizer, now=before)
    stalls.assign(application, stall(market, stall_code), by=organizer)
    return application


def arrive(organizer, application):
    moment = application.occurrence.starts_at + timedelta(hours=1)
    check_in(Verdict(Outcome.VALID, None, issue_badge(application, by=organizer)), by=organizer, method="manual",
             now=moment)


def series_after_three_fridays():
    """Three held Fridays: 'came' checked in at each, 'absent' at none (its last stall was given away).

    Both had the same ordinary stalls (A-03, A-04, quality 3) and are approved for the
    coming Friday, where A-01 (quality 5) and A-02 (quality 1) are left.
    """
    venue = build_venue(name="حديقة الحضور", stalls=5)
    market = build_market(venue, (NOW - timedelta(days=20)).date(), occurrence_count=4)
    market.crafts = [craft("food")]
    publish_market(market)
    organizer = db.session.merge(make_organizer(market.province.slug))
    came, absent, stand_in = (ready_family(name) for name in ("أسرة حضرت", "أسرة غابت", "أسرة بديلة"))
    held, coming = market.occurrences[:3], market.occurrences[3]
    for occurrence in held:
        arrive(organizer, place(market, organizer, came, occurrence, "A-03"))
        missed = place(market, organizer, absent, occurrence, "A-04")
    waiting = applications.apply(stand_in, [held[-1]], request_for("food"),
                                 now=held[-1].starts_at - timedelta(days=3), by_organizer=organizer)[0]
    applications.decide(waiting, "waitlisted", by=organizer, now=held[-1].starts_at - timedelta(days=3))
    replace_no_show(missed.assignment, waiting, by=organizer, now=held[-1].starts_at + timedelta(hours=2))
    for code, quality in (("A-01", 5), ("A-02", 1), ("A-03", 3), ("A-04", 3)):
        stall(market, code).quality = quality
    stall(market, "A-03").disabled = stall(market, "A-04").disabled = stall(market, "A-05").disabled = True
    for family in (came, absent):
        application = applications.apply(family, [coming], request_for("food"), now=NOW, by_organizer=organizer)[0]
        applications.decide(application, "approved", by=organizer, now=NOW)
    db.session.commit()
    return market, organizer, came, absent


def test_a_family_that_missed_its_last_fridays_ranks_below_one_that_came(app_context):
    market, _organizer, came, absent = series_after_three_fridays()

    inputs, proposal = propose_for(market.occurrences[3])

    by_family = {c.family_id: c for c in inputs.candidates}
    assert by_family[came.id].attended_share == 1.0
    assert by_family[absent.id].attended_share == 0.0  # two Fridays without a check-in, one stall given away
    at = {p.application_id: p for p in proposal.placements}
    best, worst = at[by_family[came.id].application_id], at[by_family[absent.id].application_id]
    assert best.stall_id == stall(market, "A-01").id and worst.stall_id == stall(market, "A-02").id
    assert ("reliable", {"share": 1.0}) in best.reasons
    assert ("missed_dates", {"share": 0.0}) in worst.reasons


def test_a_date_where_the_gate_recorded_nobody_does_not_count(app_context):
    market, _organizer, came, absent = series_after_three_fridays()
    second, third = market.occurrences[1], market.occurrences[2]
    db.session.execute(db.delete(CheckIn).where(CheckIn.occurrence_id == second.id))
    db.session.execute(db.delete(CheckIn).where(CheckIn.occurrence_id == third.id, CheckIn.family_id == came.id))
    db.session.commit()

    shares = attended_shares(market.occurrences[3])

    # Second Friday: nobody checked in, it says nothing. Third: the stand-in did, 'came' did not.
    assert shares[came.id] == 0.5
    assert shares[absent.id] == 0.0


def test_the_preview_says_who_came_and_who_did_not(app, client, login):
    with app.app_context():
        market, organizer, _came, _absent = series_after_three_fridays()
        occurrence_id, organizer = market.occurrences[3].id, SimpleNamespace(phone=organizer.phone)
    login(organizer)

    html = client.get(f"/manage/occurrences/{occurrence_id}/stalls/auto").get_data(as_text=True)

    assert "حضرت 100% من مواعيدها" in html
    assert "حضرت 0% فقط من مواعيدها الأخيرة" in html

