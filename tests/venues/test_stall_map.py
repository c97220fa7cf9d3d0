"""The SVG stall map: every stall, escaped text, states, right-to-left columns."""
import re

from festival.extensions import db
from festival.venues.svg import render_stall_map
from tests.factories import make_venue, stall_by_code


def _stalls(venue):
    db.session.refresh(venue)
    return [stall for section in venue.sections for stall in section.stalls]


def _x_of(svg: str, code: str) -> int:
    match = re.search(rf'data-stall-code="{code}"><title>[^<]*</title><rect x="(\d+)"', svg)
    return int(match.group(1))


def test_the_map_draws_every_stall_of_every_section(app, app_context):
    venue = make_venue(sections=(("A", 2, 5), ("B", 1, 3)))

    with app.test_request_context("/"):
        svg = str(render_stall_map(venue, _stalls(venue)))

    assert svg.startswith("<svg") and 'viewBox="0 0 ' in svg and 'width="100%"' in svg
    assert 'role="img"' in svg and 'aria-label="مخطط الأجنحة في حديقة تشرين"' in svg
    for code in [f"A-{n:02d}" for n in range(1, 11)] + ["B-01", "B-02", "B-03"]:
        assert f">{code}</text>" in svg
    assert svg.count('<g class="stall-section">') == 2
    assert svg.count("<rect") == 13
    assert "<script" not in svg and "@font-face" not in svg


def test_hostile_names_and_labels_are_escaped(app, app_context):
    venue = make_venue(name_ar='<script>alert("x")</script>', sections=(("A", 1, 2),))
    stalls = _stalls(venue)

    with app.test_request_context("/"):
        svg = str(render_stall_map(venue, stalls, labels={stalls[0].id: "<b>&"}))

    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in svg
    assert "&lt;b&gt;&amp;" in svg


def test_disabled_assigned_and_highlighted_stalls_are_marked(app, app_context):
    venue = make_venue(sections=(("A", 1, 4),))
    stall_by_code(venue.id, "A-02").disabled = True
    db.session.commit()
    stalls = {stall.code: stall for stall in _stalls(venue)}

    with app.test_request_context("/"):
        svg = str(render_stall_map(
            venue, stalls.values(),
            states={stalls["A-03"].id: "assigned", stalls["A-04"].id: "unavailable"},
            highlight={stalls["A-01"].id}, classes={stalls["A-03"].id: "cat-food"},
        ))

    def group(code):
        return f'data-stall-id="{stalls[code].id}" data-stall-code="{code}"'

    assert f'<g class="stall stall-free stall-highlight stall-corner" {group("A-01")}>' in svg
    assert f'<g class="stall stall-disabled" {group("A-02")}><title>A-02 · معطّل · 3 × 3 م' in svg
    assert f'class="stall stall-assigned cat-food" {group("A-03")}' in svg
    assert f'class="stall stall-unavailable stall-corner" {group("A-04")}' in svg
    assert svg.count('class="stall-cross"') == 2


def test_right_to_left_maps_start_the_row_on_the_right(app, app_context):
    venue = make_venue(sections=(("A", 1, 3),))
    stalls = _stalls(venue)

    with app.test_request_context("/"):
        left_to_right = str(render_stall_map(venue, stalls))
        right_to_left = str(render_stall_map(venue, stalls, rtl=True))

    assert _x_of(left_to_right, "A-01") < _x_of(left_to_right, "A-03")
    assert _x_of(right_to_left, "A-01") > _x_of(right_to_left, "A-03")
    assert _x_of(right_to_left, "A-01") == _x_of(left_to_right, "A-03")


def test_stalls_link_where_the_caller_says_and_show_their_features(app, app_context):
    venue = make_venue(sections=(("A", 1, 2),))
    stall_by_code(venue.id, "A-01").electricity = True
    stall_by_code(venue.id, "A-01").covered = True
    db.session.commit()

    with app.test_request_context("/?lang=en"):
        svg = str(render_stall_map(venue, _stalls(venue), link_for=lambda stall: f"/stalls/{stall.id}?a=1&b=2"))

    assert 'role="img"' not in svg and "&amp;b=2" in svg and svg.count("<a href=") == 2
    assert "⚡☂</text>" in svg and "Electricity · Covered" in svg
    assert 'aria-label="Stall map of حديقة تشرين"' in svg


def test_an_empty_layout_draws_nothing(app, app_context):
    venue = make_venue(sections=())

    with app.test_request_context("/"):
        assert render_stall_map(venue, []) == ""
