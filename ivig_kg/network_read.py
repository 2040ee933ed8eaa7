"""Read the RDF graph for the network bridge: entity nodes, and the facts of each statement.

Part of the bridge `ivig_kg.network`; `ivig_kg.network_build` turns what is read here into
edges. Facts are handed over as the plain records of `ivig_kg.explain` (labels, value-set keys,
quantities), so the sentences about them can be written without reading RDF.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from ivig_kg.explain import Advice, Harm, Mechanism, Quantity, Step, Use
from ivig_kg.namespaces import IVIG, KG
from ivig_kg.prefixes import compress
from ivig_kg.records import (
    ACTIONS,
    CATEGORIES,
    CERTAINTIES,
    ENTITY_TYPES,
    PURPOSES,
    STEP_RELATIONS,
    UNITS,
    USE_STATUSES,
)

_TYPE_KEYS = {iri: key for key, iri in ENTITY_TYPES.items()}
_CATEGORY_KEYS = {iri: key for key, iri in CATEGORIES.items()}
_MATCHES = {
    SKOS.exactMatch: "exact",
    SKOS.closeMatch: "close",
    SKOS.broadMatch: "broad",
    SKOS.narrowMatch: "narrow",
    SKOS.relatedMatch: "related",
}


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


def _decimal(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@dataclass
class Reader:
    """Small helpers over one rdflib graph."""

    graph: Graph
    labels: dict[URIRef, str] = field(default_factory=dict)

    def one(self, subject: Any, predicate: URIRef) -> Any:
        """One object of (subject, predicate), or None."""
        return next(iter(self.graph.objects(subject, predicate)), None)

    def all(self, subject: Any, predicate: URIRef) -> list[Any]:
        """Every object of (subject, predicate), sorted (so the output is deterministic)."""
        return sorted(self.graph.objects(subject, predicate), key=str)

    def path(self, subject: Any, *predicates: URIRef) -> Any:
        """Follow the predicates one after another; None as soon as one leads nowhere."""
        for predicate in predicates:
            if subject is None:
                return None
            subject = self.one(subject, predicate)
        return subject

    def instances(self, cls: URIRef) -> list[Any]:
        """Every instance of the class, sorted."""
        return sorted(self.graph.subjects(RDF.type, cls), key=str)

    def text(self, subject: Any, predicate: URIRef) -> str | None:
        """One object of (subject, predicate) as text, or None."""
        value = self.one(subject, predicate)
        return None if value is None else str(value)

    def label(self, node: object) -> str:
        """The rdfs:label of an IRI (else its local id); a literal as text."""
        if not isinstance(node, URIRef):
            return str(node)
        if node not in self.labels:
            value = self.one(node, RDFS.label)
            self.labels[node] = str(value) if value is not None else local_id(node)
        return self.labels[node]

    def labels_of(self, nodes: Iterable[object]) -> list[str]:
        """The labels of the nodes, in their order."""
        return [self.label(n) for n in nodes]

    def optional_label(self, subject: Any, predicate: URIRef) -> str | None:
        """The label of the object of (subject, predicate), or None when there is none."""
        value = self.one(subject, predicate)
        return None if value is None else self.label(value)

    def quantity(self, node: Any) -> Quantity | None:
        """Read an ivig:Quantity (a value or a range, a unit and a hedge)."""
        if node is None:
            return None
        unit = self.one(node, IVIG.unit)
        return Quantity(
            unit=_key(UNITS, unit) or "",
            value=_decimal(self.one(node, IVIG.value)),
            low=_decimal(self.one(node, IVIG.minValue)),
            high=_decimal(self.one(node, IVIG.maxValue)),
            hedge=self.text(node, IVIG.hedge),
        )


def entity_nodes(reader: Reader) -> dict[str, dict[str, Any]]:
    """Return the node attributes of every typed entity, by local id, sorted."""
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
class Statement:
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
            "source": "article",
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


def read_statement(reader: Reader, node: Any, family: str) -> Statement:
    """Read the provenance of a qualified statement; its qualifiers and `about` come later."""
    section = reader.one(node, IVIG.inSection)
    references = sorted(
        int(reader.one(ref, IVIG.referenceNumber)) for ref in reader.all(node, IVIG.citesReference)
    )
    return Statement(
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


def read_use(r: Reader, node: Any) -> tuple[Use, list[tuple[str, Any]]]:
    """Read an indication; also return its qualifying entities as (role, node), in order."""
    infusions = r.path(node, IVIG.doseSchedule, IVIG.numberOfInfusions)
    use = Use(
        drug=r.label(r.one(node, IVIG.drug)),
        purpose=_key(PURPOSES, r.one(node, IVIG.purpose)),
        status=_key(USE_STATUSES, r.one(node, IVIG.useStatus)) or "",
        status_label=r.label(r.one(node, IVIG.useStatus)),
        conditions=r.labels_of(r.all(node, IVIG.condition)),
        prominence=r.optional_label(node, IVIG.prominence),
        approved_by=r.optional_label(node, IVIG.approvedBy),
        recommended_by=r.optional_label(node, IVIG.recommendedBy),
        patients=r.optional_label(node, IVIG.population),
        dose=r.quantity(r.path(node, IVIG.doseSchedule, IVIG.dose)),
        infusions=None if infusions is None else str(infusions),
        infusion_duration=r.quantity(r.path(node, IVIG.doseSchedule, IVIG.infusionDuration)),
        latest_start=r.quantity(r.one(node, IVIG.latestStart)),
        preferred_start=r.quantity(r.one(node, IVIG.preferredLatestStart)),
        given_with=r.labels_of(r.all(node, IVIG.coTherapy)),
        aims_to_reduce=r.labels_of(r.all(node, IVIG.aimsToReduce)),
    )
    entities = [
        (role, value)
        for role, predicate in (
            ("approved-by", IVIG.approvedBy),
            ("recommended-by", IVIG.recommendedBy),
            ("patients", IVIG.population),
        )
        if (value := r.one(node, predicate)) is not None
    ]
    entities += [("given-with", v) for v in r.all(node, IVIG.coTherapy)]
    entities += [("aims-to-reduce", v) for v in r.all(node, IVIG.aimsToReduce)]
    return use, entities


def read_harm(r: Reader, node: Any) -> Harm:
    """Read an adverse effect association."""
    return Harm(
        drug=r.label(r.one(node, IVIG.drug)),
        effect=r.label(r.one(node, IVIG.effect)),
        severity=r.optional_label(node, IVIG.severity),
        course=r.optional_label(node, IVIG.course),
        onset=r.optional_label(node, IVIG.onset),
        frequency=r.optional_label(node, IVIG.frequency),
        generality=r.optional_label(node, IVIG.generality),
        preventers=r.labels_of(r.all(node, IVIG.preventableBy)),
    )


def read_mechanism(r: Reader, node: Any) -> Mechanism:
    """Read a mechanism of action (its steps are read one by one with `read_step`)."""
    certainty = r.one(node, IVIG.certainty)
    return Mechanism(
        drug=r.label(r.one(node, IVIG.drug)),
        certainty=_key(CERTAINTIES, certainty) or "",
        certainty_label=r.label(certainty),
        conditions=r.labels_of(r.all(node, IVIG.condition)),
    )


def read_step(r: Reader, step: Any, order: int, count: int) -> Step:
    """Read step number `order` of the `count` steps of a mechanism."""
    relation = r.one(step, IVIG.stepRelation)
    return Step(
        order=order,
        count=count,
        subject=r.label(r.one(step, IVIG.stepSubject)),
        relation=_key(STEP_RELATIONS, relation) or "has-effect",
        relation_label=r.label(relation),
        target=r.label(r.one(step, IVIG.stepObject)),
    )


def read_advice(r: Reader, node: Any) -> Advice:
    """Read a recommendation."""
    action = r.one(node, IVIG.action)
    return Advice(
        drug=r.label(r.one(node, IVIG.drug)),
        action=_key(ACTIONS, action) or "",
        action_label=r.label(action),
        period=r.quantity(r.one(node, IVIG.period)),
        trigger=r.optional_label(node, IVIG.trigger),
        conditions=r.labels_of(r.all(node, IVIG.condition)),
        recommended_by=r.optional_label(node, IVIG.recommendedBy),
    )
