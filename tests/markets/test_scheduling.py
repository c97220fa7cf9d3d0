"""Scheduling rules, without HTTP: recurrence, time zones, validation, overlaps."""
from datetime import UTC, date, datetime, time, timedelta

import pytest

from festival.core.domain import DomainError
from festival.extensions import db
from festival.markets import operations
from festival.markets.models import MarketStatus, OccurrenceStatus
from festival.markets.recurrence import expand, friday_rule
from tests.factories import build_market, build_plan, build_venue

NEXT_YEAR = date.today().year + 1


def first_friday_of(year, month):
    day = date(year, month, 1)
    return day + timedelta(days=(4 - day.weekday()) % 7)


def test_a_friday_series_has_only_fridays_even_if_it_starts_on_another_day(venue):
    market = build_market(venue, date(NEXT_YEAR, 1, 1), occurrence_count=None, last_day=date(NEXT_YEAR, 3, 31))

    days = [occurrence.day for occurrence in market.occurrences]
    assert days and all(day.weekday() == 4 for day in days)
    assert days[0] == first_friday_of(NEXT_YEAR, 1)
    assert market.recurrence_rule.startswith("FREQ=WEEKLY") and "BYDAY=FR" in market.recurrence_rule


def test_a_series_can_end_after_a_number_of_fridays(venue):
    market = build_market(venue, first_friday_of(NEXT_YEAR, 2), occurrence_count=6)

    assert len(market.occurrences) == 6
    assert market.last_day == first_friday_of(NEXT_YEAR, 2) + timedelta(weeks=5)


def test_cancelled_fridays_stay_in_the_series_as_cancelled(venue):
    start = first_friday_of(NEXT_YEAR, 2)
    market = build_market(venue, start, occurrence_count=4, cancelled_days=[start + timedelta(weeks=1)])

    statuses = [occurrence.status for occurrence in market.occurrences]
    assert statuses == ["scheduled", "cancelled", "scheduled", "scheduled"]


def test_an_exception_that_is_not_a_friday_of_the_series_is_refused(venue):
    start = first_friday_of(NEXT_YEAR, 2)
    with pytest.raises(DomainError) as refusal:
        build_market(venue, start, cancelled_days=[start + timedelta(days=1)])
    assert refusal.value.field == "cancelled_days"


def test_opening_hours_stay_local_across_the_2021_daylight_saving_change():
    """Damascus moved from UTC+2 to UTC+3 on 26 March 2021 (and left DST in 2022)."""
    rule = friday_rule(date(2021, 3, 19), count=3)
    days = expand(rule, date(2021, 3, 19))
    from festival.core.timezones import local_to_utc

    openings = [local_to_utc(day, time(9, 0)) for day in days]
    assert [day.isoformat() for day in days] == ["2021-03-19", "2021-03-26", "2021-04-02"]
    assert [moment.hour for moment in openings] == [7, 6, 6]  # 09:00 local every Friday


def test_occurrences_store_utc_instants_of_damascus_hours(venue):
    market = build_market(venue, first_friday_of(NEXT_YEAR, 5), occurrence_count=1)

    occurrence = market.occurrences[0]
    assert occurrence.starts_at == datetime.combine(occurrence.day, time(6, 0), tzinfo=UTC)
    assert occurrence.ends_at == datetime.combine(occurrence.day, time(12, 0), tzinfo=UTC)


def test_a_festival_is_one_occurrence_over_its_days(venue):
    start = date(NEXT_YEAR, 4, 10)
    market = build_market(venue, start, kind="festival", occurrence_count=None, last_day=start + timedelta(days=3))

    assert len(market.occurrences) == 1
    festival = market.occurrences[0]
    assert (festival.day, festival.last_day) == (start, start + timedelta(days=3))
    assert market.recurrence_rule is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"closes_at": time(8, 0)}, "closes_at"),
        ({"kind": "festival", "occurrence_count": None, "last_day": date(NEXT_YEAR, 1, 1)}, "last_day"),
        ({"occurrence_count": None, "last_day": None}, "last_day"),
        ({"occurrence_count": 500}, "occurrence_count"),
        ({"stall_fee": -5}, "stall_fee"),
    ],
)
def test_invalid_plans_are_refused_with_a_message_for_the_field(venue, overrides, field):
    with pytest.raises(DomainError) as refusal:
        build_market(venue, date(NEXT_YEAR, 6, 5), **overrides)

    assert refusal.value.field == field
    assert str(refusal.value.message)


def test_the_application_window_must_close_before_the_first_day(venue):
    first = first_friday_of(NEXT_YEAR, 6)
    late = datetime.combine(first, time(12), tzinfo=UTC)
    with pytest.raises(DomainError) as refusal:
        build_market(venue, first, applications_open_at=late - timedelta(days=9), applications_close_at=late)
    assert refusal.value.field == "applications_close_at"


def test_the_venue_must_be_in_the_markets_province(app_context):
    aleppo_venue = build_venue("aleppo", name="حديقة السبيل")
    from tests.factories import province

    plan = build_plan(aleppo_venue, date(NEXT_YEAR, 6, 5))
    with pytest.raises(DomainError) as refusal:
        operations.schedule_market(plan, province("damascus"), by=None)
    assert refusal.value.field == "venue"


def test_two_markets_cannot_overlap_at_one_venue(venue):
    first = first_friday_of(NEXT_YEAR, 7)
    build_market(venue, first, occurrence_count=4)
    db.session.commit()

    with pytest.raises(DomainError) as refusal:
        build_market(venue, first + timedelta(weeks=2), kind="festival", occurrence_count=None,
                     last_day=first + timedelta(weeks=2, days=1), title_ar="مهرجان")
    assert "سوق الجمعة للأسر المنتجة" in str(refusal.value.message)
    assert refusal.value.field == "first_day"


def test_a_market_at_other_hours_or_a_cancelled_day_does_not_conflict(venue):
    first = first_friday_of(NEXT_YEAR, 8)
    build_market(venue, first, occurrence_count=2, cancelled_days=[first + timedelta(weeks=1)])
    evening = build_market(venue, first, occurrence_count=1, opens_at=time(17), closes_at=time(22))
    on_the_cancelled_friday = build_market(venue, first + timedelta(weeks=1), occurrence_count=1)

    assert evening.id and on_the_cancelled_friday.id


def test_a_cancelled_market_frees_its_venue(venue):
    first = first_friday_of(NEXT_YEAR, 9)
    market = build_market(venue, first, occurrence_count=2)
    operations.cancel_market(market, "ظروف جوية")

    assert build_market(venue, first, occurrence_count=2).id


def test_publishing_needs_offered_stalls_and_moves_draft_to_published(venue):
    market = build_market(venue, first_friday_of(NEXT_YEAR, 10))
    assert len(market.offered_stalls) == 6

    operations.publish_market(market)

    assert market.status == MarketStatus.PUBLISHED
    with pytest.raises(DomainError):
        operations.publish_market(market)


def test_a_cancelled_day_raises_its_own_sequence_not_the_other_days(venue):
    market = build_market(venue, first_friday_of(NEXT_YEAR, 10), occurrence_count=2)
    operations.publish_market(market)
    before = [occurrence.sequence for occurrence in market.occurrences]

    operations.cancel_occurrence(market.occurrences[1], "عطلة رسمية")

    after = [occurrence.sequence for occurrence in market.occurrences]
    assert after[0] == before[0] and after[1] > before[1]
    assert market.occurrences[1].status == OccurrenceStatus.CANCELLED


def test_cancelling_needs_a_reason(venue):
    market = build_market(venue, first_friday_of(NEXT_YEAR, 10))
    with pytest.raises(DomainError):
        operations.cancel_market(market, "  ")


def test_a_market_becomes_held_after_its_last_day_and_can_then_be_archived(venue):
    market = build_market(venue, first_friday_of(NEXT_YEAR, 11), occurrence_count=1)
    operations.publish_market(market)
    after_the_end = market.occurrences[0].ends_at + timedelta(minutes=1)

    assert operations.market_status(market, after_the_end - timedelta(hours=2)) == "published"
    assert operations.market_status(market, after_the_end) == "held"
    operations.archive_market(market, after_the_end)
    assert market.status == MarketStatus.ARCHIVED


def test_editing_a_series_keeps_existing_fridays_and_adds_new_ones(venue):
    first = first_friday_of(NEXT_YEAR, 3)
    market = build_market(venue, first, occurrence_count=2)
    kept_id = market.occurrences[0].id

    operations.update_market(market, build_plan(venue, first, occurrence_count=3), by=None)

    assert [o.id for o in market.occurrences][0] == kept_id
    assert len(market.occurrences) == 3
