"""Column types that behave the same on SQLite and PostgreSQL."""
from datetime import UTC, datetime

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Stores UTC, always returns timezone-aware datetimes.

    SQLite has no time zones, so a plain DateTime(timezone=True) would hand back naive
    values there and aware ones on PostgreSQL; comparing them would then fail.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def result_processor(self, dialect, coltype):
        if dialect.name == "sqlite":  # one call per value: the row loads of public pages decode many
            return _sqlite_utc
        return super().result_processor(dialect, coltype)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _sqlite_utc(value: str | None) -> datetime | None:
    """SQLite's stored text (naive UTC, `2026-12-04 07:00:00.000000`) as an aware datetime."""
    return None if value is None else datetime.fromisoformat(value).replace(tzinfo=UTC)
