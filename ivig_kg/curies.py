"""CURIE prefixes that mappings may use, and their expansion to IRIs.

The expansions follow the OBO Foundry PURLs for OBO ontologies and each resource's own
linked-data IRIs otherwise, as registered in the Bioregistry. A prefix not listed here is
a data error, so a typo such as `MODNO:` cannot slip into the graph.
"""

from __future__ import annotations

import re

from rdflib import URIRef

_OBO = "http://purl.obolibrary.org/obo/"

PREFIX_IRIS: dict[str, str] = {
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

#: Local-identifier pattern per prefix: a wrong shape is reported, not guessed at.
LOCAL_PATTERNS: dict[str, str] = {
    "MONDO": r"\d{7}",
    "HP": r"\d{7}",
    "GO": r"\d{7}",
    "CL": r"\d{7}",
    "UBERON": r"\d{7}",
    "CHEBI": r"\d+",
    "MAXO": r"\d{7}",
    "MESH": r"[DC]\d{6,9}",
    "DRUGBANK": r"DB\d{5}",
    "UniProtKB": r"[OPQ]\d[A-Z0-9]{3}\d|[A-NR-Z]\d(?:[A-Z][A-Z0-9]{2}\d){1,2}",
    "HGNC": r"\d+",
}


class CurieError(ValueError):
    """A CURIE with an unknown prefix or a malformed local part."""


def expand(curie: str) -> URIRef:
    """Return the IRI of a CURIE such as ``MONDO:0012727``; raise CurieError if invalid."""
    prefix, sep, local = curie.partition(":")
    if not sep or not local:
        raise CurieError(f"'{curie}' is not a CURIE (expected PREFIX:ID)")
    if prefix not in PREFIX_IRIS:
        known = ", ".join(sorted(PREFIX_IRIS))
        raise CurieError(f"unknown prefix '{prefix}' in '{curie}'; known prefixes: {known}")
    if not re.fullmatch(LOCAL_PATTERNS[prefix], local):
        raise CurieError(f"'{curie}' does not look like a {prefix} identifier")
    return URIRef(PREFIX_IRIS[prefix] + local)
