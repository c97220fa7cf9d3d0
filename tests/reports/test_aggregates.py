"""Dashboard numbers against totals computed by hand."""
from datetime import timedelta

from festival.core.timezones import today_in_damascus
from festival.extensions import db
from festival.reports import queries, tables
from tests.factories import add_report, check_in, held_event, province


def _event_with_five_families():
    """Sales 100,000 / 250,000 / 1,000,000, one "did not attend", one missing."""
    occurrence, organizer, assignments = held_event(families=5)
    first, second, third, absent, _missing = assignments
    add_report(first, 100_000, lines=[("food", 60_000, 6), ("sweets", 40_000, 10)], rating=4)
    add_report(second, 250_000, lines=[("food", 200_000, 12)], rating=5, by=organizer)
    add_report(third, 1_000_000, lines=[("sweets", 900_000, 30)])
    add_report(absent, 0, attended=False)
    for assignment in (first, second, third):
        check_in(assignment)
    db.session.commit()
    return occurrence, organizer, assignments


def test_event_summary_matches_the_hand_computed_figures(app_context):
    occurrence, _organizer, _assignments = _event_with_five_families()

    summary = queries.event_summary(occurrence)

    assert summary.total == 1_350_000
    assert summary.average == 450_000  # 1,350,000 / 3 families that attended and reported
    assert summary.median == 250_000
    assert (summary.assigned, summary.checked_in, summary.reported) == (5, 3, 4)
    assert (summary.reported_attended, summary.did_not_attend, summary.entered_by_organizers) == (3, 1, 1)
    assert summary.completion == 80 and summary.attendance == 60
    assert summary.rating_average == 4.5 and summary.ratings == 2


def test_the_median_of_an_even_number_of_reports_is_the_mean_of_the_middle_two(app_context):
    occurrence, _organizer, assignments = held_event(families=4)
    for assignment, total in zip(assignments, (10, 20, 40, 1000), strict=True):
        add_report(assignment, total)

    assert queries.event_summary(occurrence).median == 30


def test_sales_per_category_are_summed_by_the_database(app_context):
    occurrence, _organizer, _assignments = _event_with_five_families()

    rows = {craft.slug: (amount, items, families) for craft, amount, items, families in
            queries.event_categories(occurrence)}

    assert rows == {"sweets": (940_000, 40, 2), "food": (260_000, 18, 2)}


def test_the_families_table_lists_missing_reports_and_organizer_entries(app_context):
    occurrence, _organizer, assignments = _event_with_five_families()

    _summary, event_tables, _rows = tables.event_tables(occurrence)

    missing = tables.pick(event_tables, "missing")
    families = tables.pick(event_tables, "families")
    assert [row[1] for row in missing.rows] == [assignments[4].family.name]
    assert sorted(row[4] for row in families.rows if row[4] is not None) == [100_000, 250_000, 1_000_000]


def test_a_market_series_sums_per_date_and_counts_first_timers(app_context):
    occurrence, organizer, assignments = held_event(families=2, days_ago=8)
    add_report(assignments[0], 300_000)
    add_report(assignments[1], 100_000)
    db.session.commit()

    rows = queries.series_rows(occurrence.market)

    assert [(row.assigned, row.reported, int(row.total), row.first_timers) for row in rows] == [(2, 2, 400_000, 2)]
    assert tables.comparison(rows)["latest"].total == 400_000


def test_province_months_and_national_rows_add_up(app_context):
    today = today_in_damascus()
    damascus_event, _organizer, damascus = held_event(families=2, days_ago=1)
    aleppo_event, _other, aleppo = held_event(families=1, days_ago=1, province_slug="aleppo")
    add_report(damascus[0], 500_000)
    add_report(damascus[1], 0, attended=False)
    add_report(aleppo[0], 70_000)
    db.session.commit()
    damascus_id, aleppo_id = province("damascus").id, province("aleppo").id
    year = (today - timedelta(days=1)).year

    national = {row.Province.slug: (row.assigned, row.reports, int(row.total)) for row in queries.province_rows(year)}
    damascus_months = queries.monthly_rows(year, damascus_id)

    assert national["damascus"] == (2, 2, 500_000) and national["aleppo"] == (1, 1, 70_000)
    assert national["homs"] == (0, 0, 0)
    assert sum(int(row.total) for row in damascus_months) == 500_000
    assert {row.province_id for row in queries.monthly_rows(year)} == {damascus_id, aleppo_id}
    assert queries.province_rows(year - 5, damascus_id)[0].total == 0


def test_the_register_lists_every_family_with_its_participation_and_sales(app_context):
    occurrence, _organizer, assignments = held_event(families=2)
    add_report(assignments[0], 123_000)
    check_in(assignments[0])
    db.session.commit()

    rows = {row.id: row for row in queries.register_rows()}
    first = rows[assignments[0].family_id]
    crafts = queries.crafts_of_families()

    assert (first.markets, first.dates, first.attended, first.reports, int(first.total)) == (1, 1, 1, 1, 123_000)
    assert int(rows[assignments[1].family_id].total) == 0
    assert [craft.slug for craft in crafts[first.id]] == ["food", "sweets"]
    assert queries.register_rows(province_id=province("aleppo").id) == []
