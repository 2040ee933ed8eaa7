"""Issue 11, part 2: the US labeling set as a second source, kept apart from the article.

The shared labeling set has 37 product x labeled-indication rows over 19 products and 14
class-wide rows; every one is in the graph with its document, pages, kind of page and grade
(the numbers are stated here because tests never read the shared folder).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph

from ivig_kg.load import load_curation
from ivig_kg.schema import (
    AdverseEffect,
    ClassFact,
    Finding,
    Grade,
    Indication,
    LabeledIndication,
    LabelingSource,
    Mechanism,
    Product,
    Recommendation,
)
from tests.test_facts import ask, select, the_one

REPO = Path(__file__).resolve().parents[1]
CURATION = load_curation(REPO / "data")
KG = "https://w3id.org/ivig-kg/id/"

#: Rows of labeled-indications.tsv per product, as the shared set has them (37 in all).
ROWS_PER_PRODUCT = {
    "alyglo": 1,
    "asceniv": 1,
    "bivigam": 1,
    "carimune-nf": 2,
    "flebogamma-10-dif": 2,
    "flebogamma-5-dif": 1,
    "gammagard-liquid": 3,
    "gammagard-liquid-erc": 1,
    "gammagard-s-d": 4,
    "gammaked": 3,
    "gammaplex-10": 2,
    "gammaplex-5": 2,
    "gamunex-c": 3,
    "octagam-10": 2,
    "octagam-5": 1,
    "panzyga": 3,
    "privigen": 3,
    "qivigy": 1,
    "yimmugo": 1,
}
#: Ids of class-labeling.tsv, each the record cl-<id> (14 in all).
CLASS_ROWS = [
    "thrombosis-box",
    "thrombosis-no-risk-factor",
    "thrombosis-risk-factors",
    "thrombosis-mitigation",
    "thrombosis-2002-alert",
    "renal-box",
    "renal-risk-factors",
    "renal-mitigation",
    "sucrose-carimune",
    "sucrose-free",
    "ci-hypersensitivity",
    "ci-iga-deficiency",
    "ci-hyperprolinemia",
    "ci-corn",
]
#: Rows graded SECONDARY in the shared files.
SECONDARY_INDICATIONS = {
    "li-octagam-5-phi",
    "li-gammagard-liquid-erc-phi",
    "li-carimune-nf-pi",
    "li-carimune-nf-itp",
    "li-yimmugo-phi",
    "li-qivigy-phi",
}
SECONDARY_CLASS = {"cl-ci-hyperprolinemia", "cl-ci-corn"}


# --------------------------------------------------------------------------- every row, counted


def test_every_labeled_indication_row_is_a_record() -> None:
    records = CURATION.of_kind(LabeledIndication)
    assert sum(ROWS_PER_PRODUCT.values()) == len(records) == 37
    label_product = {d.id: d.product for d in CURATION.of_kind(LabelingSource)}
    assert Counter(label_product[r.label] for r in records) == ROWS_PER_PRODUCT
    assert len(CURATION.of_kind(Product)) == len(ROWS_PER_PRODUCT) == 19


def test_every_class_row_is_a_record() -> None:
    assert sorted(r.id for r in CURATION.of_kind(ClassFact)) == sorted(
        f"cl-{row}" for row in CLASS_ROWS
    )
    assert len(CLASS_ROWS) == 14


def test_counts_per_source_and_grade_in_the_graph(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?grade (COUNT(DISTINCT ?f) AS ?n) { ?f ivig:evidenceGrade ?grade ;
        a/rdfs:subClassOf* ivig:LabelingAssertion ; dcterms:source/dcterms:isPartOf kg:us-labeling }
        GROUP BY ?grade""",
    )
    counts = {str(g).rsplit("/", 1)[1]: int(n) for g, n in rows}
    assert counts == {"Verified": 31 + 12, "Secondary": 6 + 2}
    (article,) = the_one(
        graph,
        "SELECT (COUNT(DISTINCT ?a) AS ?n) { ?a dcterms:source kg:ivig-article ; a/rdfs:subClassOf* ivig:Assertion }",
    )
    kinds = (Indication, Mechanism, AdverseEffect, Recommendation, Finding)
    assert int(article) == sum(len(CURATION.of_kind(kind)) for kind in kinds) == 61


@pytest.mark.parametrize("record", CURATION.of_kind(LabeledIndication), ids=lambda r: r.id)
def test_labeled_indication_has_its_provenance_and_grade(graph: Graph, record) -> None:  # noqa: ANN001
    node = f"<{KG}{record.id}>"
    assert ask(
        graph,
        f"""{node} a ivig:LabeledIndication ; dcterms:source kg:{record.label} ;
        ivig:product ?p ; ivig:readOn ?page ; ivig:sourceType ?t ; ivig:evidenceGrade ?g .
        kg:{record.label} dcterms:isPartOf kg:us-labeling ; ivig:labelOf ?p .""",
    )
    expected = "Secondary" if record.id in SECONDARY_INDICATIONS else "Verified"
    assert ask(graph, f"{node} ivig:evidenceGrade ivig:{expected} .")


@pytest.mark.parametrize("record", CURATION.of_kind(ClassFact), ids=lambda r: r.id)
def test_class_fact_has_its_provenance_and_grade(graph: Graph, record) -> None:  # noqa: ANN001
    node = f"<{KG}{record.id}>"
    assert ask(
        graph,
        f"""{node} a ?kind ; dcterms:source ?doc ; ivig:appliesTo ?what ;
        ivig:readOn ?page ; ivig:sourceType ?t ; ivig:evidenceGrade ?g .
        ?doc dcterms:isPartOf kg:us-labeling .""",
    )
    expected = Grade.SECONDARY if record.id in SECONDARY_CLASS else Grade.VERIFIED
    assert record.grade is expected


# --------------------------------------------------------------------------- sources kept apart


def test_every_article_assertion_cites_only_the_article(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?a ?source { VALUES ?k { ivig:Indication ivig:MechanismOfAction
        ivig:AdverseEffectAssociation ivig:Recommendation ivig:Finding }
        ?a a ?k ; dcterms:source ?source . FILTER(?source != kg:ivig-article) }""",
    )
    assert rows == []
    assert not ask(graph, "?a dcterms:source kg:ivig-article ; ivig:evidenceGrade ?g .")
    assert not ask(graph, "?a a ivig:LabeledIndication . ?a a ivig:Indication .")


def test_labeling_never_adds_a_shortcut(graph: Graph) -> None:
    """The shortcuts read article statements only: no product treats anything."""
    assert not ask(graph, "?p a ivig:DrugProduct ; ivig:treats|ivig:prevents ?c .")
    assert not ask(graph, "kg:ivig ivig:treats kg:dermatomyositis .")


def test_the_article_still_lists_exactly_six_fda_approvals(graph: Graph) -> None:
    (count,) = the_one(
        graph,
        "SELECT (COUNT(DISTINCT ?i) AS ?n) { ?i a ivig:Indication ; ivig:useStatus ivig:FDAApproved }",
    )
    assert int(count) == 6


# --------------------------------------------------------------------------- parts and grades


def test_a_secondary_age_limit_of_a_verified_row_has_its_own_grade(graph: Graph) -> None:
    assert ask(
        graph,
        """kg:li-privigen-chronic-itp ivig:evidenceGrade ivig:Verified ;
        ivig:ageLimit [ ivig:evidenceGrade ivig:Secondary ; ivig:minAge [ ivig:value 15.0 ; ivig:unit ivig:Year ] ] .""",
    )


def test_secondary_indication_history_is_graded(graph: Graph) -> None:
    assert ask(
        graph,
        """kg:li-privigen-cidp ivig:evidenceGrade ivig:Verified ;
        ivig:indicationHistory [ ivig:evidenceGrade ivig:Secondary ; ivig:eventDate ?d ] .""",
    )


def test_further_products_of_a_verified_fact_are_graded_apart(graph: Graph) -> None:
    assert ask(
        graph,
        """kg:cl-sucrose-free ivig:evidenceGrade ivig:Verified ; ivig:containsIngredient false ;
        ivig:alsoAppliesTo [ ivig:appliesTo kg:octagam-5, kg:gammaked ; ivig:evidenceGrade ivig:Secondary ] .""",
    )


def test_secondary_facts_can_be_filtered_out(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT DISTINCT ?p { ?li a ivig:LabeledIndication ; ivig:product ?p ;
        ivig:condition kg:primary-humoral-immunodeficiency .
        FILTER NOT EXISTS { ?li ivig:evidenceGrade ivig:Secondary } }""",
    )
    names = {str(r[0]).removeprefix(KG) for r in rows}
    assert "qivigy" not in names and "privigen" in names and len(names) == 10


def test_product_approval_years_keep_their_grade(graph: Graph) -> None:
    assert ask(
        graph,
        "kg:yimmugo ivig:initialUSApproval [ ivig:eventDate ?d ; ivig:evidenceGrade ivig:Secondary ] .",
    )
    assert ask(
        graph,
        "kg:privigen ivig:initialUSApproval [ ivig:evidenceGrade ivig:Verified ] ; ivig:productOf kg:ivig .",
    )
    assert ask(
        graph, "kg:carimune-nf ivig:initialUSApproval [ ivig:readingStatus ivig:NotVerified ] ."
    )


# --------------------------------------------------------------------------- correspondences


def test_same_narrower_and_related_conditions_are_data(graph: Graph) -> None:
    assert ask(graph, "kg:li-gammagard-s-d-kawasaki ivig:condition kg:kawasaki-disease .")
    assert ask(
        graph,
        "kg:chronic-immune-thrombocytopenic-purpura skos:broader kg:immune-thrombocytopenic-purpura .",
    )
    assert ask(
        graph, "kg:primary-humoral-immunodeficiency skos:broader kg:primary-immunodeficiency ."
    )
    assert ask(
        graph,
        "kg:li-gammagard-s-d-cll-infection ivig:population/skos:related kg:secondary-immunodeficiency .",
    )
    assert not ask(
        graph, "?li a ivig:LabeledIndication ; ivig:condition kg:secondary-immunodeficiency ."
    )


def test_absent_conditions_are_not_called_unapproved(graph: Graph) -> None:
    text = (REPO / "queries" / "cq-35-fda-approvals-in-current-labels.rq").read_text()
    assert "not found in the labels of this set" in text and "not approved" not in text
