"""Write the built graph as the files other tools load, one format at a time.

Formats of :data:`EXPORT_FORMATS`, the files each writes into the output folder, and what
loads them:

* ``ttl``: ``ivig-kg.ttl``, ``nt``: ``ivig-kg.nt``, ``jsonld``: ``ivig-kg.jsonld``: the whole
  graph for any RDF store or library.
* ``graphml``: ``ivig-kg.graphml``: the network of statements for Cytoscape, Gephi, networkx or
  igraph.
* ``kgx``: ``ivig-kg_nodes.tsv`` and ``ivig-kg_edges.tsv``: Biolink nodes and edges for KGX
  tooling (KG-Hub, Translator); KGX's own TSV writer names its files ``<name>_nodes.tsv`` and
  ``<name>_edges.tsv``, and its reader recognises them by those endings.
* ``sssom``: ``ivig-kg.sssom.tsv``: the identifier mappings for sssom-py and other SSSOM tools.

Every format is written all-or-nothing with :func:`write_atomically`. The renderers of the
graph-drawing and tabular formats are imported only when their format is asked for, so importing
this package stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from ivig_kg.export.rdf import to_jsonld, to_ntriples, to_turtle, write_atomically
from ivig_kg.paths import GRAPH_BASENAME

__all__ = ["EXPORT_FORMATS", "ExportFormat", "write_atomically", "write_export"]


@dataclass(frozen=True)
class ExportFormat:
    """One export: what it is for, the files it writes and how to render their text."""

    description: str
    files: tuple[str, ...]
    render: Callable[[Graph], tuple[str, ...]]  # one text per entry of `files`, in order


def _graphml(graph: Graph) -> tuple[str, ...]:
    from ivig_kg.export.graphml import to_graphml

    return (to_graphml(graph),)


def _kgx(graph: Graph) -> tuple[str, ...]:
    from ivig_kg.export.kgx import to_kgx

    return to_kgx(graph)


def _sssom(graph: Graph) -> tuple[str, ...]:
    from ivig_kg.export.sssom import to_sssom

    return (to_sssom(graph),)


EXPORT_FORMATS: dict[str, ExportFormat] = {
    "ttl": ExportFormat(
        "the whole graph as Turtle", (f"{GRAPH_BASENAME}.ttl",), lambda g: (to_turtle(g),)
    ),
    "nt": ExportFormat(
        "the whole graph as sorted N-Triples",
        (f"{GRAPH_BASENAME}.nt",),
        lambda g: (to_ntriples(g),),
    ),
    "jsonld": ExportFormat(
        "the whole graph as JSON-LD", (f"{GRAPH_BASENAME}.jsonld",), lambda g: (to_jsonld(g),)
    ),
    "graphml": ExportFormat(
        "the network of statements for Cytoscape and Gephi",
        (f"{GRAPH_BASENAME}.graphml",),
        _graphml,
    ),
    "kgx": ExportFormat(
        "Biolink nodes and edges as KGX TSV",
        (f"{GRAPH_BASENAME}_nodes.tsv", f"{GRAPH_BASENAME}_edges.tsv"),
        _kgx,
    ),
    "sssom": ExportFormat(
        "the identifier mappings as SSSOM TSV", (f"{GRAPH_BASENAME}.sssom.tsv",), _sssom
    ),
}


def write_export(graph: Graph, fmt: str, out_dir: Path) -> list[Path]:
    """Write the files of one export format into out_dir and return their paths, sorted.

    Raise ValueError for a format not in EXPORT_FORMATS; nothing is written then, and a failure
    while writing leaves any earlier files of the format as they were.
    """
    export = EXPORT_FORMATS.get(fmt)
    if export is None:
        raise ValueError(
            f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}"
        )
    texts = export.render(graph)
    targets = {out_dir / name: text for name, text in zip(export.files, texts, strict=True)}
    write_atomically(targets)
    return sorted(targets)
