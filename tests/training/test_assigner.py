"""Training opens doors: the assigner gives trained families priority and says why."""
from datetime import timedelta

from festival.extensions import db
from festival.stalls.assigner import Candidate, StallSlot, Weights, propose
from festival.stalls.assigner_data import propose_for
from festival.stalls.reasons import explain
from festival.training import operations
from tests.factories import NOW, approved_application, make_cohort, make_organizer, open_market, ready_family


def test_with_one_good_stall_the_trained_family_gets_it_and_the_preview_says_why(app_context):
    stalls = [StallSlot(1, "A-01", "A", 1, 1, quality=5), StallSlot(2, "A-02", "A", 1, 2, quality=1)]
    trained = Candidate(1001, 1, "مدربة", trained_course=("فن البيع", "The art of selling"))
    others = [Candidate(1002, 2, "أخرى")]

    proposal = propose(stalls, [*others, trained], Weights())
    without_weight = propose(stalls, [*others, trained], Weights(training=0))

    best = {p.application_id: p for p in proposal.placements}
    assert best[1001].stall_id == 1
    assert "أتمّت دورة فن البيع" in explain(best[1001].reasons)
    assert all(reason.code != "trained" for p in without_weight.placements for reason in p.reasons)


def test_the_assigner_reads_who_holds_a_certificate_in_one_query(app_context):
    market = open_market(stalls=2, fridays=1)
    organizer = db.session.merge(make_organizer(market.province.slug))
    trained, untrained = ready_family("مدربة"), ready_family("غير مدربة")
    cohort = make_cohort(organizer, [NOW - timedelta(minutes=30)], to_complete=1)
    enrolment = operations.enrol(trained, cohort, now=NOW, by=organizer)
    operations.record_attendance(cohort.sessions[0], enrolment, method="list", by=organizer, now=NOW)
    for family in (trained, untrained):
        approved_application(family, [market.occurrences[0]], organizer, "food")
    db.session.commit()

    inputs, _proposal = propose_for(market.occurrences[0])

    by_name = {candidate.name: candidate for candidate in inputs.candidates}
    assert by_name["مدربة"].trained_course == ("فن البيع", "The art of selling")
    assert by_name["غير مدربة"].trained_course is None
