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
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from ivig_kg.namespaces import IVIG, KG
from ivig_kg.prefixes import compress
from ivig_kg.records import (
    ACTIONS,
    CATEGORIES,
    CERTAINTIES,
    ENTITY_TYPES,
    PURPOSES,
    STEP_RELATIONS,
    USE_STATUSES,
)

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
#: Edge families whose statements define each view (``all`` takes every edge).
VIEW_FAMILIES: dict[str, frozenset[str]] = {
    "indications": frozenset({"indication", "recommendation"}),
    "mechanisms": frozenset({"mechanism"}),
    "adverse-effects": frozenset({"adverse-effect"}),
}

#: Node kinds: the entity types of data/entities.yaml, plus ``finding`` nodes.
KINDS: dict[str, str] = {
    "drug": "drug",
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
}

_TYPE_KEYS = {iri: key for key, iri in ENTITY_TYPES.items()}
_CATEGORY_KEYS = {iri: key for key, iri in CATEGORIES.items()}
_MATCHES = {
    SKOS.exactMatch: "exact",
    SKOS.closeMatch: "close",
    SKOS.broadMatch: "broad",
    SKOS.narrowMatch: "narrow",
    SKOS.relatedMatch: "related",
}
_STATUS_SHORT = {
    "fda-approved": "FDA-approved",
    "other-common-use": "common use",
    "guideline-recommended": "guideline",
    "described-use": "used for",
}
_UNIT_WORDS = {"day": ("day", "days"), "month": ("month", "months")}


def _key(mapping: dict[str, URIRef], value: object) -> str | None:
    """Return the data key (``"fda-approved"``) of a value-set IRI, or None."""
    return next((k for k, v in mapping.items() if v == value), None)


def local_id(iri: object) -> str:
    """Return the local id of a kg: IRI (``kg:kawasaki-disease`` -> ``"kawasaki-disease"``)."""
    text = str(iri)
    return text[len(str(KG)) :] if text.startswith(str(KG)) else text


def curie(iri: object) -> str:
    """Return a CURIE for an external IRI when its prefix is known, else the IRI."""
    return compress(iri, external_only=True)


def _number(value: object) -> str:
    number = Decimal(str(value))
    return f"{number.normalize():f}"


@dataclass
class _Reader:
    """Small helpers over one rdflib graph."""

    graph: Graph
    labels: dict[URIRef, str] = field(default_factory=dict)

    def one(self, subject: Any, predicate: URIRef) -> Any:
        return next(iter(self.graph.objects(subject, predicate)), None)

    def all(self, subject: Any, predicate: URIRef) -> list[Any]:
        return sorted(self.graph.objects(subject, predicate), key=str)

    def text(self, subject: Any, predicate: URIRef) -> str | None:
        value = self.one(subject, predicate)
        return None if value is None else str(value)

    def label(self, node: object) -> str:
        if not isinstance(node, URIRef):
            return str(node)
        if node not in self.labels:
            value = self.one(node, RDFS.label)
            self.labels[node] = str(value) if value is not None else local_id(node)
        return self.labels[node]

    def quantity(self, node: Any) -> str | None:
        """Format an ivig:Quantity as plain text: ``"2 g/kg"``, ``"10-12 h (usually)"``."""
        if node is None:
            return None
        value, low, high = (self.one(node, p) for p in (IVIG.value, IVIG.minValue, IVIG.maxValue))
        unit = self.one(node, IVIG.unit)
        unit_key = next((k for k, v in _units().items() if v == unit), "")
        if value is not None:
            amount, plural = _number(value), Decimal(str(value)) != 1
        else:
            amount, plural = f"{_number(low)}\u2013{_number(high)}", True
        if unit_key in _UNIT_WORDS:
            text = f"{amount} {_UNIT_WORDS[unit_key][plural]}"
        elif unit_key == "percent":
            text = f"{amount}%"
        elif unit_key == "count":
            text = amount
        else:
            text = f"{amount} {unit_key}"
        hedge = self.text(node, IVIG.hedge)
        return f"{text} ({hedge})" if hedge else text


def _units() -> dict[str, URIRef]:
    from ivig_kg.records import UNITS

    return UNITS


def _entity_nodes(reader: _Reader) -> dict[str, dict[str, Any]]:
    graph = reader.graph
    nodes: dict[str, dict[str, Any]] = {}
    for type_iri, kind in _TYPE_KEYS.items():
        for subject in graph.subjects(RDF.type, type_iri):
            if not isinstance(subject, URIRef):
                continue
            mappings = [
                {"curie": curie(obj), "match": match, "iri": str(obj)}
                for predicate, match in _MATCHES.items()
                for obj in reader.all(subject, predicate)
            ]
            mappings.sort(key=lambda m: (m["curie"].split(":")[0], m["curie"]))
            categories = sorted(
                _CATEGORY_KEYS[t] for t in reader.all(subject, RDF.type) if t in _CATEGORY_KEYS
            )
            nodes[local_id(subject)] = {
                "kind": kind,
                "label": reader.label(subject),
                "iri": str(subject),
                "description": reader.text(subject, DCTERMS.description),
                "categories": categories,
                "mappings": mappings,
                "note": reader.text(subject, IVIG.curationNote),
            }
    return dict(sorted(nodes.items()))


@dataclass
class _Statement:
    """Provenance and qualifiers shared by every edge of one qualified node."""

    id: str
    family: str
    statement: str
    section: str
    section_id: str
    references: list[int]
    hedge: str | None
    note: str | None
    qualifiers: dict[str, str]
    about: list[str]

    def attrs(self) -> dict[str, Any]:
        return {
            "family": self.family,
            "assertion": self.id,
            "statement": self.statement,
            "section": self.section,
            "section_id": self.section_id,
            "references": list(self.references),
            "hedge": self.hedge,
            "note": self.note,
            "qualifiers": dict(self.qualifiers),
            "about": list(self.about),
        }


def _statement(reader: _Reader, node: Any, family: str) -> _Statement:
    section = reader.one(node, IVIG.inSection)
    references = sorted(
        int(reader.one(ref, IVIG.referenceNumber)) for ref in reader.all(node, IVIG.citesReference)
    )
    return _Statement(
        id=local_id(node),
        family=family,
        statement=reader.text(node, IVIG.statement) or reader.label(node),
        section=reader.label(section) if section is not None else "",
        section_id=str(section).rsplit("/", 1)[-1] if section is not None else "",
        references=references,
        hedge=reader.text(node, IVIG.hedge),
        note=reader.text(node, IVIG.curationNote),
        qualifiers={},
        about=[],
    )


def _names(reader: _Reader, nodes: Iterable[object]) -> str:
    return ", ".join(reader.label(n) for n in nodes)


def short_name(label: str) -> str:
    """The name used inside sentences: a drug's acronym when its label ends with one
    ("intravenous immunoglobulin (IVIG)" -> "IVIG"), else the label."""
    match = re.fullmatch(r".+?\s*\(([^()]{2,8})\)", label)
    return match.group(1) if match else label


def _sentence(text: str) -> str:
    """Start with a capital letter (labels are lower case), keep the rest as it is."""
    return text[:1].upper() + text[1:]


#: Step relation -> verb phrase for sentences: as stated, and after "may" / "seems to".
_STEP_VERBS = {
    "reduces": ("reduces", "reduce"),
    "activates": ("activates", "activate"),
    "modulates": ("changes", "change"),
    "neutralizes": ("neutralizes", "neutralize"),
    "provides": ("supplies", "supply"),
    "ameliorates": ("eases", "ease"),
    "acts-through": ("works through", "work through"),
    "independent-of": ("does not need", "not need"),
    "has-effect": ("has the effect of", "have the effect of"),
}


class _Builder:
    """Collects nodes and edges, then hands them to networkx."""

    def __init__(self, graph: Graph) -> None:
        self.reader = _Reader(graph)
        self.nodes = _entity_nodes(self.reader)
        self.edges: list[tuple[str, str, str, dict[str, Any]]] = []

    def edge(
        self, source: object, target: object, key: str, stmt: _Statement | None, **attrs: Any
    ) -> None:
        data = stmt.attrs() if stmt else {}
        data.update(attrs)
        data.setdefault("qualifiers", {})
        self.edges.append((local_id(source), local_id(target), key, data))

    # -- one method per class of qualified node -------------------------------------------

    def indications(self) -> None:
        r = self.reader
        for node in sorted(r.graph.subjects(RDF.type, IVIG.Indication), key=str):
            s = _statement(r, node, "indication")
            drug = r.one(node, IVIG.drug)
            conditions = r.all(node, IVIG.condition)
            purpose = _key(PURPOSES, r.one(node, IVIG.purpose)) or "treatment"
            status = _key(USE_STATUSES, r.one(node, IVIG.useStatus)) or ""
            q = s.qualifiers
            q["purpose"] = purpose
            q["status"] = r.label(r.one(node, IVIG.useStatus))
            if (prominence := r.one(node, IVIG.prominence)) is not None:
                q["prominence"] = r.label(prominence)
            qualifier_entities: list[tuple[str, URIRef]] = []
            for name, predicate in (("approved by", IVIG.approvedBy),
                                    ("recommended by", IVIG.recommendedBy),
                                    ("patients", IVIG.population)):
                if (value := r.one(node, predicate)) is not None:
                    q[name] = r.label(value)
                    qualifier_entities.append((name, value))
            schedule = r.one(node, IVIG.doseSchedule)
            if schedule is not None:
                if (dose := r.quantity(r.one(schedule, IVIG.dose))) is not None:
                    q["dose"] = dose
                if (count := r.one(schedule, IVIG.numberOfInfusions)) is not None:
                    q["infusions"] = str(count)
                if (duration := r.quantity(r.one(schedule, IVIG.infusionDuration))) is not None:
                    q["infusion duration"] = duration
            for name, predicate in (("start at the latest by", IVIG.latestStart),
                                    ("start preferably by", IVIG.preferredLatestStart)):
                if (value := r.quantity(r.one(node, predicate))) is not None:
                    q[name] = f"{value} after the illness began"
            for name, predicate in (("given with", IVIG.coTherapy),
                                    ("aims to reduce", IVIG.aimsToReduce)):
                values = r.all(node, predicate)
                if values:
                    q[name] = _names(r, values)
                    qualifier_entities.extend((name, v) for v in values)
            s.about = sorted({local_id(x) for x in (drug, *conditions)}
                             | {local_id(v) for _, v in qualifier_entities})
            verb = "prevents" if purpose == "prevention" else "treats"
            short = _STATUS_SHORT.get(status, status)
            label = f"prevents ({short})" if purpose == "prevention" else short
            name = short_name(r.label(drug))
            by = q.get("approved by") or q.get("recommended by")
            for condition in conditions:
                key = s.id if len(conditions) == 1 else f"{s.id}/{local_id(condition)}"
                use = f"{'prevent' if purpose == 'prevention' else 'treat'} {r.label(condition)}"
                if status == "fda-approved":
                    text = f"the {by or 'FDA'} has approved {name} to {use}."
                elif status == "guideline-recommended":
                    text = f"the {by} recommends {name} to {use}." if by else \
                        f"a guideline recommends {name} to {use}."
                elif status == "other-common-use" and "prominence" in q:
                    text = f"To {use} is what {name} is most often used for."
                elif status == "other-common-use":
                    text = f"{name} is commonly used to {use}."
                else:
                    text = f"{name} is used to {use}."
                self.edge(drug, condition, key, s, relation=verb, label=label, status=status,
                          explanation=_sentence(text))
            cond_names = _names(r, conditions)
            for qualifier, value in qualifier_entities:
                vid = local_id(value)
                if qualifier == "approved by":
                    for condition in conditions:
                        self.edge(value, condition, f"{s.id}/approved-by/{local_id(condition)}",
                                  s, family="qualifier", relation="approved-for",
                                  label="approved", explanation=f"The {r.label(value)} "
                                  f"has approved {name} for {r.label(condition)}.")
                elif qualifier == "recommended by":
                    for condition in conditions:
                        self.edge(value, condition, f"{s.id}/recommended-by/{vid}", s,
                                  family="qualifier", relation="recommends-for",
                                  label="recommends", explanation=f"The {r.label(value)} "
                                  f"recommends {name} for {r.label(condition)}.")
                elif qualifier == "patients":
                    for condition in conditions:
                        self.edge(condition, value, f"{s.id}/population/{local_id(condition)}",
                                  s, family="qualifier", relation="in-population", label="in",
                                  explanation=_sentence(f"{name} is given to {verb[:-1]} "
                                  f"{r.label(condition)} in {r.label(value)}."))
                elif qualifier == "given with":
                    self.edge(value, conditions[0], f"{s.id}/co-therapy/{vid}", s,
                              family="qualifier", relation="co-therapy-for",
                              label=f"given with {name}", explanation=f"For {cond_names}, "
                              f"{r.label(value)} is given together with {name}.")
                else:  # aims to reduce
                    self.edge(drug, value, f"{s.id}/aims-to-reduce/{vid}", s,
                              family="qualifier", relation="aims-to-reduce",
                              label="aims to reduce", explanation=f"Treating {cond_names} "
                              f"with {name} aims to lower the rate of {r.label(value)}.")

    def adverse_effects(self) -> None:
        r = self.reader
        for node in sorted(r.graph.subjects(RDF.type, IVIG.AdverseEffectAssociation), key=str):
            s = _statement(r, node, "adverse-effect")
            drug, effect = r.one(node, IVIG.drug), r.one(node, IVIG.effect)
            q = s.qualifiers
            words = []
            for name, predicate in (("severity", IVIG.severity), ("course", IVIG.course),
                                    ("onset", IVIG.onset), ("frequency", IVIG.frequency)):
                value = r.one(node, predicate)
                if value is not None:
                    q[name] = r.label(value)
                    words.append(r.label(value))
            if r.one(node, IVIG.variesByProduct) == Literal(True):
                q["varies by product"] = "yes: how often it happens differs between products"
                words.append("varies by product")
            preventers = r.all(node, IVIG.preventableBy)
            if preventers:
                q["can be prevented by"] = _names(r, preventers)
            s.about = sorted({local_id(drug), local_id(effect), *map(local_id, preventers)})
            label = ", ".join(words) if words else "adverse effect"
            name = short_name(r.label(drug))
            self.edge(drug, effect, s.id, s, relation="has-adverse-effect", label=label,
                      explanation=f"{name} can cause {r.label(effect)}.")
            for preventer in preventers:
                self.edge(preventer, effect, f"{s.id}/prevented-by/{local_id(preventer)}", s,
                          family="qualifier", relation="can-prevent", label="can prevent",
                          explanation=_sentence(f"{r.label(preventer)} can prevent "
                                                f"{r.label(effect)} when {name} is given."))

    def mechanisms(self) -> None:
        r = self.reader
        for node in sorted(r.graph.subjects(RDF.type, IVIG.MechanismOfAction), key=str):
            s = _statement(r, node, "mechanism")
            drug = r.one(node, IVIG.drug)
            certainty_iri = r.one(node, IVIG.certainty)
            certainty = _key(CERTAINTIES, certainty_iri) or ""
            conditions = r.all(node, IVIG.condition)
            q = s.qualifiers
            q["certainty"] = r.label(certainty_iri)
            if conditions:
                q["stated for"] = _names(r, conditions)
            steps = sorted(r.all(node, IVIG.hasStep), key=lambda n: int(r.one(n, IVIG.stepOrder)))
            s.about = sorted({local_id(drug), *map(local_id, conditions)}
                             | {local_id(r.one(st, p)) for st in steps
                                for p in (IVIG.stepSubject, IVIG.stepObject)})
            hedged = "" if certainty == "asserted" else f" ({r.label(certainty_iri)})"
            if not steps:
                for condition in conditions or [drug]:
                    key = s.id if len(conditions) <= 1 else f"{s.id}/{local_id(condition)}"
                    self.edge(drug, condition, key, s, relation="mechanism", certainty=certainty,
                              label=f"how it works: {r.label(certainty_iri)}",
                              explanation=f"How {short_name(r.label(drug))} works in "
                              f"{r.label(condition)} is {r.label(certainty_iri)}.")
                continue
            for order, step in enumerate(steps, start=1):
                subject, obj = r.one(step, IVIG.stepSubject), r.one(step, IVIG.stepObject)
                relation_iri = r.one(step, IVIG.stepRelation)
                relation = _key(STEP_RELATIONS, relation_iri) or "has-effect"
                words = r.label(relation_iri)
                where = f" in {_names(r, conditions)}" if conditions else ""
                maybe = {"possible": "may ", "apparent": "seems to "}.get(certainty, "")
                stated, base = _STEP_VERBS.get(relation, (words, words))
                verb = base if maybe else stated
                self.edge(subject, obj, f"{s.id}/step-{order}", s, relation=relation,
                          certainty=certainty, step=order, steps=len(steps),
                          label=f"{words}{hedged}",
                          explanation=f"Step {order} of {len(steps)}: "
                          f"{short_name(r.label(subject))} {maybe}{verb} {r.label(obj)}{where}.")

    def recommendations(self) -> None:
        r = self.reader
        for node in sorted(r.graph.subjects(RDF.type, IVIG.Recommendation), key=str):
            s = _statement(r, node, "recommendation")
            drug = r.one(node, IVIG.drug)
            action_iri = r.one(node, IVIG.action)
            action = _key(ACTIONS, action_iri) or ""
            targets = r.all(node, IVIG.actionTarget)
            conditions = r.all(node, IVIG.condition)
            trigger = r.one(node, IVIG.trigger)
            period = r.quantity(r.one(node, IVIG.period))
            q = s.qualifiers
            q["action"] = r.label(action_iri)
            if period:
                q["period"] = period
            if trigger is not None:
                q["starting from"] = r.label(trigger)
            if conditions:
                q["for"] = _names(r, conditions)
            if (by := r.one(node, IVIG.recommendedBy)) is not None:
                q["recommended by"] = r.label(by)
            s.about = sorted({local_id(x) for x in (drug, *targets, *conditions)}
                             | ({local_id(trigger)} if trigger is not None else set()))
            source = trigger if trigger is not None else drug
            if action == "defer":
                label = f"defer {period}" if period else "defer"
            elif action == "administer-within":
                label = f"start within {period}" if period else "give within"
            elif action == "co-administer":
                label = "give together"
            else:
                label = "recommended dose"
            ends = targets or conditions or [drug]
            for end in ends:
                key = s.id if len(ends) == 1 else f"{s.id}/{local_id(end)}"
                name = short_name(r.label(drug))
                scope = f" in {_names(r, conditions)}" if conditions else ""
                if action == "defer":
                    text = f"After {r.label(source)}, postpone {r.label(end)}"
                    text += f" for {period}." if period else "."
                elif action == "co-administer":
                    text = f"Give {name} together with {r.label(end)}{scope}."
                elif action == "administer-within":
                    text = f"Start {name} for {r.label(end)} within {period} of the illness."
                else:
                    text = f"Give {name} for {r.label(end)} as recommended."
                self.edge(source, end, key, s, relation=action, label=label, explanation=text)

    def findings(self) -> None:
        r = self.reader
        for node in sorted(r.graph.subjects(RDF.type, IVIG.Finding), key=str):
            s = _statement(r, node, "finding")
            about = r.all(node, IVIG.about)
            value = r.quantity(r.one(node, IVIG.measuredValue))
            if value:
                s.qualifiers["value"] = value
            s.about = sorted(local_id(a) for a in about)
            short = s.id.removeprefix("fnd-").replace("-", " ")
            self.nodes[s.id] = {
                "kind": "finding",
                "label": short,
                "iri": str(node),
                "description": s.statement,
                "categories": [],
                "mappings": [],
                "note": s.note,
                **{k: v for k, v in s.attrs().items() if k not in {"family", "note"}},
            }
            for target in about:
                self.edge(node, target, f"{s.id}/about/{local_id(target)}", s, relation="about",
                          label="", explanation=f"The finding is about {r.label(target)}.")

    def entity_links(self) -> None:
        r = self.reader
        for predicate, relation in ((SKOS.broader, "broader"), (SKOS.related, "related")):
            for subject, obj in sorted(r.graph.subject_objects(predicate), key=str):
                if local_id(subject) in self.nodes and local_id(obj) in self.nodes:
                    a, b = r.label(subject), r.label(obj)
                    text = (f"A kind of {b}: {a}." if relation == "broader"
                            else f"Defined with reference to {b}: {a}.")
                    self.edge(subject, obj, f"{relation}/{local_id(subject)}/{local_id(obj)}",
                              None, family="entity", relation=relation,
                              label="a kind of" if relation == "broader" else "",
                              explanation=text,
                              statement="A link between two entities that the curators made "
                              "to show how the article groups or defines them.",
                              section="", section_id="", references=[], about=[],
                              assertion=None)


def _full_graph(graph: Graph) -> nx.MultiDiGraph:
    import networkx as nx

    builder = _Builder(graph)
    builder.indications()
    builder.adverse_effects()
    builder.mechanisms()
    builder.recommendations()
    builder.findings()
    builder.entity_links()
    result = nx.MultiDiGraph()
    document = next(iter(graph.subjects(RDF.type, IVIG.SourceDocument)), None)
    if document is not None:
        result.graph["source_title"] = builder.reader.label(document)
        result.graph["source_iri"] = str(document)
    for node_id, attrs in builder.nodes.items():
        result.add_node(node_id, id=node_id, **attrs)
    for source, target, key, attrs in builder.edges:
        if source not in result or target not in result:
            raise ValueError(f"edge {key} joins an unknown node: {source} -> {target}")
        if result.has_edge(source, target, key):
            raise ValueError(f"duplicate edge key {key}")
        result.add_edge(source, target, key=key, edge_id=key, **attrs)
    return result


def to_networkx(graph: Graph, *, view: str = "all") -> nx.MultiDiGraph:
    """Return the typed network of one view of the RDF graph.

    Node attributes: ``kind`` (see KINDS), ``label``, ``iri``, ``description``, ``categories``,
    ``mappings`` (dicts with ``curie``, ``match``, ``iri``) and ``note``. Edge attributes:
    ``family`` (see FAMILIES), ``relation``, ``label`` (short, drawn on the edge),
    ``explanation`` (this edge in one sentence), ``statement`` (the curated sentence of the whole
    statement), ``qualifiers`` (name -> plain text), ``section``, ``section_id``,
    ``references``, ``assertion``, ``hedge``, ``note``, ``about`` and, where they apply,
    ``status``, ``certainty``, ``step``. Edge keys are unique across the graph.

    ``view="all"`` keeps every entity, also unconnected ones. The other views keep what
    `view_edges` says and the nodes those edges join.
    """
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    full = _full_graph(graph)
    full.graph.update(view=view, view_description=VIEWS[view])
    if view == "all":
        return full
    keep = {(u, v, k) for u, v, k in full.edges(keys=True) if k in view_edges(full, view)}
    sub = full.edge_subgraph(keep).copy()
    sub.graph.update(full.graph)
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
        if d["relation"] in ("broader", "related") and (v if d["relation"] == "broader" else u) in core:
            keep.add(k)
    return keep


def find_node(g: nx.MultiDiGraph, text: str) -> str:
    """Return the id of the node whose id or label is `text` (case-insensitive; else unique prefix).

    Raise KeyError naming close candidates when nothing, or more than one node, matches.
    """
    wanted = text.strip().casefold()
    exact = [n for n, d in g.nodes(data=True)
             if wanted in (str(n).casefold(), str(d.get("label", "")).casefold())]
    if len(exact) == 1:
        return exact[0]
    partial = [n for n, d in g.nodes(data=True)
               if wanted and (wanted in str(n).casefold()
                              or wanted in str(d.get("label", "")).casefold())]
    if len(partial) == 1:
        return partial[0]
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
    sub = g.edge_subgraph(keep).copy()
    if start not in sub:
        sub.add_node(start, **g.nodes[start])
    sub.graph.update(g.graph, focus=start, depth=depth)
    return sub
