"""How the network looks: colours and shapes per kind, line styles per family, vis-network options.

Both the layout (which needs the size of every shape and label) and the pyvis network (which
draws them) read their sizes from here, so the positions are computed for what is drawn.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ivig_kg.network import short_name

if TYPE_CHECKING:
    import networkx as nx

DEFAULT_TITLE = "IVIG: uses, mechanisms and adverse effects"

#: The page's background, against which every colour below keeps a contrast of at least 3:1.
BACKGROUND = "#ffffff"

#: Node kind -> (fill colour, vis-network shape). Colours are the Okabe-Ito palette, which
#: people with red-green colour blindness can tell apart, darkened where needed to reach 3:1
#: against the background. The shape says the group of the kind, so colour is never alone:
#: conditions are dots, biology diamonds, care and context squares, the drug a hexagon,
#: findings small triangles.
NODE_STYLE: dict[str, tuple[str, str]] = {
    "drug": ("#0072b2", "hexagon"),
    "disease": ("#d55e00", "dot"),
    "phenotypic-feature": ("#b5417f", "dot"),
    "cell": ("#009e73", "diamond"),
    "cell-population": ("#006e52", "diamond"),
    "molecular-entity": ("#7b52ab", "diamond"),
    "biological-process": ("#8a6d00", "diamond"),
    "anatomical-entity": ("#a6761d", "diamond"),
    "procedure": ("#b36b00", "square"),
    "clinical-measure": ("#2a7ab0", "square"),
    "population": ("#8c5a2b", "square"),
    "organization": ("#3d5a80", "square"),
    "drug-product": ("#005a8c", "hexagon"),
    "finding": ("#767676", "triangle"),
}

#: The style of a node kind the page does not know yet (a new entity type of the data).
FALLBACK_NODE_STYLE = ("#5a5a5a", "dot")


@dataclass(frozen=True)
class LineStyle:
    """How one kind of line is drawn: colour, dash pattern (empty: solid), width, legend name."""

    colour: str
    dashes: tuple[int, ...]
    width: float
    name: str
    family: str


#: Line kind -> its style. Uses are blue and adverse effects vermillion (the pair that
#: colour-blind viewers tell apart best); approved uses are thick and solid, other uses dashed;
#: the three grey kinds differ in pattern (dashes, dots, dash-dot) as well as shade.
LINE_STYLES: dict[str, LineStyle] = {
    "approved-use": LineStyle("#0072b2", (), 3.6, "approved use (FDA)", "indication"),
    "other-use": LineStyle("#0072b2", (10, 6), 2.2, "other use", "indication"),
    "adverse-effect": LineStyle("#d55e00", (), 2.4, "adverse effect", "adverse-effect"),
    "mechanism": LineStyle("#a94b82", (), 2.2, "mechanism step", "mechanism"),
    "recommendation": LineStyle("#b36b00", (12, 4, 3, 4), 2.2, "recommendation", "recommendation"),
    "qualifier": LineStyle("#5a5a5a", (6, 4), 1.4, "qualifies a statement", "qualifier"),
    "finding": LineStyle("#767676", (2, 4), 1.6, "finding is about", "finding"),
    "entity": LineStyle("#4d4d4d", (14, 4, 2, 4), 1.4, "kind of / related to", "entity"),
    "labeled-use": LineStyle(
        "#00785a", (), 2.6, "use on a product's US label", "labeled-indication"
    ),
    "brand-of": LineStyle("#56707f", (4, 3), 1.2, "product: brand of IVIG", "product"),
    "boxed-warning": LineStyle("#1b1b1b", (), 3.0, "boxed warning (labels)", "boxed-warning"),
    "contraindication": LineStyle(
        "#882255", (8, 3, 2, 3, 2, 3), 2.4, "contraindication (labels)", "contraindication"
    ),
    "label-detail": LineStyle(
        "#5f6b73", (16, 5), 1.4, "risk factor, measure, ingredient (labels)", "label-detail"
    ),
}
#: How a fact read only on a secondary page is drawn, whatever its kind: dotted.
SECONDARY_DASHES = (2, 5)
#: Source -> its name in the page's source menu.
SOURCE_NAMES: dict[str, str] = {
    "article": "The article",
    "labeling": "The US labels",
    "both": "Both (differences marked)",
}
#: Edge family -> (colour, dashed, width): the main style of each family.
EDGE_STYLE: dict[str, tuple[str, bool, float]] = {}
for _style in LINE_STYLES.values():
    EDGE_STYLE.setdefault(_style.family, (_style.colour, bool(_style.dashes), _style.width))
#: Edge family -> its name in the legend and in tooltips.
FAMILY_NAMES: dict[str, str] = {
    "indication": "use (treats / prevents / used in)",
    "adverse-effect": "adverse effect",
    "mechanism": "mechanism step",
    "recommendation": "recommendation",
    "qualifier": "qualifies a statement",
    "finding": "finding is about",
    "entity": "kind of / related to",
    "labeled-indication": "use on a US label",
    "product": "product of",
    "boxed-warning": "boxed warning (labels)",
    "contraindication": "contraindication (labels)",
    "label-detail": "detail of the labels",
}
#: The badge put before the label of an approved use, so the difference is in the words too.
APPROVED_BADGE = "\u2713 "


def line_kind(attrs: dict[str, Any]) -> str:
    """Return the line kind (a key of LINE_STYLES) of an edge."""
    family = str(attrs.get("family", "entity"))
    if family == "indication":
        return "approved-use" if attrs.get("status") == "fda-approved" else "other-use"
    family = {"labeled-indication": "labeled-use", "product": "brand-of"}.get(family, family)
    return family if family in LINE_STYLES else "entity"


def contrast(colour: str, background: str = BACKGROUND) -> float:
    """Return the WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(colour), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


#: View -> its name in the page's topic menu and subtitle.
VIEW_NAMES: dict[str, str] = {
    "all": "Everything",
    "indications": "Uses and how to give it",
    "mechanisms": "Mechanisms",
    "adverse-effects": "Adverse effects",
}

#: Label font sizes at zoom 1: nodes, the hub, findings and lines.
NODE_FONT = 20
HUB_FONT = 30
FINDING_FONT = 12
EDGE_FONT = 15
#: The widest a node label may be before vis-network wraps it (pixels at zoom 1).
LABEL_WIDTH = 215

#: vis-network options. The layout is computed in Python (`ivig_kg.viz.layout`), so physics is
#: off from the first frame: nothing has to settle.
OPTIONS: dict[str, Any] = {
    "physics": {"enabled": False},
    "layout": {"improvedLayout": False},
    "interaction": {
        # hover is ours (page-hover.js): vis-network's own picks the last line drawn near the
        # pointer, not the nearest one
        "hover": False,
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
        "scaling": {"label": {"maxVisible": 96}},
    },
    "edges": {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
        "font": {
            "size": EDGE_FONT,
            "face": "Helvetica, Arial, sans-serif",
            "color": "#1b1b1b",
            "strokeWidth": 3,
            "strokeColor": "#ffffff",
            "align": "middle",
        },
        "selectionWidth": 2,
        # shown from 7 px on screen, so the full view at 1280x800 has its line labels
        "scaling": {"label": {"drawThreshold": 7, "maxVisible": 96}},
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
        return {"size": FINDING_FONT, "color": "#4d4d4d"}
    return {"size": HUB_FONT if is_hub else NODE_FONT, "color": "#1b1b1b"}


def _size(degree: int) -> float:
    return round(min(42.0, 9.0 + 4.2 * math.sqrt(degree)), 1)


def node_size(g: nx.MultiDiGraph, node_id: str, kind: str) -> float:
    """Return the size of a node's shape: it grows with its number of lines."""
    return round(_size(g.degree(node_id)) * (0.75 if kind == "finding" else 1.0), 1)
