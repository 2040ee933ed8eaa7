"""Serialise the graph to Turtle, N-Triples and JSON-LD, deterministically and atomically."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from rdflib import Graph

from ivig_kg.namespaces import PREFIXES

FORMATS: dict[str, str] = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}


def to_ntriples(graph: Graph) -> str:
    """Return canonical N-Triples: one triple per line, lines sorted (the graph has no blank nodes)."""
    lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    return "\n".join(sorted(line for line in lines if line.strip())) + "\n"


def to_turtle(graph: Graph) -> str:
    """Return Turtle with the project prefixes; rdflib sorts subjects and predicates."""
    return graph.serialize(format="turtle")


def to_jsonld(graph: Graph) -> str:
    """Return JSON-LD compacted with the project prefixes, nodes sorted by @id."""
    data = json.loads(graph.serialize(format="json-ld", context=PREFIXES, auto_compact=True))
    nodes = data.get("@graph", [])
    for node in nodes:
        for key, value in node.items():
            if isinstance(value, list):
                node[key] = sorted(value, key=lambda v: json.dumps(v, sort_keys=True))
    data["@graph"] = sorted(nodes, key=lambda n: str(n.get("@id", "")))
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def serialise_all(graph: Graph) -> dict[str, str]:
    """Return the text of every output format, keyed by file extension."""
    return {"ttl": to_turtle(graph), "nt": to_ntriples(graph), "jsonld": to_jsonld(graph)}


def write_atomically(texts: dict[Path, str]) -> None:
    """Write every file to a temporary name first, then move them all into place.

    A failure while writing leaves the existing files as they were.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for path, text in texts.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged.append((Path(tmp_name), path))
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
    except BaseException:
        for staged_tmp, _ in staged:
            staged_tmp.unlink(missing_ok=True)
        raise
    mode = 0o666 & ~_umask()  # mkstemp makes 0600 files; outputs get the usual permissions
    for staged_tmp, target in staged:
        os.chmod(staged_tmp, mode)
        os.replace(staged_tmp, target)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
