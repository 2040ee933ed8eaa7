"""Where the project's curated inputs live.

ivig-kg is used from a clone of its repository (`pip install -e .`): the data, ontology and
queries are files of the repository, not of the installed package, so that they stay easy to
read and edit. Every command takes options to point elsewhere.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "ivig.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
QUERIES_DIR = ROOT / "queries"
QC_DIR = QUERIES_DIR / "qc"
DIST_DIR = ROOT / "dist"
GRAPH_BASENAME = "ivig-kg"
