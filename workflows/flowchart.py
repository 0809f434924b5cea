"""Draw an SOP as a swimlane flowchart in the SOP-AP style of Permenpan RB 35/2012, as SVG.

One lane (column) per role in the order of ``sop.roles`` and one row per step, top to bottom,
with the form's five symbols: terminator (start and end), process, decision (Ya/Tidak), arrow
and off-page connector. The layout keeps lines off the symbols: an arrow to the next row runs
through the gap between rows; a loop back to an earlier step runs in its own channel right of
the lanes (shorter loops inside longer ones); a jump forward over other rows is drawn as a pair
of connectors marked with the same letter, as the form does. Every piece of text is escaped, so
the result is safe to show as an image even when the SOP was uploaded by a user.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Final, Literal
from xml.sax.saxutils import escape

from workflows.catalog import role_catalog
from workflows.fmt import Lang
from workflows.sop import Sop, Step

Shape = Literal["terminator", "proses", "keputusan"]
Point = tuple[float, float]

START: Final = "<mulai>"
END: Final = "<selesai>"
_WORDS: Final[dict[Lang, dict[str, str]]] = {
    "id": {"start": "Mulai", "end": "Selesai", "ya": "Ya", "tidak": "Tidak", "no": "No"},
    "en": {"start": "Start", "end": "End", "ya": "Yes", "tidak": "No", "no": "No"},
}
MARGIN, NO_W, LANE_W, GAP, LINE_H = 12.0, 40.0, 230.0, 44.0, 13.0
CHANNEL_W = 14.0
BADGE_MAX = 10
_WIDTH: Final[dict[Shape, float]] = {"terminator": 120.0, "proses": 150.0, "keputusan": 176.0}
_WRAP: Final[dict[Shape, tuple[int, int]]] = {  # characters per line, most lines
    "terminator": (18, 2),
    "proses": (22, 6),
    "keputusan": (18, 5),
}
_HIGHLIGHT = 'stroke="#c2410c" stroke-width="4"'
_COLOUR = re.compile(
    r"^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,24}"
    r"|(rgb|rgba|hsl|hsla)\(\s*[0-9.]+%?(\s*[,/ ]\s*[0-9.]+%?){2,3}\s*\))$"
)
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class _Node:
    """A symbol placed in its lane and row."""

    key: str
    shape: Shape
    row: int
    lane: int
    lines: tuple[str, ...]
    text: str
    top: float
    height: float
    step: Step | None

    @property
    def cx(self) -> float:
        return MARGIN + NO_W + LANE_W * (self.lane + 0.5)

    @property
    def cy(self) -> float:
        return self.top + self.height / 2

    @property
    def bottom(self) -> float:
        return self.top + self.height

    @property
    def half(self) -> float:
        return _WIDTH[self.shape] / 2


@dataclass(frozen=True)
class _Edge:
    source: _Node
    target: _Node
    label: str | None  # "ya", "tidak" or None


def render_flowchart(
    sop: Sop,
    *,
    lang: Lang = "id",
    highlight: str | None = None,
    step_fill: Mapping[str, str] | None = None,
    step_badge: Mapping[str, str] | None = None,
) -> str:
    """A standalone SVG document of ``sop`` as a swimlane flowchart.

    ``highlight`` is a step number drawn with a thick outline; ``step_fill`` maps step numbers
    to CSS colours (on time/late, compliance heat map); ``step_badge`` maps step numbers to a
    short text shown beside the symbol (e.g. ``92%``). Unknown step numbers and colours that
    are not plain CSS colour values raise ``ValueError``.
    """
    fills = dict(step_fill or {})
    badges = dict(step_badge or {})
    _check_options(sop, highlight, fills, badges)
    words = _WORDS[lang]
    head_lines = [_wrap(_role_label(role, lang), 28, 3) for role in sop.roles]
    head_h = max((len(lines) for lines in head_lines), default=1) * LINE_H + 16
    nodes = _place(sop, words, MARGIN + head_h + GAP / 2)
    edges = list(_edges(sop, nodes))
    lanes_right = MARGIN + NO_W + LANE_W * len(sop.roles)
    slots = _loop_channels(edges)
    channels = {key: lanes_right + 12 + CHANNEL_W * k for key, k in slots.items()}
    width = lanes_right + (CHANNEL_W * (max(slots.values()) + 1) + 12 if slots else 0) + MARGIN
    height = nodes[-1].bottom + GAP / 2 + MARGIN
    letters = _connector_letters(nodes, edges)
    title = _xml(f"{sop.identity.nomor} {sop.identity.nama}".strip())
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}" height="{_n(height)}" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" font-family="DejaVu Sans, Arial, sans-serif" '
        f'font-size="10.5" role="img">',
        f"<title>{title}</title>",
        '<defs><marker id="lentera-arrow" viewBox="0 0 10 10" refX="10" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#1f2937"/></marker></defs>',
        f'<rect width="{_n(width)}" height="{_n(height)}" fill="#ffffff"/>',
        *_frame(sop, words, head_lines, head_h, height, nodes),
        *(_edge_svg(e, channels.get(_edge_key(e)), letters, words) for e in edges),
        *_incoming_connectors(nodes, letters),
        *(_node_svg(n, n.key == highlight, fills.get(n.key), badges.get(n.key)) for n in nodes),
        "</svg>",
    ]
    return "\n".join(parts) + "\n"


def _check_options(
    sop: Sop, highlight: str | None, fills: dict[str, str], badges: dict[str, str]
) -> None:
    known = {step.no for step in sop.steps}
    asked = set(fills) | set(badges) | ({highlight} if highlight is not None else set())
    unknown = sorted(asked - known)
    if unknown:
        raise ValueError(f"SOP {sop.id} has no step {', '.join(unknown)}")
    for no, colour in sorted(fills.items()):
        if not _COLOUR.match(colour):
            raise ValueError(f"step {no}: {colour!r} is not a CSS colour (#rgb, name, rgb(...))")


def _role_label(role: str, lang: Lang) -> str:
    found = role_catalog().get(role)
    if found is None:
        return role
    return found.label_en if lang == "en" else found.label_id


def _place(sop: Sop, words: dict[str, str], first_top: float) -> list[_Node]:
    """The start terminator, one node per step, and an end terminator when a path ends."""
    lane_of = {role: i for i, role in enumerate(sop.roles)}
    specs: list[tuple[str, Shape, str, Step | None]] = [(START, "terminator", words["start"], None)]
    for item in sop.steps:
        kind: Shape = "terminator" if item.kind == "selesai" else item.kind
        specs.append((item.no, kind, item.activity, item))
    if any(target is None for item in sop.steps for target in item.transitions().values()):
        specs.append((END, "terminator", words["end"], None))
    nodes: list[_Node] = []
    top = first_top
    for key, shape, text, step in specs:
        if step is not None and step.role in lane_of:
            lane = lane_of[step.role]
        elif nodes:
            lane = nodes[-1].lane
        else:
            lane = lane_of.get(sop.steps[0].role or "", 0) if sop.steps else 0
        chars, most = _WRAP[shape]
        lines = _wrap(text, chars, most)
        inner = len(lines) * LINE_H
        height = max(64.0, inner * 2 + 16) if shape == "keputusan" else max(34.0, inner + 14)
        nodes.append(_Node(key, shape, len(nodes), lane, lines, text, top, height, step))
        top += height + GAP
    return nodes


def _edges(sop: Sop, nodes: list[_Node]) -> Iterator[_Edge]:
    by_key = {node.key: node for node in nodes}
    if sop.steps:
        yield _Edge(by_key[START], by_key[sop.steps[0].no], None)
    for step in sop.steps:
        for action, target in step.transitions().items():
            label = None if action == "selesai" else action
            yield _Edge(by_key[step.no], by_key[END if target is None else target], label)


def _edge_key(edge: _Edge) -> tuple[str, str, str]:
    return (edge.source.key, edge.target.key, edge.label or "")


def _loop_channels(edges: list[_Edge]) -> dict[tuple[str, str, str], int]:
    """A channel for each loop back: the shortest loops first, each in the innermost channel
    free of the loops whose rows it overlaps, so nested loops never cross."""
    spans = sorted(
        (e.source.row - e.target.row, e.target.row, _edge_key(e))
        for e in edges
        if e.target.row <= e.source.row
    )
    placed: list[tuple[int, int, int]] = []  # (first row, last row, channel)
    slots: dict[tuple[str, str, str], int] = {}
    for span, first, key in spans:
        last = first + span
        slot = max((k + 1 for a, b, k in placed if a <= last and first <= b), default=0)
        placed.append((first, last, slot))
        slots[key] = slot
    return slots


def _connector_letters(nodes: list[_Node], edges: list[_Edge]) -> dict[str, str]:
    """One letter per target of a forward jump over other rows, in the order of the rows."""
    targets = {e.target.key for e in edges if e.target.row > e.source.row + 1}
    ordered = [node.key for node in nodes if node.key in targets]
    return {key: _letter(i) for i, key in enumerate(ordered)}


def _letter(index: int) -> str:
    return chr(ord("A") + index % 26) + (str(index // 26) if index >= 26 else "")


def _frame(
    sop: Sop,
    words: dict[str, str],
    head_lines: list[tuple[str, ...]],
    head_h: float,
    height: float,
    nodes: list[_Node],
) -> Iterator[str]:
    """The table: the No column and one lane per role with its header."""
    bottom = height - MARGIN
    yield (
        f'<rect class="no-column" x="{_n(MARGIN)}" y="{_n(MARGIN)}" width="{_n(NO_W)}" '
        f'height="{_n(bottom - MARGIN)}" fill="none" stroke="#94a3b8"/>'
    )
    yield _text([words["no"]], MARGIN + NO_W / 2, MARGIN + head_h / 2, 'font-weight="bold"')
    for i, role in enumerate(sop.roles):
        x = MARGIN + NO_W + LANE_W * i
        yield (
            f'<g class="lane" data-role="{_xml(role)}">'
            f'<rect x="{_n(x)}" y="{_n(MARGIN)}" width="{_n(LANE_W)}" height="{_n(head_h)}" '
            'fill="#e2e8f0" stroke="#94a3b8"/>'
            f'<rect x="{_n(x)}" y="{_n(MARGIN)}" width="{_n(LANE_W)}" '
            f'height="{_n(bottom - MARGIN)}" fill="none" stroke="#94a3b8"/>'
            + _text(head_lines[i], x + LANE_W / 2, MARGIN + head_h / 2, 'font-weight="bold"')
            + "</g>"
        )
    for node in nodes:
        if node.step is not None:
            muted = "" if node.step.numbered else ' fill="#64748b" font-style="italic"'
            yield _text([node.step.no], MARGIN + NO_W / 2, node.cy, f'class="no"{muted}')


def _node_svg(node: _Node, highlighted: bool, fill: str | None, badge: str | None) -> str:
    x, y, w, h = node.cx - node.half, node.top, node.half * 2, node.height
    paint = f'fill="{_xml(fill or "#ffffff")}" stroke="#1f2937" stroke-width="1.5"'
    if highlighted:
        paint = f'fill="{_xml(fill or "#ffffff")}" {_HIGHLIGHT}'
    if node.shape == "keputusan":
        points = f"{_n(node.cx)},{_n(y)} {_n(x + w)},{_n(node.cy)} {_n(node.cx)},{_n(y + h)} "
        shape = f'<polygon class="shape" points="{points}{_n(x)},{_n(node.cy)}" {paint}/>'
    else:
        radius = h / 2 if node.shape == "terminator" else 3
        shape = (
            f'<rect class="shape" x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" '
            f'rx="{_n(radius)}" {paint}/>'
        )
    if node.step is None:
        attrs = (
            f'class="terminator" data-terminator="{"mulai" if node.key == START else "selesai"}"'
        )
    else:
        attrs = f'class="step" data-step="{_xml(node.key)}" data-kind="{node.step.kind}"'
        if highlighted:
            attrs += ' data-highlight="true"'
    extra = _badge(node, badge) if badge is not None else ""
    return (
        f"<g {attrs}><title>{_xml(node.text)}</title>{shape}"
        f"{_text(node.lines, node.cx, node.cy)}{extra}</g>"
    )


def _badge(node: _Node, badge: str) -> str:
    text = badge if len(badge) <= BADGE_MAX else badge[: BADGE_MAX - 1] + "…"
    x, y = node.cx + node.half + 3, node.top
    return (
        f'<g class="badge"><rect x="{_n(x)}" y="{_n(y)}" width="{_n(6.6 * len(text) + 10)}" '
        f'height="16" rx="8" fill="#1e3a8a"/><text x="{_n(x + 5)}" y="{_n(y + 12)}" '
        f'fill="#ffffff" font-size="10" font-weight="bold">{_xml(text)}</text></g>'
    )


def _edge_svg(
    edge: _Edge,
    channel: float | None,
    letters: dict[str, str],
    words: dict[str, str],
) -> str:
    """The arrow of one transition, its Ya/Tidak label and, for a far jump, its connector."""
    s, t = edge.source, edge.target
    side = edge.label == "tidak"
    start: Point = (s.cx + s.half, s.cy) if side else (s.cx, s.bottom)
    rows = t.row - s.row
    extra = ""
    if channel is not None:  # back to an earlier step: out to its channel, up, in from the right
        drop = [] if side else [(s.cx, s.bottom + GAP * 0.3)]
        points = [start, *drop, (channel, drop[0][1] if drop else s.cy)]
        points += [(channel, t.cy), (t.cx + t.half, t.cy)]
    elif rows == 1:
        mid = s.bottom + GAP * (0.7 if side else 0.5)
        corner = [(start[0] + 14, start[1]), (start[0] + 14, mid)] if side else [(s.cx, mid)]
        points = [start, *corner, (t.cx, mid), (t.cx, t.top)]
    else:  # a jump forward over other rows: to a connector marked with the target's letter
        centre = (start[0] + 16, start[1] + 25) if side else (s.cx, s.bottom + 30)
        points = [start, (centre[0], start[1])] if side else [start]
        points.append((centre[0], centre[1] - 10))
        extra = _connector(centre, letters[t.key])
    label = ""
    if edge.label is not None:
        lx, ly = (start[0] + 2, start[1] - 5) if side else (start[0] + 5, start[1] + 12)
        label = (
            f'<text class="edge-label" x="{_n(lx)}" y="{_n(ly)}" font-size="10" '
            f'font-weight="bold">{words[edge.label]}</text>'
        )
    return (
        f'<g class="edge" data-from="{_xml(s.key)}" data-to="{_xml(t.key)}" '
        f'data-label="{edge.label or ""}"><polyline points="{_points(_dedupe(points))}" '
        'fill="none" stroke="#1f2937" stroke-width="1.3" marker-end="url(#lentera-arrow)"/>'
        f"{extra}{label}</g>"
    )


def _incoming_connectors(nodes: list[_Node], letters: dict[str, str]) -> Iterator[str]:
    """For each target of a far jump, its connector left of the symbol with an arrow into it."""
    for node in nodes:
        if node.key in letters:
            lane_left = node.cx - LANE_W / 2
            centre = (max(node.cx - node.half - 22, lane_left + 11), node.cy)
            arrow = _points([(centre[0] + 8, node.cy), (node.cx - node.half, node.cy)])
            yield (
                f'<g class="connector-in" data-to="{_xml(node.key)}">'
                f"{_connector(centre, letters[node.key])}"
                f'<polyline points="{arrow}" fill="none" stroke="#1f2937" stroke-width="1.3" '
                'marker-end="url(#lentera-arrow)"/></g>'
            )


def _connector(centre: Point, letter: str) -> str:
    """The off-page connector: a pentagon pointing down, marked with a letter."""
    x, y = centre
    outline = [(x - 8, y - 10), (x + 8, y - 10), (x + 8, y + 4), (x, y + 10), (x - 8, y + 4)]
    return (
        f'<polygon class="connector" data-letter="{letter}" points="{_points(outline)}" '
        f'fill="#ffffff" stroke="#1f2937" stroke-width="1.3"/>'
        + _text([letter], x, y - 2, 'font-size="10" font-weight="bold"')
    )


def _text(lines: tuple[str, ...] | list[str], x: float, cy: float, attrs: str = "") -> str:
    """Centred lines of escaped text around ``cy``."""
    first = cy - (len(lines) - 1) * LINE_H / 2 + 3.5
    spans = "".join(
        f'<tspan x="{_n(x)}" y="{_n(first + i * LINE_H)}">{_xml(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    extra = f" {attrs}" if attrs else ""
    return f'<text text-anchor="middle"{extra}>{spans}</text>'


def _wrap(text: str, width: int, most: int) -> tuple[str, ...]:
    """Word-wrap ``text``; beyond ``most`` lines the last one ends with an ellipsis."""
    lines = textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False) or [""]
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return tuple(lines)


def _xml(text: str) -> str:
    """Text escaped for XML content and double-quoted attributes; characters XML forbids go."""
    return escape(_NOT_XML.sub("", text), {'"': "&quot;"})


def _dedupe(points: list[Point]) -> list[Point]:
    return [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]


def _points(points: list[Point]) -> str:
    return " ".join(f"{_n(x)},{_n(y)}" for x, y in points)


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")
