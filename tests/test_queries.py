"""Competency questions: every shipped query runs, and each answer equals its checked expectation.

The expectations in tests/expected/<query>.json were checked row by row against data/ when they
were written. When data/ changes on purpose, re-check the affected rows and edit the file; the
failure message lists the rows that appeared and disappeared.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from ivig_kg import paths
from ivig_kg.pipeline import BuildResult
from ivig_kg.query import (
    QueryResult,
    Store,
    open_store,
    plain_value,
    read_query_file,
    run_query,
)

EXPECTED_DIR = Path(__file__).parent / "expected"
CQ_FILES = sorted(paths.QUERIES_DIR.glob("cq-*.rq"))
QC_FILES = sorted(paths.QC_DIR.glob("*.rq"))
ALL_FILES = CQ_FILES + QC_FILES


def _ids(files: list[Path]) -> list[str]:
    return [p.name for p in files]


@pytest.fixture(scope="module")
def store(graph: Graph) -> Store:
    """The default store holding the graph that the session build validated."""
    return open_store(graph)


def _rdflib_answer(graph: Graph, text: str) -> tuple[str, list[str], bool | None, set[tuple]]:
    """Answer with rdflib's own engine (the cross-check): kind, vars, boolean, plain rows."""
    import pyoxigraph as ox
    from rdflib import Literal

    def plain(term: object) -> str | None:
        if isinstance(term, Literal):
            datatype = ox.NamedNode(str(term.datatype)) if term.datatype else None
            lang = term.language
            return plain_value(ox.Literal(str(term), datatype=datatype, language=lang))
        return None if term is None else str(term)

    answer = graph.query(text)
    if answer.type == "ASK":
        return "ask", [], bool(answer.askAnswer), set()
    if answer.type in {"CONSTRUCT", "DESCRIBE"}:
        return "graph", [], None, {tuple(plain(t) for t in triple) for triple in answer.graph or ()}
    names = [str(v) for v in answer.vars or ()]
    return "select", names, None, {tuple(plain(v) for v in row) for row in answer}  # type: ignore[union-attr]


def _expected(path: Path) -> dict:
    file = EXPECTED_DIR / f"{path.stem}.json"
    assert file.exists(), (
        f"no expected answer for {path.name}: write {file} after checking it by hand"
    )
    return json.loads(file.read_text(encoding="utf-8"))


def _triples(result: QueryResult) -> set[str]:
    assert result.kind == "graph"
    return {line for line in result.to_rdflib().serialize(format="nt").splitlines() if line.strip()}


# ----------------------------------------------------------------------------- the files


def test_there_are_at_least_25_competency_questions() -> None:
    assert len(CQ_FILES) >= 25


def test_competency_questions_are_numbered_from_01_without_gaps() -> None:
    numbers = [int(re.match(r"cq-(\d\d)-[a-z0-9]+(-[a-z0-9]+)*\.rq$", p.name)[1]) for p in CQ_FILES]  # type: ignore[index]
    assert numbers == list(range(1, len(CQ_FILES) + 1))


@pytest.mark.parametrize("path", ALL_FILES, ids=_ids(ALL_FILES))
def test_query_file_has_headers_prefixes_and_order(path: Path) -> None:
    import pyoxigraph

    summary, tags, text = read_query_file(path)
    assert len(summary) > 20, "a `#+ summary:` header says the question in plain English"
    assert tags, "a `#+ tags:` header is required"
    # Oxigraph knows no prefixes by itself: parsing proves that every prefix is declared.
    pyoxigraph.Store().query(text)
    if re.search(r"^\s*SELECT\b", text, re.MULTILINE | re.IGNORECASE):
        assert re.search(r"\bORDER\s+BY\b", text, re.IGNORECASE), (
            "SELECT queries need a stable ORDER BY"
        )


def test_queries_readme_lists_every_competency_question() -> None:
    readme = (paths.QUERIES_DIR / "README.md").read_text(encoding="utf-8")
    missing = [p.name for p in CQ_FILES if p.name not in readme]
    assert not missing, f"queries/README.md does not list {missing}"


def test_every_expectation_belongs_to_a_query() -> None:
    stems = {p.stem for p in CQ_FILES}
    assert sorted(f.stem for f in EXPECTED_DIR.glob("*.json") if f.stem not in stems) == []


# ----------------------------------------------------------------------------- the answers


@pytest.mark.parametrize("path", ALL_FILES, ids=_ids(ALL_FILES))
def test_every_shipped_query_runs_on_the_built_graph(path: Path, store: Store) -> None:
    result = store.query(read_query_file(path).text)
    assert result.kind in {"select", "ask", "graph"}
    if path.parent == paths.QC_DIR:
        assert result.rows == [], f"QC query {path.name} found problems: {result.plain()}"


@pytest.mark.parametrize("path", CQ_FILES, ids=_ids(CQ_FILES))
def test_answer_equals_the_checked_expectation(path: Path, store: Store) -> None:
    expected = _expected(path)
    result = store.query(read_query_file(path).text)
    form = expected["form"]
    if form == "ask":
        assert result.kind == "ask"
        assert result.boolean is expected["boolean"]
        return
    if form == "construct":
        assert result.kind == "graph"
        assert len(result) > 0
        got = _triples(result)
        want = set(expected["triples"])
        assert got == want, f"\nunexpected: {sorted(got - want)}\nmissing: {sorted(want - got)}"
        assert isomorphic(result.to_rdflib(), Graph().parse(data="\n".join(want), format="nt"))
        return
    assert result.kind == "select"
    assert result.vars == expected["vars"]
    got_rows = result.plain()
    want_rows = [tuple(row) for row in expected["rows"]]
    assert len(set(got_rows)) == len(got_rows), "duplicate rows: add DISTINCT or fix the query"
    unexpected = sorted(set(got_rows) - set(want_rows), key=str)
    missing = sorted(set(want_rows) - set(got_rows), key=str)
    assert not unexpected and not missing, (
        f"\nunexpected rows: {unexpected}\nmissing rows: {missing}"
    )
    if not expected.get("allow_empty", False):
        assert got_rows, f"{path.name} returned no rows and its expectation does not allow that"


@pytest.mark.parametrize("path", CQ_FILES, ids=_ids(CQ_FILES))
def test_rdflib_engine_gives_the_same_answer(path: Path, store: Store, graph: Graph) -> None:
    """rdflib's engine cross-checks Oxigraph on every question (numbers by value: "2.0" = "2")."""
    text = read_query_file(path).text
    first = store.query(text)
    kind, names, boolean, rows = _rdflib_answer(graph, text)
    assert first.kind == kind
    assert first.vars == names
    assert first.boolean == boolean
    assert set(first.plain()) == rows


def test_counts_per_class_equal_the_build_summary(build_result: BuildResult, store: Store) -> None:
    result = store.query(read_query_file(paths.QUERIES_DIR / "cq-24-counts-per-class.rq").text)
    assert {row[0]: int(row[2]) for row in result.plain()} == build_result.class_counts  # type: ignore[arg-type]


def test_fda_approvals_match_the_six_the_article_announces(store: Store) -> None:
    result = store.query(
        read_query_file(paths.QUERIES_DIR / "cq-01-fda-approved-indications.rq").text
    )
    assert len({row[0] for row in result.plain()}) == 6


# ----------------------------------------------------------------------------- the Python API


def test_read_query_file_returns_summary_tags_and_text() -> None:
    summary, tags, text = read_query_file(paths.QUERIES_DIR / "cq-07-neuropathies.rq")
    assert summary.startswith("Which conditions in the graph are neuropathies")
    assert tags == ("conditions", "hierarchy", "neurology")
    assert "ivig:Neuropathy" in text


def test_read_query_file_of_a_missing_file_raises() -> None:
    with pytest.raises(FileNotFoundError):
        read_query_file(paths.QUERIES_DIR / "no-such-query.rq")


def test_run_query_on_the_default_store_builds_from_data() -> None:
    result = run_query("PREFIX kg: <https://w3id.org/ivig-kg/id/> ASK { kg:ivig ?p ?o }")
    assert result.kind == "ask" and result.boolean is True


def test_rows_are_oxigraph_terms_and_plain_gives_strings(store: Store) -> None:
    import pyoxigraph as ox

    from ivig_kg.query import python_value

    result = store.query(
        "PREFIX ivig: <https://w3id.org/ivig-kg/ontology/> PREFIX kg: <https://w3id.org/ivig-kg/id/> "
        "SELECT ?q ?v ?h WHERE { ?q ivig:value ?v . OPTIONAL { ?q ivig:hedge ?h } "
        "FILTER(?q = <https://w3id.org/ivig-kg/id/ind-aha-kawasaki-disease/preferred-latest-start>) }"
    )
    ((quantity, value, hedge),) = result.rows
    assert isinstance(quantity, ox.NamedNode)
    assert isinstance(value, ox.Literal) and python_value(value) == 10
    assert hedge == ox.Literal("preferably", language="en")
    assert result.plain() == [(quantity.value, "10", "preferably")]


def test_to_dataframe_has_one_column_per_variable(store: Store) -> None:
    pytest.importorskip("pandas")
    result = store.query(
        read_query_file(paths.QUERIES_DIR / "cq-19-statements-per-reference.rq").text
    )
    frame = result.to_dataframe()
    assert list(frame.columns) == result.vars
    assert frame["statements"].sum() == sum(int(r[1]) for r in result.plain())  # type: ignore[arg-type]
    assert store.query("ASK {}").to_dataframe()["boolean"].tolist() == [True]


@pytest.mark.parametrize(
    ("lexical", "datatype", "plain"),
    [
        ("2.0", "decimal", "2"),
        ("10.50", "decimal", "10.5"),
        ("100", "decimal", "100"),
        ("007", "integer", "7"),
        ("true", "boolean", "true"),
        ("x", "string", "x"),
    ],
)
def test_plain_value_puts_numbers_in_canonical_form(
    lexical: str, datatype: str, plain: str
) -> None:
    import pyoxigraph as ox

    xsd = ox.NamedNode(f"http://www.w3.org/2001/XMLSchema#{datatype}")
    assert plain_value(ox.Literal(lexical, datatype=xsd)) == plain
