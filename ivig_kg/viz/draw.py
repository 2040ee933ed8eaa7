"""The pyvis Network of a networkx graph: styled nodes and lines at fixed positions, with tooltips.

Every node and line carries what the page's script needs: its kind or family, the topics it
belongs to, the statement it is part of and its tooltip HTML (in ``info``, not pyvis's
``title``: see `ivig_kg.viz.page` for why).
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from ivig_kg.network import VIEW_FAMILIES, view_edges
from ivig_kg.viz.layout import hub, layout
from ivig_kg.viz.style import (
    APPROVED_BADGE,
    DEFAULT_TITLE,
    FALLBACK_NODE_STYLE,
    LINE_STYLES,
    NODE_STYLE,
    OPTIONS,
    SECONDARY_DASHES,
    display_label,
    line_kind,
    node_font,
    node_size,
)
from ivig_kg.viz.tooltips import edge_tooltip, escape, node_tooltip

if TYPE_CHECKING:
    import networkx as nx


def view_membership(g: nx.MultiDiGraph) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Return, for every node and every edge key, the topics (views) it belongs to."""
    node_views: dict[str, list[str]] = defaultdict(list)
    edge_views: dict[str, list[str]] = defaultdict(list)
    for view in VIEW_FAMILIES:
        keep = view_edges(g, view)
        for u, v, k in g.edges(keys=True):
            if k not in keep:
                continue
            edge_views[str(k)].append(view)
            for n in (str(u), str(v)):
                if view not in node_views[n]:
                    node_views[n].append(view)
    return node_views, edge_views


def _smooth(index: int, count: int) -> dict[str, Any]:
    """Curve parallel edges apart: an odd bundle keeps one straight line, the others bend to
    alternating sides, further out two by two."""
    if count % 2 and index == 0:
        return {"enabled": False}
    step = (index + 1) // 2 if count % 2 else index // 2 + 1
    side = "curvedCW" if index % 2 else "curvedCCW"
    return {"enabled": True, "type": side, "roundness": round(0.22 * step, 2)}


def _add_nodes(
    net: Any,
    g: nx.MultiDiGraph,
    node_views: dict[str, list[str]],
    positions: dict[str, Any] | None = None,
) -> None:
    middle = hub(g)
    positions = positions if positions is not None else layout(g)
    for node_id, attrs in sorted(g.nodes(data=True), key=lambda item: str(item[0])):
        name, label = str(node_id), str(attrs.get("label", node_id))
        kind = attrs.get("kind", "")
        colour, shape = NODE_STYLE.get(kind, FALLBACK_NODE_STYLE)
        font = node_font(kind, name == middle)
        net.add_node(
            name,
            label=display_label(label),
            fullLabel=label,
            shape=shape,
            color={
                "background": colour,
                "border": "#ffffff",
                "highlight": {"background": colour, "border": "#000000"},
                "hover": {"background": colour, "border": "#000000"},
            },
            size=node_size(g, name, kind),
            font=font,
            baseFont=font["size"],
            fontColor=font["color"],
            hub=name == middle,
            scaling={"label": {"drawThreshold": 9 if kind == "finding" else 5}},
            kind=kind,
            info=node_tooltip(name, {**attrs, "degree": g.degree(node_id)}),
            views=node_views.get(name, []),
            x=positions.get(name, (0.0, 0.0))[0],
            y=positions.get(name, (0.0, 0.0))[1],
        )


def _curves(g: nx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    """Return the curve of every edge, so parallel and opposite edges do not overlap."""
    bundles: dict[frozenset[str], list[str]] = defaultdict(list)
    for u, v, k in g.edges(keys=True):
        bundles[frozenset((str(u), str(v)))].append(str(k))
    curves = {}
    for u, v, k in g.edges(keys=True):
        bundle = bundles[frozenset((str(u), str(v)))]
        smooth = _smooth(bundle.index(str(k)), len(bundle))
        if smooth.get("enabled") and str(u) > str(v):  # keep the side stable for a reversed edge
            smooth["type"] = "curvedCCW" if smooth["type"] == "curvedCW" else "curvedCW"
        curves[str(k)] = smooth
    return curves


def _add_edges(net: Any, g: nx.MultiDiGraph, edge_views: dict[str, list[str]]) -> None:
    curves = _curves(g)
    for u, v, k, attrs in sorted(g.edges(keys=True, data=True), key=lambda e: str(e[2])):
        family = attrs.get("family", "")
        kind = line_kind(attrs)
        style = LINE_STYLES[kind]
        label = str(attrs.get("label") or "")
        secondary = attrs.get("grade") == "secondary"
        net.add_edge(
            str(u),
            str(v),
            id=str(k),
            label=(label := APPROVED_BADGE + label if kind == "approved-use" else label),
            fullLabel=label,
            color={"color": style.colour, "highlight": "#1b1b1b", "opacity": 1.0},
            dashes=list(SECONDARY_DASHES if secondary else style.dashes) or False,
            width=style.width,
            smooth=curves[str(k)],
            family=family,
            line=kind,
            about=list(attrs.get("about") or []),
            assertion=attrs.get("assertion") or str(k),
            views=edge_views.get(str(k), []),
            origin=str(attrs.get("source") or ""),
            grade=str(attrs.get("grade") or ""),
            mark=str(attrs.get("mark") or ""),
            info=edge_tooltip(attrs),
        )


def build_network(
    g: nx.MultiDiGraph, *, title: str = DEFAULT_TITLE, positions: dict[str, Any] | None = None
) -> Any:
    """Return a pyvis Network of `g` with styles, escaped tooltips and our options set.

    `title` becomes pyvis's heading (escaped); the page of `ivig_kg.viz.page` shows its own.
    `positions` (node -> x, y) default to the layout of the whole of `g`.
    """
    from pyvis.network import Network

    net = Network(
        height="100%",
        width="100%",
        directed=True,
        cdn_resources="in_line",
        heading=escape(title),
        bgcolor="#ffffff",
    )
    node_views, edge_views = view_membership(g)
    _add_nodes(net, g, node_views, positions)
    _add_edges(net, g, edge_views)
    net.set_options(json.dumps(OPTIONS))
    return net
