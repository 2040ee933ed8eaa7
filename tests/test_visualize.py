"""The HTML page, without a browser: offline, escaped, CSP-protected, laid out; and `ivig-kg viz`."""

from __future__ import annotations

import base64
import hashlib
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Graph

from ivig_kg.cli import main
from ivig_kg.network import to_networkx
from ivig_kg.visualize import (
    display_label,
    layout,
    layout_boxes,
    render_html,
    write_html,
)
from ivig_kg.viz.page import SCRIPTS

#: Read scripts independently of the code under test (which has its own parser).
SCRIPT_RE = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
ASSETS = resources.files("ivig_kg") / "viz" / "assets"

EVIL = [
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(2)</script>",
    '"><svg onload=alert(3)>',
    '<a href="javascript:alert(4)">click</a>',
]


def hostile_graph() -> nx.MultiDiGraph:
    """A tiny network whose every text is an attack (one title contains 'href')."""
    g = nx.MultiDiGraph(view="all")
    g.add_node("drug", kind="drug", label=EVIL[0], description=EVIL[3], mappings=[])
    g.add_node(
        "bad",
        kind="disease",
        label=EVIL[1],
        description=EVIL[2],
        note=EVIL[3],
        mappings=[{"curie": EVIL[0], "match": "exact", "iri": "x"}],
    )
    g.add_edge(
        "drug",
        "bad",
        key="e1",
        family="indication",
        relation="treats",
        label=EVIL[2],
        explanation=EVIL[0],
        statement=EVIL[1],
        section=EVIL[3],
        section_id="s",
        references=[1],
        qualifiers={EVIL[0]: EVIL[2]},
        about=["drug", "bad"],
        assertion="e1",
        hedge=EVIL[3],
        source="article",
        status="fda-approved",
        mark="not-in-labels",
        statement_compare=EVIL[1],
    )
    g.add_node("product", kind="drug-product", label=EVIL[2], mappings=[])
    g.add_edge(  # a line of the second source: its document, pages and grade are data too
        "product",
        "bad",
        key="e2",
        family="labeled-indication",
        relation="labeled-for",
        label=EVIL[1],
        explanation=EVIL[2],
        statement=EVIL[0],
        section="",
        section_id="",
        references=[],
        qualifiers={"read on": EVIL[3]},
        about=["product", "bad"],
        assertion="e2",
        source="labeling",
        grade="secondary",
        document=EVIL[0],
        pages=[EVIL[3]],
        mark="not-approved-in-article",
        statement_compare=EVIL[2],
    )
    g.graph["collections"] = [{"iri": "x", "title": EVIL[1], "gathered": EVIL[0]}]
    return g


@pytest.fixture(scope="module")
def net(graph: Graph) -> nx.MultiDiGraph:
    return to_networkx(graph)


@pytest.fixture(scope="module")
def page(net: nx.MultiDiGraph) -> str:
    return render_html(net)


def test_page_loads_nothing_from_outside(page: str) -> None:
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)=", page, re.I)
    for text in ("node_modules", "bootstrap", "cdn.jsdelivr", "cdnjs", "<center>"):
        assert page.lower().count(text) == 0, text  # count: no slow diff of a 800 KB page
    assert page.count("vis.Network") > 0, "vis-network is inlined"


def test_csp_comes_first_and_lists_every_script(page: str) -> None:
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert csp and csp.start() < page.find("<script")
    policy = csp.group(1)
    assert "default-src 'none'" in policy and "'unsafe-inline'" not in policy.split(";")[1]
    assert "connect-src 'none'" in policy and "base-uri 'none'" in policy
    scripts = [m.group(2) for m in SCRIPT_RE.finditer(page) if "json" not in m.group(1)]
    # vis-network, the template's drawing script and our four scripts, each listed by its hash
    assert len(scripts) == 2 + len(SCRIPTS)
    assert scripts[0].count("vis-network") and "new vis.Network(" in scripts[1]
    for name, body in zip(SCRIPTS, scripts[2:], strict=True):
        assert body == (ASSETS / name).read_text(encoding="utf-8"), name
    for body in scripts:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy


def test_page_is_rendered_from_the_packaged_assets(page: str) -> None:
    """The template, stylesheet and script are package files, and pyvis rendered our template
    (not its own: no Bootstrap card, no drawGraph(), no pyvis bindings)."""
    names = {p.name for p in ASSETS.iterdir()}
    assert {"page.html.jinja", "page.css", "scenes.json", *SCRIPTS} <= names
    assert not [n for n in names if n.endswith(".html")], "*.html is git-ignored: not committed"
    assert page.count((ASSETS / "page.css").read_text(encoding="utf-8")) == 1
    for name in SCRIPTS:
        assert page.count((ASSETS / name).read_text(encoding="utf-8")) == 1, name
    for pyvis_default in ("drawGraph", "neighbourhoodHighlight", 'class="card', "{{", "{%"):
        assert page.count(pyvis_default) == 0, pyvis_default
    assert page.startswith("<!DOCTYPE html>")


def test_no_tag_points_outside_the_page(page: str) -> None:
    """No <script src=>, <link href=> or any other tag that names a URL, also not a relative
    one: the page is a single file."""
    # keep the script and style tags, drop their text (minified code is full of '<')
    markup = re.sub(r"(<(script|style)\b[^>]*>).*?(</\2\s*>)", r"\1\3", page, flags=re.S | re.I)
    tags = re.findall(r"<[a-z][^>]*>", markup, re.IGNORECASE)
    assert len(tags) > 30 and "<script>" in tags and "<style>" in tags
    outside = [t for t in tags if re.search(r"\b(src|href|srcset|action|data)\s*=", t, re.I)]
    assert outside == []
    assert markup.count("<link") == 0 and markup.count("://") == 0


def test_page_has_title_note_legend_search_and_filter(page: str, net: nx.MultiDiGraph) -> None:
    wanted = [
        "<title>IVIG: uses, mechanisms and adverse effects</title>",
        "How to read this picture",
        f"{net.number_of_nodes()} shapes, {net.number_of_edges()} lines",
    ]
    wanted += [
        f'id="{element}"'
        for element in (
            "ivig-search",
            "ivig-kinds",
            "ivig-families",
            "ivig-topic",
            "ivig-focus",
            "ivig-details",
        )
    ]
    for text in wanted:
        assert page.count(text) > 0, text


def test_hostile_text_never_reaches_the_page_raw() -> None:
    page = render_html(hostile_graph(), title=EVIL[0], subtitle=EVIL[2])
    for attack in EVIL:
        assert page.count(attack) == 0, attack
    assert page.count('network.on("showPopup"') == 0, "pyvis's HTML popup (href switch) unused"
    for escaped in (
        '<h1 id="ivig-title">&lt;img src=x onerror=alert(1)&gt;</h1>',
        "<title>&lt;img src=x onerror=alert(1)&gt;</title>",
        # in the JSON of the scripts, tooltip HTML is escaped twice: &lt; then \u0026lt;
        "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;",
        # the label itself is JSON-escaped text for the canvas
        "\\u003c/script\\u003e\\u003cscript\\u003ealert(2)\\u003c/script\\u003e",
    ):
        assert page.count(escaped) > 0, escaped


def test_display_label_uses_the_acronym_of_long_names() -> None:
    assert display_label("intravenous immunoglobulin (IVIG)") == "IVIG"
    assert display_label("United States Food and Drug Administration (FDA)") == "FDA"
    assert display_label("interleukin-1 beta (IL-1β)") == "interleukin-1 beta (IL-1β)"
    assert display_label("fever") == "fever"


def test_layout_is_deterministic_and_separates_labels(net: nx.MultiDiGraph) -> None:
    pos = layout(net)
    assert set(pos) == set(net.nodes) and pos == layout(net)
    assert pos["ivig"] == (0.0, 0.0)
    assert pos["fever"][0] > 0 > pos["kawasaki-disease"][0], "adverse effects right, uses left"
    boxes = layout_boxes(net)
    ids = sorted(pos)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            (ax, ay), (bx, by) = pos[a], pos[b]
            if boxes[a][0] + boxes[b][0] <= abs(ax - bx):
                continue
            top, low = (a, b) if ay <= by else (b, a)
            assert pos[top][1] + boxes[top][2] <= pos[low][1] - boxes[low][1], (a, b)


def test_every_view_renders(graph: Graph) -> None:
    for view in ("indications", "mechanisms", "adverse-effects"):
        g = to_networkx(graph, view=view)
        assert render_html(g).count(f"{g.number_of_nodes()} shapes") == 1


def test_write_html_replaces_atomically(tmp_path: Path, net: nx.MultiDiGraph) -> None:
    target = tmp_path / "out" / "graph.html"
    assert write_html(net, target) == target
    first = target.read_text(encoding="utf-8")
    write_html(hostile_graph(), target)
    assert target.read_text(encoding="utf-8") != first
    assert [p.name for p in target.parent.iterdir()] == ["graph.html"]


def test_cli_viz_writes_the_page(tmp_path: Path) -> None:
    out = tmp_path / "g.html"
    result = CliRunner().invoke(main, ["viz", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists() and f"wrote {out}" in result.output and "browser" in result.output
    focused = CliRunner().invoke(
        main,
        [
            "viz",
            "--focus",
            "Kawasaki disease",
            "--depth",
            "1",
            "--view",
            "all",
            "--out",
            str(tmp_path / "k.html"),
        ],
    )
    assert focused.exit_code == 0, focused.output
    assert (tmp_path / "k.html").read_text(encoding="utf-8").count("around Kawasaki disease")


def test_cli_viz_explains_a_bad_focus(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["viz", "--focus", "scurvy", "--out", str(tmp_path / "x.html")]
    )
    assert result.exit_code == 2
    assert "no node has the id or label 'scurvy'" in result.output
    assert not (tmp_path / "x.html").exists()
    lonely = CliRunner().invoke(main, ["viz", "--depth", "2", "--out", str(tmp_path / "y.html")])
    assert lonely.exit_code == 2 and "--depth only applies with --focus" in lonely.output


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys; from ivig_kg.cli import main; "
        "print(sorted(m for m in ('networkx', 'pyvis', 'playwright') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    help_text = CliRunner().invoke(main, ["viz", "--help"]).output
    assert "--view [all|indications|mechanisms|adverse-effects]" in help_text
    assert "--focus NODE" in help_text and "--screenshot" in help_text
