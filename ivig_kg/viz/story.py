"""What the page shows in each topic and guided scene: the lines, their positions, the key facts.

The scenes and the key facts of the topic views are data, ``assets/scenes.json`` (package data):
each names a view, and optionally a focus node, statements or families, by id. Every word and
number shown for a fact is read from the graph here; the page's script only displays it. A
scene whose status is ``planned`` is checked but not shown, which keeps a place for scenes that
need data the graph does not have yet.

Each *stage* of the page (the page's own view, each topic, each scene) gets its own layout,
computed in Python like the first one, so switching topic or scene moves the shapes to a
picture made for what is shown.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any

from ivig_kg.network import SOURCES, VIEW_FAMILIES, VIEWS, edge_subgraph, focus, view_edges
from ivig_kg.network import source_edges as source_edges
from ivig_kg.viz.grouped import grouped_layout
from ivig_kg.viz.layout import layout
from ivig_kg.viz.style import LINE_STYLES, VIEW_NAMES, display_label

if TYPE_CHECKING:
    import networkx as nx

log = logging.getLogger(__name__)

SCENES_FILE = "scenes.json"
_SCENE_KEYS = {
    "id",
    "title",
    "view",
    "source",
    "focus",
    "statements",
    "families",
    "facts",
    "compare",
    "caption",
}
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*", re.ASCII)
CAPTION_LIMIT = 400


@dataclass(frozen=True)
class Scene:
    """One guided scene: a view, narrowed to a focus node, statements or families."""

    id: str
    title: str
    view: str
    caption: str
    focus: str | None = None
    statements: tuple[str, ...] = ()
    families: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    planned: bool = False
    source: str = "article"
    compare: bool = False


@dataclass(frozen=True)
class Story:
    """The scenes file: key facts (and grouping) per topic view, and the scenes in order."""

    view_facts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    view_groups: dict[str, str] = field(default_factory=dict)
    scenes: tuple[Scene, ...] = ()


def _strings(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"{where}: expected a list of ids")
    return tuple(value)


def _check_source(item: dict[str, Any], where: str) -> None:
    if item.get("source", "article") not in SOURCES:
        raise ValueError(f"{where}: source must be one of {', '.join(SOURCES)}")
    if not isinstance(item.get("compare", False), bool):
        raise ValueError(f"{where}: compare must be true or false")


def _scene(item: object, index: int) -> Scene:
    where = f"{SCENES_FILE}: scenes[{index}]"
    if not isinstance(item, dict):
        raise ValueError(f"{where}: expected an object")
    unknown = set(item) - _SCENE_KEYS - {"status"}
    if unknown:
        raise ValueError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    for name in ("id", "title", "view", "caption"):
        if not isinstance(item.get(name), str) or not item[name].strip():
            raise ValueError(f"{where}: '{name}' must be a non-empty text")
    if not _SLUG.fullmatch(item["id"]):
        raise ValueError(f"{where}: id {item['id']!r} must be lower-case words joined by '-'")
    if item["view"] not in VIEWS:
        raise ValueError(f"{where}: view {item['view']!r} is not one of {', '.join(VIEWS)}")
    if len(item["caption"]) > CAPTION_LIMIT:
        raise ValueError(f"{where}: the caption is longer than {CAPTION_LIMIT} characters")
    _check_source(item, where)
    if item.get("status", "ready") not in ("ready", "planned"):
        raise ValueError(f"{where}: status must be 'ready' or 'planned'")
    families = _strings(item.get("families", []), f"{where}.families")
    if set(families) - {f for fs in VIEW_FAMILIES.values() for f in fs}:
        raise ValueError(f"{where}: families must be statement families of a topic")
    if item.get("focus") is not None and not isinstance(item["focus"], str):
        raise ValueError(f"{where}: focus must be a node id")
    return Scene(
        id=item["id"],
        title=item["title"].strip(),
        view=item["view"],
        caption=item["caption"].strip(),
        focus=item.get("focus"),
        statements=_strings(item.get("statements", []), f"{where}.statements"),
        families=families,
        facts=_strings(item.get("facts", []), f"{where}.facts"),
        planned=item.get("status") == "planned",
        source=item.get("source", "article"),
        compare=item.get("compare", False),
    )


def parse_story(data: object) -> Story:
    """Check the scenes file's structure and return it; raise ValueError naming the problem."""
    if not isinstance(data, dict) or not isinstance(data.get("scenes"), list):
        raise ValueError(f"{SCENES_FILE}: expected an object with a 'scenes' list")
    views = data.get("views", {})
    if not isinstance(views, dict) or set(views) - set(VIEW_FAMILIES):
        raise ValueError(f"{SCENES_FILE}: 'views' may only name the topic views")
    facts = {v: _strings(spec.get("facts", []), f"views.{v}.facts") for v, spec in views.items()}
    groups = {v: str(spec["group"]) for v, spec in views.items() if spec.get("group")}
    scenes = tuple(_scene(item, i) for i, item in enumerate(data["scenes"]))
    ids = [s.id for s in scenes]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{SCENES_FILE}: scene ids must be unique")
    return Story(view_facts=facts, view_groups=groups, scenes=scenes)


def load_story() -> Story:
    """Read and check the packaged scenes file."""
    text = (resources.files("ivig_kg") / "viz" / "assets" / SCENES_FILE).read_text("utf-8")
    return parse_story(json.loads(text))


def missing_ids(story: Story, g: nx.MultiDiGraph) -> list[str]:
    """Return what the story names that the network `g` (the full view) lacks, as messages."""
    statements = {d.get("assertion") for *_, d in g.edges(data=True)}
    findings = set(g.graph.get("findings", {}))
    problems = []
    for view, facts in story.view_facts.items():
        problems += [f"views.{view}: no finding {f!r}" for f in facts if f not in findings]
    for scene in story.scenes:
        if scene.planned:
            continue
        if scene.focus is not None and scene.focus not in g:
            problems.append(f"scene {scene.id}: no node {scene.focus!r}")
        problems += [
            f"scene {scene.id}: no statement {s!r}" for s in scene.statements if s not in statements
        ]
        problems += [
            f"scene {scene.id}: no finding {f!r}" for f in scene.facts if f not in findings
        ]
    return problems


# -- key facts ---------------------------------------------------------------------------------


def _source(attrs: dict[str, Any]) -> str:
    refs = attrs.get("references") or []
    word = "reference" if len(refs) == 1 else "references"
    numbers = ", ".join(str(n) for n in refs)
    return f"{attrs.get('section', '')}, {word} {numbers}" if refs else str(attrs.get("section"))


def finding_fact(g: nx.MultiDiGraph, finding: str) -> dict[str, str]:
    """Return a key fact quoting a finding: its value (if any) as the headline, its sentence,
    its hedge and where the article says it."""
    attrs = g.graph["findings"][finding]
    return {
        "id": finding,
        "headline": str(attrs.get("qualifiers", {}).get("value", "")),
        "text": str(attrs.get("statement", "")),
        "hedge": str(attrs.get("hedge") or ""),
        "source": _source(attrs),
    }


def regimen_facts(g: nx.MultiDiGraph, node: str) -> list[dict[str, str]]:
    """Return key facts on how to give the drug for `node`: each use that states a dose, and
    the time windows the recommendations give (``start within 10 days``)."""
    facts = []
    edges = sorted(g.in_edges(node, keys=True, data=True), key=lambda e: str(e[2]))
    label = g.nodes[node].get("label", node)
    for u, _, k, d in edges:
        if d.get("family") == "indication" and d.get("regimen"):
            said = d.get("qualifiers") or {}
            who = said.get("recommended by") or said.get("approved by") or said.get("status", "")
            facts.append(
                {
                    "id": str(k),
                    "headline": f"How to give it for {label} ({who})",
                    "text": f"{display_label(str(g.nodes[u].get('label', u)))}: {d['regimen']}",
                    "hedge": str(d.get("hedge") or ""),
                    "source": _source(d),
                }
            )
    windows = [d for *_, d in edges if d.get("relation") == "administer-within"]
    if windows:
        facts.append(
            {
                "id": f"{node}/start",
                "headline": "When to start",
                "text": "; ".join(str(d.get("label", "")) for d in windows) + ".",
                "hedge": "; ".join(str(d["hedge"]) for d in windows if d.get("hedge")),
                "source": "; ".join(dict.fromkeys(_source(d) for d in windows)),
            }
        )
    return facts


def line_groups(g: nx.MultiDiGraph, family: str) -> list[dict[str, Any]]:
    """Group the targets of the lines of `family` by what the line says of them (its label):
    the adverse effects by severity, course and timing."""
    groups: dict[str, list[str]] = {}
    for _, v, d in sorted(g.edges(data=True), key=lambda e: (str(e[2].get("label")), str(e[1]))):
        if d.get("family") == family and d.get("label"):
            title = str(d["label"])
            if title == LINE_STYLES[family].name:  # the label says nothing more than the kind
                title = "nothing said of severity or timing"
            members = groups.setdefault(title, [])
            if str(v) not in members:
                members.append(str(v))
    return [{"title": title, "nodes": nodes} for title, nodes in groups.items()]


# -- stages: the page's view, its topics and the scenes ------------------------------------------


#: Presentation mode lays out for labels this much larger, on the picture's share of a
#: 1024x768 screen beside the key facts; only stages this small get a layout of their own.
PRESENT_TEXT_SCALE = 1.8
PRESENT_CANVAS = (740.0, 640.0)
PRESENT_MAX_NODES = 40


def _positions(points: dict[str, tuple[float, float]]) -> dict[str, list[float]]:
    return {n: [x, y] for n, (x, y) in points.items()}


def _stage(
    key: str, name: str, sub: nx.MultiDiGraph, story: Story, view: str, *, grouped: bool = True
) -> dict[str, Any]:
    facts: list[dict[str, str]] = []
    if sub.graph.get("focus"):
        facts += regimen_facts(sub, str(sub.graph["focus"]))
    facts += [
        finding_fact(sub, f)
        for f in story.view_facts.get(view, ())
        if f in sub.graph.get("findings", {})
    ]
    family = story.view_groups.get(view) if grouped else None
    groups = line_groups(sub, family) if family else []
    if groups:
        normal = grouped_layout(sub, groups)
        present = grouped_layout(sub, groups, text_scale=PRESENT_TEXT_SCALE)
    else:
        normal = layout(sub)
        small = sub.number_of_nodes() <= PRESENT_MAX_NODES
        present = (
            layout(sub, text_scale=PRESENT_TEXT_SCALE, canvas=PRESENT_CANVAS) if small else normal
        )
    return {
        "key": key,
        "name": name,
        "edges": [str(k) for *_, k in sub.edges(keys=True)],
        "nodes": [str(n) for n in sub.nodes],
        "layout": _positions(normal),
        "presentLayout": _positions(present),
        "facts": facts,
        "groups": groups,
    }


def scene_graph(g: nx.MultiDiGraph, scene: Scene) -> nx.MultiDiGraph:
    """Return the part of the full network `g` that a scene shows."""
    sub = edge_subgraph(g, source_edges(g, scene.source))
    sub = edge_subgraph(sub, view_edges(sub, scene.view))
    if scene.families:
        wanted = {
            d.get("assertion")
            for *_, d in sub.edges(data=True)
            if d.get("family") in scene.families
        }
        keep = {k for *_, k, d in sub.edges(keys=True, data=True) if d.get("assertion") in wanted}
        ends = {n for u, v, k in sub.edges(keys=True) if k in keep for n in (u, v)}
        keep |= {  # the links between the entities shown (a label's narrower condition)
            k
            for u, v, k, d in sub.edges(keys=True, data=True)
            if d.get("family") == "entity" and u in ends and v in ends
        }
        sub = edge_subgraph(sub, keep)
    if scene.statements:
        keep = {
            k
            for *_, k, d in sub.edges(keys=True, data=True)
            if d.get("assertion") in scene.statements
        }
        sub = edge_subgraph(sub, keep)
    if scene.focus:
        sub = focus(sub, scene.focus)
    return sub


def stage_key(view: str, source: str) -> str:
    """Return the key of the stage of a view from a source: ``indications``, ``both:all``."""
    return view if source == "article" else f"{source}:{view}"


def _views(g: nx.MultiDiGraph, story: Story, name: str) -> list[dict[str, Any]]:
    """Return the stages of the page's own view and of each topic, per source that has lines."""
    page_view = str(g.graph.get("view", "all"))
    also = g.graph.get("focus")
    views = []
    present = {d.get("source") for *_, d in g.edges(data=True)}
    for source in SOURCES:
        if source == "both" and not {"article", "labeling"} <= present:
            continue  # "both" would repeat the one source there is
        base = edge_subgraph(g, source_edges(g, source), also=also)
        if not base.number_of_edges():
            continue
        stage = _stage(stage_key("all", source), name, base, story, page_view)
        views.append({**stage, "view": "all", "source": source})
        if page_view != "all":
            continue
        for view in VIEW_FAMILIES:
            keep = view_edges(base, view)
            if keep:
                sub = edge_subgraph(base, keep, also=also)
                # the article's groups of effects leave no room for the labels' lines
                stage = _stage(
                    stage_key(view, source),
                    VIEW_NAMES[view],
                    sub,
                    story,
                    view,
                    grouped=source == "article",
                )
                views.append({**stage, "view": view, "source": source})
    return views


def stages(g: nx.MultiDiGraph, story: Story | None = None) -> dict[str, Any]:
    """Return the page's stages: ``views`` (the page's own view, then each topic it holds, for
    each source with lines) and ``scenes`` (only on a page of the whole graph), each with its
    lines, layout and key facts."""
    story = load_story() if story is None else story
    page_view = str(g.graph.get("view", "all"))
    name = VIEW_NAMES.get(page_view, page_view)
    if g.graph.get("focus"):
        name += f" around {g.nodes[g.graph['focus']].get('label', g.graph['focus'])}"
    views = _views(g, story, name)
    scenes = []
    if page_view == "all" and not g.graph.get("focus"):
        problems = missing_ids(story, g)
        for problem in problems:
            log.warning("scenes.json: %s", problem)
        sources = {v["source"] for v in views}
        for scene in story.scenes:
            if scene.planned or any(f"scene {scene.id}:" in p for p in problems):
                continue
            if scene.source not in sources:  # a page of one source skips the comparison
                continue
            scenes.append(_scene_stage(g, story, scene))
    return {"views": views, "scenes": scenes}


def _scene_stage(g: nx.MultiDiGraph, story: Story, scene: Scene) -> dict[str, Any]:
    sub = scene_graph(g, scene)
    stage = _stage(f"scene:{scene.id}", scene.title, sub, story, scene.view)
    if scene.facts:  # a scene's own facts replace those of its view
        stage["facts"] = [
            f for f in stage["facts"] if f["id"] not in story.view_facts.get(scene.view, ())
        ] + [finding_fact(g, f) for f in scene.facts]
    if scene.compare:
        from ivig_kg.viz.compare import comparison_facts

        stage["facts"] = comparison_facts(g) + stage["facts"]
    stage.update(
        id=scene.id,
        view=scene.view,
        source=scene.source,
        caption=scene.caption,
        focus=sub.graph.get("focus"),
    )
    return stage
