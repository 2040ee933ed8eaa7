"""What the page teaches with, without a browser: palette, scenes, key facts, statement rows."""

from __future__ import annotations

import json
import re
from importlib import resources

import networkx as nx
import pytest
from rdflib import Graph

from ivig_kg import explain
from ivig_kg.network import to_networkx, view_edges
from ivig_kg.viz.page import render_html
from ivig_kg.viz.story import (
    load_story,
    missing_ids,
    parse_story,
    scene_graph,
    stages,
)
from ivig_kg.viz.style import LINE_STYLES, NODE_STYLE, contrast, line_kind
from ivig_kg.viz.table import GROUPS, statement_rows

SCENES = resources.files("ivig_kg") / "viz" / "assets" / "scenes.json"


@pytest.fixture(scope="module")
def net(graph: Graph) -> nx.MultiDiGraph:
    return to_networkx(graph)


@pytest.fixture(scope="module")
def page_stages(net: nx.MultiDiGraph) -> dict:
    return stages(net)


# -- meaning beyond colour ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(NODE_STYLE))
def test_node_colours_reach_3_to_1(kind: str) -> None:
    assert contrast(NODE_STYLE[kind][0]) >= 3.0, kind


@pytest.mark.parametrize("line", sorted(LINE_STYLES))
def test_line_colours_reach_3_to_1(line: str) -> None:
    assert contrast(LINE_STYLES[line].colour) >= 3.0, line


def test_line_kinds_differ_in_more_than_colour() -> None:
    approved, other = LINE_STYLES["approved-use"], LINE_STYLES["other-use"]
    assert approved.dashes != other.dashes and approved.width > other.width
    greys = [LINE_STYLES[k].dashes for k in ("qualifier", "finding", "entity")]
    assert len(set(greys)) == 3 and all(greys), "the three grey kinds have three patterns"
    assert LINE_STYLES["adverse-effect"].colour != LINE_STYLES["other-use"].colour
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast("#000000") == pytest.approx(21.0)


def test_every_line_has_a_kind(net: nx.MultiDiGraph) -> None:
    kinds = {line_kind(d) for *_, d in net.edges(data=True)}
    assert kinds <= set(LINE_STYLES) and {"approved-use", "other-use"} <= kinds


def test_labels_are_plain_language(net: nx.MultiDiGraph) -> None:
    findings = [d for _, d in net.nodes(data=True) if d["kind"] == "finding"]
    assert findings
    for d in findings:
        assert d["label"][:1].isupper() and not d["label"].startswith("fnd"), d["label"]
        assert d["statement"].startswith(d["label"].rstrip("\u2026"))
    prominent = [d for *_, d in net.edges(data=True) if d.get("qualifiers", {}).get("prominence")]
    assert prominent, "the graph names a most common use"
    for d in prominent:
        assert d["label"].startswith(d["qualifiers"]["prominence"])
    assert explain.finding_label("A short one.") == "A short one"


# -- the scenes file ---------------------------------------------------------------------------


def test_scenes_file_is_valid_and_names_what_the_graph_has(net: nx.MultiDiGraph) -> None:
    story = load_story()
    assert missing_ids(story, net) == [], "fix ivig_kg/viz/assets/scenes.json"
    ids = [s.id for s in story.scenes]
    for wanted in ("what-is", "uses", "kawasaki", "after-infusion", "how-it-works"):
        assert wanted in ids
    planned = [s for s in story.scenes if s.planned]
    assert planned == [], "every scene is ready (the labeling scene too)"
    labels = next(s for s in story.scenes if s.id == "labels")
    assert labels.source == "both" and labels.compare
    for scene in story.scenes:
        assert len(scene.caption) <= 400 and not re.search(r"[0-9]", scene.caption), (
            "captions state no numbers: numbers come from the graph"
        )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["scenes"][0].update(colour="red"), "unknown field"),
        (lambda d: d["scenes"][0].update(view="everything"), "is not one of"),
        (lambda d: d["scenes"].append(dict(d["scenes"][0])), "unique"),
        (lambda d: d["scenes"][0].update(id="What Is"), "lower-case"),
        (lambda d: d["scenes"][0].update(caption=""), "non-empty"),
        (lambda d: d["scenes"][0].update(status="maybe"), "status"),
        (lambda d: d["views"].update(everything={}), "topic views"),
        (lambda d: d["scenes"][0].update(facts="fnd-x"), "list of ids"),
    ],
)
def test_a_bad_scenes_file_is_refused(change: object, message: str) -> None:
    data = json.loads(SCENES.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    with pytest.raises(ValueError, match=message):
        parse_story(data)


def test_each_scene_shows_whole_statements_of_its_view(net: nx.MultiDiGraph) -> None:
    for scene in load_story().scenes:
        if scene.planned:
            continue
        sub = scene_graph(net, scene)
        assert sub.number_of_edges() > 0, scene.id
        assert {k for *_, k in sub.edges(keys=True)} <= view_edges(net, scene.view)
        keys = {k for *_, k in sub.edges(keys=True)}
        statements = {d.get("assertion") for *_, d in sub.edges(data=True)} - {None}
        whole = {
            k for *_, k, d in net.edges(keys=True, data=True) if d.get("assertion") in statements
        } & view_edges(net, scene.view)
        assert whole <= keys, f"{scene.id}: a statement is drawn in part"


# -- key facts and groups, from the graph ------------------------------------------------------


def _facts(stage: dict) -> str:
    return " ".join(f"{f['headline']} {f['text']} {f['hedge']}" for f in stage["facts"])


def test_adverse_effects_show_their_rate_and_mildness(page_stages: dict, net: nx.MultiDiGraph):
    stage = next(s for s in page_stages["views"] if s["key"] == "adverse-effects")
    values = [d["qualifiers"].get("value", "") for d in net.graph["findings"].values()]
    rate = next(v for v in values if v.endswith("%"))
    assert rate in _facts(stage) and "mild" in _facts(stage)
    groups = {g["title"]: set(g["nodes"]) for g in stage["groups"]}
    mild = {
        v
        for _, v, d in net.edges(data=True)
        if d["family"] == "adverse-effect" and "mild" in d["label"]
    }
    assert any(mild == members for title, members in groups.items() if "mild" in title)


def test_kawasaki_scene_gives_the_regimen_from_the_graph(page_stages: dict, net: nx.MultiDiGraph):
    stage = next(s for s in page_stages["scenes"] if s["id"] == "kawasaki")
    text = _facts(stage)
    doses = {
        d["qualifiers"]["dose"]
        for u, v, d in net.in_edges("kawasaki-disease", data=True)
        if d.get("qualifiers", {}).get("dose")
    }
    assert doses and all(dose in text for dose in doses)
    windows = [
        d["label"]
        for *_, d in net.in_edges("kawasaki-disease", data=True)
        if d.get("relation") == "administer-within"
    ]
    assert all(w in text for w in windows)
    assert stage["focus"] == "kawasaki-disease"


def test_stages_have_a_layout_for_every_node_they_show(
    page_stages: dict, net: nx.MultiDiGraph
) -> None:
    for stage in page_stages["views"] + page_stages["scenes"]:
        ends = {n for u, v, k in net.edges(keys=True) if k in set(stage["edges"]) for n in (u, v)}
        assert ends <= set(stage["layout"]) and ends <= set(stage["presentLayout"]), stage["key"]


# -- the table's rows ---------------------------------------------------------------------------


def test_one_row_per_statement_and_every_line_in_one_row(net: nx.MultiDiGraph) -> None:
    rows = statement_rows(net)
    statements = {d.get("assertion") or k for *_, k, d in net.edges(keys=True, data=True)}
    assert {r["id"] for r in rows} == statements and len(rows) == len(statements)
    lines = [e for r in rows for e in r["edges"]]
    assert sorted(lines) == sorted(str(k) for *_, k in net.edges(keys=True))
    assert {r["group"] for r in rows} <= set(GROUPS)
    for r in rows:
        assert r["subject"] and r["relation"] and r["object"] and r["source"], r["id"]


def test_the_page_states_its_source_with_date_and_status(net: nx.MultiDiGraph) -> None:
    page = render_html(net, present=True)
    for source in net.graph["sources"]:
        for field in ("title", "modified", "review_status"):
            assert page.count(str(source[field]).replace("'", "&#39;")) > 0, field
    config = json.loads(re.search(r'id="ivig-config">(.*?)</script>', page, re.S).group(1))
    assert config["present"] is True and config["stages"]["scenes"]


# -- two sources: stages per source, the labels scene and its key facts --------------------------

PREFIXES = """
PREFIX ivig: <https://w3id.org/ivig-kg/ontology/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


@pytest.fixture(scope="module")
def both(graph: Graph) -> nx.MultiDiGraph:
    return to_networkx(graph, source="both")


@pytest.fixture(scope="module")
def both_stages(both: nx.MultiDiGraph) -> dict:
    return stages(both)


def test_each_source_has_its_stages(graph: Graph, both_stages: dict) -> None:
    views = {s["key"]: s for s in both_stages["views"]}
    for source in ("article", "labeling", "both"):
        key = "all" if source == "article" else f"{source}:all"
        sub = to_networkx(graph, source=source)
        assert set(views[key]["edges"]) == {str(k) for *_, k in sub.edges(keys=True)}, source
        assert set(views[key]["nodes"]) == {str(n) for n in sub.nodes}, source
        assert views[key]["source"] == source and views[key]["view"] == "all"
    article_only = stages(to_networkx(graph))
    assert {s["source"] for s in article_only["views"]} == {"article"}
    assert "scene:labels" not in {s["key"] for s in article_only["scenes"]}


def test_the_labels_scene_counts_products_from_the_graph(graph: Graph, both_stages: dict) -> None:
    scene = next(s for s in both_stages["scenes"] if s["id"] == "labels")
    assert scene["source"] == "both" and scene["view"] == "indications"
    text = " ".join(f"{f['headline']} {f['text']}" for f in scene["facts"])
    rows = graph.query(
        PREFIXES
        + """SELECT ?label (COUNT(DISTINCT ?product) AS ?n) WHERE {
            ?li a ivig:LabeledIndication ; ivig:product ?product ; ivig:condition ?c .
            ?c rdfs:label ?label } GROUP BY ?label"""
    )
    counts = {str(label): int(n) for label, n in rows}
    cidp = next(k for k in counts if "(CIDP)" in k)
    assert f"CIDP: {counts[cidp]}" in text
    missing = graph.query(
        PREFIXES
        + """SELECT DISTINCT ?label WHERE {
            ?ind a ivig:Indication ; ivig:useStatus ivig:FDAApproved ; ivig:condition ?c .
            ?c rdfs:label ?label .
            FILTER NOT EXISTS { ?li a ivig:LabeledIndication ; ivig:condition ?lc .
                                ?lc (<http://www.w3.org/2004/02/skos/core#broader>)* ?c }
            FILTER NOT EXISTS { ?li2 a ivig:LabeledIndication ;
                ivig:population/<http://www.w3.org/2004/02/skos/core#related> ?c } }"""
    )
    names = [explain.short_name(str(label)) for (label,) in missing]
    assert names and all(n in text for n in names)
    assert "not found in the labels of this set" in text and "not the same as not approved" in text
