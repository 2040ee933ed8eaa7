"""Run SPARQL on the IVIG graph: on the embedded Oxigraph store, or on any SPARQL 1.1 endpoint.

The whole API::

    run_query(text, *, store=None, endpoint=None, timeout=30.0, allow_update=False,
              allow_service=False) -> QueryResult
    answer_text(text, fmt="csv", *, store=None, endpoint=None, ...) -> str   # the CLI's path
    open_store(graph=None) -> Store        # None: the graph the package ships
    default_store() -> Store               # the packaged graph, loaded once per process
    read_query_file(path) -> QueryFile     # (summary, tags, text) of a .rq file
    shipped_queries() / find_shipped_query(name)

Modules: :mod:`~ivig_kg.query.stores` (the embedded store), :mod:`~ivig_kg.query.endpoint`
(remote endpoints), :mod:`~ivig_kg.query.results` (formats and Python results),
:mod:`~ivig_kg.query.files` (query files), :mod:`~ivig_kg.query.errors`. Every failure is a
:class:`QueryError`: :class:`QuerySyntaxError` (with ``line``/``column``), :class:`UpdateRefused`,
:class:`EndpointError` and its :class:`QueryTimeout`, :class:`ServiceRefused` (the embedded store
refuses SERVICE unless ``allow_service=True``; :mod:`~ivig_kg.query.service`).
"""

from __future__ import annotations

from typing import TypedDict

from typing_extensions import Unpack

from ivig_kg.query.endpoint import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, ask_endpoint
from ivig_kg.query.errors import (
    EndpointError,
    QueryError,
    QuerySyntaxError,
    QueryTimeout,
    UpdateRefused,
)
from ivig_kg.query.files import QueryFile, find_shipped_query, read_query_file, shipped_queries
from ivig_kg.query.results import (
    FORMATS,
    Answer,
    QueryResult,
    plain_value,
    python_value,
    write_answer,
)
from ivig_kg.query.service import ServiceRefused, find_service
from ivig_kg.query.stores import Store, default_store, is_update, open_store

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT",
    "FORMATS",
    "EndpointError",
    "QueryError",
    "QueryFile",
    "QueryOptions",
    "QueryResult",
    "QuerySyntaxError",
    "QueryTimeout",
    "ServiceRefused",
    "Store",
    "UpdateRefused",
    "answer_text",
    "default_store",
    "find_service",
    "find_shipped_query",
    "open_store",
    "plain_value",
    "python_value",
    "read_query_file",
    "run_query",
    "shipped_queries",
]


class QueryOptions(TypedDict, total=False):
    """Where and how a query runs; every key is optional.

    store:         a store from :func:`open_store`; absent, :func:`default_store`.
    endpoint:      URL of a SPARQL endpoint (e.g. http://127.0.0.1:7878/query); overrides store.
    timeout:       seconds; a hard client-side limit on the whole exchange with an endpoint
                   (default 30).
    allow_update:  run a SPARQL Update instead of refusing it. Without a store it runs on a
                   fresh private copy of the graph, so the shared default store never changes.
    max_bytes:     refuse endpoint answers larger than this (default 100 MB).
    allow_service: let the embedded store run SERVICE, which sends requests to the URLs the
                   query names (refused by default: :class:`ServiceRefused`). An endpoint
                   applies its own policy.
    """

    store: Store | None
    endpoint: str | None
    timeout: float
    allow_update: bool
    max_bytes: int
    allow_service: bool


def _answer(text: str, options: QueryOptions) -> Answer:
    if not text.strip():
        raise QuerySyntaxError("the query is empty")
    allow_update = options.get("allow_update", False)
    if endpoint := options.get("endpoint"):  # the endpoint decides whether it runs SERVICE
        return ask_endpoint(
            text,
            endpoint,
            timeout=options.get("timeout", DEFAULT_TIMEOUT),
            allow_update=allow_update,
            max_bytes=options.get("max_bytes", DEFAULT_MAX_BYTES),
        )
    store = options.get("store")
    if store is None:
        # An allowed update gets a private copy, so the shared default store never changes.
        store = open_store() if allow_update and is_update(text) else default_store()
    allow_service = options.get("allow_service", False)
    return store.answer(text, allow_update=allow_update, allow_service=allow_service)


def run_query(text: str, **options: Unpack[QueryOptions]) -> QueryResult:
    """Run a SPARQL query on the embedded store (default) or on a SPARQL 1.1 endpoint.

    The options are those of :class:`QueryOptions`, e.g.
    ``run_query(text, endpoint="http://127.0.0.1:7878/query", timeout=10)``.
    """
    answer = _answer(text, options)
    try:
        return QueryResult.from_answer(answer)
    except (OSError, RuntimeError, ValueError, SyntaxError) as exc:
        raise QueryError(f"the query failed while running: {exc}") from None


def answer_text(
    text: str, fmt: str = "csv", *, max_width: int = 0, **options: Unpack[QueryOptions]
) -> str:
    """Run a query like :func:`run_query` and return the answer as text in ``fmt``.

    The answer goes from Oxigraph to text without a stop in Python objects (formats in
    :data:`FORMATS`; CONSTRUCT/DESCRIBE always Turtle); ``max_width`` cuts ``table`` cells.
    """
    answer = _answer(text, options)
    try:
        return write_answer(answer, fmt, max_width=max_width)
    except (OSError, RuntimeError, SyntaxError) as exc:
        raise QueryError(f"the query failed while running: {exc}") from None
