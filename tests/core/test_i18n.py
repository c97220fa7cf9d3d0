"""Arabic first: direction, language switch, Levantine dates, a complete catalog."""
from datetime import date
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from flask_babel import force_locale

from festival.config import PROJECT_ROOT
from festival.core.formatting import long_date, money

CATALOG = PROJECT_ROOT / "festival" / "translations" / "ar" / "LC_MESSAGES" / "messages.po"


def test_home_page_is_arabic_and_right_to_left_by_default(client):
    page = client.get("/").get_data(as_text=True)

    assert '<html lang="ar" dir="rtl">' in page
    assert "سوق الجمعة ومهرجانات التسوّق للأسر المنتجة" in page


def test_home_page_lists_the_fourteen_provinces_in_arabic(client):
    page = client.get("/").get_data(as_text=True)

    for name in ("دمشق", "ريف دمشق", "حلب", "حمص", "حماة", "اللاذقية", "طرطوس", "إدلب",
                 "الرقة", "دير الزور", "الحسكة", "درعا", "السويداء", "القنيطرة"):
        assert f'<span class="province-name">{name}</span>' in page


def test_switching_to_english_is_remembered_in_a_cookie(client):
    switched = client.get("/?lang=en")
    later = client.get("/login")

    assert '<html lang="en" dir="ltr">' in switched.get_data(as_text=True)
    assert "lang=en" in switched.headers["Set-Cookie"]
    assert '<html lang="en" dir="ltr">' in later.get_data(as_text=True)
    assert "Log in" in later.get_data(as_text=True)


def test_the_language_switch_links_to_the_same_page_in_the_other_language(client):
    page = client.get("/provinces/aleppo").get_data(as_text=True)

    assert 'href="/provinces/aleppo?lang=en"' in page


def test_dates_use_levantine_month_names_in_arabic(app):
    with app.test_request_context("/"):
        with force_locale("ar_SY"):
            assert long_date(date(2021, 11, 3)) == "3 تشرين الثاني 2021"
            assert long_date(date(2026, 1, 9)) == "9 كانون الثاني 2026"
        with force_locale("en"):
            assert long_date(date(2021, 11, 3)) == "November 3, 2021"


def test_money_is_in_syrian_pounds_with_western_digits(app):
    with app.test_request_context("/"):
        with force_locale("ar_SY"):
            assert money(1250000).startswith("1,250,000 ل.س")
        with force_locale("en"):
            assert money(1250000) == "1,250,000 SYP"


def _extracted_message_ids() -> set[str]:
    method_map = [("festival/**.py", "python"), ("templates/**.html", "jinja2")]
    options = {"templates/**.html": {"trimmed": "true"}}
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(PROJECT_ROOT), method_map, options, keywords={"_": None, "_l": None, "gettext": None,
                                                         "ngettext": (1, 2), "lazy_gettext": None},
        directory_filter=lambda path: not Path(path).name.startswith("."),  # keep templates/_macros
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_arabic_catalog_translates_every_message_and_nothing_is_fuzzy():
    catalog = read_po(Path(CATALOG).open("rb"))
    translated = {}
    for entry in catalog:
        if not entry.id:
            continue
        key = entry.id[0] if isinstance(entry.id, tuple) else entry.id
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        translated[key] = all(strings) and not entry.fuzzy

    missing = sorted(m for m in _extracted_message_ids() if not translated.get(m))
    assert missing == []
