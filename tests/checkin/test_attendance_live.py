"""The attendance page during the market: a live part that changes with every arrival, fetched
again by a small script, and without JavaScript a page that reloads itself."""
import re
from datetime import date, timedelta

from festival.checkin.models import CheckinMethod
from festival.checkin.operations import check_in
from festival.checkin.verify import verify
from festival.core.types import utcnow
from festival.extensions import db
from tests.factories import build_gate_day


def version(html: str) -> str:
    return re.search(r'id="attendance-live" data-version="(\w+)"', html).group(1)


def test_the_live_part_changes_its_version_with_an_arrival_and_is_never_cached(app, client, login):
    with app.app_context():
        day = build_gate_day(families=2, waiting=0)
    login(day.organizer)
    url = f"/manage/occurrences/{day.occurrence_id}/attendance/live"

    before = client.get(url)
    unchanged = client.get(url).get_data(as_text=True)
    with app.app_context():
        check_in(verify(day.placed[1].token, now=utcnow()), by=None, method=CheckinMethod.SCAN, now=utcnow())
        db.session.commit()
    after = client.get(url).get_data(as_text=True)

    assert before.headers["Cache-Control"] == "no-store" and "<html" not in before.get_data(as_text=True)
    assert version(unchanged) == version(before.get_data(as_text=True)) != version(after)
    assert day.placed[1].name in after.split("تم تسجيل الحضور")[-1]


def test_without_javascript_the_page_reloads_itself_during_the_market_only(app, client, login):
    with app.app_context():
        today = build_gate_day(families=1, waiting=0)
        past = build_gate_day(day=date.today() - timedelta(days=3), families=1, waiting=0, title="سوق مضى")
    login(today.organizer)

    during = client.get(f"/manage/occurrences/{today.occurrence_id}/attendance").get_data(as_text=True)
    ended = client.get(f"/manage/occurrences/{past.occurrence_id}/attendance").get_data(as_text=True)

    assert '<noscript><meta http-equiv="refresh" content="60"></noscript>' in during
    assert "js/attendance_live.js" in during and "حدّث الآن" in during
    assert "http-equiv=\"refresh\"" not in ended and "data-live-stopped" in ended


def test_another_provinces_organizer_cannot_read_the_live_part(app, client, login, make):
    with app.app_context():
        day = build_gate_day(families=1, waiting=0)
    login(make.organizer("aleppo"))

    assert client.get(f"/manage/occurrences/{day.occurrence_id}/attendance/live").status_code == 403
