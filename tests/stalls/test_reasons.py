"""The assigner's reasons read as sentences, in Arabic by default and in English on request."""
from festival.stalls.assigner import Reason, UnmetGoals
from festival.stalls.reasons import decode, encode, explain, goal_texts, reason_text

REASONS = [Reason("needs_electricity", {}), Reason("low_quality_history", {"count": 2})]


def test_a_placement_is_explained_in_english(app):
    with app.test_request_context("/?lang=en"):
        assert explain(REASONS) == "needs electricity; had low-footfall stalls the last 2 times"
        assert reason_text(Reason("reliable", {"share": 0.9})) == "came to 90% of its dates"
        assert reason_text(Reason("no_compatible_stall", {"needs": ("electricity", "covered")})) == \
            "no free stall with electricity, a roof was left"


def test_a_placement_is_explained_in_arabic(app):
    with app.test_request_context("/"):
        assert explain(REASONS) == "تحتاج إلى كهرباء؛ كان جناحاها قليلَي الإقبال في المرتين الماضيتين"
        assert reason_text(Reason("senior", {"occurrences": 12})) == "شاركت 12 مرة من قبل"


def test_the_summary_names_only_the_goals_that_are_missed(app):
    with app.test_request_context("/?lang=en"):
        texts = goal_texts(UnmetGoals(unplaced_families=1, same_category_neighbour_pairs=3))
    assert texts == ["1 family could not be placed", "3 pairs of neighbours sell the same"]


def test_stored_reasons_can_be_shown_again_in_any_language(app):
    stored = encode(REASONS + [Reason("no_compatible_stall", {"needs": ("covered",)})])

    assert decode(stored)[:2] == REASONS
    with app.test_request_context("/?lang=en"):
        assert explain(stored).startswith("needs electricity; ")
        assert explain("placed by hand") == "placed by hand"  # free text from before stays as it was
