"""Attendance per date, its exports, the printed gate list and the paper entries."""
import csv
import io
from datetime import time, timedelta

from openpyxl import load_workbook

from festival.auth.models import User
from festival.checkin.models import CheckIn
from festival.checkin.operations import check_in
from festival.checkin.verify import verify
from festival.core.timezones import local_to_utc, to_damascus
from festival.core.types import utcnow
from festival.extensions import db
from festival.markets.models import Occurrence
from tests.conftest import csrf_token_from
from tests.factories import build_gate_day


def arrive(day, family, *, hours_after_opening=1):
    gate = db.session.get(User, day.gate.id)
    moment = min(db.session.get(Occurrence, day.occurrence_id).starts_at + timedelta(hours=hours_after_opening),
                 utcnow())
    check_in(verify(family.token, now=moment, user=gate), by=gate, method="scan", now=moment)
    db.session.commit()


def test_today_counts_checked_in_and_not_yet(app, client, login):
    with app.app_context():
        day = build_gate_day(families=3, waiting=0)
        arrive(day, day.placed[0], hours_after_opening=0)
    login(day.organizer)

    html = client.get(f"/manage/occurrences/{day.occurrence_id}/attendance").get_data(as_text=True)

    counts = html.split('class="attendance-counts"')[1].split("</ul>")[0]
    assert "<strong>1</strong>" in counts and "<strong>2</strong>" in counts and "<strong>0</strong>" in counts
    assert all(family.name in html for family in day.placed)
    assert day.gate.name in html


def test_after_the_day_families_that_did_not_come_are_no_shows(app, client, login):
    with app.app_context():
        day = build_gate_day(day=utcnow().date() - timedelta(days=1), families=3, waiting=0, title="سوق الأمس")
        arrive(day, day.placed[1])
    login(day.organizer)

    html = client.get(f"/manage/occurrences/{day.occurrence_id}/attendance").get_data(as_text=True)

    assert 'id="empty-stalls"' not in html
    no_show_section = html.split("لم يحضر (2)")[1]
    assert day.placed[0].name in no_show_section and day.placed[2].name in no_show_section


def _export(client, day, file_format):
    response = client.get(f"/manage/occurrences/{day.occurrence_id}/attendance.{file_format}")
    assert response.status_code == 200
    assert f"attendance-{day.occurrence_id}-" in response.headers["Content-Disposition"]
    return response.data


def test_attendance_exports_to_csv_and_excel(app, client, login):
    with app.app_context():
        day = build_gate_day(day=utcnow().date() - timedelta(days=1), families=2, waiting=0, title="سوق الأمس")
        arrive(day, day.placed[0])
        at = to_damascus(db.session.scalar(db.select(CheckIn.checked_in_at))).strftime("%Y-%m-%d %H:%M")
    login(day.organizer)

    csv_rows = list(csv.reader(io.StringIO(_export(client, day, "csv").decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(_export(client, day, "xlsx"))).active
    xlsx_rows = [[cell if cell is not None else "" for cell in row] for row in sheet.iter_rows(values_only=True)]

    assert len(csv_rows) == len(xlsx_rows) == 3
    by_family = {row[0]: row for row in csv_rows[1:]}
    came, missed = by_family[day.placed[0].name], by_family[day.placed[1].name]
    assert came[1] == day.placed[0].stall and came[2] == day.placed[0].short_code
    assert came[4] == at and came[5] == day.gate.name
    assert missed[3] == "لم يحضر" and missed[4] == ""
    xlsx_came = next(row for row in xlsx_rows if row[0] == day.placed[0].name)
    assert xlsx_came[4].strftime("%Y-%m-%d %H:%M") == at and xlsx_came[3] == came[3]
    assert sheet.sheet_view.rightToLeft


def test_the_printable_gate_list_has_every_family_with_stall_code_and_a_box(app, client, login):
    with app.app_context():
        day = build_gate_day(families=3, waiting=1)
    login(day.organizer)

    html = client.get(f"/manage/occurrences/{day.occurrence_id}/gate-list").get_data(as_text=True)

    stylesheet = client.get("/static/css/print-a4-portrait.css").get_data(as_text=True)  # linked: no inline style
    assert "print-a4-portrait.css" in html and "size: A4 portrait" in stylesheet
    assert html.count('class="tick-box"') == 3
    for family in day.placed:
        grouped_code = f"{family.short_code[:4]} {family.short_code[4:]}"  # as printed on the badge
        assert family.name in html and grouped_code in html and family.stall in html
    assert day.waiting[0][1] not in html


def test_arrivals_ticked_on_paper_are_entered_afterwards_as_paper(app, client, login):
    with app.app_context():
        day = build_gate_day(day=utcnow().date() - timedelta(days=1), families=3, waiting=0, title="سوق الأمس")
    login(day.organizer)
    url = f"/manage/occurrences/{day.occurrence_id}/paper-checkins"
    page = client.get(url).get_data(as_text=True)
    assert all(family.name in page for family in day.placed)

    response = client.post(url, data={
        "csrf_token": csrf_token_from(page), "families": [day.placed[0].application_id, day.placed[2].application_id],
        "day": day.day.isoformat(), "arrived_at": "09:40"}, follow_redirects=True)

    assert response.status_code == 200 and "flash-success" in response.get_data(as_text=True)
    with app.app_context():
        rows = db.session.scalars(db.select(CheckIn).order_by(CheckIn.family_id)).all()
        assert {row.family_id for row in rows} == {day.placed[0].family_id, day.placed[2].family_id}
        assert {row.method for row in rows} == {"paper"} and {row.by_id for row in rows} == {day.organizer.id}
        assert {row.checked_in_at for row in rows} == {local_to_utc(day.day, time(9, 40))}
    html = client.get(f"/manage/occurrences/{day.occurrence_id}/attendance").get_data(as_text=True)
    assert "9:40 ص" in html and "من القائمة الورقية" in html  # the time as every page writes it


def test_a_paper_time_still_to_come_is_refused(app, client, login):
    with app.app_context():
        day = build_gate_day(day=utcnow().date() + timedelta(days=1), families=1, waiting=0, title="سوق الغد")
    login(day.organizer)
    url = f"/manage/occurrences/{day.occurrence_id}/paper-checkins"
    page = client.get(url).get_data(as_text=True)

    response = client.post(url, data={"csrf_token": csrf_token_from(page), "families": [day.placed[0].application_id],
                                      "day": day.day.isoformat(), "arrived_at": "09:40"})

    assert response.status_code == 200 and "errors" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(CheckIn)) == 0


def test_the_attendance_page_costs_the_same_queries_for_two_or_four_families(app, client, login, count_queries):
    with app.app_context():
        small = build_gate_day(families=2, waiting=1, title="سوق صغير")
        large = build_gate_day(families=4, waiting=3, stalls_count=6, title="سوق كبير")
        for day in (small, large):
            arrive(day, day.placed[0], hours_after_opening=0)
    login(small.organizer)
    counts = []
    for day in (small, large):
        url = f"/manage/occurrences/{day.occurrence_id}/attendance"
        client.get(url)  # warm up: the session user and the province are loaded
        with count_queries() as queries:
            assert client.get(url).status_code == 200
        counts.append(queries.count)

    assert counts[0] == counts[1]
