"""The page: one self-contained, offline HTML file of the network, escaped and CSP-protected.

pyvis builds the network (`ivig_kg.viz.draw`) and renders the page, but from our own Jinja
template, ``assets/page.html.jinja``, handed to it with ``Network.set_template_dir``. Our
stylesheet and script (``assets/page.css``, ``assets/page.js``) are package files too. The
template's loader also searches pyvis's template folder, from which the template inlines
vis-network, so the page needs no network at all. Nothing is edited after rendering.

What keeps the page safe:

* the template autoescapes, and data reaches its scripts only through ``|tojson`` (which
  writes ``<``, ``>``, ``&`` and ``'`` as ``\\u`` escapes);
* tooltips are HTML built from escaped text only (`ivig_kg.viz.tooltips`), carried in our own
  ``info`` field and turned into elements by page.js. The template has no HTML popup, which
  pyvis's own template switches on as soon as a ``title`` contains "href";
* a Content-Security-Policy lists the SHA-256 of each inline script, so an injected script or
  ``onerror=`` handler cannot run. The hashes are taken from a first rendering and the page is
  rendered again with the policy in it; `_check` then refuses a page whose scripts differ from
  the ones the policy lists, or that refers to anything outside itself.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ivig_kg.explain_labeling import MARK_BADGES, MARKS
from ivig_kg.network import KINDS, SOURCES
from ivig_kg.viz.draw import build_network
from ivig_kg.viz.story import PRESENT_TEXT_SCALE, stage_key, stages
from ivig_kg.viz.style import (
    DEFAULT_TITLE,
    EDGE_FONT,
    FALLBACK_NODE_STYLE,
    LABEL_WIDTH,
    LINE_STYLES,
    NODE_STYLE,
    SECONDARY_DASHES,
    SOURCE_NAMES,
    VIEW_NAMES,
    line_kind,
)
from ivig_kg.viz.table import GROUPS, statement_rows

if TYPE_CHECKING:
    import networkx as nx

DEFAULT_OUT = Path("ivig-kg-graph.html")
#: Not "*.html": the repository ignores those (generated pages), and this one is a template.
TEMPLATE = "page.html.jinja"
#: The page's own scripts, run in this order after vis-network and the drawing script.
SCRIPTS = ("page.js", "page-hover.js", "page-table.js", "page-present.js")
#: The page's inline scripts: vis-network, the drawing script of the template, ours.
EXPECTED_SCRIPTS = 2 + len(SCRIPTS)
#: An inline script element: its attributes and its text (group 1 and 2).
SCRIPT_RE = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
#: Presentation mode: the least height of labels on the screen, in CSS pixels (node, line).
PRESENT_LABELS = {"node": 25, "edge": 19}


@dataclass(frozen=True)
class PageText:
    """What our template needs besides pyvis's nodes, edges and options."""

    title: str
    subtitle: str
    sources: list[dict[str, Any]]
    config: dict[str, Any]
    collections: list[dict[str, Any]]
    css: str
    scripts: list[str]
    present: bool = False
    csp: str | None = None


def assets_dir() -> Path:
    """Return the folder of the page's template, stylesheet and script (package data)."""
    folder = resources.files("ivig_kg") / "viz" / "assets"
    if not isinstance(folder, Path):  # Jinja's file loader, which pyvis uses, needs a folder
        raise RuntimeError(f"ivig_kg must be installed as files to write pages; found {folder}")
    return folder


def _asset_text(name: str, closing_tag: str) -> str:
    """Read an asset that goes inside a <style> or <script> element, and make sure it
    cannot end that element early."""
    text = (resources.files("ivig_kg") / "viz" / "assets" / name).read_text(encoding="utf-8")
    if closing_tag in text.lower():
        raise RuntimeError(f"{name} contains {closing_tag!r}, which would end its element")
    return text


def view_name(g: nx.MultiDiGraph) -> str:
    """Return the name of what the page of `g` shows: its view, and its focus if any."""
    view = str(g.graph.get("view", "all"))
    text = VIEW_NAMES.get(view, view)
    if g.graph.get("focus"):
        label = g.nodes[g.graph["focus"]].get("label", g.graph["focus"])
        text += f", {g.graph.get('depth', 1)} step(s) around {label}"
    return text


def _subtitle(g: nx.MultiDiGraph) -> str:
    return f"{view_name(g)} \u00b7 {g.number_of_nodes()} shapes, {g.number_of_edges()} lines"


def _legend(g: nx.MultiDiGraph) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return the kinds of things and of lines present, with their style and count."""
    kind_counts: dict[str, int] = defaultdict(int)
    for _, d in g.nodes(data=True):
        kind_counts[str(d.get("kind", ""))] += 1
    line_counts: dict[str, int] = defaultdict(int)
    for *_, d in g.edges(data=True):
        line_counts[line_kind(d)] += 1
    known = [k for k in KINDS if kind_counts.get(k)]
    kinds = [
        {
            "id": k,
            "name": KINDS.get(k, k.replace("-", " ")),
            "colour": NODE_STYLE.get(k, FALLBACK_NODE_STYLE)[0],
            "shape": NODE_STYLE.get(k, FALLBACK_NODE_STYLE)[1],
            "count": kind_counts[k],
        }
        for k in known + sorted(set(kind_counts) - set(known))
    ]
    lines = [
        {
            "id": key,
            "family": style.family,
            "name": style.name,
            "colour": style.colour,
            "dashes": list(style.dashes),
            "width": style.width,
            "count": line_counts[key],
        }
        for key, style in LINE_STYLES.items()
        if line_counts.get(key)
    ]
    return kinds, lines


def _sources(g: nx.MultiDiGraph, story: dict[str, Any], start: str) -> dict[str, Any]:
    """Return the source menu, the comparison marks and the secondary facts for the key."""
    shown = [s for s in SOURCES if any(v["source"] == s for v in story["views"])]
    products = {str(u) for u, _, d in g.edges(data=True) if d.get("family") == "product"}
    names = dict(SOURCE_NAMES)
    if products:
        names["labeling"] += f" ({len(products)} products)"
    marks: dict[str, int] = defaultdict(int)
    secondary = 0
    for *_, d in g.edges(data=True):
        if d.get("mark"):
            marks[str(d["mark"])] += 1
        secondary += d.get("grade") == "secondary"
    return {
        "sources": [{"id": s, "name": names[s], "about": SOURCES[s]} for s in shown],
        "start": start if start in shown else (shown[0] if shown else "article"),
        "marks": [
            {"id": m, "badge": MARK_BADGES[m], "name": MARKS[m], "count": marks[m]}
            for m in MARKS
            if marks.get(m)
        ],
        "secondary": {"count": secondary, "dashes": list(SECONDARY_DASHES)},
    }


def _config(g: nx.MultiDiGraph, *, present: bool, source: str = "article") -> dict[str, Any]:
    """Return what the page's scripts read: the key, the stages (views, topics, scenes, with
    layouts and key facts), the sources, the statements (table rows) and the text sizes."""
    kinds, lines = _legend(g)
    story = stages(g)
    for stage in story["views"]:
        if stage["view"] == "all":
            stage["name"] = view_name(g)
    sources = _sources(g, story, source)
    return {
        "kinds": kinds,
        "lines": lines,
        **sources,
        "startStage": stage_key("all", sources["start"]),
        "stages": story,
        "statements": statement_rows(g),
        "groups": [{"id": key, "name": name} for key, name in GROUPS.items()],
        "present": present,
        "fonts": {"edge": EDGE_FONT},
        "labelWidth": LABEL_WIDTH,
        "presentLabels": {**PRESENT_LABELS, "scale": PRESENT_TEXT_SCALE},
    }


def inline_scripts(page: str) -> list[str]:
    """Return the text of every script the page runs (JSON data blocks are not run)."""
    return [m.group(2) for m in SCRIPT_RE.finditer(page) if "application/json" not in m.group(1)]


def script_hashes(page: str) -> list[str]:
    """Return the base64 SHA-256 of each script the page runs, as a CSP lists them."""
    return [
        base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
        for text in inline_scripts(page)
    ]


def content_security_policy(hashes: list[str]) -> str:
    """Return a policy that runs only these scripts and loads nothing from anywhere."""
    sources = " ".join(f"'sha256-{h}'" for h in hashes)
    return (
        "default-src 'none'; "
        f"script-src {sources}; "
        "style-src 'unsafe-inline'; "
        "img-src data:; font-src 'none'; connect-src 'none'; media-src 'none'; "
        "object-src 'none'; frame-src 'none'; worker-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )


def _check(page: str, hashes: list[str]) -> None:
    """Refuse a page that could load anything from outside or run a script the policy does
    not list."""
    problems = []
    if re.search(
        r"<(script|link|img|iframe|object|embed|source)\b[^>]*\b(src|href)=", page, re.IGNORECASE
    ):
        problems.append("a tag loads an outside resource")
    if "node_modules" in page or "bootstrap" in page.lower() or "<center>" in page:
        problems.append("a CDN reference or pyvis's raw heading is in the page")
    found = script_hashes(page)
    if len(found) != EXPECTED_SCRIPTS:
        problems.append(f"expected {EXPECTED_SCRIPTS} inline scripts, found {len(found)}")
    if found != hashes:
        problems.append("the scripts differ from the ones the Content-Security-Policy lists")
    if "Content-Security-Policy" not in page[: page.find("<script")]:
        problems.append("the Content-Security-Policy does not come before the first script")
    if problems:
        raise RuntimeError("unsafe page: " + "; ".join(problems))


def _render(net: Any, text: PageText) -> str:
    net.templateEnv.globals["page"] = text
    return str(net.generate_html())


def render_html(
    g: nx.MultiDiGraph,
    *,
    title: str = DEFAULT_TITLE,
    subtitle: str | None = None,
    present: bool = False,
    source: str = "article",
) -> str:
    """Return the complete page for `g` (see the module docstring for what makes it safe).

    present: open in presentation mode (no side panel, large labels). source: which source the
    page opens on (``article``, ``labeling`` or ``both``; the page's source menu switches).
    """
    config = _config(g, present=present, source=source)
    by_key = {s["key"]: s for s in config["stages"]["views"]}
    positions: dict[str, Any] = {}
    for key in (stage_key("all", "both"), config["startStage"]):
        positions.update(by_key.get(key, {}).get("layout", {}))
    net = build_network(g, title=title, positions=positions or None)
    # our folder first, for the template; pyvis's second, for the vis-network files it includes
    net.set_template_dir([str(assets_dir()), net.template_dir], TEMPLATE)
    text = PageText(
        title=title,
        subtitle=_subtitle(g) if subtitle is None else subtitle,
        sources=list(g.graph.get("sources") or []),
        config=config,
        collections=list(g.graph.get("collections") or [])
        if any(d.get("source") == "labeling" for *_, d in g.edges(data=True))
        else [],
        css=_asset_text("page.css", "</style"),
        scripts=[_asset_text(name, "</script") for name in SCRIPTS],
        present=present,
    )
    hashes = script_hashes(_render(net, text))
    page = _render(net, replace(text, csp=content_security_policy(hashes)))
    _check(page, hashes)
    return page


def write_html(
    g: nx.MultiDiGraph,
    path: str | Path = DEFAULT_OUT,
    *,
    title: str = DEFAULT_TITLE,
    subtitle: str | None = None,
    present: bool = False,
    source: str = "article",
) -> Path:
    """Write the page for `g` to `path` atomically (temporary file, then rename); return path."""
    from ivig_kg.export import write_atomically

    target = Path(path)
    page = render_html(g, title=title, subtitle=subtitle, present=present, source=source)
    write_atomically({target: page})
    return target
