"""Fixed positions for the network: a map around the most connected node, by topic.

vis-network's physics settled fast but packed IVIG's fifty neighbours into a round blob with
labels on top of each other, so positions are computed here and the page draws them with
physics off (see docs/visualization.md, "Layout: computed, then frozen"). The result depends
only on the graph: the same data always gives the same picture.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from ivig_kg.viz.style import LABEL_WIDTH, display_label, node_font, node_size

if TYPE_CHECKING:
    import networkx as nx

#: A position, and a box: (half width, height above the centre, height below it).
Point = tuple[float, float]
Box = tuple[float, float, float]

_SECTOR_OF_FAMILY = {
    "indication": "uses",
    "recommendation": "uses",
    "adverse-effect": "harms",
    "mechanism": "how",
    "finding": "findings",
    "qualifier": "other",
    "entity": "other",
    "labeled-indication": "uses",
    "boxed-warning": "harms",
    "contraindication": "harms",
    "label-detail": "harms",
    "product": "other",
}
#: Sectors around the hub, clockwise (screen y points down); "harms" is centred on the right.
_SECTORS = ("harms", "how", "uses", "findings", "other")
_FAMILY_ORDER = tuple(_SECTOR_OF_FAMILY)
_BAND_OF_SECTOR = {
    "harms": "right",
    "how": "bottom",
    "uses": "left",
    "findings": "top",
    "other": "top",
}
_STATUS_ORDER = ("fda-approved", "guideline-recommended", "other-common-use", "described-use")
HUB_CLEARANCE = 110.0
PER_COLUMN = 6  # neighbours of the hub per column on the left and right
COLUMN_GAP = 165.0
ROW_GAP = 75.0
#: The drawing area of the page on a 1280x800 screen (canvas width, height in CSS pixels).
CANVAS = (1065.0, 762.0)
_CHAR_WIDTH = 0.5  # average glyph width of Helvetica, in font sizes
_LINE_HEIGHT = 1.25
_DEFAULT_BOX: Box = (20.0, 10.0, 30.0)


# -- sizes -------------------------------------------------------------------------------------


def hub(g: nx.MultiDiGraph) -> str | None:
    """Return the node drawn in the middle: the focus of a focused view, else the node with the
    most lines (ties: a drug, then the greatest id); None for an empty graph."""
    if g.number_of_nodes() == 0:
        return None
    if g.graph.get("focus") in g:
        return str(g.graph["focus"])
    return str(max(g.nodes, key=lambda n: (g.degree(n), g.nodes[n].get("kind") == "drug", str(n))))


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


def _label_box(label: str, font: float, size: float, scale: float = 1.0) -> Box:
    """Return the box of a shape with its label drawn underneath, wrapped at LABEL_WIDTH (both
    times `scale`, the text size)."""
    if not label:
        return size, size, size
    font *= scale
    width, lines = _wrap(label, font, LABEL_WIDTH * scale)
    return max(width, 2 * size) / 2, size, size + 4 + lines * font * _LINE_HEIGHT


def layout_boxes(g: nx.MultiDiGraph, *, text_scale: float = 1.0) -> dict[str, Box]:
    """Estimated (half width, height above, height below) of every node with its label, its
    label drawn `text_scale` times its normal size."""
    middle = hub(g)
    boxes = {}
    for node_id, attrs in g.nodes(data=True):
        kind = attrs.get("kind", "")
        label = display_label(str(attrs.get("label", node_id))) if kind != "finding" else ""
        font = node_font(kind, str(node_id) == middle)["size"]
        boxes[str(node_id)] = _label_box(label, font, node_size(g, str(node_id), kind), text_scale)
    return boxes


# -- first placement -----------------------------------------------------------------------------


def _edge_rank(d: dict[str, Any]) -> tuple[int, int, str]:
    """Order of the hub's lines around it: by family, then use status, then label."""
    status = d.get("status", "")
    return (
        _FAMILY_ORDER.index(d.get("family", "entity")),
        _STATUS_ORDER.index(status) if status in _STATUS_ORDER else len(_STATUS_ORDER),
        str(d.get("label", "")),
    )


def _bands(g: nx.MultiDiGraph, und: nx.MultiGraph, middle: str) -> dict[str, list[str]]:
    """Sort the hub's neighbours into four bands by the kind of line that joins them."""
    rank: dict[str, tuple[int, int, int, str, str]] = {}
    for n in und.neighbors(middle):
        if n == middle:
            continue
        datas = [
            *g.get_edge_data(middle, n, default={}).values(),
            *g.get_edge_data(n, middle, default={}).values(),
        ]
        first = min(datas, key=_edge_rank)
        sector = _SECTOR_OF_FAMILY.get(first.get("family", "entity"), "other")
        rank[str(n)] = (
            _SECTORS.index(sector),
            *_edge_rank(first),
            str(g.nodes[n].get("label", n)),
        )
    band: dict[str, list[str]] = {"right": [], "bottom": [], "left": [], "top": []}
    for n in sorted(rank, key=lambda n: rank[n]):
        band[_BAND_OF_SECTOR[_SECTORS[rank[n][0]]]].append(n)
    for one, other in (("right", "left"), ("left", "right"), ("bottom", "top"), ("top", "bottom")):
        if len(band[one]) >= 4 and not band[other]:  # a one-topic view: use both sides
            cut = _group_cut([rank[n][:4] for n in band[one]])
            band[one], band[other] = band[one][:cut], band[one][cut:]
    return band


def _group_cut(keys: list[tuple[Any, ...]]) -> int:
    """Where to split a sorted band in two: the change of group (same kind of line, same
    label) nearest the middle, so a group (the mild adverse effects) stays on one side."""
    middle = len(keys) - len(keys) // 2
    changes = [i for i in range(1, len(keys)) if keys[i] != keys[i - 1]]
    if not changes:
        return middle
    return min(changes, key=lambda i: (abs(i - middle), i))


def _spread(count: int, half: float) -> list[float]:
    """`count` evenly spaced offsets from -half to half (one item sits at 0)."""
    if count == 1:
        return [0.0]
    return [-half + 2 * half * i / (count - 1) for i in range(count)]


def _place_bands(g: nx.MultiDiGraph, middle: str, band: dict[str, list[str]]) -> dict[str, Point]:
    """Put the hub at the origin and its neighbours in columns (left, right) and rows."""
    side = max(len(band["left"]), len(band["right"]), 1)
    across = max(len(band["top"]), len(band["bottom"]), 1)
    height = min(max(17.0 * side, 90.0), 300.0)
    width = min(max(45.0 * across, 90.0), 260.0)
    inner_x = width + 150.0
    inner_y = max(150.0, 0.8 * height)
    pos: dict[str, Point] = {middle: (0.0, 0.0)}
    for name, members in band.items():
        # a neighbour joined to the hub by several lines sits further out, so the curves fit
        further = [
            1.0 + 0.12 * (g.number_of_edges(middle, n) + g.number_of_edges(n, middle) - 1)
            for n in members
        ]
        sign = -1.0 if name in ("left", "top") else 1.0
        if name in ("left", "right"):
            columns = max(1, math.ceil(len(members) / PER_COLUMN))
            ys = _spread(len(members), height)
            for i, n in enumerate(members):
                pos[n] = (sign * (inner_x + COLUMN_GAP * (i % columns)) * further[i], ys[i])
        else:
            xs = _spread(len(members), width)
            for i, n in enumerate(members):
                pos[n] = (xs[i], sign * (inner_y + ROW_GAP * (i % 2)) * further[i])
    return pos


def _place_frontier(frontier: list[str], und: nx.MultiGraph, pos: dict[str, Point]) -> None:
    """Place each node just beyond the mean of its placed neighbours, away from the origin;
    nodes that would land on the same spot fan out sideways."""
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


def _place_rest(g: nx.MultiDiGraph, und: nx.MultiGraph, pos: dict[str, Point]) -> None:
    """Place the nodes further from the hub, ring by ring; unconnected ones in a row below."""
    while len(pos) < g.number_of_nodes():
        frontier = sorted(
            str(n) for n in g.nodes if str(n) not in pos and any(str(m) in pos for m in und[n])
        )
        if frontier:
            _place_frontier(frontier, und, pos)
            continue
        lowest = max(y for _, y in pos.values())
        rest = sorted(str(n) for n in g.nodes if str(n) not in pos)
        for x, n in zip(_spread(len(rest), 60.0 * len(rest)), rest, strict=True):
            pos[n] = (x, lowest + 150.0)
        return


# -- making room -----------------------------------------------------------------------------


def _overlap_down(a: list[float], a_box: Box, b: list[float], b_box: Box, margin: float) -> float:
    """How far the boxes of two nodes overlap vertically, margin included (<= 0: apart)."""
    if a[1] <= b[1]:
        return (a[1] + a_box[2]) - (b[1] - b_box[1]) + margin
    return (b[1] + b_box[2]) - (a[1] - a_box[1]) + margin


def _push_pair(xy: dict[str, list[float]], a: str, b: str, overlap: Point, fixed: str) -> None:
    """Move two overlapping nodes apart along the axis where that costs less; a node next to
    the fixed hub moves the whole way itself."""
    (ax, ay), (bx, by) = xy[a], xy[b]
    if overlap[0] < overlap[1]:
        shift, axis, sign = overlap[0] / 2, 0, (1.0 if ax >= bx else -1.0)
    else:
        shift, axis, sign = overlap[1] / 2, 1, (1.0 if ay >= by else -1.0)
    shift = min(shift, 30.0) + 0.5
    if a != fixed:
        xy[a][axis] += sign * shift * (2.0 if b == fixed else 1.0)
    if b != fixed:
        xy[b][axis] -= sign * shift * (2.0 if a == fixed else 1.0)


def _separate_boxes(
    xy: dict[str, list[float]], box: dict[str, Box], *, fixed: str, margin: float
) -> bool:
    """One round of pushing overlapping boxes apart; return whether anything moved."""
    widest = max(hw for hw, _, _ in box.values())
    order = sorted(xy, key=lambda n: (xy[n][0], n))  # sweep by x: skip far-apart pairs
    moved = False
    for a_index, a in enumerate(order):
        a_box = box[a]
        reach = a_box[0] + widest + margin + 60.0  # 60: room for this round's moves
        for b in order[a_index + 1 :]:
            pa, pb = xy[a], xy[b]
            if pb[0] - pa[0] > reach:
                break
            # the cheap test first: most pairs within reach are still apart across
            across = a_box[0] + box[b][0] + margin - abs(pa[0] - pb[0])
            if across <= 0:
                continue
            down = _overlap_down(pa, a_box, pb, box[b], margin)
            if down > 0:
                _push_pair(xy, a, b, (across, down), fixed)
                moved = True
    return moved


def _clear_line(
    xy: dict[str, list[float]], box: dict[str, Box], line: tuple[str, str], *, fixed: str
) -> bool:
    """Move shapes that sit on the line off it, and swing the line away from them, half each.

    Return whether a shape was more than a pixel too close (so another round is needed).
    """
    u, v = line
    (ux, uy), (vx, vy) = xy[u], xy[v]
    dx, dy = vx - ux, vy - uy
    length2 = dx * dx + dy * dy
    if length2 < 1.0:
        return False
    low_x, high_x = min(ux, vx) - 40.0, max(ux, vx) + 40.0
    low_y, high_y = min(uy, vy) - 40.0, max(uy, vy) + 40.0
    moved = False
    for m in xy:
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
            normal = (-dy / math.sqrt(length2), dx / math.sqrt(length2))
        else:
            normal = ((mx - px) / distance, (my - py) / distance)
        _swing(xy, m, line, t, normal, (clearance - distance + 0.5) / 2, fixed=fixed)
    return moved


def _swing(
    xy: dict[str, list[float]],
    m: str,
    line: tuple[str, str],
    t: float,
    normal: Point,
    push: float,
    *,
    fixed: str,
) -> None:
    """Push node `m` along `normal` and the ends of the line the other way, the nearer end more."""
    xy[m][0] += normal[0] * push
    xy[m][1] += normal[1] * push
    u, v = line
    for end, share in ((v, t), (u, 1.0 - t)):
        if end != fixed and share > 0.25:
            xy[end][0] -= normal[0] * min(push / share, 20.0) / 2
            xy[end][1] -= normal[1] * min(push / share, 20.0) / 2


def _separate(
    pos: dict[str, Point],
    boxes: dict[str, Box],
    lines: list[tuple[str, str]] | None = None,
    *,
    fixed: str,
    margin: float = 14.0,
    rounds: int = 200,
) -> dict[str, Point]:
    """Push apart shapes whose boxes (shape plus label) overlap, along the cheaper axis, and
    push shapes off lines that pass through them (a line must not seem to go through a node)."""
    ids = sorted(pos)
    xy = {n: list(pos[n]) for n in ids}
    box = {n: boxes.get(n, _DEFAULT_BOX) for n in ids}
    for _ in range(rounds):
        moved = _separate_boxes(xy, box, fixed=fixed, margin=margin)
        for line in lines or ():
            moved = _clear_line(xy, box, line, fixed=fixed) or moved
        if not moved:
            break
    return {n: (round(xy[n][0], 1), round(xy[n][1], 1)) for n in ids}


def _fit_scale(pos: dict[str, Point], boxes: dict[str, Box], canvas: Point = CANVAS) -> float:
    """The zoom at which the whole drawing fits the canvas (by default: of a 1280x800 screen)."""
    xs = [x + s * boxes.get(n, _DEFAULT_BOX)[0] for n, (x, _) in pos.items() for s in (-1, 1)]
    ys = [y - boxes.get(n, _DEFAULT_BOX)[1] for n, (_, y) in pos.items()]
    ys += [y + boxes.get(n, _DEFAULT_BOX)[2] for n, (_, y) in pos.items()]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    return min(canvas[0] / max(width, 1.0), canvas[1] / max(height, 1.0))


def _compact(
    pos: dict[str, Point],
    boxes: dict[str, Box],
    *,
    fixed: str,
    canvas: Point = CANVAS,
    rounds: int = 12,
) -> dict[str, Point]:
    """Shrink the drawing towards the hub and separate again, while that lets it fit the screen
    at a larger zoom; return the best drawing found."""
    best, best_scale = pos, _fit_scale(pos, boxes, canvas)
    current = pos
    for _ in range(rounds):
        # shrink harder in the direction that limits the zoom, towards the screen's proportions
        width = max(x for x, _ in current.values()) - min(x for x, _ in current.values())
        height = max(y for _, y in current.values()) - min(y for _, y in current.values())
        too_tall = height * canvas[0] > width * canvas[1]
        fx, fy = (0.97, 0.88) if too_tall else (0.88, 0.97)
        shrunk = {n: (x * fx, y * fy) for n, (x, y) in current.items()}
        current = _separate(shrunk, boxes, fixed=fixed)
        scale = _fit_scale(current, boxes, canvas)
        if scale > best_scale:
            best, best_scale = current, scale
    return best


def layout(
    g: nx.MultiDiGraph, *, text_scale: float = 1.0, canvas: Point = CANVAS
) -> dict[str, Point]:
    """Return fixed positions for every node: a map around the hub, by topic.

    The hub (the most connected node: IVIG in every view) sits in the middle. Its neighbours
    sit in four bands by what links them: adverse effects in two columns on the right, uses in
    two columns on the left, mechanisms in two rows below, findings and the rest above. Nodes
    further from the hub sit outside their neighbours. Overlapping shapes and labels are then
    pushed apart. Deterministic: the page looks the same every time and needs no physics.

    text_scale and canvas: lay out for labels this many times larger, on a canvas of this size
    (presentation mode).
    """
    middle = hub(g)
    if middle is None:
        return {}
    und = g.to_undirected(as_view=True)
    boxes = layout_boxes(g, text_scale=text_scale)
    # keep a clear space round the hub, so its many lines stay long enough to read
    boxes[middle] = (HUB_CLEARANCE * 1.3, HUB_CLEARANCE, HUB_CLEARANCE)
    pos = _place_bands(g, middle, _bands(g, und, middle))
    _place_rest(g, und, pos)
    pos = _compact(_separate(pos, boxes, fixed=middle), boxes, fixed=middle, canvas=canvas)
    lines = sorted({(str(u), str(v)) for u, v in g.edges() if u != v})
    return _separate(pos, boxes, lines, fixed=middle, rounds=120)
