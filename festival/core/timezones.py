"""Every venue is in Syria: local times are Asia/Damascus, stored as UTC."""
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

DAMASCUS = ZoneInfo("Asia/Damascus")


def local_to_utc(day: date, at: time) -> datetime:
    """A wall-clock time in Damascus on `day`, as an aware UTC datetime.

    Syria had daylight saving time until 2022; zoneinfo applies the offset of that day.
    """
    return datetime.combine(day, at, tzinfo=DAMASCUS).astimezone(UTC)


def to_damascus(moment: datetime) -> datetime:
    return moment.astimezone(DAMASCUS)


def today_in_damascus() -> date:
    return datetime.now(DAMASCUS).date()
