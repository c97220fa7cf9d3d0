"""English organizer pages say so where a title or a name exists only in Arabic."""
from datetime import date

from festival.extensions import db
from festival.venues.models import Venue
from tests.factories import NEXT_YEAR, build_market, build_venue


def _market_without_english(app):
    with app.app_context():
        venue = build_venue("homs", name="حديقة الدبلان")
        venue.name_en = None
        market = build_market(db.session.get(Venue, venue.id), date(NEXT_YEAR, 3, 6), occurrence_count=1,
                              title_ar="سوق جمعة حمص", title_en=None)
        db.session.commit()
        return market.id, venue.id


def test_an_english_page_marks_an_arabic_only_title_and_venue_name(app, client, make, login):
    market_id, venue_id = _market_without_english(app)
    login(make.organizer("homs"))

    for path in (f"/manage/markets/{market_id}", "/manage/markets", f"/manage/venues/{venue_id}", "/manage/venues"):
        page = client.get(f"{path}?lang=en").get_data(as_text=True)
        assert '<span lang="ar" dir="rtl">' in page, path
        assert "(Arabic only)" in page, path


def test_an_arabic_page_shows_the_arabic_plainly(app, client, make, login):
    market_id, _venue_id = _market_without_english(app)
    login(make.organizer("homs"))

    page = client.get(f"/manage/markets/{market_id}?lang=ar").get_data(as_text=True)

    assert "سوق جمعة حمص" in page and "Arabic only" not in page and "بالعربية فقط" not in page


def test_an_english_title_is_shown_when_there_is_one(app, client, make, login):
    with app.app_context():
        venue = build_venue("homs", name="حديقة الدبلان")
        market = build_market(venue, date(NEXT_YEAR, 3, 6), occurrence_count=1, title_en="Homs Friday market")
        db.session.commit()
        market_id = market.id
    login(make.organizer("homs"))

    page = client.get(f"/manage/markets/{market_id}?lang=en").get_data(as_text=True)

    assert "Homs Friday market" in page and "(Arabic only)" not in page.split("<h1>")[1].split("</h1>")[0]
