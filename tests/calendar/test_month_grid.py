"""The month grid without HTTP: first day of the week, padding days, festival days."""
from datetime import date
from types import SimpleNamespace

from babel import Locale

from festival.calendar.month import add_months, first_week_day, month_grid


def occurrence(first_day: date, last_day: date):
    return SimpleNamespace(day=first_day, last_day=last_day)


def test_weeks_start_on_saturday_in_syria_and_sunday_in_english():
    assert first_week_day(Locale.parse("ar_SY")) == 5
    assert first_week_day(Locale.parse("en")) == 6  # a bare "en" is read as en_US
    assert first_week_day(Locale.parse("en_GB")) == 0


def test_a_month_is_whole_weeks_padded_with_the_neighbouring_days():
    grid = month_grid(date(2027, 2, 1), [], locale=Locale.parse("ar_SY"), today=date(2027, 2, 10))

    cells = [cell for week in grid.weeks for cell in week]
    assert cells[0].day == date(2027, 1, 30) and cells[0].day.weekday() == 5  # a Saturday
    assert cells[-1].day == date(2027, 3, 5) and cells[-1].day.weekday() == 4  # a Friday
    assert [cell.day for cell in cells if cell.is_today] == [date(2027, 2, 10)]
    assert sum(cell.in_month for cell in cells) == 28
    assert grid.weekdays[0] == ("السبت", "س")


def test_a_festival_is_on_each_of_its_days_of_the_month_only():
    festival = occurrence(date(2027, 2, 26), date(2027, 3, 2))

    grid = month_grid(date(2027, 2, 1), [festival], locale=Locale.parse("en"), today=date(2027, 1, 1))

    assert [cell.day.day for cell in grid.busy_days] == [26, 27, 28]


def test_month_arithmetic_crosses_years_and_stops_at_the_calendars_limits():
    assert add_months(date(2026, 12, 1), 1) == date(2027, 1, 1)
    assert add_months(date(2027, 1, 1), -1) == date(2026, 12, 1)
    assert month_grid(date(2000, 1, 1), [], locale=Locale.parse("en"), today=date(2000, 1, 1)).previous is None
    assert month_grid(date(2100, 12, 1), [], locale=Locale.parse("en"), today=date(2000, 1, 1)).next is None
