"""Answers to queries: written in the user's format by pyoxigraph, or handed to Python callers.

An *answer* is what Oxigraph returns (or parses from an endpoint): ``QuerySolutions`` (SELECT),
``QueryBoolean`` (ASK) or ``QueryTriples`` (CONSTRUCT/DESCRIBE), plus :class:`UpdateDone` for an
allowed update. :func:`write_answer` turns one into text without looking at single terms, except
for the aligned ``table`` (which is for reading, not a SPARQL format). :class:`QueryResult` keeps
the rows as pyoxigraph terms for Python callers; :meth:`QueryResult.plain` and
:meth:`QueryResult.to_dataframe` give plain values, :meth:`QueryResult.to_rdflib` an rdflib Graph.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, TypeAlias

import pyoxigraph as ox

from ivig_kg.choices import QUERY_FORMATS
from ivig_kg.namespaces import PREFIXES
from ivig_kg.prefixes import compress

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    from rdflib import Graph

#: A term in a result row: an IRI, a blank node or a literal.
Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal
Row: TypeAlias = tuple[Term | None, ...]

#: Output formats: ``table`` for reading, the others are the SPARQL 1.1 result formats.
FORMATS = QUERY_FORMATS
_RESULT_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {
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
_NUMBERS = _INTEGERS | {_XSD + "decimal", _XSD + "double", _XSD + "float"}


@dataclass(frozen=True)
class UpdateDone:
    """What an allowed SPARQL Update did."""

    message: str


#: Triples already collected (a result's own) are written like a live ``QueryTriples``.
Answer: TypeAlias = (
    ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | list[ox.Triple] | UpdateDone
)


def plain_value(term: Term | None) -> str | None:
    """Return a term as a plain string: IRIs and text as they are, numbers in canonical form.

    ``"2.0"^^xsd:decimal`` and ``"2"^^xsd:integer`` both give ``"2"``, so answers from
    different engines compare equal.
    """
    if term is None:
        return None
    if isinstance(term, ox.Literal) and term.datatype.value in _NUMBERS:
        try:
            number = Decimal(term.value)
        except InvalidOperation:
            return term.value  # NaN/INF spellings and ill-typed values stay as written
        if number == number.to_integral_value():
            return format(number.quantize(Decimal(1)), "f")
        return str(number.normalize())
    return term.value


def python_value(term: Term | None) -> object:
    """Return a term as a Python value: int/float/bool/date for typed literals, else text."""
    if term is None:
        return None
    if not isinstance(term, ox.Literal):
        return term.value
    datatype = term.datatype.value
    try:
        if datatype in _INTEGERS:
            return int(term.value)
        if datatype in _NUMBERS:
            return float(term.value)
        if datatype == _XSD + "boolean":
            return term.value in {"true", "1"}
        if datatype == _XSD + "date":
            return datetime.date.fromisoformat(term.value)
    except ValueError:
        pass
    return term.value


def short(term: Term | None) -> str:
    """Return the display form of a term: a CURIE where a prefix is known, literal text."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return plain_value(term) or ""
    if isinstance(term, ox.BlankNode):
        return str(term)
    found = compress(term.value)
    return found if found != term.value else f"<{term.value}>"


def render_table(names: list[str], rows: list[Row], max_width: int = 0) -> str:
    """Return rows aligned in columns, IRIs shortened, cells cut at max_width (0: never)."""

    def cut(text: str) -> str:
        text = " ".join(text.split())  # one line per row
        return text if max_width <= 0 or len(text) <= max_width else text[: max_width - 1] + "…"

    cells = [[cut(short(v)) for v in row] for row in rows]
    widths = [max([len(n)] + [len(r[i]) for r in cells]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    lines.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(lines) + "\n"


def write_answer(answer: Answer, fmt: str = "table", *, max_width: int = 0) -> str:
    """Return an answer as text in the given format (see :data:`FORMATS`).

    SELECT and ASK: ``csv``, ``tsv``, ``json`` and ``xml`` are written by Oxigraph; ``table`` is
    aligned text (ASK: ``true``/``false``). CONSTRUCT/DESCRIBE: Turtle with the project prefixes,
    whatever the format. An update: its message.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if isinstance(answer, UpdateDone):
        return answer.message + "\n"
    if isinstance(answer, (ox.QueryTriples, list)):
        return _turtle(answer)
    if fmt != "table":
        return _text(answer.serialize(format=_RESULT_FORMATS[fmt]))
    if isinstance(answer, ox.QueryBoolean):
        return ("true" if answer else "false") + "\n"
    names = [v.value for v in answer.variables]
    return render_table(names, [tuple(s) for s in answer], max_width)


def _turtle(triples: Any) -> str:
    return _text(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES))


def _text(data: bytes | None) -> str:
    # pyoxigraph returns the bytes when no output file is given, which is always the case here.
    assert data is not None
    return data.decode("utf-8")


@dataclass
class QueryResult:
    """The answer to one query, for Python callers.

    kind:    "select", "ask", "graph" (CONSTRUCT/DESCRIBE) or "update".
    vars:    SELECT variable names, without "?".
    rows:    SELECT rows: tuples of pyoxigraph terms (``NamedNode``, ``BlankNode``,
             ``Literal``), None where a variable is unbound.
    boolean: the ASK answer.
    triples: the CONSTRUCT/DESCRIBE answer, pyoxigraph ``Triple`` objects.
    message: what an allowed update did.
    """

    kind: str
    vars: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)
    message: str = ""

    @classmethod
    def from_answer(cls, answer: Answer) -> QueryResult:
        """Collect an answer (consuming it) into a result."""
        if isinstance(answer, UpdateDone):
            return cls("update", message=answer.message)
        if isinstance(answer, ox.QueryBoolean):
            return cls("ask", boolean=bool(answer))
        if isinstance(answer, (ox.QueryTriples, list)):
            return cls("graph", triples=list(answer))
        names = [v.value for v in answer.variables]
        return cls("select", vars=names, rows=[tuple(solution) for solution in answer])

    def __len__(self) -> int:
        return len(self.triples) if self.kind == "graph" else len(self.rows)

    def plain(self) -> list[tuple[str | None, ...]]:
        """Return the rows (or triples) as plain strings (see :func:`plain_value`)."""
        if self.kind == "graph":
            return [tuple(plain_value(t) for t in triple) for triple in self.triples]
        return [tuple(plain_value(v) for v in row) for row in self.rows]

    def to_rdflib(self) -> Graph:
        """Return a CONSTRUCT/DESCRIBE answer as an rdflib Graph with the project prefixes."""
        from ivig_kg.build import new_graph

        graph = new_graph()
        data = _text(ox.serialize(self.triples, format=ox.RdfFormat.N_TRIPLES))
        return graph.parse(data=data, format="nt")

    def to_dataframe(self) -> pandas.DataFrame:
        """Return a pandas DataFrame: one column per variable (ASK: "boolean"; graphs: s, p, o).

        Literals become Python values (numbers as int/float, dates as dates), IRIs strings.
        Needs pandas, which the ``notebooks`` extra installs.
        """
        from ivig_kg.extras import require

        pandas = require("pandas", extra="notebooks", feature="QueryResult.to_dataframe()")
        if self.kind == "ask":
            return pandas.DataFrame({"boolean": [self.boolean]})
        if self.kind == "graph":
            triples = sorted(self.plain(), key=lambda t: tuple(x or "" for x in t))
            return pandas.DataFrame(triples, columns=["subject", "predicate", "object"])
        cells = [[python_value(v) for v in row] for row in self.rows]
        return pandas.DataFrame(cells, columns=list(self.vars))

    def serialize(self, fmt: str = "table", *, max_width: int = 0) -> str:
        """Return the result as text, exactly as :func:`write_answer` writes its answer."""
        return write_answer(self._answer(), fmt, max_width=max_width)

    def _answer(self) -> Answer:
        if self.kind == "update":
            return UpdateDone(self.message)
        if self.kind == "ask":
            return ox.parse_query_results(
                b'{"head":{},"boolean":%s}' % (b"true" if self.boolean else b"false"),
                format=ox.QueryResultsFormat.JSON,
            )
        if self.kind == "graph":
            return self.triples
        # Rows are kept as terms; TSV is their N-Triples spelling, so Oxigraph reads them back.
        lines = ["\t".join(f"?{name}" for name in self.vars)]
        lines += ["\t".join("" if v is None else str(v) for v in row) for row in self.rows]
        return ox.parse_query_results("\n".join(lines) + "\n", format=ox.QueryResultsFormat.TSV)
