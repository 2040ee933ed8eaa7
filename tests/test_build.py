"""The build: validated, deterministic, loadable by any RDF tool, and checked by its own checks."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, XSD

from ivig_kg import paths
from ivig_kg.namespaces import IVIG, KG
from ivig_kg.pipeline import BuildResult, build, check_graph, load_graph

REPO = Path(__file__).resolve().parents[1]

FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}


def test_build_writes_three_files(build_result: BuildResult, dist_dir: Path) -> None:
    assert sorted(p.name for p in build_result.written) == [
        "ivig-kg.jsonld",
        "ivig-kg.nt",
        "ivig-kg.ttl",
    ]
    assert all(p.parent == dist_dir for p in build_result.written)


def test_two_builds_are_byte_identical(
    dist_dir: Path, build_result: BuildResult, tmp_path: Path
) -> None:
    build(tmp_path)
    for ext in FORMATS:
        assert (tmp_path / f"ivig-kg.{ext}").read_bytes() == (
            dist_dir / f"ivig-kg.{ext}"
        ).read_bytes(), ext


@pytest.mark.parametrize("ext", FORMATS)
def test_output_parses_back_isomorphic(ext: str, graph: Graph, dist_dir: Path) -> None:
    parsed = Graph().parse(dist_dir / f"ivig-kg.{ext}", format=FORMATS[ext])
    assert len(parsed) == len(graph)
    assert isomorphic(parsed, graph)


def test_output_has_no_blank_nodes(graph: Graph) -> None:
    from rdflib import BNode

    assert not [t for t in graph if any(isinstance(term, BNode) for term in t)]


def test_oxigraph_loads_the_turtle(dist_dir: Path, graph: Graph) -> None:
    """Any SPARQL 1.1 store: Oxigraph, a different parser and engine, reads the same triples."""
    import pyoxigraph

    store = pyoxigraph.Store()
    store.load(path=str(dist_dir / "ivig-kg.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(graph)


def test_built_graph_passes_shacl_and_qc(graph: Graph) -> None:
    assert check_graph(graph) == []


def test_qc_queries_and_shortcut_rules_exist() -> None:
    # The five shortcut checks of 0.1.0 became the six rules in queries/rules/.
    assert len(list(paths.QC_DIR.glob("*-violation.rq"))) >= 5
    assert len(list((paths.QUERIES_DIR / "rules").glob("*.rq"))) >= 6


def test_shacl_catches_a_missing_reference() -> None:
    broken = load_graph()
    broken.remove((KG["ind-fda-itp"], IVIG.citesReference, None))
    problems = check_graph(broken)
    assert any("ind-fda-itp" in str(p) and "reference" in str(p) for p in problems)


def test_shacl_catches_a_quantity_without_unit() -> None:
    broken = load_graph()
    broken.remove(
        (URIRef(KG["ind-guideline-kawasaki-disease"] + "/dose-schedule/dose"), IVIG.unit, None)
    )
    assert any("unit" in str(p) for p in check_graph(broken))


def test_qc_catches_a_stray_shortcut() -> None:
    broken = load_graph()
    broken.add((KG.ivig, IVIG.treats, KG.headache))
    problems = [str(p) for p in check_graph(broken)]
    assert any("rules/treats.rq" in p and "no statement supports" in p for p in problems)


def test_qc_catches_a_missing_shortcut() -> None:
    broken = load_graph()
    broken.remove((KG.ivig, IVIG.hasAdverseEffect, KG.headache))
    problems = [str(p) for p in check_graph(broken)]
    assert any("rules/has-adverse-effect.rq" in p and "is missing" in p for p in problems)


def test_every_shortcut_predicate_has_exactly_one_rule(graph: Graph) -> None:
    from ivig_kg.rules import read_rules

    rules = read_rules()
    predicates = [rule.predicate for rule in rules]
    assert len(predicates) == len(set(predicates)) == 6
    for rule in rules:  # every rule derives something from the real data
        assert rule.derive(graph), f"{rule.path.name} derives nothing"


def test_dataset_metadata(graph: Graph) -> None:
    """Version, dates, licence, creator and a citation line: what a user needs to cite the graph."""
    from rdflib.namespace import DCTERMS, OWL

    import ivig_kg
    from ivig_kg.namespaces import ONTOLOGY_IRI

    dataset = KG["ivig-kg"]
    version = ivig_kg.__version__
    assert graph.value(dataset, DCTERMS.hasVersion) == Literal(version)
    assert graph.value(dataset, OWL.versionInfo) == Literal(version)
    assert graph.value(dataset, DCTERMS.issued).datatype == XSD.date
    assert graph.value(dataset, DCTERMS.modified).datatype == XSD.date
    assert graph.value(dataset, DCTERMS.source) == KG["ivig-article"]
    licence = URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert graph.value(dataset, DCTERMS.license) == licence
    assert graph.value(ONTOLOGY_IRI, DCTERMS.license) == licence
    creator = graph.value(dataset, DCTERMS.creator)
    assert str(graph.value(creator, RDFS.label)) == "the ivig-kg contributors"
    citation = str(graph.value(dataset, DCTERMS.bibliographicCitation))
    assert version in citation and "CC BY 4.0" in citation and "w3id.org/ivig-kg" in citation
    assert graph.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal(version)
    assert graph.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/{version}")


def test_version_matches_package() -> None:
    from importlib.metadata import version

    import yaml

    assert yaml.safe_load((REPO / "data" / "dataset.yaml").read_text())["version"] == version(
        "ivig-kg"
    )


def test_every_assertion_is_typed_once(graph: Graph) -> None:
    kinds = [
        IVIG.Indication,
        IVIG.MechanismOfAction,
        IVIG.AdverseEffectAssociation,
        IVIG.Recommendation,
        IVIG.Finding,
    ]
    nodes = [s for k in kinds for s in graph.subjects(RDF.type, k)]
    assert len(nodes) == len(set(nodes)) >= 50


def test_outputs_are_readable_like_ordinary_files(
    dist_dir: Path, build_result: BuildResult
) -> None:
    import os
    import stat

    mask = os.umask(0)
    os.umask(mask)
    for path in build_result.written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask
