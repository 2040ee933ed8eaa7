"""Small writers the build modules share: IRIs from ids, literals, references, quantities.

IRIs come from record ids only and no blank nodes are made, so two builds give the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from ivig_kg.namespaces import IVIG, KG
from ivig_kg.schema import IriEnum, Quantity


def iri(record_id: str) -> URIRef:
    """Return the IRI of a record or entity id."""
    return KG[record_id]


def en(value: str) -> Literal:
    """Return an English literal."""
    return Literal(value, lang="en")


def decimal(number: float) -> Literal:
    """Return an xsd:decimal literal (stable text for whole numbers and fractions alike)."""
    return Literal(Decimal(str(number)), datatype=XSD.decimal)


def ref(graph: Graph, node: URIRef, predicate: URIRef, target: str | None) -> None:
    """Link the node to the record or entity with this id, if any."""
    if target is not None:
        graph.add((node, predicate, iri(target)))


def refs(graph: Graph, node: URIRef, predicate: URIRef, targets: Iterable[str]) -> None:
    """Link the node to each record or entity of the ids."""
    for target in targets:
        graph.add((node, predicate, iri(target)))


def term(graph: Graph, node: URIRef, predicate: URIRef, value: IriEnum | None) -> None:
    """Link the node to the ontology term of a value-set member, if any."""
    if value is not None:
        graph.add((node, predicate, value.iri))


def text(graph: Graph, node: URIRef, predicate: URIRef, value: str | None) -> None:
    """Add an English text, if any."""
    if value is not None:
        graph.add((node, predicate, en(value)))


def quantity(
    graph: Graph, node: URIRef, predicate: URIRef, name: str, value: Quantity | None
) -> None:
    """Add a quantity as its own node ``<node>/<name>``: value or range, unit, hedge."""
    if value is None:
        return
    target = URIRef(f"{node}/{name}")
    graph.add((node, predicate, target))
    graph.add((target, RDF.type, IVIG.Quantity))
    if value.value is not None:
        graph.add((target, IVIG.value, decimal(value.value)))
    if value.min is not None and value.max is not None:
        graph.add((target, IVIG.minValue, decimal(value.min)))
        graph.add((target, IVIG.maxValue, decimal(value.max)))
    graph.add((target, IVIG.unit, value.unit.iri))
    text(graph, target, IVIG.hedge, value.hedge)
