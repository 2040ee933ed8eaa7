"""Where ivig-kg finds its files.

What the commands need at run time ships inside the package and is found with
:mod:`importlib.resources`: the ontology and shapes, the competency and QC queries, the built graph
and the page assets. In a checkout, ``ivig_kg/ontology`` and ``ivig_kg/queries`` are links to the
top-level ``ontology/`` and ``queries/`` folders, so curators edit one copy and the wheel carries
it (docs/decisions/0001-package-data.md). The curated records (``data/``) exist only in a checkout.

Outputs follow one rule: every command that writes files writes them under ``./dist/`` in the
current folder unless ``--out`` says otherwise.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

#: The installed package folder (a real folder: pip installs wheels unpacked).
PACKAGE_DIR = Path(str(files("ivig_kg")))
ONTOLOGY_DIR = PACKAGE_DIR / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "ivig.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
QUERIES_DIR = PACKAGE_DIR / "queries"
QC_DIR = QUERIES_DIR / "qc"
GRAPH_BASENAME = "ivig-kg"
#: The built graph as the package ships it; `ivig-kg build` on a checkout's data/ refreshes it.
PACKAGED_GRAPH = PACKAGE_DIR / "graph" / f"{GRAPH_BASENAME}.nt"

#: Where outputs go when no --out is given: ./dist/ in the current folder.
DIST_DIR = Path("dist")


def checkout_root() -> Path | None:
    """Return the repository root when running from a checkout (editable install), else None."""
    root = PACKAGE_DIR.parent
    if (root / "pyproject.toml").is_file() and (root / "data" / "source.yaml").is_file():
        return root
    return None


def checkout_data_dir() -> Path | None:
    """Return the checkout's data/ folder, or None when installed from a wheel."""
    root = checkout_root()
    return root / "data" if root else None
