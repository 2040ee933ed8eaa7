"""Build the full network of the RDF graph: one edge per statement line, keyed and typed.

Part of the bridge `ivig_kg.network` (which adds views and focus on top): this module decides
which edges there are, between which nodes and under which keys; `ivig_kg.network_read` reads
the facts and `ivig_kg.explain` writes the words on each edge.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rdflib import Graph
from rdflib.namespace import DCTERMS, SKOS

from ivig_kg import explain
from ivig_kg.explain import Mechanism, Use
from ivig_kg.namespaces import IVIG
from ivig_kg.network_labeling import add_labeling
from ivig_kg.network_read import (
    Reader,
    Statement,
    entity_nodes,
    local_id,
    read_advice,
    read_harm,
    read_mechanism,
    read_statement,
    read_step,
    read_use,
)

if TYPE_CHECKING:
    import networkx as nx

#: Indication qualifier -> the relation of the thin line drawn from (or to) the qualifying entity.
_USE_QUALIFIER_RELATIONS = {
    "approved-by": "approved-for",
    "recommended-by": "recommends-for",
    "patients": "in-population",
    "given-with": "co-therapy-for",
    "aims-to-reduce": "aims-to-reduce",
}


def _ids(*groups: Iterable[object]) -> list[str]:
    """The sorted, distinct local ids of every node in the groups (a statement's ``about``)."""
    return sorted({local_id(n) for group in groups for n in group})


def _use_qualifier_ends(
    sid: str, role: str, entity: Any, drug: Any, conditions: list[Any]
) -> list[tuple[Any, Any, str, Any]]:
    """Return (source, target, key, condition) of each line a qualifying entity gets.

    An approving body and a patient group get a line per condition, a recommending body too
    (keyed by the body), a co-therapy one line to the first condition, and an outcome the use
    aims to reduce one line from the drug.
    """
    vid = local_id(entity)
    if role == "approved-by":
        return [(entity, c, f"{sid}/approved-by/{local_id(c)}", c) for c in conditions]
    if role == "recommended-by":
        return [(entity, c, f"{sid}/recommended-by/{vid}", c) for c in conditions]
    if role == "patients":
        return [(c, entity, f"{sid}/population/{local_id(c)}", c) for c in conditions]
    if role == "given-with":
        return [(entity, conditions[0], f"{sid}/co-therapy/{vid}", None)]
    return [(drug, entity, f"{sid}/aims-to-reduce/{vid}", None)]


class _Builder:
    """Collects nodes and edges, then hands them to networkx.

    The words on the edges (label, explanation, qualifiers) come from `ivig_kg.explain`; this
    class decides which edges there are, between which nodes, under which keys.
    """

    def __init__(self, graph: Graph) -> None:
        self.reader = Reader(graph)
        self.nodes = entity_nodes(self.reader)
        self.edges: list[tuple[str, str, str, dict[str, Any]]] = []

    def edge(
        self, start: object, end: object, key: str, stmt: Statement | None, /, **attrs: Any
    ) -> None:
        """Add an edge with the provenance of its statement (if any) and these attributes."""
        data = stmt.attrs() if stmt else {}
        data.update(attrs)
        data.setdefault("qualifiers", {})
        self.edges.append((local_id(start), local_id(end), key, data))

    # -- one method per class of qualified node -------------------------------------------

    def indications(self) -> None:
        """One line drug -> condition per condition, plus the lines of its qualifiers."""
        r = self.reader
        for node in r.instances(IVIG.Indication):
            s = read_statement(r, node, "indication")
            use, entities = read_use(r, node)
            drug, conditions = r.one(node, IVIG.drug), r.all(node, IVIG.condition)
            s.qualifiers = explain.use_qualifiers(use)
            s.about = _ids([drug], conditions, [value for _, value in entities])
            relation = use.relation
            for condition in conditions:
                key = s.id if len(conditions) == 1 else f"{s.id}/{local_id(condition)}"
                self.edge(
                    drug,
                    condition,
                    key,
                    s,
                    relation=relation,
                    label=explain.use_label(use),
                    status=use.status,
                    explanation=explain.use_sentence(use, r.label(condition)),
                    **({"regimen": how} if (how := explain.regimen(use)) else {}),
                )
            for role, entity in entities:
                self._use_qualifier(s, use, role, entity, drug, conditions)

    def _use_qualifier(
        self, s: Statement, use: Use, role: str, entity: Any, drug: Any, conditions: list[Any]
    ) -> None:
        """Add the thin lines of an entity that qualifies an indication (see `_use_qualifier_ends`)."""
        r = self.reader
        for source, target, key, condition in _use_qualifier_ends(
            s.id, role, entity, drug, conditions
        ):
            label, text = explain.use_qualifier_line(
                role, use, r.label(entity), None if condition is None else r.label(condition)
            )
            self.edge(
                source,
                target,
                key,
                s,
                family="qualifier",
                relation=_USE_QUALIFIER_RELATIONS[role],
                label=label,
                explanation=text,
            )

    def adverse_effects(self) -> None:
        """One line drug -> effect, plus one from each thing that can prevent it."""
        r = self.reader
        for node in r.instances(IVIG.AdverseEffectAssociation):
            s = read_statement(r, node, "adverse-effect")
            harm = read_harm(r, node)
            drug, effect = r.one(node, IVIG.drug), r.one(node, IVIG.effect)
            preventers = r.all(node, IVIG.preventableBy)
            s.qualifiers = explain.harm_qualifiers(harm)
            s.about = _ids([drug, effect], preventers)
            self.edge(
                drug,
                effect,
                s.id,
                s,
                relation="has-adverse-effect",
                label=explain.harm_label(harm),
                explanation=explain.harm_sentence(harm),
            )
            for preventer in preventers:
                label, text = explain.prevention_line(harm, r.label(preventer))
                self.edge(
                    preventer,
                    effect,
                    f"{s.id}/prevented-by/{local_id(preventer)}",
                    s,
                    family="qualifier",
                    relation="can-prevent",
                    label=label,
                    explanation=text,
                )

    def mechanisms(self) -> None:
        """One line per step, in order; a mechanism without steps: drug -> condition."""
        r = self.reader
        for node in r.instances(IVIG.MechanismOfAction):
            s = read_statement(r, node, "mechanism")
            mechanism = read_mechanism(r, node)
            drug, conditions = r.one(node, IVIG.drug), r.all(node, IVIG.condition)
            steps = sorted(r.all(node, IVIG.hasStep), key=lambda n: int(r.one(n, IVIG.stepOrder)))
            s.qualifiers = explain.mechanism_qualifiers(mechanism)
            ends = [r.one(st, p) for st in steps for p in (IVIG.stepSubject, IVIG.stepObject)]
            s.about = _ids([drug], conditions, ends)
            if steps:
                self._steps(s, mechanism, steps)
                continue
            # nothing is known of the steps: one line to each condition the mechanism is for
            for condition in conditions or [drug]:
                key = s.id if len(conditions) <= 1 else f"{s.id}/{local_id(condition)}"
                label, text = explain.unknown_mechanism_line(mechanism, r.label(condition))
                self.edge(
                    drug,
                    condition,
                    key,
                    s,
                    relation="mechanism",
                    certainty=mechanism.certainty,
                    label=label,
                    explanation=text,
                )

    def _steps(self, s: Statement, mechanism: Mechanism, steps: list[Any]) -> None:
        """One line subject -> object per step, keyed by its number."""
        r = self.reader
        for order, node in enumerate(steps, start=1):
            step = read_step(r, node, order, len(steps))
            label, text = explain.step_line(mechanism, step)
            self.edge(
                r.one(node, IVIG.stepSubject),
                r.one(node, IVIG.stepObject),
                f"{s.id}/step-{order}",
                s,
                relation=step.relation,
                certainty=mechanism.certainty,
                step=order,
                steps=len(steps),
                label=label,
                explanation=text,
            )

    def recommendations(self) -> None:
        """Lines from the trigger (or the drug) to each target (or condition, or the drug)."""
        r = self.reader
        for node in r.instances(IVIG.Recommendation):
            s = read_statement(r, node, "recommendation")
            advice = read_advice(r, node)
            drug, trigger = r.one(node, IVIG.drug), r.one(node, IVIG.trigger)
            targets, conditions = r.all(node, IVIG.actionTarget), r.all(node, IVIG.condition)
            s.qualifiers = explain.advice_qualifiers(advice)
            s.about = _ids([drug], targets, conditions, [] if trigger is None else [trigger])
            source = trigger if trigger is not None else drug
            ends = targets or conditions or [drug]
            for end in ends:
                key = s.id if len(ends) == 1 else f"{s.id}/{local_id(end)}"
                self.edge(
                    source,
                    end,
                    key,
                    s,
                    relation=advice.action,
                    label=explain.advice_label(advice),
                    explanation=explain.advice_sentence(advice, r.label(end)),
                )

    def findings(self) -> None:
        """A node per finding, with a line to everything it is about."""
        r = self.reader
        for node in r.instances(IVIG.Finding):
            s = read_statement(r, node, "finding")
            about = r.all(node, IVIG.about)
            s.qualifiers = explain.finding_qualifiers(r.quantity(r.one(node, IVIG.measuredValue)))
            s.about = sorted(local_id(a) for a in about)
            self.nodes[s.id] = {
                "kind": "finding",
                "label": explain.finding_label(s.statement),
                "iri": str(node),
                "description": s.statement,
                "categories": [],
                "mappings": [],
                "note": s.note,
                **{k: v for k, v in s.attrs().items() if k not in {"family", "note"}},
            }
            for target in about:
                self.edge(
                    node,
                    target,
                    f"{s.id}/about/{local_id(target)}",
                    s,
                    relation="about",
                    label="",
                    explanation=explain.finding_sentence(r.label(target)),
                )

    def entity_links(self) -> None:
        """skos:broader and skos:related between two entities of the network."""
        r = self.reader
        for predicate, relation in ((SKOS.broader, "broader"), (SKOS.related, "related")):
            for subject, obj in sorted(r.graph.subject_objects(predicate), key=str):
                if local_id(subject) not in self.nodes or local_id(obj) not in self.nodes:
                    continue
                label, text = explain.link_line(relation, r.label(subject), r.label(obj))
                self.edge(
                    subject,
                    obj,
                    f"{relation}/{local_id(subject)}/{local_id(obj)}",
                    None,
                    family="entity",
                    relation=relation,
                    label=label,
                    explanation=text,
                    statement=explain.LINK_STATEMENT,
                    section="",
                    section_id="",
                    references=[],
                    about=[],
                    assertion=None,
                    source="",
                )


def sources(reader: Reader) -> list[dict[str, str | None]]:
    """Return the source documents of the graph (title, publisher, date, review status, IRI),
    sorted by title: what the page's source line and handout say."""
    found = []
    for document in reader.instances(IVIG.SourceDocument):  # the article, not the labels
        found.append(
            {
                "iri": str(document),
                "title": reader.text(document, DCTERMS.title) or reader.label(document),
                "publisher": reader.text(document, DCTERMS.publisher),
                "modified": reader.text(document, DCTERMS.modified),
                "review_status": reader.text(document, IVIG.reviewStatus),
            }
        )
    return sorted(found, key=lambda d: str(d["title"]))


def full_graph(graph: Graph) -> nx.MultiDiGraph:
    """Return the network of every entity and statement of the RDF graph (the ``all`` view).

    Raise ValueError if an edge joins an unknown node or two edges share a key.
    """
    import networkx as nx

    builder = _Builder(graph)
    builder.indications()
    builder.adverse_effects()
    builder.mechanisms()
    builder.recommendations()
    builder.findings()
    builder.entity_links()
    add_labeling(builder)
    result = nx.MultiDiGraph()
    result.graph["sources"] = sources(builder.reader)
    result.graph["collections"] = [
        {
            "iri": str(c),
            "title": builder.reader.text(c, DCTERMS.title) or builder.reader.label(c),
            "gathered": builder.reader.text(c, DCTERMS.created),
        }
        for c in builder.reader.instances(IVIG.SourceCollection)
    ]
    # findings are nodes only in the full view; topic views still quote them (key facts)
    result.graph["findings"] = {
        node_id: attrs for node_id, attrs in builder.nodes.items() if attrs["kind"] == "finding"
    }
    if result.graph["sources"]:
        result.graph["source_title"] = result.graph["sources"][0]["title"]
        result.graph["source_iri"] = result.graph["sources"][0]["iri"]
    for node_id, attrs in builder.nodes.items():
        result.add_node(node_id, id=node_id, **attrs)
    for source, target, key, attrs in builder.edges:
        if source not in result or target not in result:
            raise ValueError(f"edge {key} joins an unknown node: {source} -> {target}")
        if result.has_edge(source, target, key):
            raise ValueError(f"duplicate edge key {key}")
        result.add_edge(source, target, key=key, edge_id=key, **attrs)
    return result
