"""The stall map as inline SVG, drawn on the server: no JavaScript, no fonts, printable.

One renderer for every audience: organizers editing a layout, assignment of stalls to
families, visitors looking for a family, and the printed plan at the gate. Callers say
what each stall is (`states`), what to write in it (`labels`), what to point out
(`highlight`) and where a stall leads (`link_for`). Stalls are drawn as a schematic grid
per section, not to scale. With `rtl=True` column 1 is on the right, as read in Arabic.
"""
from collections import defaultdict
from collections.abc import Callable, Iterable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from markupsafe import Markup

CELL_WIDTH, CELL_HEIGHT, GAP = 52, 46, 4
PADDING, SECTION_HEADING, SECTION_GAP = 8, 24, 14
LABEL_CHARS = 9

STATES = {
    "free": _l("Free"),
    "assigned": _l("Assigned"),
    "unavailable": _l("Unavailable"),
    "disabled": _l("Disabled"),
}
FEATURE_ICONS = (  # (stall attribute, icon, label)
    ("electricity", "⚡", _l("Electricity")),
    ("covered", "☂", _l("Covered")),
    ("accessible", "♿", _l("Accessible")),
)


def _shorten(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _code_font_size(code: str) -> int:
    # Western letters are about 0.62 em wide: keep long codes inside their cell.
    return max(7, min(14, int((CELL_WIDTH - 6) / (0.62 * len(code)))))


def _stall_title(stall, state: str, label: str | None) -> str:
    size = _("%(width)s × %(depth)s m", width=f"{stall.width_m:g}", depth=f"{stall.depth_m:g}")
    parts = [stall.code, str(STATES[state]), size]
    parts += [str(text) for attribute, _icon, text in FEATURE_ICONS if getattr(stall, attribute)]
    if stall.corner:
        parts.append(_("Corner"))
    if label:
        parts.append(label)
    return " · ".join(parts)


def _stall(stall, x: int, y: int, *, state: str, label: str | None, highlighted: bool, href: str | None,
           extra_class: str | None = None):
    classes = " ".join(filter(None, (
        "stall", f"stall-{state}", "stall-highlight" if highlighted else "", "stall-corner" if stall.corner else "",
        extra_class,
    )))
    center = x + CELL_WIDTH // 2
    parts = [
        Markup('<g class="{}" data-stall-id="{}" data-stall-code="{}"><title>{}</title>').format(
            classes, stall.id, stall.code, _stall_title(stall, state, label)),
        Markup('<rect x="{}" y="{}" width="{}" height="{}" rx="4"/>').format(x, y, CELL_WIDTH, CELL_HEIGHT),
    ]
    if state in ("disabled", "unavailable"):  # not by colour alone: a cross
        parts.append(Markup('<path class="stall-cross" d="M{} {}L{} {}M{} {}L{} {}"/>').format(
            x + 3, y + 3, x + CELL_WIDTH - 3, y + CELL_HEIGHT - 3,
            x + CELL_WIDTH - 3, y + 3, x + 3, y + CELL_HEIGHT - 3))
    parts.append(Markup(
        '<text class="stall-code" x="{}" y="{}" font-size="{}" text-anchor="middle" direction="ltr">{}</text>'
    ).format(center, y + 15, _code_font_size(stall.code), stall.code))
    if label:
        parts.append(Markup('<text class="stall-label" x="{}" y="{}" text-anchor="middle">{}</text>').format(
            center, y + 28, _shorten(label)))
    icons = "".join(icon for attribute, icon, _text in FEATURE_ICONS if getattr(stall, attribute))
    if icons:
        parts.append(Markup('<text class="stall-icons" x="{}" y="{}" text-anchor="middle">{}</text>').format(
            center, y + CELL_HEIGHT - 5, icons))
    parts.append(Markup("</g>"))
    body = Markup("").join(parts)
    if href:
        return Markup('<a href="{}">{}</a>').format(href, body)
    return body


def render_stall_map(
    venue,
    stalls: Iterable,
    *,
    states: dict[int, str] | None = None,
    labels: dict[int, str] | None = None,
    highlight: set[int] | None = None,
    link_for: Callable | None = None,
    classes: dict[int, str] | None = None,
    rtl: bool = False,
    title: str | None = None,
) -> Markup:
    """An inline `<svg>` of `stalls` (their sections loaded), grouped by section.

    `states` maps stall id to free/assigned/unavailable/disabled (default: disabled for
    a disabled stall, free otherwise); `link_for(stall)` returns a URL or None;
    `classes` adds CSS classes to some stalls (e.g. a craft colour on the assignment map).
    """
    states, labels, highlight, classes = states or {}, labels or {}, highlight or set(), classes or {}
    by_section = defaultdict(list)
    for stall in stalls:
        by_section[stall.section].append(stall)
    if not by_section:
        return Markup("")
    sections = sorted(by_section, key=lambda section: section.code)
    widest = max(max(section.columns, *(s.column for s in by_section[section])) for section in sections)
    width = 2 * PADDING + widest * CELL_WIDTH + (widest - 1) * GAP

    def left(column: int) -> int:
        x = PADDING + (column - 1) * (CELL_WIDTH + GAP)
        return width - x - CELL_WIDTH if rtl else x

    groups, y = [], PADDING
    for section in sections:
        members = by_section[section]
        rows = max(section.rows, *(stall.row for stall in members))
        heading = _("Section %(code)s", code=section.code)
        groups.append(Markup('<g class="stall-section"><title>{}</title>').format(
            heading + " · " + ngettext("%(num)d stall", "%(num)d stalls", len(members))))
        # At the start edge of its section (right in Arabic), visible when a wide map scrolls.
        start_x = left(1) + (CELL_WIDTH if rtl else 0)
        groups.append(Markup('<text class="section-code" x="{}" y="{}" text-anchor="start">{}</text>').format(
            start_x, y + 16, heading))
        top = y + SECTION_HEADING
        for stall in sorted(members, key=lambda s: (s.row, s.column)):
            state = states.get(stall.id) or ("disabled" if stall.disabled else "free")
            if state not in STATES:
                raise ValueError(f"unknown stall state {state!r}")
            groups.append(_stall(
                stall, left(stall.column), top + (stall.row - 1) * (CELL_HEIGHT + GAP),
                state=state, label=labels.get(stall.id), highlighted=stall.id in highlight,
                href=link_for(stall) if link_for else None, extra_class=classes.get(stall.id),
            ))
        groups.append(Markup("</g>"))
        y = top + rows * CELL_HEIGHT + (rows - 1) * GAP + SECTION_GAP
    height = y - SECTION_GAP + PADDING
    name = title or _("Stall map of %(venue)s", venue=venue.name)
    # role=img hides its children from screen readers: only a map without links is an image.
    # A map of links keeps the svg's implicit role: the HTML validator allows no "group" on svg.
    role = Markup("") if link_for else Markup(' role="img"')
    return Markup(
        '<svg class="stall-map-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%"'
        '{role} aria-label="{name}" direction="{direction}" style="--map-columns: {columns}">'
        "<title>{name}</title>{body}</svg>"
    ).format(w=width, h=height, role=role, name=name, direction="rtl" if rtl else "ltr",
             columns=widest, body=Markup("").join(groups))
