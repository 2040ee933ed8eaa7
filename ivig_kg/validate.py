"""Check a built graph: SHACL shapes and the QC queries (`queries/qc/*-violation.rq`)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, SH

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Problem:
    """One failed check: which check, and what it found."""

    check: str
    detail: str

    def __str__(self) -> str:
        return f"{self.check}: {self.detail}"


def shacl_problems(graph: Graph, shapes_file: Path) -> list[Problem]:
    """Validate the graph against the SHACL shapes; return one problem per result."""
    import pyshacl  # heavy: imported only when validating

    shapes = Graph().parse(shapes_file, format="turtle")
    conforms, results, _ = pyshacl.validate(
        graph, shacl_graph=shapes, inference="none", advanced=True
    )
    if conforms:
        return []
    problems = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        where = f"{focus} {path}" if path is not None else str(focus)
        problems.append(Problem(shapes_file.name, f"{where}: {message}"))
    return sorted(problems, key=str)


def qc_problems(graph: Graph, qc_dir: Path) -> list[Problem]:
    """Run every `*-violation.rq` in qc_dir; each returned row is a problem."""
    queries = sorted(qc_dir.glob("*-violation.rq"))
    if not queries:
        return [Problem(str(qc_dir), "no *-violation.rq files found; the QC checks are missing")]
    problems = []
    for path in queries:
        rows = graph.query(path.read_text(encoding="utf-8"))
        for row in rows:
            assert isinstance(row, tuple)  # SELECT rows; a QC query is never ASK or CONSTRUCT
            problems.append(Problem(path.name, " | ".join(str(v) for v in row)))
        log.info("QC %s: %d row(s)", path.name, len(rows))
    return problems
