"""Small bar and line charts as inline SVG, drawn on the server.

No JavaScript and no chart library: the page prints as it shows. In Arabic the chart
is mirrored (time runs from right to left, the value axis is on the right) and every
label is its own right-to-left text, so `آذار 2026` reads in the right order.
Numbers on the axis are compact and localised (`12.4 مليون`, `12.4M`).
"""
import math
from dataclasses import dataclass
from datetime import date

from babel.numbers import format_compact_decimal
from flask_babel import format_date, get_locale
from markupsafe import Markup, escape

from festival.core.formatting import money

# A narrow drawing, so the text stays readable when a phone shows it 360 px wide; long
# series get wider (the table under every chart has the exact figures).
MIN_WIDTH, HEIGHT, SLOT_WIDTH = 400, 280, 26
MARGIN_VALUE_AXIS, MARGIN_END, MARGIN_TOP, MARGIN_LABELS = 58, 12, 22, 96
MAX_LABEL = 22  # characters under a bar; the tooltip and the table have the whole name


@dataclass(frozen=True)
class Point:
    label: str  # under the bar, e.g. a month or a date
    value: int
    hint: str = ""  # tooltip text; the label and the formatted value by default


def month_label(month_key: str) -> str:
    """'2026-03' -> `آذار 2026` / `March 2026` (Levantine month names in Arabic)."""
    year, month = (int(part) for part in month_key.split("-"))
    return format_date(date(year, month, 1), "MMMM y")


def compact(value: int) -> str:
    return format_compact_decimal(value, format_type="short", locale=get_locale(), fraction_digits=1)


def _nice_step(largest: int, ticks: int = 4) -> int:
    raw = max(largest, 1) / ticks
    power = 10 ** math.floor(math.log10(raw))
    return int(next(power * factor for factor in (1, 2, 2.5, 5, 10) if power * factor >= raw)) or 1


class _Canvas:
    """Coordinates in a left-to-right frame; `x()` mirrors them for right-to-left charts."""

    def __init__(self, rtl: bool, count: int):
        self.rtl = rtl
        self.count = max(count, 1)
        self.width = max(MIN_WIDTH, MARGIN_VALUE_AXIS + MARGIN_END + SLOT_WIDTH * self.count)
        self.left = MARGIN_END if rtl else MARGIN_VALUE_AXIS
        self.right = self.width - (MARGIN_VALUE_AXIS if rtl else MARGIN_END)
        self.top, self.bottom = MARGIN_TOP, HEIGHT - MARGIN_LABELS
        self.slot = (self.right - self.left) / self.count

    def centre(self, index: int) -> float:
        offset = (index + 0.5) * self.slot
        return self.right - offset if self.rtl else self.left + offset

    def y(self, value: int, top_value: int) -> float:
        return self.bottom - (self.bottom - self.top) * (value / top_value if top_value else 0)

    def text(self, x, y, content, *, edge="middle", size=12, css="", extra=""):
        """A label whose `edge` ('left', 'right', 'middle') sits at x, in either direction."""
        direction = "rtl" if self.rtl else "ltr"
        anchor = {"middle": "middle", "left": "end" if self.rtl else "start",
                  "right": "start" if self.rtl else "end"}[edge]
        return (f'<text x="{x:.1f}" y="{y:.1f}" direction="{direction}" text-anchor="{anchor}" '
                f'font-size="{size}" fill="#1f2a2e" class="{css}" {extra}>{escape(content)}</text>')


def _frame(canvas: _Canvas, top_value: int, step: int) -> list[str]:
    parts = []
    for tick in range(0, top_value + 1, step):
        y = canvas.y(tick, top_value)
        parts.append(f'<line x1="{canvas.left}" x2="{canvas.right}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'class="chart-grid" stroke="#e3ddd3"/>')
        label_x = canvas.right + 6 if canvas.rtl else canvas.left - 6
        parts.append(canvas.text(label_x, y + 4, compact(tick), edge="left" if canvas.rtl else "right",
                                 css="chart-axis"))
    return parts


def _labels(canvas: _Canvas, points: list[Point]) -> list[str]:
    parts = []
    angle = 40 if canvas.rtl else -40
    for index, point in enumerate(points):
        x, y = canvas.centre(index), canvas.bottom + 14
        # Rotated so long month names never overlap; the label hangs from its tick.
        label = point.label if len(point.label) <= MAX_LABEL else point.label[: MAX_LABEL - 1] + "…"
        parts.append(canvas.text(x, y, label, edge="left" if canvas.rtl else "right", css="chart-label",
                                 extra=f'transform="rotate({angle} {x:.1f} {y:.1f})"'))
    return parts


def _svg(canvas: _Canvas, title: str, body: list[str]) -> Markup:
    return Markup(
        f'<svg class="chart" viewBox="0 0 {canvas.width} {HEIGHT}" width="{canvas.width}" height="{HEIGHT}" '
        f'role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet">'
        f'<title>{escape(title)}</title>' + "".join(body) + "</svg>"
    )


def _scale(points: list[Point]) -> tuple[int, int]:
    step = _nice_step(max((point.value for point in points), default=0))
    top_value = step * max(1, math.ceil(max((point.value for point in points), default=0) / step))
    return top_value, step


def bar_chart(points: list[Point], *, title: str, rtl: bool, show_values: bool = True) -> Markup:
    canvas = _Canvas(rtl, len(points))
    top_value, step = _scale(points)
    body = _frame(canvas, top_value, step)
    bar_width = max(min(canvas.slot * 0.7, 48), 2)
    for index, point in enumerate(points):
        x, y = canvas.centre(index), canvas.y(point.value, top_value)
        hint = point.hint or f"{point.label}: {money(point.value)}"
        body.append(f'<rect x="{x - bar_width / 2:.1f}" y="{y:.1f}" width="{bar_width:.1f}" '
                    f'height="{canvas.bottom - y:.1f}" class="chart-bar" fill="#0f6b5c">'
                    f'<title>{escape(hint)}</title></rect>')
        if show_values and point.value and len(points) <= 16:
            body.append(canvas.text(x, y - 5, compact(point.value), size=11, css="chart-value"))
    body.append(f'<line x1="{canvas.left}" x2="{canvas.right}" y1="{canvas.bottom}" y2="{canvas.bottom}" '
                f'class="chart-axis-line" stroke="#5b676b"/>')
    return _svg(canvas, title, body + _labels(canvas, points))


def line_chart(points: list[Point], *, title: str, rtl: bool) -> Markup:
    canvas = _Canvas(rtl, len(points))
    top_value, step = _scale(points)
    body = _frame(canvas, top_value, step)
    coordinates = [(canvas.centre(index), canvas.y(point.value, top_value)) for index, point in enumerate(points)]
    if len(coordinates) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coordinates)
        body.append(f'<polyline points="{path}" class="chart-line" fill="none" stroke="#0f6b5c" stroke-width="2"/>')
    for (x, y), point in zip(coordinates, points, strict=True):
        hint = point.hint or f"{point.label}: {money(point.value)}"
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" class="chart-dot" fill="#c2672b">'
                    f'<title>{escape(hint)}</title></circle>')
    body.append(f'<line x1="{canvas.left}" x2="{canvas.right}" y1="{canvas.bottom}" y2="{canvas.bottom}" '
                f'class="chart-axis-line" stroke="#5b676b"/>')
    return _svg(canvas, title, body + _labels(canvas, points))
