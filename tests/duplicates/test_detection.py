"""Possible duplicates across the country: the same phone, the same paper's number, a similar
name (Arabic spelled in its everyday variants) in the same area or province."""
import pytest
from sqlalchemy.exc import IntegrityError

from festival.duplicates.detection import find_candidates, name_core, name_similarity
from festival.duplicates.models import DuplicatePair, PairStatus, Reason
from festival.duplicates.operations import PairDecided, mark_not_duplicate, scan
from festival.extensions import db
from tests.duplicates.factories import family_in, open_pair
from tests.factories import NOW, make_admin, make_document, make_document_type


def pair_of(one, other):
    return find_candidates().get((min(one.id, other.id), max(one.id, other.id)))


@pytest.mark.parametrize(("first", "second"), [
    ("أسرة عبد الله الحلبي", "اسرة عبدالله الحلبى"),
    ("أسرة أبو خليل للمونة", "اسره ابوخليل للمونه"),
    ("أُسرةُ إبراهيمَ", "اسرة ابراهيم"),
    ("عائلة الشامي للصابون", "أسرة الشامي للصابون"),
    ("أسرة الحلبيّـة", "أسرة الحلبية"),
])
def test_arabic_spellings_of_one_name_are_the_same_name(first, second):
    assert name_similarity(name_core(first), name_core(second)) == 100


def test_different_families_are_not_similar():
    assert name_similarity(name_core("أسرة أم سامر للمونة"), name_core("أسرة أم خالد للحلويات")) < 85


def test_a_second_phone_equal_to_another_familys_mobile_is_a_candidate_across_provinces(app_context):
    damascus = family_in("أسرة النجار", "damascus")
    aleppo = family_in("أسرة الصباغ", "aleppo", second_phone=damascus.user.phone)

    candidate = pair_of(damascus, aleppo)

    assert candidate.reasons == {Reason.SAME_PHONE} and candidate.score == 95


def test_the_same_national_id_number_written_differently_is_a_candidate(app_context):
    national_id = make_document_type("البطاقة الشخصية", "National ID", expires=False)
    one, other = family_in("أسرة سليم", "homs"), family_in("أسرة ناصر", "hama")
    make_document(one, national_id, number="010-234 567")
    make_document(other, national_id, number="٠١٠٢٣٤٥٦٧")

    assert pair_of(one, other).reasons == {Reason.SAME_DOCUMENT_NUMBER}


def test_the_same_number_of_two_kinds_of_papers_is_no_lead(app_context):
    one, other = family_in("أسرة سليم", "homs"), family_in("أسرة ناصر", "hama")
    make_document(one, make_document_type("البطاقة الشخصية", "National ID", expires=False), number="12345")
    make_document(other, make_document_type("رخصة حرفية", "Craft licence", expires=False), number="12345")

    assert pair_of(one, other) is None


def test_a_similar_name_in_the_same_area_is_a_candidate(app_context):
    one = family_in("أسرة عبد الرحمن الدمشقي", "damascus", "المزة")
    other = family_in("اسرة عبدالرحمن الدمشقى", "damascus", "المزة")

    candidate = pair_of(one, other)

    assert candidate.reasons == {Reason.SIMILAR_NAME_SAME_AREA} and candidate.score == 100


def test_a_slightly_misspelt_name_in_the_same_area_is_a_candidate(app_context):
    one = family_in("أسرة أم سامر للمونة", "damascus", "المزة")
    other = family_in("اسرة ام سمر للمونه", "damascus", "المزة")

    assert Reason.SIMILAR_NAME_SAME_AREA in pair_of(one, other).reasons


def test_the_same_name_in_two_provinces_is_not_a_lead_by_itself(app_context):
    one, other = family_in("أسرة الحموي", "damascus"), family_in("أسرة الحموي", "aleppo")

    assert pair_of(one, other) is None


def test_the_scan_stores_each_pair_once_smaller_id_first(app_context):
    one = family_in("أسرة الخياط", "damascus", "المزة")
    other = family_in("أسرة الخياط", "damascus", "المزة", second_phone=one.user.phone)

    result = scan(NOW)
    scan(NOW)

    pairs = list(db.session.scalars(db.select(DuplicatePair)))
    assert result.new == 1 and len(pairs) == 1
    assert (pairs[0].first_family_id, pairs[0].second_family_id) == (one.id, other.id)
    assert set(pairs[0].reasons) == {Reason.SAME_PHONE, Reason.SIMILAR_NAME_SAME_AREA} and pairs[0].score == 100


def test_not_a_duplicate_is_remembered_by_later_scans(app_context):
    one = family_in("أسرة الخياط", "damascus", "المزة")
    family_in("أسرة الخياط", "damascus", "المزة")
    scan(NOW)
    pair = db.session.scalar(db.select(DuplicatePair))

    mark_not_duplicate(pair, by=db.session.merge(make_admin()), now=NOW)
    db.session.commit()
    again = scan(NOW)

    assert again.new == 0
    assert db.session.scalar(db.select(DuplicatePair)).status == PairStatus.NOT_DUPLICATE
    assert one.id == pair.first_family_id


def test_a_decided_pair_cannot_be_decided_again(app_context):
    pair = open_pair(family_in("أسرة أ"), family_in("أسرة ب"))
    admin = db.session.merge(make_admin())
    mark_not_duplicate(pair, by=admin, now=NOW)

    with pytest.raises(PairDecided):
        mark_not_duplicate(pair, by=admin, now=NOW)


def test_an_open_pair_no_rule_holds_any_more_leaves_the_queue(app_context):
    one = family_in("أسرة النجار", "damascus")
    other = family_in("أسرة الصباغ", "aleppo", second_phone=one.user.phone)
    scan(NOW)
    other.second_phone = None

    assert scan(NOW).gone == 1 and db.session.scalar(db.select(db.func.count(DuplicatePair.id))) == 0


def test_the_database_refuses_a_pair_with_the_larger_id_first(app_context):
    one, other = family_in("أسرة أ"), family_in("أسرة ب")
    db.session.add(DuplicatePair(first_family_id=other.id, second_family_id=one.id, score=50, reasons=[],
                                 status=PairStatus.OPEN))
    with pytest.raises(IntegrityError):
        db.session.flush()
