"""How the network looks: colours and shapes per kind, line styles per family, vis-network options.

Both the layout (which needs the size of every shape and label) and the pyvis network (which
draws them) read their sizes from here, so the positions are computed for what is drawn.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from ivig_kg.network import short_name

if TYPE_CHECKING:
    import networkx as nx

DEFAULT_TITLE = "IVIG: uses, mechanisms and adverse effects"

#: Node kind -> (fill colour, vis-network shape). The shape says the group of the kind:
#: conditions are dots, biology diamonds, care and context squares, the drug a hexagon,
#: findings small triangles.
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
#: Edge family -> its name in the legend and in tooltips.
FAMILY_NAMES: dict[str, str] = {
    "indication": "use (treats / prevents)",
    "adverse-effect": "adverse effect",
    "mechanism": "mechanism step",
    "recommendation": "recommendation",
    "qualifier": "qualifies a statement",
    "finding": "finding is about",
    "entity": "kind of / related to",
}
#: View -> its name in the page's topic menu and subtitle.
VIEW_NAMES: dict[str, str] = {
    "all": "Everything",
    "indications": "Uses and how to give it",
    "mechanisms": "Mechanisms",
    "adverse-effects": "Adverse effects",
}

#: The widest a node label may be before vis-network wraps it (pixels at zoom 1).
LABEL_WIDTH = 215

#: vis-network options. The layout is computed in Python (`ivig_kg.viz.layout`), so physics is
#: off from the first frame: nothing has to settle.
OPTIONS: dict[str, Any] = {
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
        "font": {
            "size": 20,
            "face": "Helvetica, Arial, sans-serif",
            "color": "#1b1b1b",
            "strokeWidth": 4,
            "strokeColor": "#ffffff",
        },
        "widthConstraint": {"maximum": LABEL_WIDTH},
    },
    "edges": {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
        "font": {
            "size": 13,
            "face": "Helvetica, Arial, sans-serif",
            "color": "#333333",
            "strokeWidth": 3,
            "strokeColor": "#ffffff",
            "align": "middle",
        },
        "selectionWidth": 2,
        "scaling": {"label": {"drawThreshold": 10}},
        "hoverWidth": 1.5,
    },
}


def display_label(label: str, *, limit: int = 30) -> str:
    """Return the label drawn on the canvas: a long name with an acronym becomes the acronym.

    ``"intravenous immunoglobulin (IVIG)"`` is drawn as ``"IVIG"``; tooltips keep the full name.
    """
    return short_name(label) if len(label) > limit else label


def node_font(kind: str, is_hub: bool) -> dict[str, Any]:
    """Return the label font of a node: large for the hub, small and grey for findings."""
    if kind == "finding":
        return {"size": 12, "color": "#555555"}
    return {"size": 30 if is_hub else 20, "color": "#1b1b1b"}


def _size(degree: int) -> float:
    return round(min(42.0, 9.0 + 4.2 * math.sqrt(degree)), 1)


def node_size(g: nx.MultiDiGraph, node_id: str, kind: str) -> float:
    """Return the size of a node's shape: it grows with its number of lines."""
    return round(_size(g.degree(node_id)) * (0.75 if kind == "finding" else 1.0), 1)
