"""A layout by groups: the hub in the middle, each group of its neighbours in a block of its own.

Used for the stages whose lines are grouped (the adverse effects by what the article says of
them: mild and transient, rare and late, varying by product), so that the box the page draws
round each group holds that group only. The blocks, largest first, are stacked on the right of
the hub; everything else is placed beyond its neighbours, then overlaps are pushed apart as in
`ivig_kg.viz.layout`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from ivig_kg.viz.layout import HUB_CLEARANCE, Point, _separate, hub, layout_boxes

if TYPE_CHECKING:
    import networkx as nx

PER_COLUMN = 5
GAP = 36.0


def _block(members: list[str], boxes: dict[str, Any], gap: float) -> tuple[int, float, float]:
    """Return the columns of a group's block, and the width of a column and height of a row."""
    columns = 1 if len(members) <= PER_COLUMN else math.ceil(len(members) / PER_COLUMN)
    width = max(2 * boxes[n][0] for n in members) + gap
    height = max(boxes[n][1] + boxes[n][2] for n in members) + gap / 2
    return columns, width, height


def grouped_layout(
    g: nx.MultiDiGraph,
    groups: list[dict[str, Any]],
    *,
    text_scale: float = 1.0,
) -> dict[str, Point]:
    """Return fixed positions for `g` with each group (``{"nodes": [...]}``) in its own block."""
    middle = hub(g)
    if middle is None:
        return {}
    boxes = layout_boxes(g, text_scale=text_scale)
    gap = GAP * text_scale
    pos: dict[str, Point] = {middle: (0.0, 0.0)}
    blocks = []
    for group in sorted(groups, key=lambda gr: (-len(gr["nodes"]), gr["title"])):
        members = [n for n in group["nodes"] if n in g and n not in pos]
        if members:
            blocks.append((members, *_block(members, boxes, gap)))
            pos.update({n: (0.0, 0.0) for n in members})
    # the blocks in one or two columns on the right of the hub, each column centred on it
    heights = [math.ceil(len(m) / c) * h + gap for m, c, _, h in blocks]
    split = len(blocks)
    if len(blocks) > 1 and sum(heights) > 2.2 * max(w * c for _, c, w, _ in blocks):
        split = min(range(1, len(blocks)), key=lambda i: abs(sum(heights[:i]) - sum(heights[i:])))
    x0 = HUB_CLEARANCE * 1.4 + boxes[middle][0]
    for part in (blocks[:split], blocks[split:]):
        y = -sum(math.ceil(len(m) / c) * h + gap for m, c, _, h in part) / 2
        for members, columns, width, height in part:
            rows = math.ceil(len(members) / columns)
            for i, n in enumerate(members):
                column, row = divmod(i, rows)
                pos[n] = (x0 + (column + 0.5) * width, y + row * height + boxes[n][1])
            y += rows * height + gap
        x0 += max((c * w for _, c, w, _ in part), default=0.0) + gap
    # the rest (what prevents an effect, and what that is a kind of) in columns further right,
    # each near the height of what it is joined to, so no box holds a shape of another group
    und = g.to_undirected(as_view=True)
    while len(pos) < g.number_of_nodes():
        ring = sorted(
            (n for n in map(str, g.nodes) if n not in pos),
            key=lambda n: (-sum(1 for m in und[n] if str(m) in pos), n),
        )
        ring = [n for n in ring if any(str(m) in pos for m in und[n])] or ring
        ring.sort(key=lambda n: (_mean_y(n, und, pos), n))
        height = max(boxes[n][1] + boxes[n][2] for n in ring) + gap / 2
        width = max(2 * boxes[n][0] for n in ring) + gap
        top = min(_mean_y(n, und, pos) for n in ring)
        for i, n in enumerate(ring):
            pos[n] = (x0 + width / 2, max(top + i * height, _mean_y(n, und, pos)))
            top = pos[n][1] - i * height
        x0 += width
    return _separate(pos, boxes, fixed=middle, rounds=20)


def _mean_y(node: str, und: Any, pos: dict[str, Point]) -> float:
    near = [pos[str(m)][1] for m in und[node] if str(m) in pos]
    return sum(near) / len(near) if near else 0.0
