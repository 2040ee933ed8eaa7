"""`ivig-kg query` and `ivig-kg serve`: SPARQL on the embedded store, an endpoint, or a server."""

from __future__ import annotations

import signal
from pathlib import Path
from types import FrameType

import click

from ivig_kg.choices import QUERY_FORMATS
from ivig_kg.cli.common import EXIT_USAGE, fail, graph_option


def _show_position(text: str, line: int | None, column: int | None) -> None:
    """Echo the offending query line with a caret under the column."""
    lines = text.splitlines()
    if line is None or not 1 <= line <= len(lines):
        return
    click.echo(f"  {line:>3} | {lines[line - 1]}", err=True)
    if column is not None and column >= 1:
        click.echo(f"      | {' ' * (column - 1)}^", err=True)


def _list_queries() -> None:
    from ivig_kg.query import read_query_file, shipped_queries

    found = shipped_queries()
    width = max(len(path.stem) for path in found)
    for path in found:
        click.echo(f"{path.stem:<{width}}  {read_query_file(path).summary}")


def _query_text(name: str | None, query_text: str | None) -> tuple[str, str]:
    """Return (text, where it came from) for a file, a shipped question's name, or -q TEXT."""
    if (name is None) == (query_text is None):
        raise click.UsageError(
            "give either a query FILE (or a shipped question's name) or --query TEXT (exactly one)"
        )
    if name is None:
        return query_text or "", "the query"
    path = Path(name)
    if not path.is_file():
        from ivig_kg.query import find_shipped_query

        found = find_shipped_query(name)
        if found is None:
            fail(
                f"{name}: no such file, and no shipped question by that name (does not exist)",
                "see `ivig-kg query --list` for the shipped questions",
            )
        path = found
    try:
        return path.read_text(encoding="utf-8"), str(path)
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"cannot read {path}: {exc}")


@click.command()
@click.argument("name", metavar="[FILE|NAME]", required=False)
@click.option("-q", "--query", "query_text", metavar="TEXT", help="Query text, instead of FILE.")
@click.option("--list", "list_only", is_flag=True, help="List the shipped competency questions.")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(QUERY_FORMATS),
    default="table",
    show_default=True,
    help="table: aligned for reading; csv, tsv, json, xml: SPARQL 1.1 result formats.",
)
@click.option(
    "--endpoint", metavar="URL", help="Ask this SPARQL 1.1 endpoint instead of the embedded store."
)
@graph_option("Query this graph file (e.g. dist/ivig-kg.ttl) instead of the packaged graph.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    help="Seconds for the whole exchange with an endpoint, enforced on the client side.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=100 * 1024 * 1024,
    show_default=True,
    help="Refuse endpoint answers larger than this.",
)
@click.option(
    "--allow-update",
    is_flag=True,
    help="Run a SPARQL Update instead of refusing it (embedded: on the in-memory copy only).",
)
@click.option(
    "--max-width",
    type=click.IntRange(min=0),
    default=80,
    show_default=True,
    help="table: cut longer cells (0 = never); the other formats are never cut.",
)
def query(
    name: str | None,
    query_text: str | None,
    list_only: bool,
    fmt: str,
    endpoint: str | None,
    graph_file: Path | None,
    timeout: float,
    max_bytes: int,
    allow_update: bool,
    max_width: int,
) -> None:
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) on the graph.

    \b
    The query runs on an embedded Oxigraph store holding the graph the package ships, or on
    --graph FILE, or on --endpoint URL. FILE is a .rq file, or the name or number of a shipped
    competency question (see --list). CONSTRUCT and DESCRIBE print Turtle whatever the format.
    Updates are refused unless --allow-update is given. Exit status 2 on a bad query, a missing
    file, an unreachable endpoint or a time-out.

    \b
    Examples:
      ivig-kg query --list
      ivig-kg query cq-01
      ivig-kg query my-question.rq --format csv
      ivig-kg query -q 'ASK { ?s ?p ?o }' --format json
      ivig-kg query cq-16 --endpoint http://127.0.0.1:7878/query
    """
    if list_only:
        _list_queries()
        return
    if endpoint and graph_file:
        raise click.UsageError("--endpoint cannot be combined with --graph")
    text, source = _query_text(name, query_text)

    from ivig_kg.query import QueryError, QuerySyntaxError, answer_text, open_store

    try:
        store = open_store(graph_file) if graph_file else None
    except (OSError, SyntaxError, ValueError) as exc:
        fail(f"cannot load the graph from {graph_file}: {exc}")
    try:
        output = answer_text(
            text,
            fmt,
            store=store,
            endpoint=endpoint,
            timeout=timeout,
            allow_update=allow_update,
            max_bytes=max_bytes,
            max_width=max_width,
        )
    except QuerySyntaxError as exc:
        where = f" (line {exc.line}, column {exc.column})" if exc.line is not None else ""
        click.echo(f"error: syntax error in {source}{where}: {exc.message}", err=True)
        _show_position(text, exc.line, exc.column)
        raise SystemExit(EXIT_USAGE) from None
    except QueryError as exc:
        fail(str(exc))
    click.echo(output, nl=False)


def _raise_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@click.command()
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=7878,
    show_default=True,
    help="Port to listen on.",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. The server has no authentication: keep it on loopback.",
)
@graph_option("Serve this graph file (.ttl, .nt) instead of the packaged graph.")
def serve(port: int, host: str, graph_file: Path | None) -> None:
    """Serve the graph read-only over SPARQL 1.1 (the `oxigraph` server) until Ctrl-C.

    \b
    The graph is loaded into a temporary Oxigraph store, served at http://HOST:PORT/query with a
    query page at http://HOST:PORT/, and removed again on exit. Writes are answered with 403.
    """
    from ivig_kg.server import ServerError, start_server

    if host not in {"127.0.0.1", "localhost", "::1"}:
        click.echo(
            f"warning: listening on {host}: anyone who can reach this machine can query the "
            "server, which has no authentication",
            err=True,
        )
    click.echo("Loading the graph into a temporary Oxigraph store ...", err=True)
    try:
        server = start_server(port, host=host, graph=graph_file)
    except ServerError as exc:
        fail(str(exc))
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        click.echo(f"SPARQL endpoint: {server.query_url}")
        click.echo(f"Query page:      {server.page_url}")
        click.echo(f"Read-only, {server.triples} triples. Press Ctrl-C to stop.")
        code = server.wait()
        fail(f"the oxigraph server stopped by itself (exit status {code})")
    except KeyboardInterrupt:
        click.echo("Stopping the server ...", err=True)
    finally:
        server.stop()
        signal.signal(signal.SIGTERM, previous)
    click.echo("Server stopped.")
