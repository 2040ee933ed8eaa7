"""`ivig-kg query` and `ivig-kg serve`: SPARQL on the embedded store, an endpoint, or a server."""

from __future__ import annotations

import contextlib
from pathlib import Path

import click

from ivig_kg.choices import QUERY_FORMATS
from ivig_kg.cli.common import (
    EXIT_USAGE,
    allow_service_option,
    fail,
    graph_option,
    timeout_option,
)


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
@timeout_option(
    0.1, "Seconds for the whole exchange with an endpoint, enforced on the client side."
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
@allow_service_option(
    "Let the embedded store run SERVICE, which sends requests to the URLs the query names "
    "(refused without this flag). With --endpoint the endpoint decides."
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
    allow_service: bool,
    max_width: int,
) -> None:
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) on the graph.

    \b
    The query runs on an embedded Oxigraph store holding the graph the package ships, or on
    --graph FILE, or on --endpoint URL. FILE is a .rq file, or the name or number of a shipped
    competency question (see --list). CONSTRUCT and DESCRIBE print Turtle whatever the format.
    Updates are refused unless --allow-update is given, and SERVICE unless --allow-service.
    Exit status 2 on a bad query, a missing file, an unreachable endpoint or a time-out.

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
            allow_service=allow_service,
        )
    except QuerySyntaxError as exc:
        where = f" (line {exc.line}, column {exc.column})" if exc.line is not None else ""
        click.echo(f"error: syntax error in {source}{where}: {exc.message}", err=True)
        _show_position(text, exc.line, exc.column)
        raise SystemExit(EXIT_USAGE) from None
    except QueryError as exc:
        fail(str(exc))
    click.echo(output, nl=False)


def _memory_limit(ctx: click.Context, param: click.Parameter, value: str) -> int | None:
    from ivig_kg.serve import parse_size

    try:
        return parse_size(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


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
    help="Address to listen on. The server has no authentication: keep it on loopback. It "
    "answers only requests addressed to this address or to a loopback name (Host header).",
)
@graph_option("Serve this graph file (.ttl, .nt) instead of the packaged graph.")
@timeout_option(
    0.5, "Seconds a query may take; past it the client gets an error and the engine is restarted."
)
@click.option(
    "--memory-limit",
    default="2GiB",
    show_default=True,
    callback=_memory_limit,
    help="Memory the engine may use (e.g. 512MiB, 4G; 0 = no limit); past it the engine is "
    "restarted and the query gets an error.",
)
@allow_service_option(
    "Let queries use SERVICE, which makes the server send requests to the URLs they name."
)
def serve(
    port: int,
    host: str,
    graph_file: Path | None,
    timeout: float,
    memory_limit: int | None,
    allow_service: bool,
) -> None:
    """Serve the graph read-only over SPARQL 1.1 (the `oxigraph` server) until Ctrl-C.

    \b
    The graph is loaded into a temporary Oxigraph store, served at http://HOST:PORT/query with a
    query page at http://HOST:PORT/, and removed again on exit (also on SIGTERM and SIGHUP).
    Writes are answered with 403; SERVICE, requests for other host names and cross-site
    queries are refused too (see SECURITY.md).
    """
    from ivig_kg.serve import ServerError, StopOnSignals, start_server

    if host not in {"127.0.0.1", "localhost", "::1"}:
        click.echo(
            f"warning: listening on {host}: anyone who can reach this machine can query the "
            "server, which has no authentication",
            err=True,
        )
    server = None
    with StopOnSignals() as signals:  # before anything exists that would need removing
        try:
            click.echo("Loading the graph into a temporary Oxigraph store ...", err=True)
            server = start_server(
                port,
                host=host,
                graph=graph_file,
                timeout=timeout,
                memory_limit=memory_limit,
                allow_service=allow_service,
            )
            click.echo(f"SPARQL endpoint: {server.query_url}")
            click.echo(f"Query page:      {server.page_url}")
            click.echo(f"Read-only, {server.triples} triples. Press Ctrl-C to stop.")
            fail(f"the server stopped: {server.wait()}")
        except ServerError as exc:
            fail(str(exc))
        except KeyboardInterrupt:
            if server is None:
                _quiet_echo("Stopped before the server was ready; nothing was left behind.", True)
                return
            _quiet_echo("Stopping the server ...", True)
        finally:
            signals.cleaning_up()
            if server is not None:
                server.stop()
    _quiet_echo("Server stopped.")


def _quiet_echo(message: str, err: bool = False) -> None:
    """Echo, unless the terminal is gone (after SIGHUP, writing to it fails)."""
    with contextlib.suppress(OSError):
        click.echo(message, err=err)
