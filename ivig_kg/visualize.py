"""One self-contained, offline, escaped HTML page of the IVIG network, drawn by pyvis (vis-network).

`render_html` asks pyvis for a page with vis-network inlined (``cdn_resources="in_line"``), then
rewrites it: it removes the Bootstrap and ``../node_modules`` references pyvis leaves in, removes
pyvis's unescaped heading, adds a strict Content-Security-Policy whose script-src lists the
SHA-256 of each inline script (so an injected script or ``onerror=`` handler cannot run), and adds
the title, a "how to read" note, a legend that doubles as a kind filter, a search box, topic and
focus controls and a details panel.

Text from the data reaches the page in three ways, each safe on its own:

* tooltips and the details panel: HTML built here from ``html.escape``-d parts only;
* node and edge labels: drawn on the canvas by vis-network, never parsed as HTML;
* everything else (search list, legend): put in the page with ``textContent`` by our script.

All of it also sits inside ``<script>`` as JSON, where ``<``, ``>``, ``&`` and ``'`` are written
as ``\\u003c``-style escapes (see `_json`), so no data can close the script element.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ivig_kg.network import FAMILIES, KINDS, VIEW_FAMILIES, VIEWS, short_name, view_edges

if TYPE_CHECKING:
    import networkx as nx

DEFAULT_TITLE = "IVIG: uses, mechanisms and adverse effects"
DEFAULT_OUT = Path("ivig-kg-graph.html")

#: Node kind -> (fill colour, vis-network shape). Shapes group kinds: conditions are dots, biology
#: diamonds, care and context squares, the drug a hexagon, findings small triangles.
NODE_STYLE: dict[str, tuple[str, str]] = {
    "drug": ("#1f4e9c", "hexagon"),
    "disease": ("#e8743b", "dot"),
    "phenotypic-feature": ("#d6457a", "dot"),
    "cell": ("#2a9d8f", "diamond"),
    "cell-population": ("#52b8ab", "diamond"),
    "molecular-entity": ("#7b52ab", "diamond"),
    "biological-process": ("#5f9e3a", "diamond"),
    "anatomical-entity": ("#a8766b", "diamond"),
    "procedure": ("#d4a017", "square"),
    "clinical-measure": ("#8d99ae", "square"),
    "population": ("#8c5a2b", "square"),
    "organization": ("#3d5a80", "square"),
    "finding": ("#9aa0a6", "triangle"),
}
#: Edge family -> (colour, dashed, width).
EDGE_STYLE: dict[str, tuple[str, bool, float]] = {
    "indication": ("#2e7d32", False, 2.0),
    "adverse-effect": ("#c62828", False, 2.0),
    "mechanism": ("#6a1b9a", False, 2.0),
    "recommendation": ("#ef6c00", False, 2.0),
    "qualifier": ("#78909c", True, 1.2),
    "finding": ("#b0b4b9", True, 1.0),
    "entity": ("#9e9e9e", True, 1.0),
}
FAMILY_NAMES: dict[str, str] = {
    "indication": "use (treats / prevents)",
    "adverse-effect": "adverse effect",
    "mechanism": "mechanism step",
    "recommendation": "recommendation",
    "qualifier": "qualifies a statement",
    "finding": "finding is about",
    "entity": "kind of / related to",
}
VIEW_NAMES: dict[str, str] = {
    "all": "Everything",
    "indications": "Uses and how to give it",
    "mechanisms": "Mechanisms",
    "adverse-effects": "Adverse effects",
}

HOW_TO_READ = (
    "Shapes are the things the article talks about; colour and shape give their kind (key "
    "below). Lines are its statements: green a use, red an adverse effect, purple a step of "
    "how IVIG may work, orange a recommendation, grey dashed a detail. Bigger shapes have more "
    "lines. Hover over or click anything to read it in plain words with the article section "
    "and reference it comes from; scroll to zoom in and the line labels appear."
)

_OPTIONS: dict[str, Any] = {
    # positions come from `layout`, so there is nothing for physics to settle: off from the start
    "physics": {"enabled": False},
    "layout": {"improvedLayout": False},
    "interaction": {
        "hover": True,
        "tooltipDelay": 120,
        "hideEdgesOnDrag": False,
        "navigationButtons": False,
        "keyboard": {"enabled": True, "bindToWindow": False},
        "multiselect": True,
    },
    "nodes": {
        "borderWidth": 1.5,
        "font": {"size": 20, "face": "Helvetica, Arial, sans-serif", "color": "#1b1b1b",
                 "strokeWidth": 4, "strokeColor": "#ffffff"},
        "widthConstraint": {"maximum": 215},
    },
    "edges": {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
        "font": {"size": 13, "face": "Helvetica, Arial, sans-serif", "color": "#333333",
                 "strokeWidth": 3, "strokeColor": "#ffffff", "align": "middle"},
        "selectionWidth": 2,
        "scaling": {"label": {"drawThreshold": 10}},
        "hoverWidth": 1.5,
    },
}


# -- text from data -> escaped HTML ------------------------------------------------------------

def _e(text: object) -> str:
    """Escape one piece of data text for HTML (quotes included)."""
    return html.escape(str(text), quote=True)


def _references(numbers: list[int]) -> str:
    if not numbers:
        return "no reference number"
    word = "reference" if len(numbers) == 1 else "references"
    return f"{word} {', '.join(str(n) for n in numbers)}"


def _where(attrs: dict[str, Any]) -> str:
    section = attrs.get("section")
    if not section:
        return "Not a statement of the article: a link the curators made between two entities."
    return (f"Where: the article's section \u201c{_e(section)}\u201d, "
            f"{_e(_references(attrs.get('references') or []))}.")


def node_tooltip(node_id: str, attrs: dict[str, Any]) -> str:
    """Return the tooltip of a node as HTML made only of escaped data text."""
    kind = attrs.get("kind", "")
    lines = [f"<b>{_e(attrs.get('label', node_id))}</b>"]
    what = KINDS.get(kind, kind)
    if attrs.get("categories"):
        what += " \u00b7 " + ", ".join(c.replace("-", " ") for c in attrs["categories"])
    lines.append(f"<i>{_e(what)}</i>")
    if kind == "finding":
        lines.append(f"Finding: {_e(attrs.get('statement', ''))}")
        for name, value in (attrs.get("qualifiers") or {}).items():
            lines.append(f"{_e(name)}: {_e(value)}")
        lines.append(_where(attrs))
    elif attrs.get("description"):
        lines.append(_e(attrs["description"]))
    if attrs.get("mappings"):
        ids = ", ".join(f"{m['curie']} ({m['match']})" for m in attrs["mappings"])
        lines.append(f"Same as or close to: {_e(ids)}")
    if attrs.get("note"):
        lines.append(f"Curators' note: {_e(attrs['note'])}")
    if "degree" in attrs:
        lines.append(f"{_e(attrs['degree'])} line(s) in this view \u00b7 id: {_e(node_id)}")
    return "<br>".join(lines)


def edge_tooltip(attrs: dict[str, Any]) -> str:
    """Return the tooltip of an edge as HTML made only of escaped data text."""
    family = attrs.get("family", "")
    lines = [f"<b>{_e(attrs.get('explanation', ''))}</b>"]
    statement = attrs.get("statement")
    if statement and statement != attrs.get("explanation"):
        kind = {"finding": "Finding", "entity": "Link"}.get(family, "Statement")
        lines.append(f"{kind}: {_e(statement)}")
    qualifiers = attrs.get("qualifiers") or {}
    if qualifiers:
        lines.append("; ".join(f"{_e(k)}: {_e(v)}" for k, v in qualifiers.items()))
    if attrs.get("hedge"):
        lines.append(f"The article's own hedging words: \u201c{_e(attrs['hedge'])}\u201d")
    lines.append(_where(attrs))
    if attrs.get("note"):
        lines.append(f"Curators' note: {_e(attrs['note'])}")
    lines.append(f"<i>{_e(FAMILY_NAMES.get(family, family))}</i>"
                 + (f" \u00b7 statement id: {_e(attrs['assertion'])}" if attrs.get("assertion")
                    else ""))
    return "<br>".join(lines)


def _json(value: object) -> str:
    """JSON safe inside a <script> element: no '<', '>', '&' or "'" appears literally."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027"),
                       ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return text


# -- the network ------------------------------------------------------------------------------

def display_label(label: str, *, limit: int = 30) -> str:
    """Return the label drawn on the canvas: a long name with an acronym becomes the acronym
    ("intravenous immunoglobulin (IVIG)" -> "IVIG"); tooltips keep the full name."""
    return short_name(label) if len(label) > limit else label


def _node_font(kind: str, is_hub: bool) -> dict[str, Any]:
    if kind == "finding":
        return {"size": 12, "color": "#555555"}
    return {"size": 30 if is_hub else 20, "color": "#1b1b1b"}


def _size(degree: int) -> float:
    return round(min(42.0, 9.0 + 4.2 * math.sqrt(degree)), 1)


def _node_size(g: nx.MultiDiGraph, node_id: str, kind: str) -> float:
    return round(_size(g.degree(node_id)) * (0.75 if kind == "finding" else 1.0), 1)


def _smooth(index: int, count: int) -> dict[str, Any]:
    """Curve parallel edges apart: an odd bundle keeps one straight line, the others bend to
    alternating sides, further out two by two."""
    if count % 2 and index == 0:
        return {"enabled": False}
    step = (index + 1) // 2 if count % 2 else index // 2 + 1
    side = "curvedCW" if index % 2 else "curvedCCW"
    return {"enabled": True, "type": side, "roundness": round(0.22 * step, 2)}


def _view_membership(g: nx.MultiDiGraph) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Return, for every node and every edge key, the topics (views) it belongs to."""
    node_views: dict[str, list[str]] = defaultdict(list)
    edge_views: dict[str, list[str]] = defaultdict(list)
    for view in VIEW_FAMILIES:
        keep = view_edges(g, view)
        for u, v, k in g.edges(keys=True):
            if k in keep:
                edge_views[str(k)].append(view)
                for n in (str(u), str(v)):
                    if view not in node_views[n]:
                        node_views[n].append(view)
    return node_views, edge_views


_SECTOR_OF_FAMILY = {
    "indication": "uses", "recommendation": "uses", "adverse-effect": "harms",
    "mechanism": "how", "finding": "findings", "qualifier": "other", "entity": "other",
}
#: Sectors around the hub, clockwise (screen y points down); "harms" is centred on the right.
_SECTORS = ("harms", "how", "uses", "findings", "other")
_FAMILY_ORDER = tuple(_SECTOR_OF_FAMILY)
_BAND_OF_SECTOR = {"harms": "right", "how": "bottom", "uses": "left", "findings": "top",
                   "other": "top"}
HUB_CLEARANCE = 110.0
PER_COLUMN = 6  # neighbours of the hub per column on the left and right
COLUMN_GAP = 165.0
ROW_GAP = 75.0
#: The drawing area of the page on a 1280x800 screen (canvas width, height in CSS pixels).
CANVAS = (1065.0, 762.0)
_CHAR_WIDTH = 0.5  # average glyph width of Helvetica, in font sizes
_LINE_HEIGHT = 1.25


def _hub(g: nx.MultiDiGraph) -> str | None:
    """The node in the middle: the focus of a focused view, else the node with the most lines
    (ties: a drug, then the smallest id)."""
    if g.number_of_nodes() == 0:
        return None
    if g.graph.get("focus") in g:
        return str(g.graph["focus"])
    return str(max(g.nodes, key=lambda n: (g.degree(n), g.nodes[n].get("kind") == "drug",
                                          str(n))))


_STATUS_ORDER = ("fda-approved", "guideline-recommended", "other-common-use", "described-use")


def _edge_rank(d: dict[str, Any]) -> tuple[int, int, str]:
    """Order of the hub's lines around the ring: by family, then use status, then label."""
    status = d.get("status", "")
    return (_FAMILY_ORDER.index(d.get("family", "entity")),
            _STATUS_ORDER.index(status) if status in _STATUS_ORDER else len(_STATUS_ORDER),
            str(d.get("label", "")))


def _wrap(label: str, font: float, limit: float) -> tuple[float, int]:
    """Estimate the width and line count of a label wrapped at word breaks, as vis-network does."""
    space = font * _CHAR_WIDTH
    lines, line, widest = 1, 0.0, 0.0
    for word in label.split():
        width = len(word) * space
        if line and line + space + width > limit:
            lines, widest, line = lines + 1, max(widest, line), width
        else:
            line = line + space + width if line else width
    return max(widest, line), lines


def _label_box(label: str, font: float, size: float) -> tuple[float, float, float]:
    """Return (half width, height above the centre, height below it) of a shape and its label
    drawn underneath, wrapped at the width constraint."""
    if not label:
        return size, size, size
    width, lines = _wrap(label, font, _OPTIONS["nodes"]["widthConstraint"]["maximum"])
    return max(width, 2 * size) / 2, size, size + 4 + lines * font * _LINE_HEIGHT


def layout_boxes(g: nx.MultiDiGraph) -> dict[str, tuple[float, float, float]]:
    """Estimated (half width, height above, height below) of every node with its label."""
    hub = _hub(g)
    boxes = {}
    for node_id, attrs in g.nodes(data=True):
        kind = attrs.get("kind", "")
        label = display_label(str(attrs.get("label", node_id))) if kind != "finding" else ""
        boxes[str(node_id)] = _label_box(label, _node_font(kind, str(node_id) == hub)["size"],
                                         _node_size(g, str(node_id), kind))
    return boxes


def layout(g: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Return fixed positions for every node: a map around the hub, by topic.

    The hub (the most connected node: IVIG in every view) sits in the middle. Its neighbours
    sit in four bands by what links them: adverse effects in two columns on the right, uses in
    two columns on the left, mechanisms in two rows below, findings and the rest above. Nodes
    further from the hub sit outside their neighbours. Overlapping shapes and labels are then
    pushed apart. Deterministic: the page looks the same every time and needs no physics.
    """
    if g.number_of_nodes() == 0:
        return {}
    und = g.to_undirected(as_view=True)
    hub = _hub(g)
    assert hub is not None
    boxes = layout_boxes(g)
    # keep a clear space round the hub, so its many lines stay long enough to read
    boxes[hub] = (HUB_CLEARANCE * 1.3, HUB_CLEARANCE, HUB_CLEARANCE)
    rank: dict[str, tuple[int, int, int, str, str]] = {}
    for n in und.neighbors(hub):
        if n == hub:
            continue
        datas = [*g.get_edge_data(hub, n, default={}).values(),
                 *g.get_edge_data(n, hub, default={}).values()]
        first = min(datas, key=_edge_rank)
        family = first.get("family", "entity")
        rank[str(n)] = (_SECTORS.index(_SECTOR_OF_FAMILY.get(family, "other")),
                        *_edge_rank(first), str(g.nodes[n].get("label", n)))
    band: dict[str, list[str]] = {"right": [], "bottom": [], "left": [], "top": []}
    for n in sorted(rank, key=lambda n: rank[n]):
        band[_BAND_OF_SECTOR[_SECTORS[rank[n][0]]]].append(n)
    for one, other in (("right", "left"), ("left", "right"), ("bottom", "top"), ("top", "bottom")):
        if len(band[one]) >= 4 and not band[other]:  # a one-topic view: use both sides
            half = len(band[one]) // 2
            band[one], band[other] = band[one][:-half], band[one][-half:]
    side = max(len(band["left"]), len(band["right"]), 1)
    across = max(len(band["top"]), len(band["bottom"]), 1)
    height = min(max(17.0 * side, 90.0), 300.0)
    width = min(max(45.0 * across, 90.0), 260.0)
    inner_x = width + 150.0
    inner_y = max(150.0, 0.8 * height)
    pos: dict[str, tuple[float, float]] = {hub: (0.0, 0.0)}
    # a neighbour joined to the hub by several lines sits further out, so the curves fit
    further = {n: 1.0 + 0.12 * (g.number_of_edges(hub, n) + g.number_of_edges(n, hub) - 1)
               for n in rank}

    def spread(count: int, half: float) -> list[float]:
        if count == 1:
            return [0.0]
        return [-half + 2 * half * i / (count - 1) for i in range(count)]

    for name, members in band.items():
        sign = -1.0 if name in ("left", "top") else 1.0
        if name in ("left", "right"):
            columns = max(1, math.ceil(len(members) / PER_COLUMN))
            for i, (n, y) in enumerate(zip(members, spread(len(members), height), strict=True)):
                pos[n] = (sign * (inner_x + COLUMN_GAP * (i % columns)) * further[n], y)
        else:
            for i, (n, x) in enumerate(zip(members, spread(len(members), width), strict=True)):
                pos[n] = (x, sign * (inner_y + ROW_GAP * (i % 2)) * further[n])
    while len(pos) < g.number_of_nodes():
        frontier = sorted(str(n) for n in g.nodes
                          if str(n) not in pos and any(str(m) in pos for m in und[n]))
        if not frontier:  # not connected to the hub: a row underneath
            lowest = max(y for _, y in pos.values())
            rest = sorted(str(n) for n in g.nodes if str(n) not in pos)
            for x, n in zip(spread(len(rest), 60.0 * len(rest)), rest, strict=True):
                pos[n] = (x, lowest + 150.0)
            break
        taken: dict[tuple[int, int], int] = defaultdict(int)
        for n in frontier:
            near = [pos[str(m)] for m in und[n] if str(m) in pos]
            cx, cy = sum(x for x, _ in near) / len(near), sum(y for _, y in near) / len(near)
            norm = math.hypot(cx, cy) or 1.0
            ux, uy = (cx / norm, cy / norm) if math.hypot(cx, cy) > 1 else (0.0, 1.0)
            slot = (round(cx / 40), round(cy / 40))
            k = taken[slot]
            taken[slot] += 1
            offset = (k + 1) // 2 * (1 if k % 2 else -1) * 60.0
            pos[n] = (cx + ux * 190.0 - uy * offset, cy + uy * 130.0 + ux * offset)
    pos = _compact(_separate(pos, boxes, fixed=hub), boxes, fixed=hub)
    lines = sorted({(str(u), str(v)) for u, v in g.edges() if u != v})
    return _separate(pos, boxes, lines, fixed=hub, rounds=120)


def _fit_scale(pos: dict[str, tuple[float, float]],
               boxes: dict[str, tuple[float, float, float]]) -> float:
    """The zoom at which the whole drawing fits the canvas of a 1280x800 screen."""
    default = (20.0, 10.0, 30.0)
    xs = [x + s * boxes.get(n, default)[0] for n, (x, _) in pos.items() for s in (-1, 1)]
    ys = [y - boxes.get(n, default)[1] for n, (_, y) in pos.items()]
    ys += [y + boxes.get(n, default)[2] for n, (_, y) in pos.items()]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    return min(CANVAS[0] / max(width, 1.0), CANVAS[1] / max(height, 1.0))


def _compact(pos: dict[str, tuple[float, float]], boxes: dict[str, tuple[float, float, float]],
             *, fixed: str, rounds: int = 12) -> dict[str, tuple[float, float]]:
    """Shrink the drawing towards the hub and separate again, while that lets it fit the screen
    at a larger zoom; return the best drawing found."""
    best, best_scale = pos, _fit_scale(pos, boxes)
    current = pos
    for _ in range(rounds):
        # shrink the dimension that limits the zoom harder, so the drawing takes the screen's shape
        width = max(x for x, _ in current.values()) - min(x for x, _ in current.values())
        height = max(y for _, y in current.values()) - min(y for _, y in current.values())
        too_tall = height * CANVAS[0] > width * CANVAS[1]
        fx, fy = (0.97, 0.88) if too_tall else (0.88, 0.97)
        shrunk = {n: (x * fx, y * fy) for n, (x, y) in current.items()}
        current = _separate(shrunk, boxes, fixed=fixed)
        scale = _fit_scale(current, boxes)
        if scale > best_scale:
            best, best_scale = current, scale
    return best


def _separate(pos: dict[str, tuple[float, float]], boxes: dict[str, tuple[float, float, float]],
              lines: list[tuple[str, str]] | None = None, *, fixed: str, margin: float = 14.0,
              rounds: int = 200) -> dict[str, tuple[float, float]]:
    """Push apart shapes whose boxes (shape plus label) overlap, along the cheaper axis, and
    push shapes off lines that pass through them (a line must not seem to go through a node)."""
    ids = sorted(pos)
    xy = {n: list(pos[n]) for n in ids}
    box = {n: boxes.get(n, (20.0, 10.0, 30.0)) for n in ids}
    widest = max(hw for hw, _, _ in box.values())
    for _ in range(rounds):
        moved = False
        order = sorted(ids, key=lambda n: (xy[n][0], n))  # sweep by x: skip far-apart pairs
        for a_index, a in enumerate(order):
            ahw, aup, adown = box[a]
            for b in order[a_index + 1:]:
                ax, ay = xy[a]
                bx, by = xy[b]
                if bx - ax > ahw + widest + margin + 60.0:  # 60: room for this round's moves
                    break
                bhw, bup, bdown = box[b]
                overlap_x = ahw + bhw + margin - abs(ax - bx)
                if overlap_x <= 0:
                    continue
                if ay <= by:
                    overlap_y = (ay + adown) - (by - bup) + margin
                else:
                    overlap_y = (by + bdown) - (ay - aup) + margin
                if overlap_y <= 0:
                    continue
                moved = True
                if overlap_x < overlap_y:
                    shift, axis, sign = overlap_x / 2, 0, (1.0 if ax >= bx else -1.0)
                else:
                    shift, axis, sign = overlap_y / 2, 1, (1.0 if ay >= by else -1.0)
                shift = min(shift, 30.0) + 0.5
                if a != fixed:
                    xy[a][axis] += sign * shift * (2.0 if b == fixed else 1.0)
                if b != fixed:
                    xy[b][axis] -= sign * shift * (2.0 if a == fixed else 1.0)
        for u, v in lines or ():
            (ux, uy), (vx, vy) = xy[u], xy[v]
            dx, dy = vx - ux, vy - uy
            length2 = dx * dx + dy * dy
            if length2 < 1.0:
                continue
            low_x, high_x = min(ux, vx) - 40.0, max(ux, vx) + 40.0
            low_y, high_y = min(uy, vy) - 40.0, max(uy, vy) + 40.0
            for m in ids:
                mx, my = xy[m]
                if not (low_x < mx < high_x and low_y < my < high_y) or m in (u, v, fixed):
                    continue
                t = ((mx - ux) * dx + (my - uy) * dy) / length2
                if not 0.0 < t < 1.0:
                    continue
                px, py = ux + t * dx, uy + t * dy
                distance = math.hypot(mx - px, my - py)
                clearance = box[m][1] + 12.0
                if distance >= clearance:
                    continue
                moved = moved or clearance - distance > 1.0
                if distance < 0.01:
                    nx_, ny_ = -dy / math.sqrt(length2), dx / math.sqrt(length2)
                else:
                    nx_, ny_ = (mx - px) / distance, (my - py) / distance
                # move the node off the line and swing the line away, half each
                push = (clearance - distance + 0.5) / 2
                xy[m][0] += nx_ * push
                xy[m][1] += ny_ * push
                for end, share in ((v, t), (u, 1.0 - t)):
                    if end != fixed and share > 0.25:
                        xy[end][0] -= nx_ * min(push / share, 20.0) / 2
                        xy[end][1] -= ny_ * min(push / share, 20.0) / 2
        if not moved:
            break
    return {n: (round(xy[n][0], 1), round(xy[n][1], 1)) for n in ids}


def build_network(g: nx.MultiDiGraph, *, title: str = DEFAULT_TITLE) -> Any:
    """Return a pyvis Network of `g` with styles, escaped tooltips and our options set."""
    from pyvis.network import Network

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line",
                  heading=_e(title), bgcolor="#ffffff")
    labels = {str(n): str(d.get("label", n)) for n, d in g.nodes(data=True)}
    node_views, edge_views = _view_membership(g)
    hub = _hub(g)
    positions = layout(g)
    for node_id, attrs in sorted(g.nodes(data=True), key=lambda item: str(item[0])):
        kind = attrs.get("kind", "")
        colour, shape = NODE_STYLE.get(kind, ("#9aa0a6", "dot"))
        degree = g.degree(node_id)
        tooltip = node_tooltip(str(node_id), {**attrs, "degree": degree})
        net.add_node(
            str(node_id),
            label=display_label(labels[str(node_id)]),
            fullLabel=labels[str(node_id)],
            shape=shape,
            color={"background": colour, "border": "#ffffff",
                   "highlight": {"background": colour, "border": "#000000"},
                   "hover": {"background": colour, "border": "#000000"}},
            size=_node_size(g, str(node_id), kind),
            font=_node_font(kind, str(node_id) == hub),
            scaling={"label": {"drawThreshold": 9 if kind == "finding" else 5}},
            kind=kind,
            info=tooltip,
            views=node_views.get(str(node_id), []),
            x=positions[str(node_id)][0],
            y=positions[str(node_id)][1],
        )
    pairs: dict[frozenset[str], list[str]] = defaultdict(list)
    for u, v, k in g.edges(keys=True):
        pairs[frozenset((str(u), str(v)))].append(str(k))
    for u, v, k, attrs in sorted(g.edges(keys=True, data=True), key=lambda e: str(e[2])):
        family = attrs.get("family", "")
        colour, dashed, width = EDGE_STYLE.get(family, ("#9e9e9e", True, 1.0))
        group = pairs[frozenset((str(u), str(v)))]
        smooth = _smooth(group.index(str(k)), len(group))
        if smooth.get("enabled") and str(u) > str(v):  # keep the side stable for a reversed edge
            smooth["type"] = "curvedCCW" if smooth["type"] == "curvedCW" else "curvedCW"
        net.add_edge(
            str(u), str(v),
            id=str(k),
            label=str(attrs.get("label") or ""),
            color={"color": colour, "highlight": colour, "hover": colour, "opacity": 0.9},
            dashes=dashed,
            width=width,
            smooth=smooth,
            family=family,
            about=list(attrs.get("about") or []),
            assertion=attrs.get("assertion") or str(k),
            views=edge_views.get(str(k), []),
            info=edge_tooltip(attrs),
        )
    net.set_options(json.dumps(_OPTIONS))
    return net


# -- the page ---------------------------------------------------------------------------------

_STYLE = """
html, body { margin: 0; height: 100%; font-family: Helvetica, Arial, sans-serif; color: #1b1b1b; }
body { display: grid; grid-template-rows: auto 1fr; grid-template-columns: 215px 1fr;
       height: 100vh; overflow: hidden; }
#ivig-header { grid-column: 1 / 3; display: flex; align-items: center; gap: 12px;
               padding: 5px 12px; background: #f7f8fa; border-bottom: 1px solid #ddd; }
#ivig-header h1 { font-size: 19px; margin: 0; white-space: nowrap; }
#ivig-subtitle { font-size: 12px; color: #555; flex: 1 1 auto; min-width: 0; overflow: hidden;
                 text-overflow: ellipsis; white-space: nowrap; }
#ivig-controls { display: flex; gap: 6px; align-items: center; font-size: 13px; flex: none;
                 white-space: nowrap; }
#ivig-controls input, #ivig-controls select, #ivig-controls button { font-size: 13px;
                 padding: 3px 6px; }
#ivig-search { width: 150px; }
#ivig-topic { max-width: 175px; }
#ivig-search-status { min-width: 56px; color: #555; font-size: 12px; }
#ivig-side { grid-row: 2; overflow-y: auto; padding: 2px 10px 8px; border-right: 1px solid #ddd;
             font-size: 12px; line-height: 1.3; background: #fcfcfd; }
#ivig-side h2 { font-size: 13px; margin: 6px 0 3px; }
#ivig-side p { margin: 0 0 6px; }
#ivig-side #ivig-source { margin-top: 10px; color: #555; font-size: 11.5px; }
.ivig-key { display: flex; align-items: center; gap: 6px; margin: 1px 0; cursor: pointer; }
.ivig-key input { margin: 0; }
.ivig-key svg { flex: none; }
.ivig-key .ivig-count { color: #777; margin-left: auto; }
#ivig-main { grid-row: 2; position: relative; min-width: 0; min-height: 0; }
#ivig-main .card { height: 100%; border: 0; }
#mynetwork { width: 100% !important; height: 100% !important; float: none !important;
             border: 0 !important; position: absolute !important; inset: 0; }
#ivig-details { position: absolute; right: 10px; top: 10px; width: 330px; max-height: 60%;
                overflow-y: auto; background: rgba(255,255,255,0.96); border: 1px solid #ccc;
                border-radius: 6px; padding: 8px 10px; font-size: 12.5px; line-height: 1.4;
                box-shadow: 0 2px 8px rgba(0,0,0,0.15); display: none; z-index: 5; }
#ivig-details .ivig-close { float: right; border: 0; background: none; font-size: 16px;
                cursor: pointer; }
#ivig-status { position: absolute; left: 10px; bottom: 8px; font-size: 11.5px; color: #666;
               background: rgba(255,255,255,0.85); padding: 2px 6px; border-radius: 4px; }
#mynetwork:focus, #mynetwork *:focus { outline: none; }
div.vis-tooltip { max-width: 380px; white-space: normal !important; font-size: 12.5px;
                  line-height: 1.4; font-family: Helvetica, Arial, sans-serif; padding: 6px 8px;
                  background: #fffffb; border: 1px solid #999; }
"""

_SCRIPT = r"""
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("ivig-config").textContent);
  var ready = false;
  var state = {topic: "all", focus: null, kinds: {}, families: {}};
  cfg.kinds.forEach(function (k) { state.kinds[k.id] = true; });
  cfg.families.forEach(function (f) { state.families[f.id] = true; });

  function htmlElement(markup) {
    // markup was built in Python from html.escape-d data text only
    var div = document.createElement("div");
    div.innerHTML = markup;
    return div;
  }
  nodes.update(nodes.get().map(function (n) { return {id: n.id, title: htmlElement(n.info)}; }));
  edges.update(edges.get().map(function (e) { return {id: e.id, title: htmlElement(e.info)}; }));

  var statusBox = document.getElementById("ivig-status");
  function freeze() {
    if (ready) { return; }
    ready = true;
    network.setOptions({physics: {enabled: false}});
    network.fit({animation: false, maxZoomLevel: 0.9});
    // time since the page started loading, until the graph is drawn and still
    window.ivigSettleMs = Math.round(performance.now());
    document.body.setAttribute("data-ready", "true");
    showCounts();
  }
  network.once("afterDrawing", function () { setTimeout(freeze, 0); });
  setTimeout(freeze, 3000);  // in case the first drawing happened before we listened

  // -- what is shown: topic, focus, kinds, families ------------------------------------------
  function focusEdges(start) {
    var all = edges.get();
    var byStatement = {};
    all.forEach(function (e) { (byStatement[e.assertion] = byStatement[e.assertion] || []).push(e); });
    var keep = {};
    all.forEach(function (e) {
      if (e.from === start || e.to === start || (e.about || []).indexOf(start) >= 0) {
        byStatement[e.assertion].forEach(function (x) { keep[x.id] = true; });
      }
    });
    return keep;
  }
  function apply() {
    var keepEdges = state.focus ? focusEdges(state.focus) : null;
    var shownNodes = {};
    var nodeKind = {};
    nodes.get().forEach(function (n) { nodeKind[n.id] = n.kind; });
    var edgeUpdates = edges.get().map(function (e) {
      var show = (state.topic === "all" || (e.views || []).indexOf(state.topic) >= 0) &&
        (!keepEdges || keepEdges[e.id]) && state.families[e.family] &&
        state.kinds[nodeKind[e.from]] && state.kinds[nodeKind[e.to]];
      if (show) { shownNodes[e.from] = true; shownNodes[e.to] = true; }
      return {id: e.id, hidden: !show};
    });
    var noFilter = state.topic === "all" && !keepEdges;
    var nodeUpdates = nodes.get().map(function (n) {
      var show = state.kinds[n.kind] && (shownNodes[n.id] || (noFilter && allFamiliesOn()) ||
        n.id === state.focus);
      return {id: n.id, hidden: !show};
    });
    edges.update(edgeUpdates);
    nodes.update(nodeUpdates);
    var visible = nodeUpdates.filter(function (n) { return !n.hidden; }).map(function (n) { return n.id; });
    if (visible.length) {
      network.fit({nodes: visible, animation: {duration: 300}, maxZoomLevel: 0.9});
    }
    showCounts();
  }
  function allFamiliesOn() {
    return Object.keys(state.families).every(function (f) { return state.families[f]; });
  }
  function showCounts() {
    var n = nodes.get({filter: function (x) { return !x.hidden; }}).length;
    var e = edges.get({filter: function (x) { return !x.hidden; }}).length;
    var text = n + " of " + nodes.length + " shapes, " + e + " of " + edges.length + " lines shown";
    if (state.focus) { text += " \u00b7 focused on: " + nodes.get(state.focus).label; }
    if (!ready) { text += " \u00b7 arranging\u2026"; }
    statusBox.textContent = text;
  }
  window.ivigVisibleCounts = function () {
    return {
      nodes: nodes.get({filter: function (x) { return !x.hidden; }}).length,
      edges: edges.get({filter: function (x) { return !x.hidden; }}).length
    };
  };

  // -- legend that filters by kind ------------------------------------------------------------
  function swatch(kind, isEdge) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "22"); svg.setAttribute("height", "14");
    var el;
    if (isEdge) {
      el = document.createElementNS(ns, "line");
      el.setAttribute("x1", "1"); el.setAttribute("y1", "7");
      el.setAttribute("x2", "21"); el.setAttribute("y2", "7");
      el.setAttribute("stroke", kind.colour); el.setAttribute("stroke-width", "3");
      if (kind.dashed) { el.setAttribute("stroke-dasharray", "4 3"); }
    } else if (kind.shape === "dot") {
      el = document.createElementNS(ns, "circle");
      el.setAttribute("cx", "11"); el.setAttribute("cy", "7"); el.setAttribute("r", "6");
    } else {
      el = document.createElementNS(ns, "polygon");
      var pts = {diamond: "11,0 18,7 11,14 4,7", square: "5,1 17,1 17,13 5,13",
        triangle: "11,1 18,13 4,13", hexagon: "7,1 15,1 19,7 15,13 7,13 3,7"};
      el.setAttribute("points", pts[kind.shape] || pts.square);
    }
    if (!isEdge) { el.setAttribute("fill", kind.colour); }
    svg.appendChild(el);
    return svg;
  }
  function keyRow(box, item, isEdge, store) {
    var label = document.createElement("label");
    label.className = "ivig-key";
    var check = document.createElement("input");
    check.type = "checkbox"; check.checked = true;
    check.setAttribute("data-" + (isEdge ? "family" : "kind"), item.id);
    check.addEventListener("change", function () { store[item.id] = check.checked; apply(); });
    label.appendChild(check);
    label.appendChild(swatch(item, isEdge));
    var text = document.createElement("span");
    text.textContent = item.name;
    label.appendChild(text);
    var count = document.createElement("span");
    count.className = "ivig-count";
    count.textContent = String(item.count);
    label.appendChild(count);
    box.appendChild(label);
  }
  var kindBox = document.getElementById("ivig-kinds");
  cfg.kinds.forEach(function (k) { keyRow(kindBox, k, false, state.kinds); });
  var familyBox = document.getElementById("ivig-families");
  cfg.families.forEach(function (f) { keyRow(familyBox, f, true, state.families); });

  // -- details panel --------------------------------------------------------------------------
  var details = document.getElementById("ivig-details");
  var detailsBody = document.getElementById("ivig-details-body");
  function showDetails(markup) {
    detailsBody.replaceChildren(htmlElement(markup));
    details.style.display = "block";
  }
  document.getElementById("ivig-details-close").addEventListener("click", function () {
    details.style.display = "none";
  });
  network.on("click", function (params) {
    if (params.nodes.length) { showDetails(nodes.get(params.nodes[0]).info); }
    else if (params.edges.length) { showDetails(edges.get(params.edges[0]).info); }
  });

  // -- search -------------------------------------------------------------------------------
  var search = document.getElementById("ivig-search");
  var found = document.getElementById("ivig-search-status");
  var list = document.getElementById("ivig-node-list");
  nodes.get().map(function (n) { return n.fullLabel; }).sort().forEach(function (label) {
    var option = document.createElement("option");
    option.value = label;
    list.appendChild(option);
  });
  function runSearch() {
    var q = search.value.trim().toLowerCase();
    if (!q) { network.unselectAll(); found.textContent = ""; return; }
    var hits = nodes.get({filter: function (n) {
      return !n.hidden && (n.fullLabel.toLowerCase().indexOf(q) >= 0 ||
        n.label.toLowerCase().indexOf(q) >= 0 || n.id.indexOf(q) >= 0);
    }});
    var exact = hits.filter(function (n) {
      return n.label.toLowerCase() === q || n.fullLabel.toLowerCase() === q || n.id === q;
    });
    if (exact.length) { hits = exact; }
    var ids = hits.map(function (n) { return n.id; });
    network.selectNodes(ids, false);
    found.textContent = ids.length === 1 ? "1 match" : ids.length + " matches";
    found.setAttribute("data-matches", String(ids.length));
    if (ids.length) {
      network.fit({nodes: ids, animation: {duration: 300},
        maxZoomLevel: 1.3});
      if (ids.length === 1) { showDetails(hits[0].info); }
    }
  }
  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { runSearch(); } });

  // -- topic and focus ----------------------------------------------------------------------
  var topic = document.getElementById("ivig-topic");
  cfg.topics.forEach(function (t) {
    var option = document.createElement("option");
    option.value = t.id; option.textContent = t.name;
    topic.appendChild(option);
  });
  topic.value = "all";
  topic.addEventListener("change", function () { state.topic = topic.value; apply(); });
  var focusButton = document.getElementById("ivig-focus");
  var resetButton = document.getElementById("ivig-reset");
  focusButton.addEventListener("click", function () {
    var selected = network.getSelectedNodes();
    if (!selected.length) { found.textContent = "select a shape first"; return; }
    state.focus = selected[0];
    apply();
  });
  resetButton.addEventListener("click", function () {
    state.topic = "all"; state.focus = null; topic.value = "all";
    Object.keys(state.kinds).forEach(function (k) { state.kinds[k] = true; });
    Object.keys(state.families).forEach(function (f) { state.families[f] = true; });
    document.querySelectorAll(".ivig-key input").forEach(function (c) { c.checked = true; });
    search.value = ""; found.textContent = "";
    network.unselectAll();
    apply();
  });
  showCounts();
})();
"""

_BODY = """
<header id="ivig-header">
  <h1 id="ivig-title">{title}</h1>
  <div id="ivig-subtitle">{subtitle}</div>
  <div id="ivig-controls">
    <input id="ivig-search" type="search" list="ivig-node-list" placeholder="Search, e.g. fever"
           aria-label="Search by name" autocomplete="off">
    <datalist id="ivig-node-list"></datalist>
    <span id="ivig-search-status" aria-live="polite"></span>
    <label for="ivig-topic">Topic</label>
    <select id="ivig-topic" aria-label="Topic"></select>
    <button id="ivig-focus" type="button" title="Show only what is stated about the selected shape">Focus on selected</button>
    <button id="ivig-reset" type="button">Show all</button>
  </div>
</header>
<aside id="ivig-side">
  <h2>How to read this graph</h2>
  <p id="ivig-how">{how}</p>
  <h2>Kinds of things <small>(untick to hide)</small></h2>
  <div id="ivig-kinds"></div>
  <h2>Kinds of lines</h2>
  <div id="ivig-families"></div>
  <p id="ivig-source">{source}</p>
</aside>
<main id="ivig-main">
"""

_AFTER_NETWORK = """
  <div id="ivig-details" role="dialog" aria-label="Details">
    <button id="ivig-details-close" class="ivig-close" type="button" aria-label="Close">\u00d7</button>
    <div id="ivig-details-body"></div>
  </div>
  <div id="ivig-status"></div>
</main>
"""


def _csp(script_hashes: list[str]) -> str:
    sources = " ".join(f"'sha256-{h}'" for h in script_hashes)
    return ("default-src 'none'; "
            f"script-src {sources}; "
            "style-src 'unsafe-inline'; "
            "img-src data:; font-src 'none'; connect-src 'none'; media-src 'none'; "
            "object-src 'none'; frame-src 'none'; worker-src 'none'; "
            "base-uri 'none'; form-action 'none'")


_SCRIPT_RE = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)


def _postprocess(page: str, *, title: str, subtitle: str, source: str, config: dict[str, Any]) -> str:
    """Turn pyvis's page into our offline, escaped, CSP-protected page."""
    # pyvis's heading (twice, unescaped by pyvis) and its commented-out ../node_modules tags
    page = re.sub(r"<center>\s*<h1>.*?</h1>\s*</center>", "", page, flags=re.DOTALL)
    page = re.sub(r"<!--.*?-->", "", page, flags=re.DOTALL)
    # every tag that would load something from outside the page (Bootstrap from the CDN)
    page = re.sub(r"<link\b[^>]*\bhref=[^>]*>", "", page, flags=re.IGNORECASE)
    page = re.sub(r"<script\b[^>]*\bsrc=[^>]*>\s*</script\s*>", "", page, flags=re.IGNORECASE)
    # our layout around pyvis's network div
    page = page.replace('<div class="card" style="width: 100%">', '<div class="card">', 1)
    body = _BODY.format(title=_e(title), subtitle=_e(subtitle), how=_e(HOW_TO_READ),
                        source=_e(source))
    page = re.sub(r"<body>", lambda _: "<body>" + body, page, count=1)
    first_script = page.find("<script", page.find("<body>"))
    page = page[:first_script] + _AFTER_NETWORK + page[first_script:]
    config_tag = f'<script type="application/json" id="ivig-config">{_json(config)}</script>'
    page = page.replace("</body>", f"{config_tag}\n<script>{_SCRIPT}</script>\n</body>", 1)
    page = page.replace("<html>", '<!DOCTYPE html>\n<html lang="en">', 1)
    head_extra = (f"<title>{_e(title)}</title>\n"
                  '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                  f"<style>{_STYLE}</style>\n")
    page = page.replace("</head>", head_extra + "</head>", 1)
    hashes = [
        base64.b64encode(hashlib.sha256(m.group(2).encode("utf-8")).digest()).decode("ascii")
        for m in _SCRIPT_RE.finditer(page) if "application/json" not in m.group(1)
    ]
    csp = f'<meta http-equiv="Content-Security-Policy" content="{_csp(hashes)}">'
    page = page.replace('<meta charset="utf-8">', f'<meta charset="utf-8">\n{csp}', 1)
    _check(page, expected_scripts=4)
    return page


def _check(page: str, *, expected_scripts: int) -> None:
    """Refuse to write a page that could load anything from outside or run unexpected script."""
    problems = []
    if re.search(r"<(script|link|img|iframe|object|embed|source)\b[^>]*\b(src|href)=", page,
                 re.IGNORECASE):
        problems.append("a tag loads an outside resource")
    if "node_modules" in page or "bootstrap" in page.lower() or "<center>" in page:
        problems.append("pyvis left a CDN reference or its raw heading in the page")
    scripts = [m for m in _SCRIPT_RE.finditer(page) if "application/json" not in m.group(1)]
    if len(scripts) != expected_scripts:
        problems.append(f"expected {expected_scripts} inline scripts, found {len(scripts)}")
    if "Content-Security-Policy" not in page[: page.find("<script")]:
        problems.append("the Content-Security-Policy does not come before the first script")
    if problems:
        raise RuntimeError("unsafe page: " + "; ".join(problems))


def _config(g: nx.MultiDiGraph) -> dict[str, Any]:
    kind_counts: dict[str, int] = defaultdict(int)
    for _, d in g.nodes(data=True):
        kind_counts[d.get("kind", "")] += 1
    family_counts: dict[str, int] = defaultdict(int)
    for *_, d in g.edges(data=True):
        family_counts[d.get("family", "")] += 1
    kinds = [{"id": k, "name": KINDS[k], "colour": NODE_STYLE[k][0], "shape": NODE_STYLE[k][1],
              "count": kind_counts[k]} for k in KINDS if kind_counts.get(k)]
    families = [{"id": f, "name": FAMILY_NAMES[f], "colour": EDGE_STYLE[f][0],
                 "dashed": EDGE_STYLE[f][1], "count": family_counts[f]}
                for f in FAMILIES if family_counts.get(f)]
    present = {v for views in _view_membership(g)[1].values() for v in views}
    topics = [{"id": v, "name": VIEW_NAMES[v]} for v in VIEWS if v == "all" or v in present]
    return {"kinds": kinds, "families": families, "topics": topics}


def render_html(g: nx.MultiDiGraph, *, title: str = DEFAULT_TITLE,
                subtitle: str | None = None) -> str:
    """Return the complete page for `g` (see the module docstring for what makes it safe)."""
    net = build_network(g, title=title)
    page = net.generate_html()
    view = g.graph.get("view", "all")
    if subtitle is None:
        subtitle = VIEW_NAMES.get(view, view)
        if g.graph.get("focus"):
            label = g.nodes[g.graph["focus"]].get("label", g.graph["focus"])
            subtitle += f", {g.graph.get('depth', 1)} step(s) around {label}"
        subtitle += f" \u00b7 {g.number_of_nodes()} shapes, {g.number_of_edges()} lines"
    source = g.graph.get("source_title")
    source_text = ("Source: the article \u201c" + str(source) + "\u201d; statements are "
                   "rewritten in our own words." if source else
                   "Statements are rewritten in our own words from one article.")
    return _postprocess(page, title=title, subtitle=subtitle, source=source_text,
                        config=_config(g))


def write_html(g: nx.MultiDiGraph, path: str | Path = DEFAULT_OUT, *,
               title: str = DEFAULT_TITLE, subtitle: str | None = None) -> Path:
    """Write the page for `g` to `path` atomically (temporary file, then rename); return path."""
    from ivig_kg.export import write_atomically

    target = Path(path)
    write_atomically({target: render_html(g, title=title, subtitle=subtitle)})
    return target


# -- a picture of the page --------------------------------------------------------------------

#: Flags for Debian's chromium in headless, offline use (see docs/visualization.md).
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


class BrowserMissing(RuntimeError):
    """Chromium or the playwright package is not installed."""


def chromium_path() -> str | None:
    """Return the path of a chromium binary, or None."""
    import shutil

    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def screenshot_page(html_path: str | Path, png_path: str | Path, *, width: int = 1280,
                    height: int = 800, timeout_s: float = 30.0) -> int:
    """Open the page in headless Chromium, wait for the layout to freeze, save a PNG.

    Return the time the layout took to settle (ms). Raise RuntimeError if the page asked for
    anything outside file:/data: or logged an error; raise BrowserMissing without a browser.
    """
    executable = chromium_path()
    if executable is None:
        raise BrowserMissing("chromium is not installed (Debian: apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise BrowserMissing("the playwright package is not installed (pip install playwright)") \
            from exc
    url = Path(html_path).resolve().as_uri()
    outside: list[str] = []
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.on("request", lambda r: None if r.url.startswith(("file:", "data:", "about:"))
                    else outside.append(r.url))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(url, wait_until="load", timeout=timeout_s * 1000)
            page.wait_for_selector("body[data-ready='true']", timeout=timeout_s * 1000)
            page.wait_for_timeout(400)  # let the final fit() finish drawing
            settle_ms = int(page.evaluate("window.ivigSettleMs"))
            Path(png_path).parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(png_path))
        finally:
            browser.close()
    if outside or errors:
        raise RuntimeError(f"page problems: outside requests {outside}, errors {errors}")
    return settle_ms
