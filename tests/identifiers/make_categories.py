#!/usr/bin/env python3
"""Write tests/identifiers/mondo-categories.tsv: which disease groups each mapped MONDO term is in.

The disease categories of data/entities.yaml are derived from MONDO, not chosen: a disease is in
a category when the MONDO term it is mapped to (exact or broad match) is the category's MONDO
class or lies below it. This script reads the pinned MONDO release (the one behind
extract.tsv) and writes, for every MONDO identifier mapped with an exact or broad match, the
category classes among its ancestors (itself included). tests/test_article_fixes.py reads only
the small file it writes, so the heavy package stays out of the project's environment.

Run it, from the repository root, in the virtual environment of make_extract.py:

    /tmp/venv-ids/bin/python tests/identifiers/make_categories.py

The output is deterministic; rerun it after adding or changing a MONDO mapping.
"""

from __future__ import annotations

import csv
import importlib.metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MAPPINGS = REPO / "data" / "mappings.tsv"
OUTPUT = Path(__file__).resolve().parent / "mondo-categories.tsv"

#: The MONDO class of each disease category (the skos:exactMatch of its class in ivig.ttl).
CATEGORY_CLASSES = {
    "MONDO:0005046": "immune-system-disorder",
    "MONDO:0007179": "autoimmune",
    "MONDO:0021166": "inflammatory",
    "MONDO:0005071": "neurological",
    "MONDO:0005244": "neuropathy",
    "MONDO:0005550": "infectious",
    "MONDO:0700220": "transplant-related",
    "MONDO:0005570": "hematologic",
    "MONDO:0004995": "cardiovascular",
}


def main() -> None:
    from cellxgene_ontology_guide.ontology_parser import OntologyParser

    parser = OntologyParser()
    version = importlib.metadata.version("cellxgene-ontology-guide")
    with MAPPINGS.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    curies = sorted(
        {
            row["curie"]
            for row in rows
            if row["curie"].startswith("MONDO:") and row["match"] in ("exact", "broad")
        }
    )
    lines = [
        f"# MONDO 2026-05-05 via PyPI cellxgene-ontology-guide {version}; written by "
        "tests/identifiers/make_categories.py, do not edit",
        "curie\tlabel\tcategories",
    ]
    for curie in curies:
        ancestors = {curie, *parser.get_term_ancestors(curie)}
        found = sorted(CATEGORY_CLASSES[c] for c in ancestors if c in CATEGORY_CLASSES)
        lines.append(f"{curie}\t{parser.get_term_label(curie)}\t{' '.join(found)}")
    OUTPUT.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
