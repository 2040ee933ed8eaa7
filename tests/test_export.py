"""Every export format, read back by a reader that is not the one that wrote it.

GraphML is read with networkx, KGX and SSSOM with the csv module; KGX categories and predicates
are checked against the Biolink model release the ``biolink-model`` package ships, SSSOM columns
against the ``sssom-schema`` package, and every SSSOM CURIE with ``curies`` under the file's own
prefix map.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import curies
import networkx as nx
import pytest
import yaml
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

import ivig_kg
from ivig_kg.export import EXPORT_FORMATS, write_export
from ivig_kg.export.kgx import EDGE_COLUMNS, KNOWLEDGE_SOURCE, NODE_COLUMNS
from ivig_kg.namespaces import IVIG, KG
from ivig_kg.network import to_networkx
from ivig_kg.prefixes import compress

RDF_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}
KGX_NODE_REQUIRED = {"id", "category", "name", "description", "xref", "provided_by"}
KGX_EDGE_REQUIRED = {
    "id",
    "subject",
    "predicate",
    "object",
    "knowledge_level",
    "agent_type",
    "primary_knowledge_source",
    "publications",
}
SKOS_MATCHES = {
    f"skos:{name}"
    for name in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
}


@pytest.fixture(scope="module")
def exported(graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """Write every format once into one folder, as `ivig-kg export` would."""
    out_dir = tmp_path_factory.mktemp("export")
    return {fmt: write_export(graph, fmt, out_dir) for fmt in EXPORT_FORMATS}


def _read_tsv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Read a TSV as KGX does: no quote handling, tab-separated, one record per line."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def _only(paths: list[Path], suffix: str) -> Path:
    (found,) = [p for p in paths if p.name.endswith(suffix)]
    return found


# -- the registry ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(EXPORT_FORMATS))
def test_each_format_writes_the_files_it_declares(
    exported: dict[str, list[Path]], fmt: str
) -> None:
    written = exported[fmt]
    assert [p.name for p in written] == sorted(EXPORT_FORMATS[fmt].files)
    for path in written:
        assert path.stat().st_size > 0, f"{path.name} is empty"


def test_unknown_format_is_refused_and_writes_nothing(graph: Graph, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown export format 'xlsx'; choose one of ttl"):
        write_export(graph, "xlsx", tmp_path)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_rdf_exports_hold_the_whole_graph(
    graph: Graph, exported: dict[str, list[Path]], fmt: str
) -> None:
    reread = Graph().parse(exported[fmt][0], format=RDF_FORMATS[fmt])
    assert len(graph) > 0
    assert isomorphic(reread, graph)


# -- GraphML ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bridge(graph: Graph) -> nx.MultiDiGraph:
    return to_networkx(graph, view="all", source="both")


@pytest.fixture(scope="module")
def graphml(exported: dict[str, list[Path]]) -> nx.MultiDiGraph:
    read = nx.read_graphml(exported["graphml"][0], force_multigraph=True)
    assert isinstance(read, nx.MultiDiGraph)
    return read


def test_graphml_has_the_nodes_and_edges_of_the_bridge(
    graphml: nx.MultiDiGraph, bridge: nx.MultiDiGraph
) -> None:
    assert bridge.number_of_nodes() > 0 and bridge.number_of_edges() > 0
    assert graphml.number_of_nodes() == bridge.number_of_nodes()
    assert graphml.number_of_edges() == bridge.number_of_edges()
    assert set(graphml.nodes) == set(bridge.nodes)
    assert set(graphml.edges(keys=True)) == set(bridge.edges(keys=True))


def test_graphml_nodes_carry_label_and_kind(
    graphml: nx.MultiDiGraph, bridge: nx.MultiDiGraph
) -> None:
    for node, data in graphml.nodes(data=True):
        assert data["label"] == bridge.nodes[node]["label"], node
        assert data["kind"] == bridge.nodes[node]["kind"], node
        assert isinstance(data["iri"], str) and data["iri"].startswith(str(KG)), node


def test_graphml_edges_carry_their_statement_and_provenance(
    graphml: nx.MultiDiGraph, bridge: nx.MultiDiGraph
) -> None:
    statements = 0
    for source, target, key, data in graphml.edges(keys=True, data=True):
        original = bridge.edges[source, target, key]
        for name in ("label", "family", "relation", "statement", "section", "references"):
            assert name in data, f"edge {key} lacks {name}"
        assert data["statement"] == original["statement"]
        assert data["references"] == "; ".join(str(n) for n in original["references"])
        if original.get("assertion"):
            statements += 1
            assert data["assertion"] == original["assertion"]
            if original.get("source") == "labeling":  # a label: its document
                assert data["document"], f"edge {key} has no label document"
            else:  # the article: its section
                assert data["section"], f"edge {key} has no section"
    assert statements > 0


# -- KGX --------------------------------------------------------------------------------


@cache
def biolink() -> dict[str, Any]:
    """The Biolink model release pinned by the installed biolink-model package."""
    text = (files("biolink_model") / "schema" / "biolink_model.yaml").read_text(encoding="utf-8")
    model: dict[str, Any] = yaml.safe_load(text)
    return model


def _ancestors(elements: dict[str, Any], name: str) -> list[str]:
    chain = [name]
    while (parent := (elements[chain[-1]] or {}).get("is_a")) is not None:
        chain.append(parent)
    return chain


def _class_curie(name: str) -> str:
    return "biolink:" + "".join(word[:1].upper() + word[1:] for word in name.split())


def biolink_categories() -> set[str]:
    """CURIEs of the Biolink classes a KGX node may take: NamedThing and its descendants."""
    classes = biolink()["classes"]
    return {_class_curie(c) for c in classes if "named thing" in _ancestors(classes, c)}


def biolink_predicates() -> set[str]:
    """CURIEs of the Biolink slots a KGX edge may use: related_to and its descendants."""
    slots = biolink()["slots"]
    return {"biolink:" + s.replace(" ", "_") for s in slots if "related to" in _ancestors(slots, s)}


def _enum(name: str) -> set[str]:
    return set(biolink()["enums"][name]["permissible_values"])


@pytest.fixture(scope="module")
def kgx(exported: dict[str, list[Path]]) -> dict[str, tuple[list[str], list[dict[str, str]]]]:
    paths = exported["kgx"]
    return {
        "nodes": _read_tsv(_only(paths, "_nodes.tsv")),
        "edges": _read_tsv(_only(paths, "_edges.tsv")),
    }


def test_kgx_files_have_the_columns_of_the_spec(kgx: dict[str, Any]) -> None:
    node_columns, nodes = kgx["nodes"]
    edge_columns, edges = kgx["edges"]
    assert nodes and edges
    assert set(node_columns) >= KGX_NODE_REQUIRED and node_columns == list(NODE_COLUMNS)
    assert set(edge_columns) >= KGX_EDGE_REQUIRED and edge_columns == list(EDGE_COLUMNS)
    for row in [*nodes, *edges]:
        assert None not in row, f"row {row.get('id')} has more cells than the header"


def test_kgx_nodes_are_unique_and_typed_by_biolink_categories(kgx: dict[str, Any]) -> None:
    _, nodes = kgx["nodes"]
    ids = [row["id"] for row in nodes]
    assert len(ids) == len(set(ids))
    allowed = biolink_categories()
    assert "biolink:Disease" in allowed
    for row in nodes:
        categories = row["category"].split("|")
        assert categories and set(categories) <= allowed, f"{row['id']}: {row['category']}"
        assert row["name"], f"{row['id']} has no name"
        assert row["provided_by"] == KNOWLEDGE_SOURCE


def test_kgx_nodes_use_the_ontology_alignments(graph: Graph, kgx: dict[str, Any]) -> None:
    """Drugs are biolink:Drug because ivig:Drug is a close match of it; no second table."""
    _, nodes = kgx["nodes"]
    # Products (ivig:DrugProduct, a subclass of ivig:Drug) are drugs too.
    rows = graph.query(
        "SELECT ?s WHERE { ?s a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?c }",
        initBindings={"c": IVIG.Drug},
    )
    drugs = {compress(row[0]) for row in rows}  # type: ignore[index]
    kgx_drugs = {row["id"] for row in nodes if "biolink:Drug" in row["category"].split("|")}
    assert drugs and kgx_drugs == drugs


def test_kgx_edges_use_biolink_predicates_and_join_known_nodes(kgx: dict[str, Any]) -> None:
    _, nodes = kgx["nodes"]
    _, edges = kgx["edges"]
    node_ids = {row["id"] for row in nodes}
    predicates = biolink_predicates()
    levels, agents = _enum("KnowledgeLevelEnum"), _enum("AgentTypeEnum")
    assert "biolink:treats" in predicates
    assert len({row["id"] for row in edges}) == len(edges)
    for row in edges:
        assert row["predicate"] in predicates, f"{row['id']}: {row['predicate']}"
        assert row["subject"] in node_ids and row["object"] in node_ids, row["id"]
        assert row["knowledge_level"] in levels and row["agent_type"] in agents
        assert row["primary_knowledge_source"].startswith("infores:")
        assert row["publications"] and row["description"] and row["ivig_section"], row["id"]


def test_kgx_treats_edges_are_the_treats_shortcuts(graph: Graph, kgx: dict[str, Any]) -> None:
    _, edges = kgx["edges"]
    expected = {(compress(s), compress(o)) for s, o in graph.subject_objects(IVIG.treats)}
    found = {(r["subject"], r["object"]) for r in edges if r["predicate"] == "biolink:treats"}
    assert expected and found == expected


# -- SSSOM ------------------------------------------------------------------------------


@cache
def sssom_schema() -> dict[str, Any]:
    """The SSSOM schema shipped by the installed sssom-schema package."""
    text = (files("sssom_schema") / "schema" / "sssom_schema.yaml").read_text(encoding="utf-8")
    schema: dict[str, Any] = yaml.safe_load(text)
    return schema


@pytest.fixture(scope="module")
def sssom(
    exported: dict[str, list[Path]],
) -> tuple[dict[str, Any], list[str], list[dict[str, str]]]:
    path = exported["sssom"][0]
    with path.open(encoding="utf-8") as handle:
        header = "".join(line[1:] for line in handle if line.startswith("#"))
    metadata: dict[str, Any] = yaml.safe_load(header)
    with path.open(encoding="utf-8", newline="") as handle:
        body = [line for line in handle if not line.startswith("#")]
    reader = csv.DictReader(body, delimiter="\t")
    rows = list(reader)
    return metadata, list(reader.fieldnames or []), rows


def test_sssom_header_describes_the_mapping_set(sssom: tuple[Any, ...]) -> None:
    metadata, _, _ = sssom
    set_slots = set(sssom_schema()["classes"]["mapping set"]["slots"])
    assert set(metadata) <= set_slots, set(metadata) - set_slots
    assert metadata["mapping_set_id"].startswith("https://w3id.org/ivig-kg/")
    assert metadata["mapping_set_version"] == ivig_kg.__version__
    assert metadata["license"] == "https://creativecommons.org/licenses/by/4.0/"


def test_sssom_columns_are_sssom_slots(sssom: tuple[Any, ...]) -> None:
    _, columns, rows = sssom
    mapping_slots = set(sssom_schema()["classes"]["mapping"]["slots"])
    required = {name for name, slot in sssom_schema()["slots"].items() if slot.get("required")}
    assert rows
    assert set(columns) <= mapping_slots, set(columns) - mapping_slots
    assert required & mapping_slots <= set(columns)


def test_sssom_curies_expand_under_the_files_own_prefix_map(sssom: tuple[Any, ...]) -> None:
    metadata, _, rows = sssom
    converter = curies.Converter.from_prefix_map(metadata["curie_map"])
    justification = re.compile(sssom_schema()["slots"]["mapping_justification"]["pattern"])
    used = [metadata["subject_source"]]
    for row in rows:
        assert row["predicate_id"] in SKOS_MATCHES, row
        assert justification.fullmatch(row["mapping_justification"]), row
        assert row["subject_label"], row
        used += [
            row[c] for c in ("subject_id", "predicate_id", "object_id", "mapping_justification")
        ]
    assert rows
    for curie in used:
        assert converter.expand(curie) is not None, f"{curie} does not expand under curie_map"


def test_sssom_has_every_entity_mapping_of_the_graph(graph: Graph, sssom: tuple[Any, ...]) -> None:
    _, _, rows = sssom
    matches = {
        SKOS.exactMatch,
        SKOS.closeMatch,
        SKOS.broadMatch,
        SKOS.narrowMatch,
        SKOS.relatedMatch,
    }
    expected = {
        (compress(s), compress(p), compress(o, external_only=True))
        for s, p, o in graph
        if p in matches and str(s).startswith(str(KG))
    }
    found = {(r["subject_id"], r["predicate_id"], r["object_id"]) for r in rows}
    assert expected and found == expected
    assert len(rows) == len(found)
