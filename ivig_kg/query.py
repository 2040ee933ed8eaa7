"""Run SPARQL on the IVIG graph: on an embedded store, or on any SPARQL 1.1 endpoint.

The whole API::

    read_query_file(path) -> QueryFile            # (summary, tags, text) of a queries/*.rq file
    open_store(kind="oxigraph", graph=None) -> Store
    default_store(kind="oxigraph") -> Store       # built once from data/, then cached
    run_query(text, *, store=None, endpoint=None, timeout=30.0, allow_update=False) -> QueryResult

A :class:`Store` is an :class:`OxigraphStore` (the default, chosen by measurement, see
benchmarks/README.md) or an :class:`RdflibStore`; both answer every competency question alike.
A :class:`QueryResult` holds its rows as **rdflib terms** (``URIRef``, ``Literal``, ``BNode``;
``None`` where a variable is unbound), whether they came from the embedded store or from an
endpoint, so that answers from both compare equal. :meth:`QueryResult.plain` gives the same
rows as plain strings (numbers in canonical form by :func:`plain_value`, so ``"2.0"`` and
``"2"`` agree), which is what the tests compare; :meth:`QueryResult.serialize` writes table,
CSV, TSV or JSON (SPARQL 1.1 result formats) or Turtle; :meth:`QueryResult.to_dataframe`
gives a pandas DataFrame.

Every failure is a :class:`QueryError`: :class:`QuerySyntaxError` (with ``line``/``column``),
:class:`UpdateRefused`, :class:`EndpointError` and its :class:`QueryTimeout`.

Only the standard library is imported here at module level; pyoxigraph, rdflib, SPARQLWrapper
and pandas are imported by the functions that need them.
"""

from __future__ import annotations

import ast
import csv
import functools
import io
import json
import math
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    from rdflib import Graph
    from rdflib.term import Node

STORE_KINDS = ("oxigraph", "rdflib")
#: Chosen by measurement (benchmarks/README.md): same answers, much faster.
DEFAULT_STORE = "oxigraph"
FORMATS = ("table", "csv", "tsv", "json")
DEFAULT_TIMEOUT = 30.0

_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_INTEGER_TYPES = {
    _XSD + name
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
}
_NUMERIC_TYPES = _INTEGER_TYPES | {_XSD + "decimal", _XSD + "double", _XSD + "float"}


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


class QueryError(Exception):
    """A query could not be run; the message is meant for the user, on one line."""


class QuerySyntaxError(QueryError):
    """The query text is not valid SPARQL; ``line`` and ``column`` count from 1 when known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    @classmethod
    def from_parser(cls, message: str, text: str = "") -> QuerySyntaxError:
        """Build the error from an Oxigraph (``error at L:C: ...``) or rdflib/pyparsing message."""
        message = message.strip()
        line = column = None
        if (found := re.search(r"error at (\d+):(\d+)", message)) or (
            found := re.search(r"line:(\d+), col:(\d+)", message)
        ):
            line, column = int(found[1]), int(found[2])
        if "Prefix not found" in message and line is not None and column is not None and text:
            # Oxigraph lists every character class it would accept; name the prefix instead.
            lines = text.splitlines()
            before = lines[line - 1][: column - 1] if line <= len(lines) else ""
            name = re.search(r"([A-Za-z][\w.-]*)?:[\w.%-]*$", before)
            what = f"'{name[1] or ''}:'" if name else "of a prefixed name"
            message = f"error at {line}:{column}: undefined prefix {what} (declare it with PREFIX)"
        return cls(message, line, column)


class UpdateRefused(QueryError):
    """The text is a SPARQL Update and updates were not explicitly allowed."""


class EndpointError(QueryError):
    """The endpoint could not be reached, refused the request or sent an unusable answer."""


class QueryTimeout(EndpointError):
    """The endpoint did not finish answering within the client-side time limit."""


# --------------------------------------------------------------------------------------------
# Query files
# --------------------------------------------------------------------------------------------


class QueryFile(NamedTuple):
    """A query file: the `#+ summary:` and `#+ tags:` headers and the full text."""

    summary: str
    tags: tuple[str, ...]
    text: str


def read_query_file(path: str | Path) -> QueryFile:
    """Read a .rq file and its leading ``#+ key: value`` headers (grlc style).

    Raises FileNotFoundError for a missing file.
    """
    text = Path(path).read_text(encoding="utf-8")
    headers: dict[str, str] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        if found := re.match(r"#\+\s*([\w-]+)\s*:\s*(.*)", stripped):
            headers[found[1].lower()] = found[2].strip()
    tags = tuple(t.strip() for t in headers.get("tags", "").split(",") if t.strip())
    return QueryFile(headers.get("summary", ""), tags, text)


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


def plain_value(term: Node | None) -> str | None:
    """Return a term as a plain string: IRIs and text as they are, numbers in canonical form."""
    if term is None:
        return None
    from rdflib import Literal

    if (
        isinstance(term, Literal)
        and term.datatype is not None
        and str(term.datatype) in _NUMERIC_TYPES
    ):
        value = term.toPython()
        if isinstance(value, bool) or value is term:
            return str(term)
        if isinstance(value, Decimal):
            return (
                format(value.normalize(), "f")
                if value == value.to_integral_value()
                else str(value.normalize())
            )
        if isinstance(value, float):
            return repr(value)
        return str(value)
    return str(term)


@dataclass
class QueryResult:
    """The answer to one query.

    kind:    "select", "ask", "graph" (CONSTRUCT/DESCRIBE) or "update".
    vars:    SELECT variable names, without "?".
    rows:    SELECT rows; each a tuple of rdflib terms, None where unbound.
    boolean: the ASK answer.
    graph:   the CONSTRUCT/DESCRIBE answer, an rdflib Graph.
    message: what an allowed update did.
    """

    kind: str
    vars: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None
    message: str = ""

    def __len__(self) -> int:
        if self.kind == "graph" and self.graph is not None:
            return len(self.graph)
        return len(self.rows)

    def plain(self) -> list[tuple[str | None, ...]]:
        """Return the rows as plain strings (see :func:`plain_value`)."""
        return [tuple(plain_value(v) for v in row) for row in self.rows]

    def to_dataframe(self) -> pandas.DataFrame:
        """Return a pandas DataFrame: one column per variable (ASK: "boolean"; graphs: s, p, o).

        Literals become Python values (numbers as int/float, dates as dates), IRIs strings.
        """
        import pandas
        from rdflib import Literal

        def cell(term: Node | None) -> object:
            if term is None:
                return None
            if isinstance(term, Literal):
                value = term.toPython()
                if isinstance(value, Decimal):
                    return float(value)
                return value if value is not term else str(term)
            return str(term)

        if self.kind == "ask":
            return pandas.DataFrame({"boolean": [self.boolean]})
        if self.kind == "graph":
            triples = sorted(self.graph or (), key=lambda t: tuple(str(x) for x in t))
            return pandas.DataFrame(
                [[cell(x) for x in t] for t in triples], columns=["subject", "predicate", "object"]
            )
        return pandas.DataFrame(
            [[cell(v) for v in row] for row in self.rows], columns=list(self.vars)
        )

    def serialize(self, fmt: str = "table", *, max_width: int = 0) -> str:
        """Return the result as text.

        SELECT: ``table`` (aligned, IRIs shortened with the project prefixes, cells cut at
        max_width characters if max_width > 0), ``csv`` and ``tsv`` (SPARQL 1.1 CSV/TSV) or
        ``json`` (SPARQL 1.1 Query Results JSON). ASK: ``json`` is standard, the others give
        ``true``/``false``. CONSTRUCT/DESCRIBE: always Turtle. Update: its message.
        """
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        if self.kind == "graph":
            assert self.graph is not None
            return self.graph.serialize(format="turtle")
        if self.kind == "update":
            return self.message + "\n"
        if self.kind == "ask":
            if fmt == "json":
                return json.dumps({"head": {}, "boolean": bool(self.boolean)}) + "\n"
            return ("true" if self.boolean else "false") + "\n"
        if fmt == "json":
            return _to_json(self.vars, self.rows)
        if fmt == "csv":
            return _to_csv(self.vars, self.rows)
        if fmt == "tsv":
            return _to_tsv(self.vars, self.rows)
        return _to_table(self.vars, self.rows, max_width)


def _json_term(term: Node) -> dict[str, str]:
    from rdflib import BNode, Literal

    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None:
            out["datatype"] = str(term.datatype)
        return out
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    return {"type": "uri", "value": str(term)}


def _to_json(names: Sequence[str], rows: Sequence[tuple[Node | None, ...]]) -> str:
    bindings = [
        {n: _json_term(v) for n, v in zip(names, row, strict=True) if v is not None} for row in rows
    ]
    data = {"head": {"vars": list(names)}, "results": {"bindings": bindings}}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _csv_value(term: Node | None) -> str:
    from rdflib import BNode

    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _to_csv(names: Sequence[str], rows: Sequence[tuple[Node | None, ...]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return buffer.getvalue()


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )


def _tsv_value(term: Node | None) -> str:
    from rdflib import BNode, Literal

    if term is None:
        return ""
    if isinstance(term, Literal):
        quoted = f'"{_escape(str(term))}"'
        if term.language:
            return f"{quoted}@{term.language}"
        if term.datatype is not None:
            return f"{quoted}^^<{term.datatype}>"
        return quoted
    if isinstance(term, BNode):
        return f"_:{term}"
    return f"<{term}>"


def _to_tsv(names: Sequence[str], rows: Sequence[tuple[Node | None, ...]]) -> str:
    lines = ["\t".join(f"?{n}" for n in names)]
    lines += ["\t".join(_tsv_value(v) for v in row) for row in rows]
    return "\n".join(lines) + "\n"


def _short(term: Node | None) -> str:
    """Display form of a term: prefixed IRIs, literal text, canonical numbers."""
    from rdflib import BNode, Literal

    from ivig_kg.namespaces import PREFIXES

    if term is None:
        return ""
    if isinstance(term, Literal):
        return plain_value(term) or ""
    if isinstance(term, BNode):
        return f"_:{term}"
    iri = str(term)
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is not None and re.fullmatch(r"[\w\-./]*", iri[len(best) :]):
        prefix = next(p for p, ns in PREFIXES.items() if ns == best)
        return f"{prefix}:{iri[len(best) :]}"
    return f"<{iri}>"


def _to_table(names: Sequence[str], rows: Sequence[tuple[Node | None, ...]], max_width: int) -> str:
    def cut(text: str) -> str:
        text = " ".join(text.split())  # one line per row
        return text if max_width <= 0 or len(text) <= max_width else text[: max_width - 1] + "…"

    cells = [[cut(_short(v)) for v in row] for row in rows]
    widths = [max([len(n)] + [len(r[i]) for r in cells]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    count = len(rows)
    lines.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# Telling queries from updates (by parsing, not by pattern matching)
# --------------------------------------------------------------------------------------------


def _is_update(text: str) -> bool:
    """True if the text parses as a SPARQL Update with at least one operation."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parsed = parseUpdate(text)
    except Exception:
        return False
    return "request" in parsed and bool(parsed["request"])  # an empty update is not one


def _query_form(text: str) -> str | None:
    """Return "select", "ask", "construct", "describe" or "update", or None if unparseable."""
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parsed = parseQuery(text)
    except Exception:
        return "update" if _is_update(text) else None
    return str(parsed[1].name).removesuffix("Query").lower()


def _refuse_update() -> UpdateRefused:
    return UpdateRefused(
        "this is a SPARQL Update (it would modify data) and updates are refused; "
        "pass allow_update=True (--allow-update) to run it on the in-memory copy"
    )


# --------------------------------------------------------------------------------------------
# Embedded stores
# --------------------------------------------------------------------------------------------


class Store:
    """An in-memory copy of the graph that answers SPARQL; see :func:`open_store`."""

    kind: str = ""

    def __len__(self) -> int:
        raise NotImplementedError

    def query(self, text: str, *, allow_update: bool = False) -> QueryResult:
        """Run a query (or, if allowed, an update) and return its result."""
        raise NotImplementedError

    def _apply_update(self, text: str) -> None:
        """Run a SPARQL Update on the in-memory copy (engine-specific)."""
        raise NotImplementedError

    def _update(self, text: str, allow: bool) -> QueryResult:
        if not allow:
            raise _refuse_update()
        before = len(self)
        self._apply_update(text)
        return QueryResult("update", message=_update_message(before, len(self)))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.kind}: {len(self)} triples>"


def _new_graph() -> Graph:
    from ivig_kg.build import new_graph

    return new_graph()


def _from_ox(term: Any) -> Node:
    """Convert a pyoxigraph term to the equal rdflib term (xsd:string becomes a plain literal)."""
    import pyoxigraph
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD + "string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise QueryError(f"unsupported term in the result: {term!r}")


class OxigraphStore(Store):
    """pyoxigraph's in-memory store (the default)."""

    kind = "oxigraph"

    def __init__(self, native: Any) -> None:
        self.native = native  #: the pyoxigraph.Store

    def __len__(self) -> int:
        return len(self.native)

    def query(self, text: str, *, allow_update: bool = False) -> QueryResult:
        import pyoxigraph

        try:
            answer = self.native.query(text)
        except SyntaxError as exc:
            if _is_update(text):
                return self._update(text, allow_update)
            raise QuerySyntaxError.from_parser(str(exc), text) from None
        except OSError as exc:
            raise QueryError(f"the query failed: {exc}") from None
        try:
            if isinstance(answer, pyoxigraph.QueryBoolean):
                return QueryResult("ask", boolean=bool(answer))
            if isinstance(answer, pyoxigraph.QueryTriples):
                graph = _new_graph()
                for triple in answer:
                    graph.add(
                        (
                            _from_ox(triple.subject),
                            _from_ox(triple.predicate),
                            _from_ox(triple.object),
                        )
                    )
                return QueryResult("graph", graph=graph)
            names = [v.value for v in answer.variables]
            width = range(len(names))
            rows = [tuple(None if s[i] is None else _from_ox(s[i]) for i in width) for s in answer]
            return QueryResult("select", vars=names, rows=rows)
        except (OSError, RuntimeError, ValueError) as exc:
            raise QueryError(f"the query failed while running: {exc}") from None

    def _apply_update(self, text: str) -> None:
        try:
            self.native.update(text)
        except SyntaxError as exc:
            raise QuerySyntaxError.from_parser(str(exc), text) from None
        except OSError as exc:
            raise QueryError(f"the update failed: {exc}") from None


def _update_message(before: int, after: int) -> str:
    return f"update applied to the in-memory copy only ({before} -> {after} triples); no file was changed"


class RdflibStore(Store):
    """rdflib's default in-memory store (``Memory``), kept for comparison."""

    kind = "rdflib"

    def __init__(self, native: Graph) -> None:
        self.native = native  #: the rdflib.Graph

    def __len__(self) -> int:
        return len(self.native)

    def query(self, text: str, *, allow_update: bool = False) -> QueryResult:
        from pyparsing import ParseBaseException

        try:
            answer = self.native.query(text)
        except ParseBaseException as exc:
            if _is_update(text):
                return self._update(text, allow_update)
            raise QuerySyntaxError.from_parser(str(exc), text) from None
        except Exception as exc:  # rdflib raises plain Exceptions, e.g. for an unknown prefix
            if "prefix" in str(exc).lower():
                raise QuerySyntaxError(f"rdflib: {exc}") from None
            raise QueryError(f"rdflib could not run the query: {exc}") from None
        if answer.type == "ASK":
            return QueryResult("ask", boolean=bool(answer.askAnswer))
        if answer.type in {"CONSTRUCT", "DESCRIBE"}:
            graph = _new_graph()
            for triple in answer.graph or ():
                graph.add(triple)
            return QueryResult("graph", graph=graph)
        names = [str(v) for v in answer.vars or ()]
        rows: list[tuple[Node | None, ...]] = [tuple(row) for row in answer]  # type: ignore[arg-type]
        return QueryResult("select", vars=names, rows=rows)

    def _apply_update(self, text: str) -> None:
        try:
            self.native.update(text)
        except Exception as exc:
            raise QueryError(f"rdflib could not run the update: {exc}") from None


_OX_FORMATS = {
    ".ttl": "TURTLE",
    ".nt": "N_TRIPLES",
    ".jsonld": "JSON_LD",
    ".rdf": "RDF_XML",
    ".owl": "RDF_XML",
}


def open_store(kind: str = DEFAULT_STORE, graph: Graph | str | Path | None = None) -> Store:
    """Return a new in-memory store of the given kind holding a copy of the graph.

    graph: None builds the graph from data/ (``ivig_kg.pipeline.load_graph``, ~1 s); a path
    loads a graph file (.ttl, .nt, .jsonld), e.g. dist/ivig-kg.ttl; an rdflib Graph is copied.
    """
    if kind not in STORE_KINDS:
        raise ValueError(f"unknown store {kind!r}; choose one of {', '.join(STORE_KINDS)}")
    if graph is None:
        from ivig_kg.pipeline import load_graph

        graph = load_graph()
    if kind == "oxigraph":
        import pyoxigraph

        store = pyoxigraph.Store()
        if isinstance(graph, (str, Path)):
            path = Path(graph)
            name = _OX_FORMATS.get(path.suffix.lower())
            if name is None:
                raise ValueError(f"{path}: unknown graph format; use .ttl, .nt or .jsonld")
            store.load(path=str(path), format=getattr(pyoxigraph.RdfFormat, name))
        else:
            data = graph.serialize(format="nt", encoding="utf-8")
            store.load(input=data, format=pyoxigraph.RdfFormat.N_TRIPLES)
        return OxigraphStore(store)
    copy = _new_graph()
    if isinstance(graph, (str, Path)):
        copy.parse(str(graph))
    else:
        for triple in graph:
            copy.add(triple)
    return RdflibStore(copy)


@functools.cache
def default_store(kind: str = DEFAULT_STORE) -> Store:
    """Return a store built from data/ once per process (``default_store.cache_clear()`` rebuilds)."""
    return open_store(kind)


# --------------------------------------------------------------------------------------------
# Endpoints
# --------------------------------------------------------------------------------------------


def _endpoint_response(text: str, endpoint: str, form: str, timeout: float) -> tuple[str, bytes]:
    """Send the request and return (content type, body), all within `timeout` seconds."""
    from SPARQLWrapper import GET, JSON, POST, TURTLE, SPARQLWrapper

    from ivig_kg import __version__

    client = SPARQLWrapper(endpoint, agent=f"ivig-kg/{__version__}")
    client.setQuery(text)
    client.setTimeout(max(1, math.ceil(timeout)))
    client.setMethod(POST if form == "update" or len(text) > 1500 else GET)
    client.setReturnFormat(TURTLE if form in {"construct", "describe"} else JSON)

    deadline = time.monotonic() + timeout
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            response = client.query().response
            chunks = []
            while chunk := response.read1(65536):
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise TimeoutError
            outcome["answer"] = (response.headers.get("Content-Type", ""), b"".join(chunks))
        except BaseException as exc:  # handed to the caller's thread
            outcome["error"] = exc

    worker = threading.Thread(target=work, name="ivig-kg-endpoint", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive() or isinstance(outcome.get("error"), TimeoutError):
        raise QueryTimeout(
            f"no complete answer from {endpoint} within {timeout:g} s (client-side time limit)"
        )
    if "error" in outcome:
        raise _endpoint_error(outcome["error"], endpoint, text, form) from None
    return outcome["answer"]


def _endpoint_error(exc: BaseException, endpoint: str, text: str, form: str) -> QueryError:
    """Turn what urllib/SPARQLWrapper raise into one clear line."""
    import socket
    import urllib.error

    from SPARQLWrapper.SPARQLExceptions import (
        EndPointNotFound,
        QueryBadFormed,
        SPARQLWrapperException,
    )

    def body(raw: object) -> str:
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw or "")
        return " ".join(text.split())[:500]

    def wrapped_body(error: SPARQLWrapperException) -> str:
        # SPARQLWrapper keeps the server's answer only inside its message, as a bytes repr.
        _, _, raw = str(error).partition("Response:\n")
        try:
            return body(ast.literal_eval(raw)) if raw else ""
        except (ValueError, SyntaxError):
            return body(raw)

    if isinstance(exc, QueryBadFormed):
        if form == "update":
            return EndpointError(
                f"the endpoint {endpoint} rejected the update (HTTP 400): {wrapped_body(exc)}"
            )
        return QuerySyntaxError.from_parser(
            f"the endpoint rejected the query: {wrapped_body(exc)}", text
        )
    if isinstance(exc, EndPointNotFound):
        return EndpointError(f"no SPARQL endpoint at {endpoint} (HTTP 404): {wrapped_body(exc)}")
    if isinstance(exc, SPARQLWrapperException):
        detail = wrapped_body(exc) or exc.msg
        return EndpointError(f"the endpoint {endpoint} failed ({type(exc).__name__}): {detail}")
    if isinstance(exc, urllib.error.HTTPError):
        try:
            detail = body(exc.read())
        except Exception:
            detail = ""
        return EndpointError(
            f"the endpoint {endpoint} answered HTTP {exc.code} {exc.reason}: {detail}".rstrip(": ")
        )
    if isinstance(exc, urllib.error.URLError):
        if isinstance(exc.reason, (socket.timeout, TimeoutError)):
            return QueryTimeout(f"no answer from {endpoint} (client-side time limit)")
        return EndpointError(f"cannot reach the SPARQL endpoint {endpoint}: {exc.reason}")
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return QueryTimeout(f"no answer from {endpoint} (client-side time limit)")
    if isinstance(exc, (ValueError, OSError)):
        return EndpointError(f"cannot query {endpoint}: {exc}")
    return EndpointError(f"querying {endpoint} failed: {type(exc).__name__}: {exc}")


def _term_from_json(value: dict[str, str]) -> Node:
    from rdflib import BNode, Literal, URIRef

    kind = value.get("type")
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if kind in {"literal", "typed-literal"}:
        if "xml:lang" in value:
            return Literal(value["value"], lang=value["xml:lang"])
        datatype = value.get("datatype")
        if datatype in {None, _XSD + "string", _RDF_LANGSTRING}:
            return Literal(value["value"])
        return Literal(value["value"], datatype=URIRef(datatype))
    raise ValueError(f"unknown term type {kind!r}")


def _query_endpoint(text: str, endpoint: str, timeout: float, allow_update: bool) -> QueryResult:
    from urllib.parse import urlsplit

    if urlsplit(endpoint).scheme not in {"http", "https"} or not urlsplit(endpoint).netloc:
        raise EndpointError(f"not an http(s) URL: {endpoint!r}")
    form = _query_form(text)
    if form is None:
        # Not parseable here; the endpoint may still accept it (e.g. predeclared prefixes).
        from SPARQLWrapper import SPARQLWrapper

        guess = SPARQLWrapper(endpoint)
        guess.setQuery(text)
        form = "update" if guess.isSparqlUpdateRequest() else str(guess.queryType).lower()
    if form == "update" and not allow_update:
        raise _refuse_update()
    content_type, raw = _endpoint_response(text, endpoint, form, timeout)
    if form == "update":
        return QueryResult("update", message=f"the endpoint {endpoint} accepted the update")
    if form in {"construct", "describe"}:
        graph = _new_graph()
        rdf_format = next(
            (
                f
                for key, f in (("n-triples", "nt"), ("rdf+xml", "xml"), ("ld+json", "json-ld"))
                if key in content_type
            ),
            "turtle",
        )
        try:
            graph.parse(data=raw.decode("utf-8"), format=rdf_format)
        except Exception as exc:
            raise EndpointError(
                f"the endpoint {endpoint} sent a graph that could not be read: {exc}"
            ) from None
        return QueryResult("graph", graph=graph)
    try:
        data = json.loads(raw.decode("utf-8"))
        if "boolean" in data:
            return QueryResult("ask", boolean=bool(data["boolean"]))
        names = list(data["head"]["vars"])
        rows = [
            tuple(_term_from_json(b[n]) if n in b else None for n in names)
            for b in data["results"]["bindings"]
        ]
    except (ValueError, KeyError, TypeError) as exc:
        raise EndpointError(
            f"the endpoint {endpoint} sent an answer that is not SPARQL JSON results ({exc}); "
            "it may have stopped at its own time limit"
        ) from None
    return QueryResult("select", vars=names, rows=rows)


# --------------------------------------------------------------------------------------------
# The one entry point
# --------------------------------------------------------------------------------------------


def run_query(
    text: str,
    *,
    store: Store | None = None,
    endpoint: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    allow_update: bool = False,
) -> QueryResult:
    """Run a SPARQL query on the embedded store (default) or on a SPARQL 1.1 endpoint.

    store:        a store from :func:`open_store`; None uses :func:`default_store`.
    endpoint:     URL of a SPARQL endpoint (e.g. http://127.0.0.1:7878/query); overrides store.
    timeout:      seconds; a hard client-side limit on the whole exchange with an endpoint.
                  (An embedded query cannot be interrupted and has no limit.)
    allow_update: run a SPARQL Update instead of refusing it. Without a store it runs on a
                  fresh private copy of the graph, so the shared default store never changes.
    """
    if not text.strip():
        raise QuerySyntaxError("the query is empty")
    if endpoint:
        return _query_endpoint(text, endpoint, timeout, allow_update)
    if store is None:
        # An allowed update gets a private copy, so the shared default store never changes.
        store = open_store() if allow_update and _is_update(text) else default_store()
    return store.query(text, allow_update=allow_update)
