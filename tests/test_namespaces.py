"""The closed IVIG namespace and ontology/ivig.ttl declare exactly the same terms."""

from __future__ import annotations

import pytest
from rdflib import Graph

from ivig_kg import paths
from ivig_kg.namespaces import IVIG


def test_closed_namespace_matches_ontology() -> None:
    ontology = Graph().parse(paths.ONTOLOGY_FILE)
    base = str(IVIG._NS)
    declared = {str(s)[len(base) :] for s in ontology.subjects() if str(s).startswith(base)}
    assert declared == set(IVIG.__annotations__)


def test_misspelt_term_is_an_error() -> None:
    with pytest.raises(AttributeError):
        IVIG.Indicaton  # noqa: B018


def test_every_reused_external_term_is_listed() -> None:
    """ontology/imports/external-terms.tsv lists every non-core term the ontology and build reuse."""
    import csv

    from rdflib import URIRef

    core = (
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://www.w3.org/2000/01/rdf-schema#",
        "http://www.w3.org/2002/07/owl#",
        "http://www.w3.org/2001/XMLSchema#",
        "http://www.w3.org/2004/02/skos/core#",
        "https://w3id.org/ivig-kg/",
    )
    with open(paths.ONTOLOGY_DIR / "imports" / "external-terms.tsv", encoding="utf-8") as handle:
        listed = {row["iri"] for row in csv.DictReader(handle, delimiter="\t")}
    ontology = Graph().parse(paths.ONTOLOGY_FILE)
    used = {
        str(t)
        for triple in ontology
        for t in triple
        if isinstance(t, URIRef) and not str(t).startswith(core)
    }
    assert used <= listed, sorted(used - listed)
