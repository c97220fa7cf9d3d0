"""Rows of public occurrences (festival/calendar/rows.py) read what the models say, in the page's language."""
from datetime import date

import pytest
from flask import url_for

from festival.calendar import queries
from festival.calendar.display import cancel_reason
from festival.calendar.filters import EventFilter
from festival.calendar.links import absolute_url, id_url
from festival.calendar.rows import with_crafts
from festival.extensions import db
from tests.factories import NEXT_YEAR


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_row_holds_what_its_models_show(app, events, language):
    series = events.market(title_en="Friday market", craft_slugs=("food", "soap"))
    events.cancel_day(events.occurrences(series)[1])
    events.market(status="cancelled", venue_name="ساحة")
    events.festival(date(NEXT_YEAR, 4, 1), days=4, craft_slugs=())

    with app.test_request_context(f"/calendar?lang={language}"):
        app.preprocess_request()
        rows = queries.feed_occurrences(EventFilter(), date(NEXT_YEAR, 1, 1))
        models = {occurrence.id: occurrence
                  for occurrence in db.session.scalars(queries.public_occurrences(EventFilter())).unique()}
        pairs = [(row, models[row.id]) for row in rows]
        _assert_the_same(pairs, language)


def _assert_the_same(pairs, language: str) -> None:
    assert len(pairs) == 4 + 4 + 1
    for row, occurrence in pairs:
        market = occurrence.market
        assert (row.title, row.description, row.kind, row.day, row.last_day) == (
            market.title, market.description, market.kind, occurrence.day, occurrence.last_day)
        assert (row.starts_at, row.ends_at, row.opens_at, row.closes_at, row.updated_at) == (
            occurrence.starts_at, occurrence.ends_at, market.opens_at, market.closes_at, market.updated_at)
        assert (row.venue_name, row.venue_address, row.province_slug, row.province_name) == (
            market.venue.name, market.venue.address, market.province.slug, market.province.name)
        assert (row.is_cancelled, row.cancel_reason, row.sequence) == (
            occurrence.is_cancelled, cancel_reason(occurrence), occurrence.sequence)
        assert [(craft.slug, craft.name) for craft in row.crafts] == [(craft.slug, craft.name)
                                                                       for craft in market.crafts]
    assert any(row.title == "Friday market" for row, _ in pairs) == (language == "en")


def test_the_month_reads_one_query_for_its_rows_whatever_their_number(app, events, count_queries):
    events.market(occurrence_count=2)
    for number in range(6):
        events.festival(date(NEXT_YEAR, 3, 2 + number * 3), days=3, venue_name=f"موقع {number}")
    with app.test_request_context("/calendar"):
        app.preprocess_request()
        with count_queries() as queries_run:
            rows = queries.occurrences_between(EventFilter(), date(NEXT_YEAR, 3, 1), date(NEXT_YEAR, 3, 31))
            with_crafts(rows)
        assert len(rows) == 8 and queries_run.count == 2


def test_an_id_url_is_the_url_for_of_each_id(app):
    with app.test_request_context("/"):
        event_url = id_url("calendar.event", "occurrence_id")
        feed_url = id_url("calendar.event_feed", "occurrence_id", absolute=True)
        for occurrence_id in (1, 7, 42, 918273645, 10**12):
            assert event_url(occurrence_id) == url_for("calendar.event", occurrence_id=occurrence_id)
            assert feed_url(occurrence_id) == absolute_url("calendar.event_feed", occurrence_id=occurrence_id)
