"""The page in a real browser: Debian chromium driven by Playwright, from file://, offline.

Skips locally with a reason when chromium or playwright is missing; fails instead under CI=true.
Screenshots and the pages under test are saved to test-artifacts/ at the repository root.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from conftest import launched_chromium
from rdflib import Graph

from ivig_kg.network import focus, to_networkx, view_edges
from ivig_kg.visualize import write_html

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "test-artifacts"
LOCAL = ("file:", "data:", "about:")
XSS = [
    '<img src=x onerror="window.__xss=1;alert(1)">',
    "</script><script>window.__xss=2;alert(2)</script>",
    '"><svg onload="window.__xss=3;alert(3)">',
    '<a href="javascript:alert(4)" onmouseover="window.__xss=4">click me</a>',
]


@dataclass
class Tab:
    """A page plus everything it asked for and complained about."""

    page: Any
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def outside(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(LOCAL)]

    def visible(self) -> dict[str, int]:
        return self.page.evaluate("window.ivigVisibleCounts()")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_chromium() as instance:
        yield instance


@pytest.fixture(scope="module")
def net(graph: Graph) -> nx.MultiDiGraph:
    return to_networkx(graph)


@pytest.fixture(scope="module")
def default_page(net: nx.MultiDiGraph) -> Path:
    return write_html(net, ARTIFACTS / "ivig-kg-graph.html")


def open_tab(browser: Any, html: Path) -> Tab:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    tab = Tab(page)
    page.on("request", lambda request: tab.requests.append(request.url))
    page.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: tab.errors.append(str(exc)))

    def on_dialog(dialog: Any) -> None:
        tab.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(html.resolve().as_uri(), wait_until="load")
    page.wait_for_load_state("networkidle")
    page.wait_for_selector("body[data-ready='true']", timeout=15_000)
    return tab


def hover(tab: Tab, node: str | None = None, edge: str | None = None) -> str:
    """Move the mouse onto a node, or onto a stretch of an edge that no other edge comes near;
    return the tooltip text."""
    page = tab.page
    point = page.evaluate(
        """([node, edge]) => {
            const box = document.getElementById('mynetwork').getBoundingClientRect();
            const blank = {blankX: box.right - 4, blankY: box.bottom - 30};
            if (node) {
                const dom = network.canvasToDOM(network.getPositions([node])[node]);
                return Object.assign({x: box.left + dom.x, y: box.top + dom.y}, blank);
            }
            const e = edges.get(edge);
            const pos = network.getPositions([e.from, e.to]);
            const a = network.canvasToDOM(pos[e.from]), b = network.canvasToDOM(pos[e.to]);
            for (let t = 0.5; t < 0.98; t += 0.02) {
                const p = {x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y)};
                if ((ivig.pick(p) || {}).id === edge) {
                    return Object.assign({x: box.left + p.x, y: box.top + p.y}, blank);
                }
            }
            throw new Error('no clear stretch on edge ' + edge);
        }""",
        [node, edge],
    )
    tooltip = page.locator("#ivig-tooltip")
    page.keyboard.press("Escape")  # an open details panel would cover part of the picture
    page.mouse.move(point["blankX"], point["blankY"], steps=4)  # the last tooltip goes away
    tooltip.wait_for(state="hidden", timeout=3_000)
    page.mouse.move(point["x"], point["y"])  # one jump: nothing else is hovered on the way
    tooltip.wait_for(state="visible", timeout=3_000)
    assert tooltip.get_attribute("data-id") == (node or edge)
    return tooltip.inner_text()


def test_default_page_draws_the_whole_graph_offline(
    browser: Any, net: nx.MultiDiGraph, default_page: Path
) -> None:
    tab = open_tab(browser, default_page)
    drawn = tab.page.evaluate(
        "({nodes: network.body.nodeIndices.length, edges: network.body.edgeIndices.length,"
        " data: [nodes.length, edges.length], settle: window.ivigSettleMs,"
        " physics: network.physics.physicsEnabled,"
        " outside: document.querySelectorAll('script[src], link[href], img[src]').length})"
    )
    assert drawn["nodes"] == net.number_of_nodes()
    assert drawn["edges"] == net.number_of_edges()
    assert drawn["data"] == [net.number_of_nodes(), net.number_of_edges()]
    assert drawn["settle"] < 5_000 and drawn["physics"] is False
    assert drawn["outside"] == 0
    assert tab.page.locator("#ivig-how").is_visible()
    assert tab.page.locator("#ivig-kinds input").count() == len(
        {d["kind"] for _, d in net.nodes(data=True)}
    )
    ARTIFACTS.mkdir(exist_ok=True)
    tab.page.screenshot(path=str(ARTIFACTS / "ivig-kg-graph.png"))
    assert tab.outside() == [] and tab.errors == [] and tab.dialogs == []
    assert all(url.startswith("file:") for url in tab.requests)
    tab.page.close()


def test_search_filter_topic_and_focus(
    browser: Any, net: nx.MultiDiGraph, default_page: Path
) -> None:
    tab = open_tab(browser, default_page)
    page = tab.page
    total = {"nodes": net.number_of_nodes(), "edges": net.number_of_edges()}
    assert tab.visible() == total

    page.fill("#ivig-search", "kawasaki disease")
    page.keyboard.press("Enter")
    assert page.evaluate("network.getSelectedNodes()") == ["kawasaki-disease"]
    assert page.locator("#ivig-search-status").inner_text() == "1 match"
    assert "MONDO:0012727" in page.locator("#ivig-details").inner_text()
    page.fill("#ivig-search", "kawasaki")
    assert int(page.locator("#ivig-search-status").get_attribute("data-matches")) > 1
    page.fill("#ivig-search", "Intravenous Immunoglobulin")  # the full name of the "IVIG" shape
    assert page.evaluate("network.getSelectedNodes()") == ["ivig"]

    page.uncheck("input[data-kind='phenotypic-feature']")
    symptoms = {n for n, d in net.nodes(data=True) if d["kind"] == "phenotypic-feature"}
    expected_edges = sum(1 for u, v in net.edges() if u not in symptoms and v not in symptoms)
    assert tab.visible() == {"nodes": total["nodes"] - len(symptoms), "edges": expected_edges}
    page.check("input[data-kind='phenotypic-feature']")
    assert tab.visible() == total

    page.uncheck("input[data-family='finding']")
    findings = sum(1 for *_, d in net.edges(data=True) if d["family"] == "finding")
    assert tab.visible()["edges"] == total["edges"] - findings
    page.check("input[data-family='finding']")

    page.select_option("#ivig-topic", "adverse-effects")
    keys = view_edges(net, "adverse-effects")
    ends = {n for u, v, k in net.edges(keys=True) if k in keys for n in (u, v)}
    assert tab.visible() == {"nodes": len(ends), "edges": len(keys)}
    page.select_option("#ivig-topic", "all")

    page.fill("#ivig-search", "Kawasaki disease")
    page.keyboard.press("Enter")
    page.click("#ivig-focus")
    around = focus(net, "kawasaki-disease", 1)
    assert tab.visible() == {"nodes": around.number_of_nodes(), "edges": around.number_of_edges()}
    assert "focused on: Kawasaki disease" in page.locator("#ivig-status").inner_text()
    page.click("#ivig-reset")
    assert tab.visible() == total
    assert tab.outside() == [] and tab.errors == [] and tab.dialogs == []
    tab.page.close()


def test_hover_explains_nodes_and_edges_with_their_source(browser: Any, default_page: Path) -> None:
    tab = open_tab(browser, default_page)
    text = hover(tab, node="headache")
    assert "headache" in text and "HP:0002315" in text
    text = hover(tab, edge="ae-fever")
    assert "IVIG can cause fever." in text
    assert "severity: mild; course: transient" in text
    assert (
        "Where: the article's section \u201cSafety and Adverse Effects\u201d, reference 4." in text
    )
    tab.page.mouse.click(*_node_point(tab, "aspirin"))
    assert "aspirin" in tab.page.locator("#ivig-details").inner_text()
    assert tab.errors == [] and tab.dialogs == [] and tab.outside() == []
    tab.page.close()


def _node_point(tab: Tab, node: str) -> tuple[float, float]:
    point = tab.page.evaluate(
        """(id) => {
            const dom = network.canvasToDOM(network.getPositions([id])[id]);
            const box = document.getElementById('mynetwork').getBoundingClientRect();
            return [box.left + dom.x, box.top + dom.y];
        }""",
        node,
    )
    return point[0], point[1]


def hostile_graph() -> nx.MultiDiGraph:
    """Every text is an attack; one title holds 'href' (pyvis's switch to HTML tooltips)."""
    g = nx.MultiDiGraph(view="all")
    g.add_node("drug", kind="drug", label=XSS[0], description=XSS[3], mappings=[])
    g.add_node(
        "bad",
        kind="disease",
        label=XSS[1],
        description=XSS[2],
        note=XSS[3],
        mappings=[{"curie": XSS[0], "match": "exact", "iri": "x"}],
    )
    g.add_node("link", kind="organization", label=XSS[3], description=XSS[3], mappings=[])
    g.add_edge(
        "drug",
        "bad",
        key="e1",
        family="indication",
        relation="treats",
        label=XSS[2],
        explanation=XSS[0],
        statement=XSS[1],
        section=XSS[3],
        section_id="s",
        references=[1],
        qualifiers={XSS[0]: XSS[2]},
        about=["drug", "bad"],
        assertion="e1",
        hedge=XSS[3],
    )
    g.add_edge(
        "link",
        "bad",
        key="e2",
        family="qualifier",
        relation="approved-for",
        label=XSS[3],
        explanation=XSS[3],
        statement=XSS[3],
        section="s",
        section_id="s",
        references=[2],
        qualifiers={},
        about=[],
        assertion="e2",
    )
    return g


def test_hostile_labels_show_as_text_and_run_nothing(browser: Any, tmp_path: Path) -> None:
    html = write_html(hostile_graph(), ARTIFACTS / "hostile.html", title=XSS[0], subtitle=XSS[2])
    tab = open_tab(browser, html)
    page = tab.page
    assert page.locator("#ivig-title").inner_text() == XSS[0]
    assert page.title() == XSS[0]
    for node in ("drug", "bad", "link"):
        text = hover(tab, node=node)
        page.mouse.click(*_node_point(tab, node))
        assert XSS[3] in text  # the description with href shows as text
    assert XSS[0] in hover(tab, edge="e1")
    page.fill("#ivig-search", "__xss=2")
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    details = page.locator("#ivig-details").inner_text()
    assert XSS[1] in details and XSS[2] in details
    assert page.evaluate("window.__xss") is None
    injected = page.evaluate(
        "document.querySelectorAll('[onerror], [onload], [onmouseover], [href],"
        " img:not(#ivig-print-picture)').length"
    )
    assert injected == 0
    page.screenshot(path=str(ARTIFACTS / "hostile.png"))
    assert tab.dialogs == [] and tab.errors == [] and tab.outside() == []
    assert not any(url.endswith("/x") for url in tab.requests)
    page.close()


def test_csp_blocks_script_injected_into_the_page(browser: Any, default_page: Path) -> None:
    """Second line of defence: even HTML injected at run time cannot run script."""
    tab = open_tab(browser, default_page)
    page = tab.page
    page.evaluate(
        """() => {
            window.__violations = [];
            document.addEventListener('securitypolicyviolation',
                (e) => window.__violations.push(e.violatedDirective));
            const div = document.createElement('div');
            div.innerHTML = '<img src="data:," onerror="window.__xss=1">';
            document.body.appendChild(div);
            const script = document.createElement('script');
            script.textContent = 'window.__xss = 2;';
            document.body.appendChild(script);
        }"""
    )
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None
    violations = page.evaluate("window.__violations")
    assert any(v.startswith("script-src") for v in violations), violations
    assert tab.dialogs == [] and tab.outside() == []
    page.close()


def test_readme_picture_command(browser: Any, tmp_path: Path) -> None:
    """The documented `ivig-kg viz --screenshot` writes a 1280x800 PNG of a frozen, clean page.

    Run as a separate process: Playwright's sync API cannot nest inside this module's browser.
    """
    png = tmp_path / "graph.png"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ivig_kg",
            "viz",
            "--out",
            str(tmp_path / "g.html"),
            "--screenshot",
            str(png),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    header = png.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")) == (
        1280,
        800,
    )
    assert "layout settled in" in result.stdout


# -- two sources: the switch, the marks, secondary facts, the table, the labels scene -----------


@pytest.fixture(scope="module")
def both(graph: Graph) -> nx.MultiDiGraph:
    return to_networkx(graph, source="both")


@pytest.fixture(scope="module")
def sources_page(both: nx.MultiDiGraph) -> Path:
    return write_html(both, ARTIFACTS / "ivig-kg-sources.html")


def lines_by_source(tab: Tab) -> dict[str, int]:
    return tab.page.evaluate("""() => {
        const counts = {};
        edges.get({filter: (e) => !e.hidden}).forEach((e) => {
            counts[e.origin || 'link'] = (counts[e.origin || 'link'] || 0) + 1;
        });
        return counts;
    }""")


def test_the_source_switch_shows_each_source(
    browser: Any, graph: Graph, sources_page: Path
) -> None:
    tab = open_tab(browser, sources_page)
    page = tab.page
    assert page.input_value("#ivig-source-menu") == "article", "the page opens on the article"
    for source in ("article", "labeling", "both", "article"):
        page.select_option("#ivig-source-menu", source)
        page.wait_for_timeout(50)
        sub = to_networkx(graph, source=source)
        assert tab.visible() == {"nodes": sub.number_of_nodes(), "edges": sub.number_of_edges()}
        expected: dict[str, int] = {}
        for *_, d in sub.edges(data=True):
            expected[d["source"] or "link"] = expected.get(d["source"] or "link", 0) + 1
        assert lines_by_source(tab) == expected, source
        assert page.inner_text("#ivig-subtitle").startswith(
            page.evaluate("ivig.cfg.sources.find((s) => s.id === ivig.state.source).name")
        )
    # a topic stays chosen when the source changes, where that source has it
    page.select_option("#ivig-topic", "indications")
    page.select_option("#ivig-source-menu", "both")
    assert page.input_value("#ivig-topic") == "indications"
    sub = to_networkx(graph, source="both", view="indications")
    assert tab.visible() == {"nodes": sub.number_of_nodes(), "edges": sub.number_of_edges()}
    assert tab.errors == [] and tab.outside() == [] and tab.dialogs == []
    page.close()


def test_disagreements_are_marked_only_where_both_are_shown(
    browser: Any, both: nx.MultiDiGraph, sources_page: Path
) -> None:
    marked = {k: d["mark"] for *_, k, d in both.edges(keys=True, data=True) if d.get("mark")}
    assert marked
    tab = open_tab(browser, sources_page)
    page = tab.page
    shown_marks = """() => edges.get({filter: (e) => !e.hidden && e.background &&
        e.background.enabled}).map((e) => [e.id, e.label])"""
    assert page.evaluate(shown_marks) == []
    page.select_option("#ivig-source-menu", "both")
    found = dict(page.evaluate(shown_marks))
    assert set(found) == set(marked)
    badges = {m["id"]: m["badge"] for m in page.evaluate("ivig.cfg.marks")}
    assert all(found[k].startswith(badges[marked[k]]) for k in marked)
    key = page.inner_text("#ivig-marks")
    assert all(badge in key for badge in badges.values())
    edge = next(iter(marked))
    page.evaluate("(id) => ivig.showDetails(edges.get(id).info)", edge)
    assert "Compared with" in page.inner_text("#ivig-details")
    page.select_option("#ivig-source-menu", "labeling")
    assert page.evaluate(shown_marks) == []
    page.close()


def test_secondary_facts_are_dotted_and_can_be_hidden(
    browser: Any, both: nx.MultiDiGraph, sources_page: Path
) -> None:
    secondary = {
        k for *_, k, d in both.edges(keys=True, data=True) if d.get("grade") == "secondary"
    }
    assert secondary
    tab = open_tab(browser, sources_page)
    page = tab.page
    page.select_option("#ivig-source-menu", "labeling")
    dashes = page.evaluate("(ids) => ids.map((id) => edges.get(id).dashes)", sorted(secondary))
    assert all(d == [2, 5] for d in dashes)
    before = tab.visible()["edges"]
    page.uncheck("#ivig-secondary")
    hidden = page.evaluate("(ids) => ids.filter((id) => edges.get(id).hidden)", sorted(secondary))
    assert set(hidden) == secondary
    assert tab.visible()["edges"] == before - len(secondary)
    page.check("#ivig-secondary")
    assert tab.visible()["edges"] == before
    page.close()


def test_the_table_follows_the_switch(browser: Any, sources_page: Path) -> None:
    tab = open_tab(browser, sources_page)
    page = tab.page
    page.click("#ivig-table-toggle")
    column = """(name) => {
        const heads = [...document.querySelectorAll('#ivig-table thead button')];
        const index = heads.findIndex((b) => b.dataset.column === name);
        return [...document.querySelectorAll('#ivig-table tbody tr')].map(
            (tr) => tr.children[index].textContent);
    }"""
    assert set(page.evaluate(column, "origin")) <= {"the article", "curators' link"}
    page.select_option("#ivig-source-menu", "labeling")
    origins = page.evaluate(column, "origin")
    assert origins and set(origins) <= {"US labels", "curators' link"}
    assert {"verified", "secondary"} <= set(page.evaluate(column, "grade"))
    page.select_option("#ivig-source-menu", "both")
    assert any("\u2260" in o for o in page.evaluate(column, "origin"))
    page.close()


def test_the_labels_scene_has_an_address(
    browser: Any, both: nx.MultiDiGraph, sources_page: Path
) -> None:
    from ivig_kg.viz.story import load_story, scene_graph

    scene = next(s for s in load_story().scenes if s.id == "labels")
    tab = open_tab(browser, sources_page)
    tab.page.goto(sources_page.resolve().as_uri() + "#scene=labels")
    tab.page.wait_for_selector("body[data-ready='true']")
    tab.page.wait_for_timeout(100)
    sub = scene_graph(both, scene)
    assert tab.visible() == {"nodes": sub.number_of_nodes(), "edges": sub.number_of_edges()}
    assert scene.title in tab.page.inner_text("#ivig-subtitle")
    assert tab.page.input_value("#ivig-source-menu") == "both"
    facts = tab.page.inner_text("#ivig-facts")
    products = {
        u
        for u, v, d in both.edges(data=True)
        if d["family"] == "labeled-indication" and v == "cidp"
    }
    assert f"CIDP: {len(products)}" in facts
    assert "not found in the labels of this set" in facts
    assert tab.errors == [] and tab.outside() == []
    tab.page.close()
