"""The assigner's inputs read from the database: who waits, which stalls, what history."""
from festival.applications import operations as applications
from festival.extensions import db
from festival.stalls import operations
from festival.stalls.assigner_data import load_inputs, propose_for
from tests.factories import NOW, approved_application, make_organizer, open_market, ready_family, request_for


def stall(market, code):
    return next(s for s in market.offered_stalls if s.code == code)


def approve(market, organizer, family, occurrence_index, *crafts, **needs):
    return approved_application(family, [market.occurrences[occurrence_index]], organizer, *crafts, **needs)


def friday_with_history():
    """Second Friday of a series: 'power' had a poor stall the first Friday, 'placed' is already placed."""
    market = open_market(stalls=6, fridays=2)
    organizer = db.session.merge(make_organizer(market.province.slug))
    stall(market, "A-01").electricity, stall(market, "A-01").quality = True, 5
    stall(market, "A-05").quality = 1
    stall(market, "A-06").disabled = True
    families = {name: ready_family(name) for name in ("power", "sweets", "placed", "waiting")}
    families["sweets"].first_market = families["power"].first_market = True
    first = approve(market, organizer, families["power"], 0, "food")
    operations.assign(first, stall(market, "A-05"), by=organizer)
    approve(market, organizer, families["power"], 1, "food", needs_electricity=True)
    approve(market, organizer, families["sweets"], 1, "sweets")
    placed = approve(market, organizer, families["placed"], 1, "food")
    operations.assign(placed, stall(market, "A-03"), by=organizer)
    applications.apply(families["waiting"], [market.occurrences[1]], request_for("food"), now=NOW)  # submitted
    market.weight_fairness, market.assign_grouping = 7, "group"
    db.session.commit()
    return market, families


def test_the_inputs_are_the_approved_families_without_a_stall_and_the_free_stalls(app_context):
    market, families = friday_with_history()

    inputs = load_inputs(market.occurrences[1])

    assert {c.name for c in inputs.candidates} == {"power", "sweets"}
    assert [s.code for s in inputs.stalls] == ["A-01", "A-02", "A-04", "A-05"]  # A-03 given, A-06 disabled
    assert inputs.taken == {stall(market, "A-03").id: ("food",)}
    assert inputs.weights.fairness == 7 and inputs.weights.grouping == "group"


def test_each_family_comes_with_its_needs_history_seniority_and_products(app_context):
    market, families = friday_with_history()

    by_name = {c.name: c for c in load_inputs(market.occurrences[1]).candidates}

    power, sweets = by_name["power"], by_name["sweets"]
    assert power.needs.names == ("electricity",) and power.categories == ("food",)
    assert power.past_qualities == (1,) and power.earlier_occurrences == 1
    assert not power.first_time  # it said "first market", but it has been here before
    assert sweets.first_time and sweets.past_qualities == () and sweets.earlier_occurrences == 0
    assert sweets.unique_product and not power.unique_product  # 'placed' sells food too
    assert power.attended_share is None  # the gate recorded nobody on the first Friday


def test_neighbours_are_left_right_and_across(app_context):
    market, _families = friday_with_history()

    slots = {s.code: s for s in load_inputs(market.occurrences[1]).stalls}

    ids = {s.code: s.id for s in market.offered_stalls}
    assert set(slots["A-02"].neighbours) == {ids["A-01"], ids["A-03"]}
    assert set(slots["A-05"].neighbours) == {ids["A-04"], ids["A-06"]}
    assert slots["A-01"].electricity and slots["A-01"].quality == 5


def test_the_proposal_places_everybody_at_fitting_stalls(app_context):
    market, families = friday_with_history()

    inputs, proposal = propose_for(market.occurrences[1])

    at = {p.application_id: p.stall_id for p in proposal.placements}
    power = next(c for c in inputs.candidates if c.name == "power")
    assert at[power.application_id] == stall(market, "A-01").id
    assert len(at) == 2 and not proposal.unplaced


def test_reading_the_inputs_takes_the_same_number_of_queries_for_any_number_of_families(app_context,
                                                                                          count_queries):
    def queries_for(family_count):
        market = open_market(stalls=family_count, fridays=2)
        organizer = db.session.merge(make_organizer(market.province.slug))
        for number in range(family_count):
            family = ready_family(f"أسرة {family_count}-{number}")
            first = approve(market, organizer, family, 0, ("food", "sweets")[number % 2])
            operations.assign(first, market.offered_stalls[number], by=organizer)
            approve(market, organizer, family, 1, "food")
        db.session.commit()
        occurrence = market.occurrences[1]
        db.session.expire_all()
        with count_queries() as queries:
            inputs = load_inputs(occurrence)
        assert len(inputs.candidates) == family_count
        assert all(c.past_qualities == (3,) for c in inputs.candidates)
        return queries.count

    few, many = queries_for(2), queries_for(8)

    assert few == many <= 10  # the 10th: who holds a training certificate
