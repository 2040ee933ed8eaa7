"""One prefix map for the whole project, as a ``curies.Converter``.

It holds the project's own prefixes (``ivig:``, ``kg:``, the W3C vocabularies) and the external
ontologies that mappings may use. Loader, build, network, query output and counts all expand and
compress through :data:`CONVERTER`, so a prefix is declared once. External expansions follow the
OBO Foundry PURLs for OBO ontologies and each resource's own linked-data IRIs otherwise, as
registered in the Bioregistry. A prefix not listed here is a data error, so a typo such as
``MODNO:`` cannot slip into the graph.
"""

from __future__ import annotations

import re

import curies
from rdflib import URIRef

from ivig_kg.namespaces import PREFIXES

_OBO = "http://purl.obolibrary.org/obo/"

#: External ontologies and databases that ``data/mappings.tsv`` may name.
EXTERNAL_PREFIXES: dict[str, str] = {
    "MONDO": _OBO + "MONDO_",
    "HP": _OBO + "HP_",
    "GO": _OBO + "GO_",
    "CL": _OBO + "CL_",
    "UBERON": _OBO + "UBERON_",
    "CHEBI": _OBO + "CHEBI_",
    "MAXO": _OBO + "MAXO_",
    "MESH": "http://id.nlm.nih.gov/mesh/",
    "DRUGBANK": "https://go.drugbank.com/drugs/",
    "UniProtKB": "http://purl.uniprot.org/uniprot/",
    "HGNC": "https://identifiers.org/hgnc:",
}

#: Local-identifier pattern per external prefix, ASCII only: a wrong shape is reported, not
#: guessed at (``\d`` would also accept other scripts' digits).
LOCAL_PATTERNS: dict[str, str] = {
    "MONDO": r"[0-9]{7}",
    "HP": r"[0-9]{7}",
    "GO": r"[0-9]{7}",
    "CL": r"[0-9]{7}",
    "UBERON": r"[0-9]{7}",
    "CHEBI": r"[0-9]+",
    "MAXO": r"[0-9]{7}",
    "MESH": r"[DC][0-9]{6,9}",
    "DRUGBANK": r"DB[0-9]{5}",
    "UniProtKB": r"[OPQ][0-9][A-Z0-9]{3}[0-9]|[A-NR-Z][0-9](?:[A-Z][A-Z0-9]{2}[0-9]){1,2}",
    "HGNC": r"[0-9]+",
}

#: Vocabularies the ontology aligns its terms with (shown compressed, never used in mappings).
ALIGNMENT_PREFIXES: dict[str, str] = {
    "RO": _OBO + "RO_",
    "UO": _OBO + "UO_",
    "unit": "http://qudt.org/vocab/unit/",
}

#: Every prefix the project writes or reads, in one converter.
CONVERTER = curies.Converter.from_prefix_map(
    {**PREFIXES, **EXTERNAL_PREFIXES, **ALIGNMENT_PREFIXES}
)


class CurieError(ValueError):
    """A CURIE with an unknown prefix or a malformed local part."""


def expand(curie: str) -> URIRef:
    """Return the IRI of an external CURIE such as ``MONDO:0012727``; raise CurieError if invalid."""
    prefix, sep, local = curie.partition(":")
    if not sep or not local:
        raise CurieError(f"'{curie}' is not a CURIE (expected PREFIX:ID)")
    if prefix not in EXTERNAL_PREFIXES:
        known = ", ".join(sorted(EXTERNAL_PREFIXES))
        raise CurieError(f"unknown prefix '{prefix}' in '{curie}'; known prefixes: {known}")
    if not re.fullmatch(LOCAL_PATTERNS[prefix], local, flags=re.ASCII):
        raise CurieError(f"'{curie}' does not look like a {prefix} identifier")
    return URIRef(CONVERTER.expand_strict(curie))


def compress(iri: object, *, external_only: bool = False) -> str:
    """Return the CURIE of an IRI under the longest matching prefix, or the IRI unchanged.

    external_only: compress only into the external prefixes (MONDO:, HP:, ...), as the
    network and exports show identifiers.
    """
    text = str(iri)
    found = CONVERTER.compress(text)
    if found is None:
        return text
    if external_only and found.partition(":")[0] not in EXTERNAL_PREFIXES:
        return text
    return found
