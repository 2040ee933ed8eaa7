"""The identifier mappings of the graph as an SSSOM TSV file (a YAML header, then a table).

Everything is read from the built graph, so an installed wheel without ``data/`` can write it:
one row per SKOS match from an entity (``kg:``) to an external identifier, with the entity's
label. Each mapping was chosen and checked by a curator, so the justification is
``semapv:ManualMappingCuration``. The header's ``curie_map`` declares exactly the prefixes the
file uses, taken from :data:`ivig_kg.prefixes.CONVERTER`.

The graph does not keep the external term's label as seen, where it was seen, the date of the
check or who checked it (``data/mappings.tsv`` does), so the SSSOM columns ``object_label``,
``object_source_version``, ``mapping_date`` and ``author_id`` are not written.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Iterable
from typing import Any

import yaml
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

import ivig_kg
from ivig_kg.namespaces import KG, VOID
from ivig_kg.prefixes import CONVERTER, compress
from ivig_kg.schema import MatchKind

log = logging.getLogger(__name__)

SEMAPV = "https://w3id.org/semapv/vocab/"
JUSTIFICATION = "semapv:ManualMappingCuration"
#: The licence stated when the graph's dataset node names none.
DEFAULT_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
#: The SKOS mapping properties, as the record schema declares them.
MATCH_PREDICATES = tuple(kind.iri for kind in MatchKind)
COLUMNS = ("subject_id", "subject_label", "predicate_id", "object_id", "mapping_justification")

Row = dict[str, str]


def to_sssom(graph: Graph, *, license_url: str | None = None) -> str:
    """Return the SSSOM TSV text of the graph's entity mappings.

    license_url: the mapping set's licence; by default the dataset's ``dcterms:license``, or
    DEFAULT_LICENSE when the graph names none.
    """
    rows = mapping_rows(graph)
    metadata = mapping_set_metadata(graph, rows, license_url=license_url)
    header = yaml.safe_dump(metadata, sort_keys=False, allow_unicode=True, width=1000)
    buffer = io.StringIO()
    buffer.writelines(f"#{line}\n" for line in header.splitlines())
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def mapping_rows(graph: Graph) -> list[Row]:
    """Return one SSSOM row per SKOS match from an entity to an external identifier, sorted."""
    rows = []
    for predicate in MATCH_PREDICATES:
        for subject, target in graph.subject_objects(predicate):
            if not str(subject).startswith(str(KG)):
                continue  # the ontology's own class and unit alignments are not entity mappings
            object_id = compress(target, external_only=True)
            if object_id == str(target):
                raise ValueError(f"{subject} is mapped to {target}, which has no known prefix")
            rows.append(
                {
                    "subject_id": compress(subject),
                    "subject_label": str(graph.value(subject, RDFS.label) or ""),
                    "predicate_id": compress(predicate),
                    "object_id": object_id,
                    "mapping_justification": JUSTIFICATION,
                }
            )
    return sorted(rows, key=lambda row: (row["subject_id"], row["object_id"]))


def mapping_set_metadata(
    graph: Graph, rows: list[Row], *, license_url: str | None = None
) -> dict[str, Any]:
    """Return the SSSOM mapping-set header: prefixes, identity, version, licence and source."""
    dataset = _dataset(graph)
    title = graph.value(dataset, DCTERMS.title)
    issued = graph.value(dataset, DCTERMS.issued)
    version = graph.value(dataset, OWL.versionInfo)
    metadata: dict[str, Any] = {
        "curie_map": curie_map(rows, extra=[compress(dataset)]),
        "mapping_set_id": f"{dataset}/mappings",
        "mapping_set_version": ivig_kg.__version__,
        "mapping_set_title": f"Identifier mappings of {title or 'ivig-kg'}",
        "mapping_set_description": (
            "Links from the entities of the IVIG knowledge graph to terms of standard "
            "ontologies and databases, each chosen and checked by hand."
        ),
        "license": license_url or _license(graph, dataset),
        "subject_source": compress(dataset),
    }
    if version is not None:
        metadata["subject_source_version"] = str(version)
    if issued is not None:
        metadata["publication_date"] = str(issued)
    return metadata


def curie_map(rows: list[Row], *, extra: Iterable[str] = ()) -> dict[str, str]:
    """Return the prefix map of the CURIEs used, expansions from the project's converter."""
    curies = [row[c] for row in rows for c in ("subject_id", "predicate_id", "object_id")]
    prefixes = {curie.partition(":")[0] for curie in [*curies, *extra]}
    found = {prefix: CONVERTER.bimap[prefix] for prefix in sorted(prefixes)}
    found["semapv"] = SEMAPV  # the justification's prefix, not one the graph uses
    return found


def _dataset(graph: Graph) -> URIRef:
    found = sorted(s for s in graph.subjects(RDF.type, VOID.Dataset) if isinstance(s, URIRef))
    if not found:
        raise ValueError("the graph has no void:Dataset node to describe the mapping set")
    return found[0]


def _license(graph: Graph, dataset: URIRef) -> str:
    stated = graph.value(dataset, DCTERMS.license)
    if stated is not None:
        return str(stated)
    log.warning("the graph names no dataset licence; the SSSOM file states %s", DEFAULT_LICENSE)
    return DEFAULT_LICENSE
