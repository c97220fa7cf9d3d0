"""Server-side SVG charts: mirrored in Arabic, Levantine month names, escaped labels."""
import re

from flask_babel import force_locale

from festival.reports.charts import Point, bar_chart, line_chart, month_label


def _bar_xs(svg: str) -> list[float]:
    return [float(x) for x in re.findall(r'<rect x="([\d.]+)"', svg)]


def test_arabic_charts_run_from_right_to_left_and_english_from_left_to_right(app):
    points = [Point("first", 10), Point("second", 20), Point("third", 30)]
    with app.test_request_context():
        arabic = str(bar_chart(points, title="t", rtl=True))
        english = str(bar_chart(points, title="t", rtl=False))

    assert _bar_xs(arabic) == sorted(_bar_xs(arabic), reverse=True)
    assert _bar_xs(english) == sorted(_bar_xs(english))
    assert 'direction="rtl"' in arabic and 'direction="rtl"' not in english


def test_month_labels_use_levantine_names_in_arabic(app):
    with app.test_request_context(), force_locale("ar_SY"):
        assert month_label("2026-03") == "آذار 2026"
        assert month_label("2026-11") == "تشرين الثاني 2026"
    with app.test_request_context(), force_locale("en"):
        assert month_label("2026-03") == "March 2026"


def test_labels_are_escaped_and_the_chart_has_a_title(app):
    with app.test_request_context():
        svg = str(line_chart([Point("<script>", 5), Point("b", 7)], title="Sales & more", rtl=False))

    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "<title>Sales &amp; more</title>" in svg and "<polyline" in svg


def test_an_empty_or_zero_series_still_draws(app):
    with app.test_request_context():
        assert "<svg" in str(bar_chart([Point("a", 0)], title="t", rtl=True))
        assert "<svg" in str(line_chart([], title="t", rtl=False))
