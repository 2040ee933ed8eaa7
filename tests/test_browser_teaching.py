"""Teaching with the page, in a real browser (issue 12): the right explanation under the
pointer, presentation mode, the table, scenes, accessibility, export and the handout.

Same set-up as tests/test_browser.py (Debian chromium driven by Playwright, from file://,
offline); every expectation is computed from the graph. Figures (hover sampling, label sizes,
axe results) are written to test-artifacts/teaching-figures.json.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from conftest import launched_chromium
from rdflib import Graph
from test_browser import ARTIFACTS, Tab, open_tab

from ivig_kg.network import to_networkx
from ivig_kg.visualize import write_html
from ivig_kg.viz.story import load_story, scene_graph
from ivig_kg.viz.table import statement_rows

pytestmark = pytest.mark.browser

FIGURES: dict[str, Any] = {}
SERIOUS = {"serious", "critical"}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_chromium() as instance:
        yield instance
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "teaching-figures.json").write_text(json.dumps(FIGURES, indent=2))


@pytest.fixture(scope="module")
def net(graph: Graph) -> nx.MultiDiGraph:
    return to_networkx(graph, source="both")  # what `ivig-kg viz` draws: every source


@pytest.fixture(scope="module")
def page_file(net: nx.MultiDiGraph) -> Path:
    return write_html(net, ARTIFACTS / "ivig-kg-teaching.html")


def stage_keys(tab: Tab) -> list[str]:
    return tab.page.evaluate(
        "ivig.cfg.stages.views.concat(ivig.cfg.stages.scenes).map((s) => s.key)"
    )


def go(tab: Tab, key: str) -> None:
    tab.page.evaluate("(key) => ivig.go(key)", key)
    tab.page.wait_for_timeout(50)


def statements_in(net: nx.MultiDiGraph, keys: set[str]) -> set[str]:
    return {d.get("assertion") or k for *_, k, d in net.edges(keys=True, data=True) if k in keys}


# -- 1. the right explanation, always ------------------------------------------------------------

SAMPLES_JS = """() => {
    const box = document.getElementById('mynetwork').getBoundingClientRect();
    const scale = network.getScale();
    const shown = ivig.visibleIds(nodes).map((id) => network.body.nodes[id]);
    const onNode = (p) => shown.some((n) => {
        const s = n.labelModule.size;
        const label = n.options.label && n.options.font.size * scale >=
            n.options.scaling.label.drawThreshold && s && p.x >= s.left - 1 &&
            p.x <= s.left + s.width + 1 && p.y >= s.top - 1 && p.y <= s.top + s.height + 1;
        return label || Math.hypot(p.x - n.x, p.y - n.y) <= n.options.size +
            n.options.borderWidth + 2 / scale;
    });
    const points = [];
    ivig.visibleIds(edges).forEach((id) => {
        const edge = network.body.edges[id];
        for (let t = 0.03; t < 0.98; t += 0.04) {
            const p = edge.edgeType.getPoint(t);
            if (onNode(p)) { continue; }
            const dom = network.canvasToDOM(p);
            if (dom.x < 2 || dom.y < 2 || dom.x > box.width - 2 || dom.y > box.height - 2) {
                continue;
            }
            points.push({x: box.left + dom.x, y: box.top + dom.y, id: id, type: 'edge'});
        }
    });
    shown.forEach((n) => {
        const dom = network.canvasToDOM({x: n.x, y: n.y});
        points.push({x: box.left + dom.x, y: box.top + dom.y, id: n.id, type: 'node'});
    });
    return points;
}"""


POINTER_JS = """(points) => {
    window.ivigHoverLog = [];
    const target = document.querySelector('#mynetwork canvas');
    points.forEach((p) => target.dispatchEvent(new PointerEvent('pointermove', {
        clientX: p.x, clientY: p.y, pointerType: 'mouse', bubbles: true})));
    return window.ivigHoverLog.splice(0);
}"""


def test_the_explanation_is_always_the_pointed_elements_own(
    browser: Any, page_file: Path, net: nx.MultiDiGraph
) -> None:
    tab = open_tab(browser, page_file)
    page = tab.page
    figures = {}
    for key in stage_keys(tab):
        go(tab, key)
        points = page.evaluate(SAMPLES_JS)
        # every point as a pointer event the page handles as it would the mouse's (a real
        # mouse move costs a frame, ~17 ms), then every 40th with the real mouse: the same
        log = page.evaluate(POINTER_JS, points)
        assert len(log) == len(points), key
        page.evaluate("window.ivigHoverLog = []")
        for p in points[::40]:
            page.mouse.move(p["x"], p["y"])
        real = page.evaluate("window.ivigHoverLog.splice(0)")
        assert [r["hit"] for r in real] == [r["hit"] for r in log[::40]], key
        right = sum(
            1
            for p, seen in zip(points, log, strict=True)
            if seen["hit"] and seen["hit"]["id"] == p["id"] and seen["hit"]["type"] == p["type"]
        )
        lines = [p for p in points if p["type"] == "edge"]
        line_right = sum(
            1
            for p, seen in zip(points, log, strict=True)
            if p["type"] == "edge" and seen["hit"] and seen["hit"]["id"] == p["id"]
        )
        figures[key] = {
            "points": len(points),
            "right": right,
            "share": round(right / len(points), 4),
            "line_points": len(lines),
            "line_share": round(line_right / len(lines), 4),
            "lines": len({p["id"] for p in lines}),
        }
        assert right / len(points) >= 0.98, (key, figures[key])
    # the tooltip shown is the element's own text, also in the dense fan-out around the hub
    go(tab, "all")
    hub = next(
        n
        for n, d in net.nodes(data=True)
        if d["kind"] == "drug" and net.degree(n) == max(net.degree(m) for m in net)
    )
    shown = set(page.evaluate("ivig.stages.all.edges"))
    edge = next(k for u, _, k in net.edges(keys=True) if u == hub and k in shown)
    point = page.evaluate(
        """(id) => {
        const box = document.getElementById('mynetwork').getBoundingClientRect();
        const edge = network.body.edges[id];
        for (let t = 0.02; t < 0.5; t += 0.01) {
            const p = edge.edgeType.getPoint(t);
            const hub = edge.from;
            if (Math.hypot(p.x - hub.x, p.y - hub.y) > hub.options.size + 6 / network.getScale()) {
                const dom = network.canvasToDOM(p);
                return {x: box.left + dom.x, y: box.top + dom.y};
            }
        }
    }""",
        edge,
    )
    page.mouse.move(point["x"], point["y"])
    tooltip = page.locator("#ivig-tooltip")
    tooltip.wait_for(state="visible")
    assert tooltip.get_attribute("data-id") == edge
    explanation = net.edges[next((u, v, k) for u, v, k in net.edges(keys=True) if k == edge)]
    assert explanation["explanation"] in tooltip.inner_text()
    FIGURES["hover"] = figures
    assert tab.errors == [] and tab.outside() == []
    page.close()


# -- 2. presentation mode ---------------------------------------------------------------------


def label_sizes(tab: Tab) -> dict[str, float]:
    return tab.page.evaluate("""() => {
        const s = network.getScale();
        const n = nodes.get({filter: (x) => !x.hidden && x.kind !== 'finding'});
        const e = edges.get({filter: (x) => !x.hidden && x.label.trim()});
        return {node: Math.min(...n.map((x) => x.font.size * s)),
                edge: e.length ? Math.min(...e.map((x) => x.font.size * s)) : 99,
                scale: s};
    }""")


def test_presentation_mode_at_1024x768(browser: Any, page_file: Path) -> None:
    page = browser.new_page(viewport={"width": 1024, "height": 768})
    tab = Tab(page)
    page.on("pageerror", lambda exc: tab.errors.append(str(exc)))
    page.goto(page_file.resolve().as_uri())
    page.wait_for_selector("body[data-ready='true']")
    page.click("#ivig-present-toggle")
    page.wait_for_timeout(200)
    assert page.locator("#ivig-side").is_hidden()
    assert page.get_attribute("#ivig-present-toggle", "aria-pressed") == "true"
    sizes = {}
    for key in [k for k in stage_keys(tab) if k != "all"]:
        go(tab, key)
        page.wait_for_timeout(100)
        sizes[key] = {k: round(v, 1) for k, v in label_sizes(tab).items()}
        assert sizes[key]["node"] >= 24 and sizes[key]["edge"] >= 18, (key, sizes[key])
    # the header wraps: every control is on the screen, nothing is cut off
    boxes = page.evaluate("""() => [...document.querySelectorAll('#ivig-header button,'
        + ' #ivig-header select, #ivig-header input, #ivig-title')].filter((e) =>
        e.offsetParent).map((e) => e.getBoundingClientRect().right)""")
    assert boxes and max(boxes) <= 1024
    header = page.evaluate("""() => { const h = document.getElementById('ivig-header');
        return [h.scrollWidth, h.clientWidth]; }""")
    assert header[0] <= header[1]
    # larger text
    go(tab, "adverse-effects")
    before = label_sizes(tab)["node"]
    page.click("#ivig-text-larger")
    assert label_sizes(tab)["node"] > before * 1.1
    assert page.inner_text("#ivig-text-size") == "125%"
    # browser zoom (the device pixel ratio doubles, the CSS viewport halves): the drawing keeps
    # its scale in CSS pixels, so it grows on the screen like the rest of the page
    scale = page.evaluate("network.getScale()")
    cdp = page.context.new_cdp_session(page)
    cdp.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": 512, "height": 384, "deviceScaleFactor": 2, "mobile": False},
    )
    page.wait_for_timeout(400)
    assert page.evaluate("window.devicePixelRatio") == 2
    assert abs(page.evaluate("network.getScale()") - scale) / scale < 0.02
    FIGURES["present_label_px_1024x768"] = sizes
    assert tab.errors == []
    page.close()


def test_the_present_option_and_a_topic_page_say_what_they_show(browser: Any, graph: Graph) -> None:
    ae = to_networkx(graph, view="adverse-effects")
    tab = open_tab(browser, write_html(ae, ARTIFACTS / "ae-present.html", present=True))
    page = tab.page
    assert "ivig-present" in page.get_attribute("body", "class")
    selected = page.evaluate("document.getElementById('ivig-topic').selectedOptions[0].text")
    assert selected == "Adverse effects" and page.inner_text("#ivig-subtitle").startswith(
        "Adverse effects \u00b7"
    )
    assert page.locator("#ivig-scene-nav").is_hidden(), "scenes belong to the whole graph"
    facts = page.inner_text("#ivig-facts")
    rates = [
        d["qualifiers"]["value"]
        for d in ae.graph["findings"].values()
        if d["qualifiers"].get("value", "").endswith("%")
    ]
    assert rates and all(r in facts for r in rates) and "mild" in facts
    page.close()


def test_a_tablet_can_read_and_touch_it(browser: Any, page_file: Path) -> None:
    context = browser.new_context(
        viewport={"width": 768, "height": 1024},
        has_touch=True,
        is_mobile=True,
        device_scale_factor=2,
    )
    page = context.new_page()
    page.goto(page_file.resolve().as_uri())
    page.wait_for_selector("body[data-ready='true']")
    page.wait_for_timeout(200)
    overflow = page.evaluate("""() => [...document.querySelectorAll('#ivig-header button,'
        + ' #ivig-header select, #ivig-header input')].filter((e) => e.offsetParent)
        .map((e) => e.getBoundingClientRect()).filter((r) => r.right > 768 || r.left < 0).length""")
    assert overflow == 0
    assert page.locator("#ivig-side").is_hidden(), "the key opens over the picture on demand"
    page.tap("#ivig-side-toggle")
    assert page.locator("#ivig-side").is_visible()
    page.tap("#ivig-side-toggle")
    x, y = page.evaluate("""() => { const b = document.getElementById('mynetwork')
        .getBoundingClientRect(); const d = network.canvasToDOM(network.getPositions(['ivig'])
        .ivig); return [b.left + d.x, b.top + d.y]; }""")
    page.touchscreen.tap(x, y)
    page.wait_for_selector("#ivig-details:not([hidden])")
    assert "statements in this view" in page.inner_text("#ivig-details")
    before = page.evaluate("network.getViewPosition()")
    cdp = context.new_cdp_session(page)
    for kind, dx in (("touchStart", 0), ("touchMove", 60), ("touchMove", 140), ("touchEnd", 0)):
        cdp.send(
            "Input.dispatchTouchEvent",
            {
                "type": kind,
                "touchPoints": [] if kind == "touchEnd" else [{"x": x - 150 + dx, "y": y + 200}],
            },
        )
        page.wait_for_timeout(40)
    after = page.evaluate("network.getViewPosition()")
    assert abs(after["x"] - before["x"]) > 20, "one finger pans"
    context.close()


# -- 3. statements at a click, and the table view ---------------------------------------------


def test_a_click_lists_the_statements_of_a_shape_by_group(
    browser: Any, page_file: Path, net: nx.MultiDiGraph
) -> None:
    tab = open_tab(browser, page_file)
    page = tab.page
    shown = set(page.evaluate("ivig.stages.all.edges"))  # the article's, where the page opens
    rows = [
        r
        for r in statement_rows(net)
        if "kawasaki-disease" in r["nodes"] and shown & set(r["edges"])
    ]
    page.evaluate("ivig.openDetails({type: 'node', id: 'kawasaki-disease'})")
    text = page.inner_text("#ivig-details")
    assert f"{len(rows)} statements in this view" in text
    names = page.evaluate("ivig.cfg.groups")
    for group in names:
        count = sum(1 for r in rows if r["group"] == group["id"])
        if count:
            assert f"{group['name']} ({count})" in text
    for r in rows:
        assert r["source"] in text
        if r["hedge"]:
            assert r["hedge"] in text
    page.keyboard.press("Escape")
    assert page.locator("#ivig-details").is_hidden()
    page.close()


def test_the_table_lists_every_statement_in_view(
    browser: Any, page_file: Path, net: nx.MultiDiGraph
) -> None:
    tab = open_tab(browser, page_file)
    page = tab.page
    page.click("#ivig-table-toggle")
    for key in stage_keys(tab):
        go(tab, key)
        keys = set(page.evaluate("(k) => ivig.stages[k].edges", key))
        assert page.locator("#ivig-table tbody tr").count() == len(statements_in(net, keys)), key
    go(tab, "all")
    page.click("button.ivig-sort[data-column='subject']")
    subjects = page.eval_on_selector_all(
        "#ivig-table tbody tr td:first-child", "(cells) => cells.map((c) => c.textContent)"
    )
    assert subjects == sorted(subjects, key=str.casefold)
    page.click("button.ivig-sort[data-column='subject']")
    assert page.get_attribute("#ivig-table th:first-child", "aria-sort") == "descending"
    page.fill("#ivig-search", "fever")
    shown = page.locator("#ivig-table tbody tr")
    assert 0 < shown.count() < len(statement_rows(net))
    assert all("fever" in t.lower() for t in shown.all_inner_texts())
    page.focus("#ivig-table tbody tr:first-child")
    page.keyboard.press("Enter")
    assert page.locator("#ivig-details").is_visible()
    assert page.evaluate("network.getSelectedEdges().length") >= 1
    assert tab.errors == []
    page.close()


# -- 4. guided scenes --------------------------------------------------------------------------


def test_scenes_step_by_buttons_keys_and_links(
    browser: Any, page_file: Path, net: nx.MultiDiGraph
) -> None:
    scenes = [s for s in load_story().scenes if not s.planned]
    tab = open_tab(browser, page_file)
    page = tab.page
    page.click("#ivig-scene-next")
    assert page.evaluate("location.hash") == f"#scene={scenes[0].id}"
    for scene in scenes[1:]:
        page.keyboard.press("ArrowRight")
        assert page.evaluate("location.hash") == f"#scene={scene.id}"
        sub = scene_graph(net, scene)
        assert tab.visible() == {"nodes": sub.number_of_nodes(), "edges": sub.number_of_edges()}
        assert page.inner_text("#ivig-subtitle").startswith(
            f"Scene {scenes.index(scene) + 1} of {len(scenes)}: {scene.title}"
        )
        assert scene.caption in page.inner_text("#ivig-caption")
    page.keyboard.press("ArrowLeft")
    assert page.evaluate("location.hash") == f"#scene={scenes[-2].id}"
    page.click("#ivig-scene-prev")
    assert page.evaluate("location.hash") == f"#scene={scenes[-3].id}"
    page.close()
    tab = open_tab(browser, Path(str(page_file)))
    tab.page.goto(page_file.resolve().as_uri() + "#scene=kawasaki")
    tab.page.wait_for_selector("body[data-ready='true']")
    tab.page.wait_for_timeout(100)
    kawasaki = scene_graph(net, next(s for s in scenes if s.id == "kawasaki"))
    assert tab.visible() == {
        "nodes": kawasaki.number_of_nodes(),
        "edges": kawasaki.number_of_edges(),
    }
    topic = tab.page.evaluate("document.getElementById('ivig-topic').value")
    assert topic == next(s for s in scenes if s.id == "kawasaki").view
    facts = tab.page.inner_text("#ivig-facts")
    assert all(
        d["qualifiers"]["dose"] in facts
        for *_, d in kawasaki.edges(data=True)
        if d.get("qualifiers", {}).get("dose")
    )
    tab.page.evaluate("location.hash = '#scene=what-is'")
    tab.page.wait_for_timeout(100)
    assert tab.page.inner_text("#ivig-subtitle").startswith("Scene 1 of")
    assert tab.errors == [] and tab.outside() == []
    tab.page.close()


# -- 6. accessible ------------------------------------------------------------------------------


def axe_serious(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {len(v['nodes'])}"
        for v in result.response["violations"]
        if v["impact"] in SERIOUS
    ]


def test_axe_finds_no_serious_violation(browser: Any, page_file: Path) -> None:
    pytest.importorskip("axe_playwright_python", reason="pip install axe-playwright-python")
    tab = open_tab(browser, page_file)
    page = tab.page
    found: dict[str, list[str]] = {}
    for key in stage_keys(tab):
        go(tab, key)
        found[key] = axe_serious(page)
    page.click("#ivig-table-toggle")
    page.evaluate("ivig.openDetails({type: 'node', id: 'ivig'})")
    found["table and details"] = axe_serious(page)
    page.click("#ivig-present-toggle")
    found["presentation mode"] = axe_serious(page)
    FIGURES["axe_serious_or_critical"] = found
    assert all(v == [] for v in found.values()), found
    names = page.evaluate("""() => [...document.querySelectorAll('button, select, input,'
        + ' [role=application], canvas')].filter((e) => e.offsetParent || e.tagName ===
        'CANVAS').filter((e) => !(e.getAttribute('aria-label') || e.labels?.length ||
        e.textContent.trim())).map((e) => e.outerHTML.slice(0, 80))""")
    assert names == []
    page.close()


def test_keyboard_reaches_controls_picture_and_statements(browser: Any, page_file: Path) -> None:
    tab = open_tab(browser, page_file)
    page = tab.page
    reached = []
    for _ in range(50):
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate("document.activeElement.id || document.activeElement.className")
        )
    for control in (
        "ivig-search",
        "ivig-topic",
        "ivig-focus",
        "ivig-table-toggle",
        "ivig-present-toggle",
        "ivig-export-png",
        "ivig-print",
        "vis-network",
    ):
        assert control in reached, control
    page.focus("#mynetwork .vis-network")
    start = page.evaluate("[network.getScale(), network.getViewPosition().x]")
    page.keyboard.down("ArrowLeft")
    page.wait_for_timeout(150)
    page.keyboard.up("ArrowLeft")
    assert page.evaluate("network.getViewPosition().x") != start[1], "arrows pan"
    for key in ("+", "-"):  # held for a moment, as a person presses a key
        before = page.evaluate("network.getScale()")
        page.keyboard.down(key)
        page.wait_for_timeout(150)
        page.keyboard.up(key)
        after = page.evaluate("network.getScale()")
        assert (after > before) if key == "+" else (after < before), key
    page.keyboard.press("Enter")
    assert page.locator("#ivig-details").is_visible()
    page.keyboard.press("Escape")
    assert page.locator("#ivig-details").is_hidden()
    page.close()


# -- 7. take it to class -----------------------------------------------------------------------


def test_png_export_and_one_page_handout(
    browser: Any, page_file: Path, net: nx.MultiDiGraph
) -> None:
    tab = open_tab(browser, page_file)
    page = tab.page
    go(tab, "adverse-effects")
    with page.expect_download() as download:
        page.click("#ivig-export-png")
    png = Path(download.value.path()).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    canvas = page.evaluate(
        "[document.querySelector('#mynetwork canvas').width,"
        " document.querySelector('#mynetwork canvas').height]"
    )
    assert width == canvas[0] and height > canvas[1]
    source = net.graph["sources"][0]
    pages = {}
    for key in ("adverse-effects", "all"):
        go(tab, key)
        page.wait_for_function(
            "() => { const p = document.getElementById('ivig-print-picture');"
            " return p.complete && p.naturalWidth > 0; }"
        )
        page.wait_for_timeout(600)  # the picture follows the last drawing
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        pages[key] = len(re.findall(rb"/Type\s*/Page\b", pdf))
        (ARTIFACTS / f"handout-{key}.pdf").write_bytes(pdf)
        assert pages[key] == 1, (key, pages[key])
    assert source["modified"] in page.inner_text("#ivig-source")
    assert source["review_status"] in page.inner_text("#ivig-source")
    FIGURES["handout_pages"] = pages
    assert tab.errors == [] and tab.outside() == []
    page.close()
