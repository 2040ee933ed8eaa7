"""Notebook 5 (two sources): its exercises are sound, like those of the SPARQL tutorial.

Executing the notebook is nbmake's job (``python -m pytest --nbmake notebooks/05-*.ipynb``); this
file checks each exercise without a kernel: the solution finds the expected rows and the starting
query runs but is not yet correct.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import nbformat
import pytest

from ivig_kg.query import run_query
from ivig_kg.teaching import check_answer

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "05-two-sources.ipynb"
_NAME = re.compile(r"^(PREFIXES|answer_\d+|solution_\d+)$")

#: Exercise -> (number of rows the solution finds, one row it must find).
EXERCISES: dict[int, tuple[int, tuple[str | None, ...]]] = {
    1: (5, ("Gammagard Liquid",)),
    2: (4, ("Privigen", "2017-09")),
    3: (10, ("Privigen",)),
    4: (3, ("pediatric HIV infection",)),
}


@cache
def _queries() -> dict[str, str]:
    """Evaluate the notebook's PREFIXES, answer_N and solution_N assignments, and nothing else."""
    values: dict[str, str] = {}
    notebook = nbformat.read(str(NOTEBOOK), as_version=nbformat.NO_CONVERT)
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for node in ast.parse(cell.source).body:
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                name = node.targets[0].id
                if _NAME.match(name):
                    expression = compile(ast.Expression(node.value), NOTEBOOK.name, "eval")
                    values[name] = eval(expression, {"__builtins__": {}}, dict(values))  # noqa: S307
    return values


def test_the_notebook_has_the_listed_exercises() -> None:
    numbers = {int(name.split("_")[1]) for name in _queries() if name.startswith("solution_")}
    assert numbers == set(EXERCISES)


@pytest.mark.parametrize("number", sorted(EXERCISES))
def test_solution_answers_its_question(number: int) -> None:
    solution = _queries()[f"solution_{number}"]
    rows = set(run_query(solution).plain())
    count, sample = EXERCISES[number]
    assert len(rows) == count and sample in rows
    assert check_answer(solution, solution).correct


@pytest.mark.parametrize("number", sorted(EXERCISES))
def test_starting_query_runs_but_does_not_yet_answer(number: int) -> None:
    answer, solution = _queries()[f"answer_{number}"], _queries()[f"solution_{number}"]
    run_query(answer)
    check = check_answer(answer, solution)
    assert not check.correct and check.message.startswith("Not yet:")
