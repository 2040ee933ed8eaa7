"""Feedback that teaches (issue 12): `ivig_kg.teaching` on the mistakes students make in
notebook 02, with the notebook's own PREFIXES block and solutions."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from test_notebooks import _tutorial_queries

from ivig_kg.query import run_query
from ivig_kg.teaching import aggregate_hints, check_answer, check_exercise, forget_tries


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    forget_tries()
    yield
    forget_tries()


@pytest.fixture(scope="module")
def prefixes() -> str:
    return _tutorial_queries()["PREFIXES"]


@pytest.fixture(scope="module")
def solution_5() -> str:
    return _tutorial_queries()["solution_5"]


def test_an_alias_in_filter_gets_its_own_hint(prefixes: str, solution_5: str) -> None:
    answer = (
        prefixes
        + """
SELECT ?condition (COUNT(?use) AS ?uses)
WHERE {
  ?use a ivig:Indication ;
       ivig:condition/rdfs:label ?condition .
  FILTER(?uses > 1)
}
GROUP BY ?condition
"""
    )
    message = check_answer(answer, solution_5).message
    assert "?uses is the name your SELECT gives to COUNT(?use)" in message
    assert "FILTER cannot use it" in message and "HAVING (COUNT(?use)" in message
    assert "prefix" not in message.lower(), "not a hint about prefix spelling"


def test_an_alias_in_having_gets_its_own_hint(prefixes: str, solution_5: str) -> None:
    answer = (
        prefixes
        + """
SELECT ?condition (COUNT(?use) AS ?n)
WHERE { ?use a ivig:Indication ; ivig:condition/rdfs:label ?condition . }
GROUP BY ?condition
HAVING (?n > 1)
"""
    )
    message = check_answer(answer, solution_5).message
    assert "?n is the name your SELECT gives to COUNT(?use)" in message
    assert "HAVING cannot use it" in message and "spelling" not in message


def test_a_missing_group_by_is_named(prefixes: str, solution_5: str) -> None:
    answer = (
        prefixes
        + """
SELECT ?condition (COUNT(?use) AS ?uses)
WHERE { ?use a ivig:Indication ; ivig:condition/rdfs:label ?condition . }
"""
    )
    message = check_answer(answer, solution_5).message
    assert "add GROUP BY ?condition" in message
    assert "[" not in message, "no parser character ranges"
    assert aggregate_hints("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == []


def test_a_syntax_error_is_short_and_on_the_students_own_line(prefixes: str) -> None:
    solution = _tutorial_queries()["solution_1"]
    answer = (
        prefixes
        + """
SELECT ?effect
WHERE {
  kg:ivig ivig:hasAdverseEffect ?e
  ?e rdfs:label ?effect .
}
"""
    )
    message = check_answer(answer, solution).message
    own = [line for line in answer.splitlines()[len(prefixes.splitlines()) :] if line.strip()]
    line = own.index("  ?e rdfs:label ?effect .") + 1
    assert f"at line {line} (after the PREFIX lines)" in message
    assert "\u201c?e rdfs:label ?effect .\u201d" in message
    assert not re.search(r"\[[^\]]{6,}\]", message) and len(message) < 400


def test_a_check_before_its_cells_says_which_cell_to_run() -> None:
    first = check_exercise(3, namespace={})
    assert not first and "run the exercise cell above first" in first.message
    queries = _tutorial_queries()
    second = check_exercise(3, namespace={"answer_3": queries["answer_3"]})
    assert not second and "run the folded solution cell above first" in second.message
    # a notebook's cells define module-level names: the check finds them in its caller
    globals().update(answer_3=queries["solution_3"], solution_3=queries["solution_3"])
    try:
        assert check_exercise(3).correct
    finally:
        del globals()["answer_3"], globals()["solution_3"]


def test_counts_say_distinct_rows_and_name_repeats(prefixes: str) -> None:
    solution = _tutorial_queries()["solution_3"]
    distinct = len(set(run_query(solution).plain()))
    shown = len(run_query(solution).plain())
    message = check_answer(solution, solution).message
    assert f"all {distinct} expected distinct row(s)" in message
    if shown > distinct:
        assert f"shows {shown} rows" in message
    distinct_answer = solution.replace("SELECT ?condition", "SELECT DISTINCT ?condition")
    assert "repeat" not in check_answer(distinct_answer, solution).message


def test_the_expected_rows_are_quoted_only_from_the_second_try(prefixes: str) -> None:
    answer, solution = _tutorial_queries()["answer_1"], _tutorial_queries()["solution_1"]
    expected = sorted(v for (v,) in set(run_query(solution).plain()))
    first = check_answer(answer, solution)
    assert not first and not any(name in first.message for name in expected)
    assert "reveal=True" in first.message
    second = check_answer(answer, solution)
    assert "for example" in second.message and any(name in second.message for name in expected)
    forget_tries()
    assert "for example" in check_answer(answer, solution, reveal=True).message
