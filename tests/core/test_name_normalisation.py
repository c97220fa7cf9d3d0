"""The one normalisation of Arabic text (festival/core/text.search_key), rule by rule: searches
and the duplicate families' names compare through it, in Python and inside SQL."""
import pytest

from festival.core.search import folded
from festival.core.text import search_key
from festival.extensions import db
from festival.vendors.models import Family
from tests.factories import make_family


def test_short_vowels_and_shadda_are_dropped():
    assert search_key("مُحَمَّد") == search_key("محمد")


def test_tatweel_is_dropped():
    assert search_key("الحلبـــية") == search_key("الحلبية")


@pytest.mark.parametrize("written", ["أحمد", "إحمد", "آحمد", "ٱحمد"])
def test_every_hamza_form_of_alef_is_a_bare_alef(written):
    assert search_key(written) == "احمد"


def test_taa_marbuta_is_haa():
    assert search_key("أسرة") == search_key("اسره")


def test_alef_maqsura_is_yaa():
    assert search_key("مصطفى") == search_key("مصطفي")


@pytest.mark.parametrize("written", ["عبد الله", "عبدالله", "عبد  الله", "عَبْدُ الله"])
def test_compound_names_with_abd_are_one_word(written):
    assert search_key(written) == "عبدالله"


@pytest.mark.parametrize("written", ["أبو علي", "ابو علي", "أبوعلي", "ابوعلي"])
def test_abu_names_are_one_word_whatever_their_hamza(written):
    assert search_key(written) == "ابوعلي"


def test_abd_inside_another_word_is_not_a_compound():
    assert search_key("سعبد الله") == "سعبد الله"


def test_latin_letters_are_lower_case_and_spaces_single():
    assert search_key("  Umm   SAMER ") == "umm samer"


def test_the_database_joins_compound_names_as_python_does(app_context):
    names = ["أسرة عبد الرحمن", "بيت أبو  خليل", "أسرة عبدالله"]
    for number, name in enumerate(names):
        make_family(name=name, phone=f"+96394466{number:04d}")

    stored = dict(db.session.execute(db.select(Family.name, folded(Family.name))).all())

    assert {name: " ".join(value.split()) for name, value in stored.items()} == {
        name: search_key(name) for name in names}
