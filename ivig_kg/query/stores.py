"""The embedded store: an in-memory Oxigraph copy of the graph that answers SPARQL.

Oxigraph was chosen by measurement (benchmarks/README.md); rdflib's engine is kept only as a
cross-check in the tests. By default the store holds the graph the package ships
(``ivig_kg/graph/ivig-kg.nt``), so querying needs neither a checkout nor a build.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ivig_kg import paths
from ivig_kg.query.errors import QueryError, QuerySyntaxError, UpdateRefused
from ivig_kg.query.results import Answer, QueryResult, UpdateDone
from ivig_kg.query.service import check_service

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph

#: Graph file formats the store loads, by file suffix.
GRAPH_FORMATS = {
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".ttl": ox.RdfFormat.TURTLE,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}


def is_update(text: str) -> bool:
    """True if the text parses as a SPARQL Update with at least one operation.

    Asked only after Oxigraph refused the text as a query, so its cost (rdflib's parser, a few
    ms) is paid on that path alone.
    """
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parsed = parseUpdate(text)
    except Exception:
        return False
    return "request" in parsed and bool(parsed["request"])  # an empty update is not one


class Store:
    """An in-memory Oxigraph copy of the graph; see :func:`open_store`."""

    kind = "oxigraph"

    def __init__(self, native: ox.Store) -> None:
        self.native = native  #: the pyoxigraph.Store

    def __len__(self) -> int:
        return len(self.native)

    def __repr__(self) -> str:
        return f"<Store oxigraph: {len(self)} triples>"

    def answer(
        self, text: str, *, allow_update: bool = False, allow_service: bool = False
    ) -> Answer:
        """Run a query (or, if allowed, an update) and return Oxigraph's answer, unconsumed.

        A query or update that uses SERVICE raises :class:`ServiceRefused` unless
        ``allow_service``: Oxigraph would send a request to whatever URL it names.
        """
        check_service(text, allow_service=allow_service)
        try:
            return self.native.query(text)
        except SyntaxError as exc:
            if is_update(text):
                return self._update(text, allow_update)
            raise QuerySyntaxError.from_parser(str(exc), text) from None
        except OSError as exc:
            raise QueryError(f"the query failed: {exc}") from None

    def query(
        self, text: str, *, allow_update: bool = False, allow_service: bool = False
    ) -> QueryResult:
        """Run a query (or, if allowed, an update) and collect its result."""
        answer = self.answer(text, allow_update=allow_update, allow_service=allow_service)
        try:
            return QueryResult.from_answer(answer)
        except (OSError, RuntimeError, ValueError) as exc:
            raise QueryError(f"the query failed while running: {exc}") from None

    def _update(self, text: str, allow: bool) -> UpdateDone:
        if not allow:
            raise UpdateRefused()
        before = len(self)
        try:
            self.native.update(text)
        except SyntaxError as exc:
            raise QuerySyntaxError.from_parser(str(exc), text) from None
        except OSError as exc:
            raise QueryError(f"the update failed: {exc}") from None
        return UpdateDone(
            f"update applied to the in-memory copy only ({before} -> {len(self)} triples); "
            "no file was changed"
        )


def open_store(graph: Graph | str | Path | None = None) -> Store:
    """Return a new in-memory store holding a copy of a graph.

    graph: None loads the graph the package ships; a path loads a graph file (.nt, .ttl,
    .jsonld, .rdf), e.g. dist/ivig-kg.ttl; an rdflib Graph is copied.
    """
    native = ox.Store()
    if graph is None or isinstance(graph, (str, Path)):
        path = Path(graph) if graph is not None else paths.PACKAGED_GRAPH
        rdf_format = GRAPH_FORMATS.get(path.suffix.lower())
        if rdf_format is None:
            known = ", ".join(GRAPH_FORMATS)
            raise ValueError(f"{path}: unknown graph format; use a file ending in {known}")
        native.bulk_load(path=str(path), format=rdf_format)
    else:
        data = graph.serialize(format="nt", encoding="utf-8")
        native.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES)
    return Store(native)


@functools.cache
def default_store() -> Store:
    """Return the store of the packaged graph, loaded once per process."""
    return open_store()
