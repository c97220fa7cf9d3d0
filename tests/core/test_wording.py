"""Words people read: plural forms for every count, one way to write money, fees, times and
file names, and messages that say what is true for the person reading them."""
import re
from datetime import UTC, datetime, time
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from flask_babel import force_locale

from festival.applications import operations as applications
from festival.config import PROJECT_ROOT
from festival.core.formatting import clock, money, short_datetime, stall_fee
from festival.extensions import db
from festival.markets.models import Market
from tests.conftest import post_form
from tests.core.test_i18n import CATALOG
from tests.factories import NOW, make_organizer, open_market, province, ready_family, request_for

# A number in a sentence needs the plural forms of the noun after it (Arabic has six), unless
# the number is not counting anything: a position, a range's bounds, an id, a percentage.
NOT_COUNTS = {
    "#%(number)d (deleted)",
    "Choose a date between %(first)d and %(last)d.",
    "Day %(number)d of %(count)d",
    "Page %(page)d of %(pages)d",
    "Product photo %(number)s of %(family)s",
    "Section %(code)s, row %(row)d, place %(column)d",
    "came to %(percent)d%% of its dates",
    "came to only %(percent)d%% of its recent dates",
    "%(num)d%% of the stalls",
    "%(num)d%% reduction",  # a percentage, not a count (festival/fees)
    # The suppression threshold, always 5 (festival/reports/open_data.py): one form is right.
    "Where fewer than %(num)d families reported sales in a row, the row shows “%(text)s” instead of the number "
    "of families, and leaves its sales empty, so that no family's own sales can be read. In the JSON file both "
    "are null and suppressed is true. No totals are published, so a hidden row cannot be worked out from the "
    "others.",
    "%(num)d%% off, because: %(reason)s",
    "Between %(low)d and %(high)d.",
    "number %(rank)d on the list",
}
COUNT = re.compile(r"%\((\w+)\)d|%\((count|num|n|total_\w+|\w+_count)\)s")


def _singular_messages() -> list[tuple[str, int, str]]:
    found = []
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(PROJECT_ROOT), [("festival/**.py", "python"), ("templates/**.html", "jinja2")],
        {"templates/**.html": {"trimmed": "true"}},
        keywords={"_": None, "_l": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None},
        directory_filter=lambda path: not Path(path).name.startswith("."),
    ):
        if not isinstance(message, tuple):
            found.append((filename, lineno, message))
    return found


def test_a_count_shown_in_a_sentence_uses_plural_forms():
    singular_counts = [f"{filename}:{lineno}: {message}" for filename, lineno, message in _singular_messages()
                       if COUNT.search(message) and message not in NOT_COUNTS
                       and not re.search(r":\s*%\(\w+\)[sd]", message)]  # "label: 4" needs no plural

    assert singular_counts == [], "use ngettext (or 'label: %(n)s') for these"


def test_every_arabic_plural_has_its_six_forms():
    catalog = read_po(Path(CATALOG).open("rb"))
    incomplete = [entry.id[0] for entry in catalog if isinstance(entry.id, tuple)
                  and (len(entry.string) != 6 or not all(entry.string))]

    assert catalog.num_plurals == 6 and incomplete == []


def test_no_arabic_message_puts_a_file_extension_where_the_dot_jumps_sides():
    # "(.ics)" in a right-to-left sentence shows as "(ics.)": write the format's name instead.
    catalog = read_po(Path(CATALOG).open("rb"))
    strings = [text for entry in catalog if entry.id
               for text in (entry.string if isinstance(entry.string, tuple) else (entry.string,))]

    assert [text for text in strings if re.search(r"(?<![\w\u2066])\.[A-Za-z]{2,5}\b", text)] == []


def test_money_is_written_one_way_and_a_sentence_never_ends_in_a_doubled_dot(app):
    with app.test_request_context("/"):
        with force_locale("ar_SY"):
            assert money(1250000) == "1,250,000 ل.س"
            assert stall_fee(0) == "مجاناً" and stall_fee(15000) == "15,000 ل.س"
        with force_locale("en"):
            assert money(1250000) == "1,250,000 SYP" and stall_fee(0) == "Free of charge"


def test_times_have_no_seconds_and_one_style_everywhere(app):
    moment = datetime(2026, 3, 13, 11, 5, 42, tzinfo=UTC)  # 14:05:42 in Damascus
    with app.test_request_context("/"):
        with force_locale("ar_SY"):
            assert clock(moment) == "2:05 م" and clock(time(9, 0)) == "9:00 ص"
            assert short_datetime(moment) == "13 آذار 2026، 2:05 م"
        with force_locale("en"):
            assert clock(moment) == "2:05\u202fPM"
            assert short_datetime(moment) == "March 13, 2026, 2:05\u202fPM"


def test_a_free_stall_reads_free_of_charge_for_visitors_and_organizers(app, client, events, make, login):
    market_id = events.market()
    with app.app_context():
        occurrence_id = db.session.get(Market, market_id).occurrences[0].id
    visitor_page = client.get(f"/events/{occurrence_id}").get_data(as_text=True)
    login(make.organizer("damascus"))
    organizer_page = client.get(f"/manage/markets/{market_id}").get_data(as_text=True)

    for page in (visitor_page, organizer_page):
        fee = page.split("رسم الجناح")[1].split("</dd>")[0]
        assert "مجاناً" in fee and "متاح" not in fee


def test_a_full_date_says_the_families_are_approved_even_before_any_stall_is_placed(app):
    with app.app_context():
        market = open_market(stalls=1)
        organizer = db.session.merge(make_organizer("damascus"))
        first, second = (applications.apply(ready_family(f"أسرة {n}"), market.occurrences[:1], request_for(),
                                            now=NOW)[0] for n in range(2))
        applications.decide(first, "approved", by=organizer, now=NOW)  # approved, no stall placed yet
        for locale, approved, given in (("ar_SY", "محجوز لأسرة مقبولة", "مُنحت"), ("en", "approved family", "given")):
            with force_locale(locale), pytest.raises(applications.CapacityReached) as full:
                applications.decide(second, "approved", by=organizer, now=NOW)
            assert approved in str(full.value) and given not in str(full.value)


def test_staff_creating_an_account_for_a_taken_number_are_not_told_to_log_in(app, client, make, login):
    login(make.admin())
    make.organizer("aleppo", phone="+963933111222")

    with app.app_context():
        aleppo = province("aleppo").id
    response = post_form(client, "/admin/users/new", {  # a gate account needs its provinces
        "display_name": "منظِّم حلب", "phone": "0933111222", "role": "gate", "provinces": [aleppo]})

    page = response.get_data(as_text=True)
    assert "يوجد حساب بهذا الرقم: تجده في قائمة الحسابات." in page and "سجّل الدخول بدلاً" not in page


def test_no_page_writes_a_time_of_its_own_way():
    # Machine formats (the API, spreadsheets, iCalendar) keep 24-hour times; people read `clock`.
    machine = ("festival/api/", "festival/core/spreadsheets.py", "festival/calendar/ics.py",
               "festival/calendar/links.py")
    sources = [*PROJECT_ROOT.glob("templates/**/*.html"), *PROJECT_ROOT.glob("festival/**/*.py")]
    own_way = [str(path.relative_to(PROJECT_ROOT)) for path in sources
               if not str(path.relative_to(PROJECT_ROOT)).startswith(machine)
               and re.search(r"strftime\(['\"][^'\"]*%H", path.read_text(encoding="utf-8"))]

    assert own_way == []
