"""The RDF graph as a typed networkx.MultiDiGraph: the bridge used by `ivig-kg viz` and notebooks.

Nodes are the entities of the graph, keyed by their local id (``"kawasaki-disease"``), plus one
small node per finding. Qualified statements become labelled edges that carry their qualifiers
and provenance (see docs/visualization.md for why each class is drawn the way it is):

* indication     drug -> condition, one edge per condition (family ``indication``)
* adverse effect drug -> effect (family ``adverse-effect``)
* mechanism      one edge per step, subject -> object; a mechanism without steps is one edge
                 drug -> the condition it is stated for (family ``mechanism``)
* recommendation trigger or drug -> each target, or drug -> condition when there is no target
                 (family ``recommendation``)
* finding        a node of kind ``finding`` with an edge to every entity it is about
                 (family ``finding``)

Entities named by a qualifier (approved by the FDA, given with aspirin, preventable by a slow
infusion, ...) are joined by a thin edge of family ``qualifier`` that belongs to the same
statement, and skos:broader / skos:related links between entities are edges of family
``entity``. Every edge of a statement carries the same ``assertion`` id, ``statement``,
``section`` and ``references``.

The work is split three ways, and this module only assembles it: `ivig_kg.network_read` reads
entities and the facts of each statement from RDF, `ivig_kg.network_build` decides which edges
there are, and `ivig_kg.explain` writes every word on them (labels, one-sentence explanations,
qualifier texts). Views, focus and node lookup are here.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from rdflib import Graph

# local_id, curie and short_name are part of this module's API; they live with their users
from ivig_kg.explain import short_name as short_name
from ivig_kg.network_build import full_graph
from ivig_kg.network_read import curie as curie
from ivig_kg.network_read import local_id as local_id

if TYPE_CHECKING:
    import networkx as nx

#: The views `ivig-kg viz --view` offers, with what each shows.
VIEWS: dict[str, str] = {
    "all": "every statement of the graph: uses, mechanisms, adverse effects, recommendations "
    "and findings",
    "indications": "what IVIG is used for and how the article says to give it (indications and "
    "recommendations)",
    "mechanisms": "how IVIG may work, step by step, with how sure the article is",
    "adverse-effects": "unwanted effects of IVIG, how often and how badly, and what prevents them",
}
#: Edge families whose statements define each view (``all`` takes every edge). The labeling
#: set's lines join the topic they speak to: labeled uses the uses, label safety the harms.
VIEW_FAMILIES: dict[str, frozenset[str]] = {
    "indications": frozenset({"indication", "recommendation", "labeled-indication"}),
    "mechanisms": frozenset({"mechanism"}),
    "adverse-effects": frozenset(
        {"adverse-effect", "boxed-warning", "contraindication", "label-detail"}
    ),
}
#: The sources a network can show (`source_edges`), with what each shows.
SOURCES: dict[str, str] = {
    "article": "the educational article only",
    "labeling": "the current US labeling of IVIG products only",
    "both": "the article and the labels side by side, with where they disagree marked",
}

#: Node kinds: the entity types of data/entities.yaml, plus ``finding`` nodes.
KINDS: dict[str, str] = {
    "drug": "drug",
    "drug-product": "drug product",
    "disease": "disease",
    "phenotypic-feature": "sign or symptom",
    "cell": "cell",
    "cell-population": "cell population",
    "molecular-entity": "molecule",
    "biological-process": "biological process",
    "anatomical-entity": "body part or fluid",
    "procedure": "procedure",
    "clinical-measure": "clinical measure",
    "population": "patient group",
    "organization": "organization",
    "finding": "finding (a statement)",
}

#: Edge families, with what an edge of the family means.
FAMILIES: dict[str, str] = {
    "indication": "a use of the drug (treat or prevent)",
    "adverse-effect": "an unwanted effect of the drug",
    "mechanism": "a step of how the drug may work",
    "recommendation": "what to do when giving the drug",
    "qualifier": "an entity that qualifies a statement (approved by, given with, prevented by)",
    "finding": "what a finding is about",
    "entity": "how two entities relate (a kind of, defined through)",
    "labeled-indication": "a use a product's US label lists",
    "product": "a product and the drug it is a brand of",
    "boxed-warning": "a harm the boxed warning of the labels warns of",
    "contraindication": "when the labels say the drug must not be given",
    "label-detail": "a risk factor, a measure or an ingredient the labels name",
}


def to_networkx(graph: Graph, *, view: str = "all", source: str = "article") -> nx.MultiDiGraph:
    """Return the typed network of one view of the RDF graph.

    Node attributes: ``kind`` (see KINDS), ``label``, ``iri``, ``description``, ``categories``,
    ``mappings`` (dicts with ``curie``, ``match``, ``iri``) and ``note``. Edge attributes:
    ``family`` (see FAMILIES), ``relation``, ``label`` (short, drawn on the edge),
    ``explanation`` (this edge in one sentence), ``statement`` (the curated sentence of the whole
    statement), ``qualifiers`` (name -> plain text), ``section``, ``section_id``,
    ``references``, ``assertion``, ``hedge``, ``note``, ``about`` and, where they apply,
    ``status``, ``certainty``, ``step``. Edge keys are unique across the graph.

    Every edge also has ``source`` (``article``, ``labeling``, or empty for a link the curators
    made) and, from the labeling set, ``grade``, ``document``, ``pages`` and ``page_kinds``;
    a line where the sources disagree has a ``mark`` (see `ivig_kg.network_labeling`).

    ``source`` picks the statements of one source (`SOURCES`; the default, ``article``, is the
    graph as the article states it). ``view="all"`` with ``source="both"`` keeps every entity,
    also unconnected ones; otherwise the network keeps what `view_edges` and `source_edges` say
    and the nodes those edges join. `ivig-kg viz` draws ``source="both"``, so that the page can
    switch between the sources.
    """
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}; choose one of {', '.join(SOURCES)}")
    full = full_graph(graph)
    full.graph.update(view=view, view_description=VIEWS[view], source=source)
    if source != "both":
        full = edge_subgraph(full, source_edges(full, source))
    if view != "all":
        full = edge_subgraph(full, view_edges(full, view))
    return full


def source_edges(g: nx.MultiDiGraph, source: str) -> set[str]:
    """Return the keys of the edges of `g` that a source shows.

    ``article``: the article's statements, and the curators' links between entities that no
    labeling line alone brings in. ``labeling``: the labeling set's lines, and the links between
    entities they touch. ``both``: every edge.
    """
    if source == "both":
        return {k for *_, k in g.edges(keys=True)}
    own = {k for *_, k, d in g.edges(keys=True, data=True) if d.get("source") == source}
    core = {n for u, v, k in g.edges(keys=True) if k in own for n in (u, v)}
    if source == "article":
        others = {
            n
            for u, v, d in g.edges(data=True)
            if d.get("source") not in ("", None, source)
            for n in (u, v)
        }
        allowed = set(g.nodes) - (others - core)
    else:
        allowed = core
    links = {
        k
        for u, v, k, d in g.edges(keys=True, data=True)
        if not d.get("source") and u in allowed and v in allowed
    }
    return own | links


def edge_subgraph(
    g: nx.MultiDiGraph, keys: set[str], *, also: str | None = None
) -> nx.MultiDiGraph:
    """Return a copy of the edges of `g` with these keys, their ends and the node `also`
    (`g`'s graph attributes too).

    Nodes and edges keep the order they have in `g`. (networkx's ``edge_subgraph`` iterates a
    small node set in set order, which changes with the hash seed from one run to the next.)
    """
    sub = g.__class__()
    sub.graph.update(g.graph)
    edges = [(u, v, k, d) for u, v, k, d in g.edges(keys=True, data=True) if k in keys]
    ends = {n for u, v, *_ in edges for n in (u, v)} | ({also} if also is not None else set())
    sub.add_nodes_from((n, dict(d)) for n, d in g.nodes(data=True) if n in ends)
    sub.add_edges_from((u, v, k, dict(d)) for u, v, k, d in edges)
    return sub


def view_edges(g: nx.MultiDiGraph, view: str) -> set[str]:
    """Return the keys of the edges of `g` that belong to `view`.

    A topic view keeps every edge of the statements of its families (VIEW_FAMILIES), with
    their qualifier edges, plus the skos:broader links into the entities it shows (so subtypes
    appear) and the skos:related links out of them. Findings cut across topics: they are in
    ``all`` and in a focus, not in the topic views.
    """
    if view == "all":
        return {k for *_, k in g.edges(keys=True)}
    families = VIEW_FAMILIES[view]
    statement_ids = {d["assertion"] for *_, d in g.edges(data=True) if d["family"] in families}
    keep = {k for *_, k, d in g.edges(keys=True, data=True) if d.get("assertion") in statement_ids}
    core = {n for u, v, k in g.edges(keys=True) if k in keep for n in (u, v)}
    for u, v, k, d in g.edges(keys=True, data=True):
        if (
            d["relation"] in ("broader", "related")
            and (v if d["relation"] == "broader" else u) in core
        ):
            keep.add(k)
    return keep


def find_node(g: nx.MultiDiGraph, text: str) -> str:
    """Return the id of the node whose id or label is `text` (case-insensitive; else unique prefix).

    Raise KeyError naming close candidates when nothing, or more than one node, matches.
    """
    wanted = text.strip().casefold()
    exact = [
        n
        for n, d in g.nodes(data=True)
        if wanted in (str(n).casefold(), str(d.get("label", "")).casefold())
    ]
    if len(exact) == 1:
        return str(exact[0])
    partial = [
        n
        for n, d in g.nodes(data=True)
        if wanted and (wanted in str(n).casefold() or wanted in str(d.get("label", "")).casefold())
    ]
    if len(partial) == 1:
        return str(partial[0])
    if not partial:
        raise KeyError(f"no node has the id or label {text!r}")
    names = ", ".join(sorted(partial)[:8])
    raise KeyError(f"{text!r} matches several nodes: {names}; give the id")


def focus(g: nx.MultiDiGraph, node: str, depth: int = 1) -> nx.MultiDiGraph:
    """Return the part of `g` within `depth` steps of `node` (an id or a label).

    One step takes every statement that touches a reached node or is about it (a mechanism
    stated for Kawasaki disease is one step from Kawasaki disease), with all the edges of that
    statement. Depth 2 usually reaches most of the graph through the drug.
    """
    if depth < 1:
        raise ValueError("depth must be at least 1")
    start = find_node(g, node)
    by_statement: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for u, v, k, d in g.edges(keys=True, data=True):
        by_statement[d.get("assertion") or k].add((u, v, k))
    reached, frontier = {start}, {start}
    keep: set[tuple[str, str, str]] = set()
    for _ in range(depth):
        new_edges: set[tuple[str, str, str]] = set()
        for u, v, k, d in g.edges(keys=True, data=True):
            if u in frontier or v in frontier or frontier & set(d.get("about") or ()):
                new_edges |= by_statement[d.get("assertion") or k]
        keep |= new_edges
        ends = {n for u, v, _ in new_edges for n in (u, v)}
        frontier = ends - reached
        reached |= ends
        if not frontier:
            break
    sub = edge_subgraph(g, {k for *_, k in keep}, also=start)
    sub.graph.update(focus=start, depth=depth)
    return sub
