"""`ivig-kg export`: the graph in the files other tools load."""

from __future__ import annotations

from pathlib import Path

import click

from ivig_kg.choices import EXPORT_FORMATS
from ivig_kg.cli.common import fail, fail_write, graph_option, out_option


@click.command()
@click.option(
    "-f",
    "--format",
    "formats",
    type=click.Choice(EXPORT_FORMATS),
    multiple=True,
    required=True,
    help="What to write; repeat for several.",
)
@out_option(Path("dist"), "Folder to write to.")
@graph_option("Export this graph file (e.g. dist/ivig-kg.nt) instead of the packaged graph.")
def export(formats: tuple[str, ...], out: Path, graph_file: Path | None) -> None:
    """Write the graph in formats that other tools load.

    \b
      ttl, nt, jsonld  RDF: ivig-kg.ttl / .nt / .jsonld (any SPARQL 1.1 store)
      graphml          ivig-kg.graphml (Cytoscape, Gephi, networkx)
      kgx              ivig-kg_nodes.tsv, ivig-kg_edges.tsv (Biolink KGX TSV)
      sssom            ivig-kg.sssom.tsv (mappings to MONDO, HP, GO, MeSH, ... as SSSOM)

    \b
    Examples:
      ivig-kg export --format graphml
      ivig-kg export -f kgx -f sssom --out exports/
    """
    from ivig_kg.export import write_export
    from ivig_kg.pipeline import read_graph

    graph = read_graph(graph_file)
    for fmt in formats:
        try:
            written = write_export(graph, fmt, out)
        except OSError as exc:
            fail_write(out, exc)
        except ValueError as exc:
            fail(str(exc))
        for path in written:
            click.echo(f"wrote {path}")
