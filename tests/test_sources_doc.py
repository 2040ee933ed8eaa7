"""docs/sources.md is generated from the graph and kept current."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from ivig_kg import sources_doc

REPO = Path(__file__).resolve().parents[1]
PAGE = REPO / sources_doc.PAGE


def test_committed_page_is_current(graph: Graph) -> None:
    assert PAGE.read_text(encoding="utf-8") == sources_doc.render(graph), (
        "docs/sources.md is stale: run `ivig-kg build` then `python -m ivig_kg.sources_doc`"
    )


def test_page_reports_absence_as_not_found_never_as_not_approved(graph: Graph) -> None:
    text = sources_doc.render(graph)
    assert "| pediatric HIV infection | not found in the labels of this set |" in text
    assert "| dermatomyositis | Octagam 10% | not mentioned by the article |" in text
    assert "not approved" not in text


def test_check_mode_passes_on_the_committed_page() -> None:
    assert sources_doc.main(["--check"]) == 0
