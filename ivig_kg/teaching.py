"""Exercise checks for the student notebooks (notebooks/02-sparql-tutorial.ipynb).

    check_answer(answer, solution) -> Check     # "Correct! ..." or "Not yet: ..."
    check_exercise(1) -> Check                  # answer_1 against solution_1 of the notebook

The student's query and the reference solution are both run on the same store and their answers
compared as **sets of rows** of plain values (see :meth:`ivig_kg.query.QueryResult.plain`), so
what counts is what the query finds, not how it is written: variable names, the order of the
columns, the order of the rows and repeated rows do not matter; ``"Kawasaki disease"@en`` and
``STR(...)`` of it are the same value, and so are ``2`` and ``2.0``.

A student's mistake never raises: a syntax error, an update or a wrong answer comes back as a
:class:`Check` whose message says what to look at, so a notebook always runs top to bottom. A
broken *solution* does raise, because that is the teacher's bug.

Feedback teaches rather than tells: common aggregate mistakes (a SELECT alias used in FILTER
or HAVING, a count without GROUP BY) get their own hint; a syntax error names the line of the
student's own query (after the PREFIX lines) and quotes it; counts are of distinct rows; and
the expected rows are quoted only from the second wrong try of an exercise on, or on request
(``reveal=True``).
"""

from __future__ import annotations

import inspect
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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
#: Wrong tries of each exercise so far (by solution text): the expected rows are quoted from
#: the second one on.
_TRIES: Counter[str] = Counter()


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


_AGGREGATE = re.compile(
    r"\(\s*((?:COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT)\s*\((?:[^()]|\([^()]*\))*\))"
    r"\s+AS\s+\?(\w+)\s*\)",
    re.IGNORECASE,
)
_FILTER_OR_HAVING = re.compile(r"\b(FILTER|HAVING)\s*\(((?:[^()]|\([^()]*\))*)\)", re.I)


def aggregate_hints(text: str) -> list[str]:
    """Return hints for the usual mistakes with aggregates in the query `text`: a name given
    to an aggregate with AS used in FILTER or HAVING, and an aggregate without GROUP BY next
    to plain variables."""
    bare = _NOT_NAMES.sub(" ", text)
    aliases = {name: expression for expression, name in _AGGREGATE.findall(bare)}
    hints = []
    for keyword, condition in _FILTER_OR_HAVING.findall(bare):
        for name in re.findall(r"\?(\w+)", condition):
            if name in aliases:
                hints.append(
                    f"?{name} is the name your SELECT gives to {aliases[name]}; that name exists "
                    f"only in the results, so {keyword.upper()} cannot use it (there it is "
                    f"unbound, and every row is dropped). Write the aggregate itself instead: "
                    f"HAVING ({aliases[name]} ...) after GROUP BY."
                )
                break
    head = re.split(r"\bWHERE\b|\{", bare, maxsplit=1, flags=re.IGNORECASE)[0]
    plain = re.findall(r"(?<![\w(])\?(\w+)", _AGGREGATE.sub(" ", head))
    if aliases and plain and not re.search(r"\bGROUP\s+BY\b", bare, re.IGNORECASE):
        names = " ".join(f"?{v}" for v in plain)
        hints.append(
            f"Your SELECT counts or sums, and also shows {names}: add GROUP BY {names} after "
            "the closing brace of WHERE, so there is one result per group."
        )
    return hints


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


def check_exercise(
    number: int,
    *,
    namespace: Mapping[str, Any] | None = None,
    store: Store | None = None,
    reveal: bool | None = None,
) -> Check:
    """Check exercise `number` of a notebook: ``answer_<number>`` against ``solution_<number>``.

    The two are looked up in `namespace`, by default the notebook's own (the caller's globals),
    so a check run before its cells says which cell to run instead of raising NameError.
    """
    found = namespace if namespace is not None else _caller_globals()
    answer, solution = found.get(f"answer_{number}"), found.get(f"solution_{number}")
    if not isinstance(answer, str):
        return Check(
            False,
            f"Not yet: run the exercise cell above first (answer_{number} is not defined yet).",
        )
    if not isinstance(solution, str):
        return Check(
            False,
            f"Not yet: run the folded solution cell above first (solution_{number} is not "
            "defined yet). You do not need to unfold it: select it and press Shift+Enter.",
        )
    return check_answer(answer, solution, store=store, reveal=reveal)


def _caller_globals() -> Mapping[str, Any]:
    frame = inspect.currentframe()
    caller = frame.f_back.f_back if frame and frame.f_back else None
    return caller.f_globals if caller is not None else {}


def check_answer(
    answer: str, solution: str, *, store: Store | None = None, reveal: bool | None = None
) -> Check:
    """Run the student's `answer` and the reference `solution` and compare what they find.

    SELECT answers are compared as sets of distinct rows (column order, variable names, row
    order and repeats do not matter), ASK answers by their yes/no, CONSTRUCT answers as sets
    of triples. store: the store both run on; None uses the default store (the packaged graph).
    reveal: quote expected rows that are missing; None does so from the second wrong try of
    the same exercise on. Raises QueryError only when the solution itself cannot run.
    """
    check = _check(answer, solution, store=store, reveal=reveal)
    if check.correct:
        _TRIES.pop(solution, None)
    else:
        _TRIES[solution] += 1
    return check


def forget_tries() -> None:
    """Start counting wrong tries afresh (a new lesson, or a test)."""
    _TRIES.clear()


def _check(answer: str, solution: str, *, store: Store | None, reveal: bool | None) -> Check:
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
    show = reveal if reveal is not None else _TRIES[solution] >= 1
    return _compare_rows(got, expected, answer, reveal=show)


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
    where = _where(exc, answer)
    missing_prefixes = undeclared_prefixes(answer)
    hints = aggregate_hints(answer)
    if missing_prefixes:
        hint = (
            "The prefix(es) "
            + ", ".join(f"'{p}:'" for p in missing_prefixes)
            + " are used but not declared: add a PREFIX line for each."
        )
    elif hints:  # the parser's words would mislead here: say what is wrong instead
        return Check(False, "Not yet: SPARQL cannot run your query. " + " ".join(hints))
    else:
        hint = (
            "Look just before that place: every triple pattern ends with '.' (or ';' to "
            "keep the same subject), and brackets and quotes come in pairs."
        )
    return Check(False, f"Not yet: SPARQL cannot read your query{where}{_detail(exc)}. {hint}")


def _prefix_lines(text: str) -> int:
    """How many lines the PREFIX block at the start of a query takes (blank lines included)."""
    count = 0
    for line in text.splitlines():
        if line.strip() and not re.match(r"\s*(PREFIX|BASE)\b", line, re.IGNORECASE):
            break
        count += 1
    return count


def _where(exc: QuerySyntaxError, answer: str) -> str:
    """Say where the error is, on the student's own lines (after the PREFIX block), quoted."""
    if not exc.line:
        return ""
    lines = answer.splitlines()
    offset = _prefix_lines(answer)
    if exc.line <= offset:
        return f" in its PREFIX lines (line {exc.line})"
    text = lines[exc.line - 1].strip() if exc.line <= len(lines) else ""
    quoted = f": \u201c{text[:CUT]}\u201d" if text else ""
    return f" at line {exc.line - offset} (after the PREFIX lines), column {exc.column}{quoted}"


def _detail(exc: QuerySyntaxError) -> str:
    """The parser's own words, short: no position, no lists of character ranges."""
    detail = re.sub(r"^error at [0-9]+:[0-9]+:\s*", "", exc.message)
    detail = re.sub(r"\[[^\]]{6,}\]", "", detail)  # character classes such as [A-Za-z...]
    detail = re.sub(r"\s*,\s*(,\s*)+", ", ", detail).strip(" ,")
    if "expected one of" in detail:
        items = [i.strip() for i in detail.split("expected one of", 1)[1].split(",") if i.strip()]
        detail = "expected " + " or ".join(items[:3]) + (" or \u2026" if len(items) > 3 else "")
    return f" ({detail})" if detail and len(detail) <= 120 else ""


def _compare_booleans(got: QueryResult, expected: QueryResult) -> Check:
    words = {True: "yes (true)", False: "no (false)"}
    if got.boolean == expected.boolean:
        return Check(True, f"Correct! The answer is {words[bool(expected.boolean)]}.")
    return Check(
        False,
        f"Not yet: your query answers {words[bool(got.boolean)]}, but the "
        "graph says otherwise. Is every pattern needed, and spelt right?",
    )


def _compare_rows(got: QueryResult, expected: QueryResult, answer: str, *, reveal: bool) -> Check:
    wanted = set(_rows(expected))
    if expected.kind == "select":
        order = _best_order(got, expected, wanted)
        got_list = [tuple(row[i] for i in order) for row in got.plain()]
        names = [got.vars[i] for i in order]
    else:
        got_list = _rows(got)
        names = ["subject", "predicate", "object"]
    got_rows = set(got_list)
    repeats = len(got_list) - len(got_rows)

    if got_rows == wanted:
        message = (
            f"Correct! Your query finds all {len(wanted)} expected distinct row(s) and "
            "nothing else."
        )
        if repeats:
            message += (
                f" Your table shows {len(got_list)} rows because {repeats} repeat others; "
                "repeats are not counted"
                + (
                    "."
                    if len(_rows(expected)) > len(wanted)
                    else ", and SELECT DISTINCT would remove them."
                )
            )
        return Check(True, message)

    missing = frozenset(wanted - got_rows)
    extra = frozenset(got_rows - wanted)
    parts = []
    if missing:
        part = f"{len(missing)} of the {len(wanted)} expected distinct row(s) are missing"
        if reveal:
            part += f", for example {_show_rows(missing)}"
        parts.append(part)
    if extra:
        parts.append(f"{len(extra)} row(s) should not be there, for example {_show_rows(extra)}")
    hints = aggregate_hints(answer) or _hints(got_rows, wanted, names)
    message = "Not yet: " + "; ".join(parts) + "." + "".join(" " + h for h in hints)
    if missing and not reveal:
        message += (
            " Run the check again after your next change to see examples of missing rows, "
            "or ask for them now with reveal=True."
        )
    return Check(False, message, missing, extra)
