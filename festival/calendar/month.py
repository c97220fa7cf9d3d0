"""The month grid: weeks that start on the locale's first day, and the events of each day."""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from babel import Locale
from babel.core import get_global

from festival.calendar.display import event_days
from festival.calendar.filters import FIRST_YEAR, LAST_YEAR
from festival.core.timezones import to_damascus
from festival.markets.models import Occurrence


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    is_today: bool
    occurrences: list[Occurrence] = field(default_factory=list)
    sessions: list = field(default_factory=list)  # training sessions (festival/training), in time order

    @property
    def events(self) -> int:
        return len(self.occurrences) + len(self.sessions)


@dataclass
class MonthGrid:
    month: date  # its first day
    weekdays: list[tuple[str, str]]  # (full name, one-letter name), in grid order
    weeks: list[list[CalendarDay]]
    previous: date | None
    next: date | None

    @property
    def busy_days(self) -> list[CalendarDay]:
        return [cell for week in self.weeks for cell in week if cell.in_month and cell.events]


def first_week_day(locale: Locale) -> int:
    """0 = Monday … 6 = Sunday. A bare language (`en`) takes its likely territory (US)."""
    if locale.territory is None:
        likely = get_global("likely_subtags").get(locale.language)
        if likely:
            locale = Locale.parse(likely)
    return locale.first_week_day


def month_end(month: date) -> date:
    return add_months(month, 1) - timedelta(days=1)


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def month_grid(month: date, occurrences: list[Occurrence], *, locale: Locale, today: date,
               sessions=()) -> MonthGrid:
    start_weekday = first_week_day(locale)
    last_day = month_end(month)
    grid_start = month - timedelta(days=(month.weekday() - start_weekday) % 7)
    grid_end = last_day + timedelta(days=(start_weekday + 6 - last_day.weekday()) % 7)
    by_day = defaultdict(list)
    for occurrence in occurrences:
        for day in event_days(occurrence):
            by_day[day].append(occurrence)
    sessions_by_day = defaultdict(list)
    for session in sessions:
        sessions_by_day[to_damascus(session.starts_at).date()].append(session)
    cells = []
    day = grid_start
    while day <= grid_end:
        in_month = day.month == month.month
        cells.append(CalendarDay(day, in_month, day == today, by_day[day] if in_month else [],
                                 sessions_by_day[day] if in_month else []))
        day += timedelta(days=1)
    names = locale.days["stand-alone"]
    weekdays = [((start_weekday + offset) % 7) for offset in range(7)]
    previous, following = add_months(month, -1), add_months(month, 1)
    return MonthGrid(
        month=month,
        weekdays=[(names["wide"][weekday], names["narrow"][weekday]) for weekday in weekdays],
        weeks=[cells[index:index + 7] for index in range(0, len(cells), 7)],
        previous=previous if previous.year >= FIRST_YEAR else None,
        next=following if following.year <= LAST_YEAR else None,
    )
