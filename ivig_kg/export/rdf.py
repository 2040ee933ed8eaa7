"""Serialise the graph to Turtle, N-Triples and JSON-LD, deterministically and atomically.

The all-or-nothing writer lives in :mod:`ivig_kg.outputs` and is re-exported here, where the
commands have always imported it from.
"""

from __future__ import annotations

import json

from rdflib import Graph

from ivig_kg.namespaces import PREFIXES
from ivig_kg.outputs import OutputFolderBusy, recover_outputs, write_atomically

__all__ = [
    "FORMATS",
    "OutputFolderBusy",
    "recover_outputs",
    "serialise_all",
    "to_jsonld",
    "to_ntriples",
    "to_turtle",
    "write_atomically",
]

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
