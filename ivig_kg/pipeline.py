"""The main job: read data/, build the graph, validate it, write dist/."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from ivig_kg import paths
from ivig_kg.build import build_graph
from ivig_kg.export.rdf import serialise_all, write_atomically
from ivig_kg.load import load_curation
from ivig_kg.prefixes import compress
from ivig_kg.validate import Problem, qc_problems, shacl_problems

log = logging.getLogger(__name__)


class ValidationFailed(Exception):
    """The graph was built but broke a SHACL shape or a QC query; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} validation problem(s)")


@dataclass
class BuildResult:
    graph: Graph
    written: list[Path] = field(default_factory=list)
    class_counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Inputs:
    """Where a build reads from; the defaults are the repository's own files."""

    data_dir: Path | None = None  # None: the checkout's data/ (see paths.checkout_data_dir)
    ontology_file: Path = paths.ONTOLOGY_FILE
    shapes_file: Path = paths.SHAPES_FILE
    qc_dir: Path = paths.QC_DIR


class NoDataFolder(Exception):
    """No curated records to build from: installed from a wheel and no --data given."""

    def __init__(self) -> None:
        super().__init__(
            "building needs the curated records of a checkout (its data/ folder); "
            "this installation has the built graph only"
        )


def data_dir_of(inputs: Inputs) -> Path:
    """Return the folder of curated records a build reads; raise NoDataFolder if there is none."""
    found = inputs.data_dir or paths.checkout_data_dir()
    if found is None:
        raise NoDataFolder()
    return found


def load_graph(inputs: Inputs = Inputs()) -> Graph:
    """Read and validate the curated records and return the built graph (no checks, no files)."""
    curation = load_curation(data_dir_of(inputs))
    log.info("read %d records and %d mappings", len(curation.records), len(curation.mappings))
    return build_graph(curation, inputs.ontology_file)


def read_graph(path: Path | None = None) -> Graph:
    """Return a built graph file as an rdflib Graph; None reads the graph the package ships."""
    from ivig_kg.build import new_graph

    path = path or paths.PACKAGED_GRAPH
    fmt = {".nt": "nt", ".jsonld": "json-ld", ".rdf": "xml", ".owl": "xml"}.get(
        path.suffix.lower(), "turtle"
    )
    return new_graph().parse(path, format=fmt)


def check_graph(graph: Graph, inputs: Inputs = Inputs()) -> list[Problem]:
    """Run the SHACL shapes, the QC queries and the shortcut rules; return every problem found."""
    from ivig_kg.rules import rule_problems

    return (
        shacl_problems(graph, inputs.shapes_file)
        + qc_problems(graph, inputs.qc_dir)
        + rule_problems(graph)
    )


def class_counts(graph: Graph) -> dict[str, int]:
    """Count the nodes of each ivig: class (by direct rdf:type)."""
    counts: Counter[str] = Counter()
    for _, cls in graph.subject_objects(RDF.type):
        prefix, _, name = compress(cls).partition(":")
        if prefix == "ivig" and not name[:1].islower():
            counts[f"ivig:{name}"] += 1
    return dict(sorted(counts.items()))


def build(
    out_dir: Path = paths.DIST_DIR, inputs: Inputs = Inputs(), *, refresh_package: bool = False
) -> BuildResult:
    """Build, validate and write ivig-kg.{ttl,nt,jsonld} to out_dir; raise before writing on any problem.

    refresh_package: also rewrite the copy of the graph the package ships
    (``ivig_kg/graph/ivig-kg.nt``) in the same all-or-nothing write; only when building the
    checkout's own data/, since the packaged graph is by definition what data/ builds.
    """
    data_dir = data_dir_of(inputs)
    graph = load_graph(Inputs(data_dir, inputs.ontology_file, inputs.shapes_file, inputs.qc_dir))
    problems = check_graph(graph, inputs)
    if problems:
        raise ValidationFailed(problems)
    formats = serialise_all(graph)
    texts = {out_dir / f"{paths.GRAPH_BASENAME}.{ext}": text for ext, text in formats.items()}
    if refresh_package and _is_checkout_data(data_dir):
        texts[paths.PACKAGED_GRAPH] = formats["nt"]
    write_atomically(texts)
    return BuildResult(graph, sorted(texts), class_counts(graph))


def _is_checkout_data(data_dir: Path) -> bool:
    own = paths.checkout_data_dir()
    return own is not None and own.resolve() == data_dir.resolve()
