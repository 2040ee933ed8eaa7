"""Ask a SPARQL 1.1 endpoint, within a time limit and a size cap, and read its answer with
Oxigraph's parsers, so that endpoint answers and embedded answers are the same objects.

SPARQLWrapper builds the protocol request (method, parameters, Accept header, user agent); this
module sends it with urllib so that the status and body of an error reach the user as they are
(docs/decisions/0006-query-layer.md).
"""

from __future__ import annotations

import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

import pyoxigraph as ox

from ivig_kg.query.errors import EndpointError, QuerySyntaxError, QueryTimeout, UpdateRefused
from ivig_kg.query.results import Answer, UpdateDone

DEFAULT_TIMEOUT = 30.0
#: Answers larger than this are cut off with an error (bytes).
DEFAULT_MAX_BYTES = 100 * 1024 * 1024
_CHUNK = 65536


@dataclass(frozen=True)
class _Reply:
    content_type: str
    body: bytes


def query_form(text: str) -> str:
    """Return "select", "ask", "construct", "describe" or "update", as SPARQLWrapper reads it."""
    from SPARQLWrapper import SPARQLWrapper

    probe = SPARQLWrapper("http://localhost/")
    probe.setQuery(text)
    return "update" if probe.isSparqlUpdateRequest() else str(probe.queryType).lower()


def ask_endpoint(
    text: str,
    endpoint: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    allow_update: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Answer:
    """Send a query to an endpoint and return its answer, parsed; raise EndpointError on failure.

    timeout covers the whole exchange (connecting, waiting, reading), on the client side.
    """
    parts = urlsplit(endpoint)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise EndpointError(f"not an http(s) URL: {endpoint!r}")
    form = query_form(text)
    if form == "update" and not allow_update:
        raise UpdateRefused()
    reply = _exchange(_request(text, endpoint, form), endpoint, timeout, max_bytes, text, form)
    if form == "update":
        return UpdateDone(f"the endpoint {endpoint} accepted the update")
    if form in {"construct", "describe"}:
        return _parse_graph(reply, endpoint)
    return _parse_results(reply, endpoint)


def _request(text: str, endpoint: str, form: str) -> urllib.request.Request:
    from SPARQLWrapper import GET, JSON, POST, TURTLE, SPARQLWrapper

    from ivig_kg import __version__

    client = SPARQLWrapper(endpoint, agent=f"ivig-kg/{__version__}")
    client.setQuery(text)
    client.setMethod(POST if form == "update" or len(text) > 1500 else GET)
    client.setReturnFormat(TURTLE if form in {"construct", "describe"} else JSON)
    return client._createRequest()  # the request SPARQLWrapper itself would send


def _exchange(
    request: urllib.request.Request,
    endpoint: str,
    timeout: float,
    max_bytes: int,
    text: str,
    form: str,
) -> _Reply:
    """Run the exchange in a worker thread so that the time limit holds however the peer behaves."""
    outcome: dict[str, object] = {}
    deadline = time.monotonic() + timeout

    def work() -> None:
        try:
            outcome["reply"] = _read(request, endpoint, deadline, max_bytes)
        except BaseException as exc:  # handed to the caller's thread
            outcome["error"] = exc

    worker = threading.Thread(target=work, name="ivig-kg-endpoint", daemon=True)
    worker.start()
    worker.join(timeout)
    error = outcome.get("error")
    if worker.is_alive() or isinstance(error, (TimeoutError, socket.timeout)):
        raise QueryTimeout(
            f"no complete answer from {endpoint} within {timeout:g} s (client-side time limit)"
        )
    if isinstance(error, BaseException):
        raise _explain(error, endpoint, text, form) from None
    reply = outcome["reply"]
    assert isinstance(reply, _Reply)
    return reply


def _read(
    request: urllib.request.Request, endpoint: str, deadline: float, max_bytes: int
) -> _Reply:
    remaining = max(0.1, deadline - time.monotonic())
    with urllib.request.urlopen(request, timeout=remaining) as response:
        chunks: list[bytes] = []
        size = 0
        while chunk := response.read1(_CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise EndpointError(
                    f"the answer from {endpoint} is larger than {max_bytes:,} bytes; "
                    "it was cut off (raise the limit with --max-bytes, or ask for less)"
                )
            chunks.append(chunk)
            if time.monotonic() > deadline:
                raise TimeoutError
        return _Reply(response.headers.get("Content-Type", ""), b"".join(chunks))


def _body(raw: bytes) -> str:
    return " ".join(raw.decode("utf-8", "replace").split())[:500]


def _explain(exc: BaseException, endpoint: str, text: str, form: str) -> Exception:
    """Turn what urllib raises into one clear line."""
    if isinstance(exc, EndpointError):
        return exc
    if isinstance(exc, urllib.error.HTTPError):
        try:
            detail = _body(exc.read())
        except OSError:
            detail = ""
        return _http_error(exc.code, str(exc.reason), detail, endpoint, text, form)
    if isinstance(exc, urllib.error.URLError):
        if isinstance(exc.reason, (socket.timeout, TimeoutError)):
            return QueryTimeout(f"no answer from {endpoint} (client-side time limit)")
        return EndpointError(f"cannot reach the SPARQL endpoint {endpoint}: {exc.reason}")
    if isinstance(exc, (ValueError, OSError)):
        return EndpointError(f"cannot query {endpoint}: {exc}")
    return EndpointError(f"querying {endpoint} failed: {type(exc).__name__}: {exc}")


def _http_error(
    code: int, reason: str, detail: str, endpoint: str, text: str, form: str
) -> Exception:
    if code == 400 and form != "update":
        return QuerySyntaxError.from_parser(f"the endpoint rejected the query: {detail}", text)
    if code == 400:
        return EndpointError(f"the endpoint {endpoint} rejected the update (HTTP 400): {detail}")
    if code == 404:
        return EndpointError(f"no SPARQL endpoint at {endpoint} (HTTP 404): {detail}")
    return EndpointError(
        f"the endpoint {endpoint} answered HTTP {code} {reason}: {detail}".rstrip(": ")
    )


def _parse_results(reply: _Reply, endpoint: str) -> Answer:
    rdf_format = ox.QueryResultsFormat.from_media_type(reply.content_type.split(";")[0].strip())
    rdf_format = rdf_format or ox.QueryResultsFormat.JSON
    try:
        answer = ox.parse_query_results(reply.body, format=rdf_format)
        if isinstance(answer, ox.QueryBoolean):
            return answer
        list(answer)  # read to the end once, so a truncated answer fails here, not later
        return ox.parse_query_results(reply.body, format=rdf_format)
    except (SyntaxError, ValueError, OSError) as exc:
        raise EndpointError(
            f"the endpoint {endpoint} sent an answer that is not SPARQL JSON results ({exc}); "
            "it may have stopped at its own time limit"
        ) from None


def _parse_graph(reply: _Reply, endpoint: str) -> Answer:
    rdf_format = ox.RdfFormat.from_media_type(reply.content_type.split(";")[0].strip())
    try:
        quads = ox.parse(reply.body, format=rdf_format or ox.RdfFormat.TURTLE)
        return [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    except (SyntaxError, ValueError, OSError) as exc:
        raise EndpointError(
            f"the endpoint {endpoint} sent a graph that could not be read: {exc}"
        ) from None
