"""Exercise checks for the student notebooks (notebooks/02-sparql-tutorial.ipynb).

    check_answer(answer, solution) -> Check     # "Correct! ..." or "Not yet: ..."

The student's query and the reference solution are both run on the same store and their answers
compared as **sets of rows** of plain values (see :meth:`ivig_kg.query.QueryResult.plain`), so
what counts is what the query finds, not how it is written: variable names, the order of the
columns, the order of the rows and repeated rows do not matter; ``"Kawasaki disease"@en`` and
``STR(...)`` of it are the same value, and so are ``2`` and ``2.0``.

A student's mistake never raises: a syntax error, an update or a wrong answer comes back as a
:class:`Check` whose message says what to look at, so a notebook always runs top to bottom. A
broken *solution* does raise, because that is the teacher's bug.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ivig_kg.query import (
    QueryError,
    QueryResult,
    QuerySyntaxError,
    UpdateRefused,
    run_query,
)

if TYPE_CHECKING:  # pragma: no cover
    from ivig_kg.query import Store

Row = tuple[str | None, ...]

#: Column orders tried when matching a student's columns to the solution's (6! = 720 at most).
MAX_PERMUTED_COLUMNS = 6
#: Rows quoted in a message, and characters per quoted value.
EXAMPLES = 3
CUT = 60


@dataclass(frozen=True)
class Check:
    """The verdict on one answer. True when correct; shown in a notebook as its message."""

    correct: bool
    message: str
    missing: frozenset[Row] = frozenset()  #: expected rows the answer lacks
    extra: frozenset[Row] = frozenset()  #: rows of the answer that are not expected

    def __bool__(self) -> bool:
        return self.correct

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:  # a notebook cell ending in check_answer(...) shows the verdict
        return self.message


def _form(result: QueryResult) -> str:
    """The query form with its article: "a SELECT", "an ASK", ..."""
    return {"select": "a SELECT", "ask": "an ASK", "graph": "a CONSTRUCT or DESCRIBE"}.get(
        result.kind, "an update"
    )


_NOT_NAMES = re.compile(r'<[^<>\s]*>|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*')
_USED_PREFIX = re.compile(r"(?<![\w:?$-])([A-Za-z][\w.-]*)?:(?=[\w%])")
_DECLARED_PREFIX = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)


def undeclared_prefixes(text: str) -> list[str]:
    """Return the prefixes a query uses without a PREFIX line, e.g. ["kg"] (a best guess:
    IRIs in <...>, strings and comments are skipped)."""
    bare = _NOT_NAMES.sub(" ", text)
    declared = set(_DECLARED_PREFIX.findall(bare))
    used = [name for name in _USED_PREFIX.findall(bare) if name not in declared]
    return sorted(set(used))


def _rows(result: QueryResult) -> list[Row]:
    return result.plain()


def _show_value(value: str | None) -> str:
    if value is None:
        return "(unbound)"
    return value if len(value) <= CUT else value[: CUT - 1] + "\u2026"


def _show_rows(rows: Iterable[Row]) -> str:
    ordered = sorted(rows, key=lambda row: tuple("" if v is None else v for v in row))
    shown = ["(" + ", ".join(_show_value(v) for v in row) + ")" for row in ordered[:EXAMPLES]]
    more = len(ordered) - EXAMPLES
    return "; ".join(shown) + (f" and {more} more" if more > 0 else "")


def _columns(names: list[str]) -> str:
    return ", ".join(f"?{n}" for n in names)


def _best_order(got: QueryResult, expected: QueryResult, wanted: set[Row]) -> tuple[int, ...]:
    """Return the order of the student's columns to compare with the solution's.

    When the student used the solution's variable names, columns are matched by name. Otherwise
    (for up to MAX_PERMUTED_COLUMNS columns) the order that matches the most expected rows wins;
    ties keep the student's own order.
    """
    if set(got.vars) == set(expected.vars):
        return tuple(got.vars.index(name) for name in expected.vars)
    width = len(expected.vars)
    if width > MAX_PERMUTED_COLUMNS:
        return tuple(range(width))
    rows = got.plain()
    best, best_score = tuple(range(width)), -1
    for order in itertools.permutations(range(width)):
        score = len({tuple(row[i] for i in order) for row in rows} & wanted)
        if score > best_score:
            best, best_score = order, score
    return best


def _is_iri(value: str | None) -> bool:
    return value is not None and value.startswith(("http://", "https://"))


def _hints(got_rows: set[Row], wanted: set[Row], names: list[str]) -> list[str]:
    hints = []
    if not got_rows:
        return [
            "Your query finds nothing: check the spelling of every prefixed name (a typo "
            "silently matches nothing) and that each variable links one pattern to the next."
        ]
    for i, name in enumerate(names):
        if all(row[i] is None for row in got_rows) and any(row[i] is not None for row in wanted):
            hints.append(
                f"Your column ?{name} is never bound: does that variable appear in the "
                "WHERE patterns?"
            )
    if any(_is_iri(v) for row in got_rows for v in row) and not any(
        _is_iri(v) for row in wanted for v in row
    ):
        hints.append(
            "Some of your values are IRIs where names are expected: follow rdfs:label "
            "to get each thing's name."
        )
    return hints


def check_answer(answer: str, solution: str, *, store: Store | None = None) -> Check:
    """Run the student's `answer` and the reference `solution` and compare what they find.

    SELECT answers are compared as sets of rows (column order, variable names, row order and
    repeats do not matter), ASK answers by their yes/no, CONSTRUCT answers as sets of triples.
    store: the store both run on; None uses the default store (the packaged graph).
    Raises QueryError only when the solution itself cannot run.
    """
    expected = run_query(solution, store=store)
    try:
        got = run_query(answer, store=store)
    except QueryError as exc:
        return _unreadable(exc, answer, expected)
    if got.kind != expected.kind:
        return Check(
            False,
            f"Not yet: the exercise asks for {_form(expected)} query; yours is {_form(got)} query.",
        )
    if expected.kind == "ask":
        return _compare_booleans(got, expected)
    if expected.kind == "select" and len(got.vars) != len(expected.vars):
        return Check(
            False,
            f"Not yet: your query returns {len(got.vars)} column(s) "
            f"({_columns(got.vars)}); the exercise asks for {len(expected.vars)} "
            f"({_columns(expected.vars)}).",
        )
    return _compare_rows(got, expected)


def _unreadable(exc: QueryError, answer: str, expected: QueryResult) -> Check:
    """Explain why the student's query could not run."""
    if isinstance(exc, UpdateRefused):
        return Check(
            False,
            "Not yet: this is a SPARQL Update, which would change the data; the "
            f"exercise asks for {_form(expected)} query.",
        )
    if not isinstance(exc, QuerySyntaxError):
        return Check(False, f"Not yet: your query could not run: {exc}")
    where = f" at line {exc.line}, column {exc.column}" if exc.line else ""
    missing_prefixes = undeclared_prefixes(answer)
    if missing_prefixes:
        hint = (
            "The prefix(es) "
            + ", ".join(f"'{p}:'" for p in missing_prefixes)
            + " are used but not declared: add a PREFIX line for each."
        )
    else:
        hint = (
            "Look just before that place: every triple pattern ends with '.' (or ';' to "
            "keep the same subject), and brackets and quotes come in pairs."
        )
    detail = re.sub(r"^error at [0-9]+:[0-9]+:\s*", "", exc.message)
    return Check(False, f"Not yet: SPARQL cannot read your query{where} ({detail}). {hint}")


def _compare_booleans(got: QueryResult, expected: QueryResult) -> Check:
    words = {True: "yes (true)", False: "no (false)"}
    if got.boolean == expected.boolean:
        return Check(True, f"Correct! The answer is {words[bool(expected.boolean)]}.")
    return Check(
        False,
        f"Not yet: your query answers {words[bool(got.boolean)]}, but the "
        "graph says otherwise. Is every pattern needed, and spelt right?",
    )


def _compare_rows(got: QueryResult, expected: QueryResult) -> Check:
    wanted = set(_rows(expected))
    if expected.kind == "select":
        order = _best_order(got, expected, wanted)
        got_list = [tuple(row[i] for i in order) for row in got.plain()]
        names = [got.vars[i] for i in order]
    else:
        got_list = _rows(got)
        names = ["subject", "predicate", "object"]
    got_rows = set(got_list)

    if got_rows == wanted:
        message = f"Correct! Your query finds all {len(wanted)} expected row(s) and nothing else."
        repeats = len(got_list) - len(got_rows)
        if repeats > len(_rows(expected)) - len(wanted):
            message += f" It also has {repeats} repeated row(s); SELECT DISTINCT would remove them."
        return Check(True, message)

    missing = frozenset(wanted - got_rows)
    extra = frozenset(got_rows - wanted)
    parts = []
    if missing:
        parts.append(
            f"{len(missing)} of the {len(wanted)} expected row(s) are missing, for "
            f"example {_show_rows(missing)}"
        )
    if extra:
        parts.append(f"{len(extra)} row(s) should not be there, for example {_show_rows(extra)}")
    hints = _hints(got_rows, wanted, names)
    message = "Not yet: " + "; ".join(parts) + "." + ("".join(" " + h for h in hints))
    return Check(False, message, missing, extra)
