"""networkx -> pyvis HTML: the public names of `ivig_kg.viz`, in one place.

The code lives in the `ivig_kg.viz` package (style, tooltips, layout, pyvis network, page,
screenshot) and the page's template, stylesheet and script in ``ivig_kg/viz/assets/``. This
module keeps ``from ivig_kg.visualize import write_html`` and the like working.
"""

from __future__ import annotations

from ivig_kg.viz.draw import build_network
from ivig_kg.viz.layout import CANVAS, layout, layout_boxes
from ivig_kg.viz.page import DEFAULT_OUT, render_html, write_html
from ivig_kg.viz.screenshot import CHROMIUM_ARGS, BrowserMissing, chromium_path, screenshot_page
from ivig_kg.viz.style import (
    DEFAULT_TITLE,
    EDGE_STYLE,
    FAMILY_NAMES,
    NODE_STYLE,
    VIEW_NAMES,
    display_label,
)
from ivig_kg.viz.tooltips import edge_tooltip, node_tooltip

__all__ = [
    "CANVAS",
    "CHROMIUM_ARGS",
    "DEFAULT_OUT",
    "DEFAULT_TITLE",
    "EDGE_STYLE",
    "FAMILY_NAMES",
    "NODE_STYLE",
    "VIEW_NAMES",
    "BrowserMissing",
    "build_network",
    "chromium_path",
    "display_label",
    "edge_tooltip",
    "layout",
    "layout_boxes",
    "node_tooltip",
    "render_html",
    "screenshot_page",
    "write_html",
]
