"""Checks of every curated record and of the data files' canonical form."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ivig_kg import paths
from ivig_kg.datadict import check_readme, check_schema
from ivig_kg.lint import lint
from ivig_kg.load import load_curation
from ivig_kg.schema import Assertion, Entity, Indication, UseStatus

REPO = Path(__file__).resolve().parents[1]

CURATION = load_curation(REPO / "data")
ASSERTIONS = CURATION.of_kind(Assertion)
ENTITIES = CURATION.of_kind(Entity)

#: Expected minimum number of records per kind: a guard against a file emptied by mistake.
MINIMUM = {
    "entity": 55,
    "indication": 19,
    "mechanism": 8,
    "adverse_effect": 14,
    "recommendation": 5,
    "finding": 12,
}


def test_minimum_counts_per_kind() -> None:
    for kind, minimum in MINIMUM.items():
        assert len([r for r in CURATION.records if r.kind == kind]) >= minimum, kind


def test_data_files_are_canonical() -> None:
    assert lint(REPO / "data") == [], "run `ivig-kg lint --fix`"


def test_data_dictionary_is_current() -> None:
    assert check_readme(REPO / "data" / "README.md"), (
        "run `ivig-kg lint --fix` to regenerate data/README.md"
    )


def test_json_schema_is_current() -> None:
    assert check_schema(REPO / "data" / "schema.json"), (
        "run `ivig-kg lint --fix` to regenerate data/schema.json"
    )


@pytest.mark.parametrize("record", ASSERTIONS, ids=[r.id for r in ASSERTIONS])
def test_assertion_record(record: Assertion) -> None:
    statement = record.statement
    assert statement[0].isupper() and statement.endswith("."), "a statement is one full sentence"
    assert len(statement) <= 300, "keep statements to one plain sentence"
    assert statement.count(". ") == 0 or ";" in statement or "e.g." in statement, (
        "one sentence only"
    )


USED = {link.target for record in CURATION.records for link in record.links()}


@pytest.mark.parametrize("record", ENTITIES, ids=[r.id for r in ENTITIES])
def test_entity_is_used(record: Entity) -> None:
    """No orphans: every entity is referred to by an assertion or by another entity."""
    assert USED, "no record refers to any entity"
    assert record.id in USED, f"entity '{record.id}' is not used by any record"


def test_unmapped_entities_are_listed_in_ontology_readme() -> None:
    mapped = {m.entity for m in CURATION.mappings}
    unmapped = {r.id for r in ENTITIES} - mapped
    text = (paths.ONTOLOGY_DIR / "README.md").read_text()
    section = text.split("## Unmapped entities", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^- `([a-z0-9-]+)`", section, flags=re.MULTILINE))
    assert listed == unmapped


def test_mapping_labels_are_recorded_as_seen() -> None:
    assert CURATION.mappings, "mappings.tsv is empty"
    for mapping in CURATION.mappings:
        assert mapping.label and mapping.source and mapping.checked


def test_every_condition_of_an_fda_approval_is_mapped_to_mondo_or_marked_near() -> None:
    conditions = {
        c
        for r in CURATION.of_kind(Indication)
        if r.status is UseStatus.FDA_APPROVED
        for c in r.conditions
    }
    assert conditions, "no FDA-approved indication"
    for condition in conditions:
        assert any(
            m.entity == condition and m.curie.startswith("MONDO:") for m in CURATION.mappings
        ), condition
