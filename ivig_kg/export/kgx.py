"""The graph as KGX TSV: Biolink-typed nodes and edges with their provenance.

Nodes are the entities of the graph. Their ``category`` comes from the ontology's own alignments:
each class an entity belongs to (directly or through ``rdfs:subClassOf``) that has a
``skos:exactMatch`` or ``skos:closeMatch`` to a Biolink class lends that class; an entity of no
aligned class is a ``biolink:NamedThing``. Mapped identifiers (any SKOS match strength; the SSSOM
export says which) are its ``xref``.

Edges are the statements behind the shortcut relations (``ivig:treats``, ``ivig:prevents``,
``ivig:hasAdverseEffect``, ``ivig:affects``, ``ivig:coAdministeredWith``): one edge per qualified
node and shortcut it supports, so an edge keeps the status, certainty or severity of its own
statement. The ``predicate`` is the Biolink property the shortcut is an ``rdfs:subPropertyOf``;
a shortcut with no Biolink alignment becomes ``biolink:related_to``, and ``original_predicate``
always names our property. Qualifiers are the value-set members (SKOS concepts) of the statement,
in Biolink's ``qualifiers`` column; the curated sentence is the ``description``; the article is
in ``publications``, its cited references in ``supporting_documents``, and the section and the
article's hedging words in the non-Biolink columns ``ivig_section`` and ``ivig_hedge``.

Multi-valued cells are joined with ``|``. KGX reads TSV without quote handling, so cells never
hold tabs or line breaks. Identifiers are CURIEs of :data:`ivig_kg.prefixes.CONVERTER`; ``kg:``
expands to ``https://w3id.org/ivig-kg/id/`` and the full IRI of each node is in ``iri``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS
from rdflib.query import ResultRow
from rdflib.term import Node

from ivig_kg.namespaces import IVIG, PREFIXES
from ivig_kg.prefixes import compress
from ivig_kg.rules import read_rules
from ivig_kg.schema import MatchKind

#: The knowledge source of every node and edge; not yet registered in the infores catalogue.
KNOWLEDGE_SOURCE = "infores:ivig-kg"
#: Curators read the article and wrote each statement down by hand.
KNOWLEDGE_LEVEL = "knowledge_assertion"
AGENT_TYPE = "manual_agent"
FALLBACK_CATEGORY = "biolink:NamedThing"
FALLBACK_PREDICATE = "biolink:related_to"
LIST_DELIMITER = "|"

NODE_COLUMNS = ("id", "category", "name", "description", "xref", "provided_by", "iri", "ivig_types")
EDGE_COLUMNS = (
    "id",
    "subject",
    "predicate",
    "object",
    "original_predicate",
    "knowledge_level",
    "agent_type",
    "primary_knowledge_source",
    "publications",
    "supporting_documents",
    "qualifiers",
    "description",
    "ivig_section",
    "ivig_hedge",
)
#: The SKOS mapping properties, as the record schema declares them.
MATCH_PREDICATES = tuple(kind.iri for kind in MatchKind)

_NODE_CATEGORIES = """
SELECT DISTINCT ?node ?category WHERE {
  ?node a/rdfs:subClassOf* ivig:Entity .
  OPTIONAL {
    ?node a/rdfs:subClassOf* ?class .
    ?class skos:exactMatch|skos:closeMatch ?category .
    FILTER(STRSTARTS(STR(?category), STR(biolink:)))
  }
}
"""

_BIOLINK_PREDICATES = """
SELECT DISTINCT ?property ?predicate WHERE {
  ?property rdfs:subPropertyOf+ ?predicate .
  FILTER(STRSTARTS(STR(?predicate), STR(biolink:)))
}
"""

_CONCEPTS = "SELECT DISTINCT ?concept WHERE { ?concept a/rdfs:subClassOf+ skos:Concept }"

Row = dict[str, str]


def to_kgx(graph: Graph) -> tuple[str, str]:
    """Return the text of the KGX nodes file and edges file of the graph."""
    return _tsv(NODE_COLUMNS, node_rows(graph)), _tsv(EDGE_COLUMNS, edge_rows(graph))


def node_rows(graph: Graph) -> list[Row]:
    """Return one KGX node record per entity, sorted by id."""
    categories: dict[URIRef, set[str]] = {}
    for node, category in _select(graph, _NODE_CATEGORIES):
        found = categories.setdefault(node, set())
        if category is not None:
            found.add(compress(category))
    rows = []
    for node, found in categories.items():
        rows.append(
            {
                "id": compress(node),
                "category": _join(found or {FALLBACK_CATEGORY}),
                "name": _text(graph.value(node, RDFS.label)),
                "description": _text(graph.value(node, DCTERMS.description)),
                "xref": _join(
                    compress(target, external_only=True)
                    for predicate in MATCH_PREDICATES
                    for target in graph.objects(node, predicate)
                ),
                "provided_by": KNOWLEDGE_SOURCE,
                "iri": str(node),
                "ivig_types": _join(compress(cls) for cls in graph.objects(node, RDF.type)),
            }
        )
    return sorted(rows, key=lambda row: row["id"])


def edge_rows(graph: Graph) -> list[Row]:
    """Return one KGX edge record per statement and shortcut it supports, sorted by id."""
    predicates = biolink_predicates(graph)
    concepts = {concept for (concept,) in _select(graph, _CONCEPTS)}
    rows = []
    for assertion, subject, shortcut, obj in _supported_shortcuts(graph):
        shortcut_name = compress(shortcut).partition(":")[2]
        row = {
            "id": f"{compress(assertion)}/{shortcut_name}/{compress(obj).partition(':')[2]}",
            "subject": compress(subject),
            "predicate": predicates.get(shortcut, FALLBACK_PREDICATE),
            "object": compress(obj),
            "original_predicate": compress(shortcut),
        }
        row.update(_provenance(graph, assertion, concepts))
        rows.append(row)
    return sorted(rows, key=lambda row: row["id"])


def _supported_shortcuts(graph: Graph) -> list[tuple[URIRef, Node, URIRef, Node]]:
    """Each statement with the shortcut it supports, from the one shortcut rule set.

    A mechanism is its own statement (``ivig:hasMechanism`` points at the statement node), so
    that shortcut is no edge between two KGX nodes and is left out.
    """
    rows = []
    for rule in read_rules():
        for statement, subject, obj in rule.support(graph):
            if obj != statement and isinstance(statement, URIRef):
                rows.append((statement, subject, rule.predicate, obj))
    return rows


def biolink_predicates(graph: Graph) -> dict[URIRef, str]:
    """Return the Biolink predicate CURIE of every property the ontology aligns to Biolink.

    A property with several Biolink super-properties gets the first in IRI order, so the
    choice does not depend on the order rdflib returns them.
    """
    found: dict[URIRef, str] = {}
    for prop, predicate in sorted(_select(graph, _BIOLINK_PREDICATES)):
        found.setdefault(prop, compress(predicate))
    return found


def _provenance(graph: Graph, assertion: URIRef, concepts: set[Any]) -> Row:
    """Return the edge columns that say where a statement comes from and how it is qualified."""
    return {
        "knowledge_level": KNOWLEDGE_LEVEL,
        "agent_type": AGENT_TYPE,
        "primary_knowledge_source": KNOWLEDGE_SOURCE,
        "publications": _join(compress(s) for s in graph.objects(assertion, DCTERMS.source)),
        "supporting_documents": _join(
            compress(r) for r in graph.objects(assertion, IVIG.citesReference)
        ),
        "qualifiers": _join(
            compress(value) for _, value in graph.predicate_objects(assertion) if value in concepts
        ),
        "description": _text(graph.value(assertion, IVIG.statement)),
        "ivig_section": _join(compress(s) for s in graph.objects(assertion, IVIG.inSection)),
        "ivig_hedge": _text(graph.value(assertion, IVIG.hedge)),
    }


def _select(graph: Graph, query: str) -> list[tuple[Any, ...]]:
    rows = []
    for row in graph.query(query, initNs=PREFIXES):
        assert isinstance(row, ResultRow)  # only SELECT queries are run here
        rows.append(tuple(row))
    return rows


def _text(value: object) -> str:
    """Return a value as one line of text; KGX reads TSV cells without quoting."""
    return "" if value is None else " ".join(str(value).split())


def _join(values: Iterable[str]) -> str:
    return LIST_DELIMITER.join(sorted({_text(v) for v in values}))


def _tsv(columns: Sequence[str], rows: Iterable[Mapping[str, str]]) -> str:
    lines = ["\t".join(columns)]
    lines.extend("\t".join(row.get(column, "") for column in columns) for row in rows)
    return "\n".join(lines) + "\n"
