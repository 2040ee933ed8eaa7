"""docs/vocabulary.md: current, complete, with real examples and the right query cross-references."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from ivig_kg import paths
from ivig_kg.prefixes import CONVERTER, compress
from ivig_kg.vocabulary import (
    REGENERATE,
    check_vocabulary,
    question_index,
    render_vocabulary,
    vocabulary_terms,
)

REPO = Path(__file__).resolve().parents[1]
PAGE = REPO / "docs" / "vocabulary.md"
TERMS = vocabulary_terms(Graph().parse(paths.ONTOLOGY_FILE, format="turtle"))
CLASSES = [term for term, kind in TERMS if kind == "class"]
PROPERTIES = [term for term, kind in TERMS if kind != "class"]
IDS = [compress(term) for term, _ in TERMS]


@pytest.fixture(scope="module")
def rendered(graph: Graph) -> str:
    return render_vocabulary(graph, paths.ONTOLOGY_FILE, paths.SHAPES_FILE, paths.QUERIES_DIR)


@pytest.fixture(scope="module")
def sections(rendered: str) -> dict[str, str]:
    """Map each term's CURIE to its section of the page, heading included."""
    found: dict[str, str] = {}
    for part in re.split(r"^### ", rendered, flags=re.MULTILINE)[1:]:
        match = re.match(r"`(ivig:\w+)` \(", part)
        if match:
            assert match.group(1) not in found, f"{match.group(1)} has two sections"
            found[match.group(1)] = part
    return found


def field(section: str, name: str) -> str:
    """Return the text of one '- **Name:** text' line of a section."""
    match = re.search(rf"^- \*\*{name}:\*\* (.*)$", section, flags=re.MULTILINE)
    assert match, f"no '{name}' line in:\n{section}"
    return match.group(1)


def questions_of(section: str) -> set[str]:
    return set(re.findall(r"\[(cq-[^\]]+\.rq)\]", field(section, "Competency questions")))


def test_ontology_has_terms() -> None:
    assert len(CLASSES) >= 40
    assert len(PROPERTIES) >= 50


def test_committed_page_is_current(rendered: str) -> None:
    assert PAGE.is_file(), f"docs/vocabulary.md is missing; run `{REGENERATE}` to write it"
    assert PAGE.read_text(encoding="utf-8") == rendered, (
        f"docs/vocabulary.md is out of date; run `{REGENERATE}` to regenerate it"
    )


def test_rendering_is_deterministic(graph: Graph, rendered: str) -> None:
    again = render_vocabulary(graph, paths.ONTOLOGY_FILE, paths.SHAPES_FILE, paths.QUERIES_DIR)
    assert again == rendered


def test_page_counts(sections: dict[str, str]) -> None:
    classes = [s for s in sections.values() if s.split("\n", 1)[0].endswith("(class)")]
    properties = [s for s in sections.values() if s.split("\n", 1)[0].endswith("property)")]
    assert len(classes) == len(CLASSES) >= 40
    assert len(properties) == len(PROPERTIES) >= 50


@pytest.mark.parametrize(("term", "kind"), TERMS, ids=IDS)
def test_term_is_described(term: URIRef, kind: str, sections: dict[str, str]) -> None:
    curie = compress(term)
    assert curie in sections, f"{curie} is missing from the page; run `{REGENERATE}`"
    section = sections[curie]
    assert section.startswith(f"`{curie}` ({kind})")
    assert field(section, "Label") != "none"
    assert field(section, "Definition") != "none"
    assert field(section, "Kind") == kind


def expand(token: str) -> URIRef:
    return URIRef(CONVERTER.expand_strict(token))


@pytest.mark.parametrize(("term", "kind"), TERMS, ids=IDS)
def test_used_term_has_example_from_graph(
    term: URIRef, kind: str, graph: Graph, sections: dict[str, str]
) -> None:
    example = field(sections[compress(term)], "Example")
    used = (None, RDF.type, term) in graph if kind == "class" else (None, term, None) in graph
    if not used:
        return
    match = re.match(r"`(\S+) (\S+) (.+)`$", example)
    assert match, f"{compress(term)} is used in the graph but has no example: {example}"
    subject, predicate, obj = match.groups()
    if kind == "class":
        assert predicate == "a" and obj == compress(term)
        assert (expand(subject), RDF.type, term) in graph
    else:
        assert predicate == compress(term)
        assert (expand(subject), term, None) in graph


def test_contents_links_resolve(rendered: str) -> None:
    headings = re.findall(r"^### (`ivig:\w+` \([a-z ]+\))$", rendered, flags=re.MULTILINE)
    anchors = [re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings]
    assert len(anchors) == len(set(anchors)) == len(TERMS)
    links = re.findall(r"^- \[`ivig:\w+`\]\(#([^)]+)\)", rendered, flags=re.MULTILINE)
    assert sorted(links) == sorted(anchors)


def test_questions_cross_references(sections: dict[str, str]) -> None:
    assert "cq-01-fda-approved-indications.rq" in questions_of(sections["ivig:useStatus"])
    assert questions_of(sections["ivig:approvedBy"]) == {"cq-01-fda-approved-indications.rq"}
    assert questions_of(sections["ivig:hasStep"]) == {
        "cq-14-mechanisms.rq",
        "cq-15-mechanism-cells-molecules.rq",
    }
    assert "cq-01-fda-approved-indications.rq" not in questions_of(sections["ivig:hasStep"])
    member = re.search(r"^  - `ivig:FDAApproved` .*$", sections["ivig:UseStatus"], re.MULTILINE)
    assert member and "cq-01-fda-approved-indications.rq" in member.group()


def test_question_index_reads_iris_and_ignores_comments(tmp_path: Path) -> None:
    ns = "https://w3id.org/ivig-kg/ontology/"
    (tmp_path / "cq-99-test.rq").write_text(
        f"# ivig:hasStep is only named in this comment\n"
        f"PREFIX v: <{ns}>\n"
        f"PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        f"SELECT ?x WHERE {{ ?x v:drug ?d ; <{ns}useStatus> ?s . "
        f'?d rdfs:label "ivig:effect" }}  # ivig:about\n',
        encoding="utf-8",
    )
    (tmp_path / "qc-not-a-question.rq").write_text(f"ASK {{ ?x <{ns}about> ?y }}\n")
    index = question_index(tmp_path)
    assert set(index) == {ns + "drug", ns + "useStatus"}
    assert index[ns + "drug"] == ["cq-99-test.rq"]


def test_check_vocabulary_writes_then_passes(tmp_path: Path) -> None:
    page = tmp_path / "vocabulary.md"
    assert not check_vocabulary(page)
    assert not page.exists()
    assert not check_vocabulary(page, fix=True)
    assert check_vocabulary(page)
    assert page.read_text(encoding="utf-8") == PAGE.read_text(encoding="utf-8")
