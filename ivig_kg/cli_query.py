"""`ivig-kg query` and `ivig-kg serve` (only click is imported at module level)."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

import click

EXIT_DATA = 1  # the curated data in data/ does not load
EXIT_USAGE = 2  # bad query, unknown file, unreachable endpoint, refused update
STORE_KINDS = ("oxigraph", "rdflib")  # mirrors ivig_kg.query.STORE_KINDS (kept import-free)
FORMATS = ("table", "csv", "tsv", "json")


def _fail(message: str, hint: str | None = None) -> None:
    click.echo(f"error: {message}", err=True)
    if hint:
        click.echo(f"hint: {hint}", err=True)
    sys.exit(EXIT_USAGE)


def _show_position(text: str, line: int | None, column: int | None) -> None:
    """Echo the offending query line with a caret under the column."""
    lines = text.splitlines()
    if line is None or not 1 <= line <= len(lines):
        return
    click.echo(f"  {line:>3} | {lines[line - 1]}", err=True)
    if column is not None and column >= 1:
        click.echo(f"      | {' ' * (column - 1)}^", err=True)


F = TypeVar("F", bound=Callable[..., Any])


def graph_option(help_text: str) -> Callable[[F], F]:
    """The --graph option shared by `query` and `serve`: a built graph file instead of data/."""
    return click.option(
        "--graph",
        "graph_file",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help=help_text,
    )


@click.command()
@click.argument(
    "file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("-q", "--query", "query_text", metavar="TEXT", help="Query text, instead of FILE.")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table: aligned for reading; csv, tsv, json: SPARQL 1.1 result formats.",
)
@click.option(
    "--endpoint", metavar="URL", help="Ask this SPARQL 1.1 endpoint instead of the embedded store."
)
@click.option(
    "--store",
    "store_kind",
    type=click.Choice(STORE_KINDS),
    default=None,
    help="Embedded store engine  [default: oxigraph].",
)
@graph_option("Query this graph file (e.g. dist/ivig-kg.ttl) instead of building from data/.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    help="Seconds to wait for an endpoint, enforced on the client side.",
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
    help="table: cut longer cells (0 = never); csv/tsv/json are never cut.",
)
def query(
    file: Path | None,
    query_text: str | None,
    fmt: str,
    endpoint: str | None,
    store_kind: str | None,
    graph_file: Path | None,
    timeout: float,
    allow_update: bool,
    max_width: int,
) -> None:
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) on the graph.

    \b
    By default the query runs on an embedded Oxigraph store holding the graph built from data/.
    CONSTRUCT and DESCRIBE print Turtle whatever the format. Queries that would modify data are
    refused unless --allow-update is given. Exit status 2 on a bad query, a missing file, an
    unreachable endpoint or a time-out.

    \b
    Examples:
      ivig-kg query queries/cq-01-fda-approved-indications.rq
      ivig-kg query -q 'ASK { ?s ?p ?o }' --format json
      ivig-kg query queries/cq-16-adverse-effects.rq --endpoint http://127.0.0.1:7878/query
    """
    if (file is None) == (query_text is None):
        raise click.UsageError("give either a query FILE or --query TEXT (exactly one)")
    if endpoint and (store_kind or graph_file):
        raise click.UsageError("--endpoint cannot be combined with --store or --graph")
    if file is not None:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            _fail(f"cannot read {file}: {exc}")
            return
        source = str(file)
    else:
        text, source = query_text or "", "the query"

    from ivig_kg.load import FIX_HINT, DataError
    from ivig_kg.query import (
        DEFAULT_STORE,
        QueryError,
        QuerySyntaxError,
        default_store,
        open_store,
        run_query,
    )

    store = None
    if not endpoint:
        kind = store_kind or DEFAULT_STORE
        try:
            store = (
                open_store(kind, graph_file) if graph_file or allow_update else default_store(kind)
            )
        except DataError as exc:  # the curated data in data/ is broken: a data error, as in `build`
            click.echo(f"error: {exc}", err=True)
            click.echo(f"hint: {FIX_HINT}", err=True)
            sys.exit(EXIT_DATA)
        except (OSError, SyntaxError, ValueError) as exc:
            _fail(f"cannot load the graph{f' from {graph_file}' if graph_file else ''}: {exc}")
            return
    try:
        result = run_query(
            text, store=store, endpoint=endpoint, timeout=timeout, allow_update=allow_update
        )
    except QuerySyntaxError as exc:
        where = f" (line {exc.line}, column {exc.column})" if exc.line is not None else ""
        click.echo(f"error: syntax error in {source}{where}: {exc.message}", err=True)
        _show_position(text, exc.line, exc.column)
        sys.exit(EXIT_USAGE)
    except QueryError as exc:
        _fail(str(exc))
        return
    if result.kind == "update":
        click.echo(result.message, err=True)
        return
    click.echo(result.serialize(fmt, max_width=max_width), nl=False)


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
@graph_option("Serve this graph file (.ttl, .nt) instead of the graph built from data/.")
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
        _fail(str(exc))
        return
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        click.echo(f"SPARQL endpoint: {server.query_url}")
        click.echo(f"Query page:      {server.page_url}")
        click.echo(f"Read-only, {server.triples} triples. Press Ctrl-C to stop.")
        code = server.wait()
        click.echo(f"error: the oxigraph server stopped by itself (exit status {code})", err=True)
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        click.echo("Stopping the server ...", err=True)
    finally:
        server.stop()
        signal.signal(signal.SIGTERM, previous)
    click.echo("Server stopped.")
