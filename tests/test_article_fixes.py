"""Issue 11, part 1: what a close reading of the article found, each point a test.

Every test here fails on the data before the fix: a record that said more than the article
(a denominator, a purpose, a frequency, an established mechanism, a closed list), a hedge kept
only as text, a record bundling several facts, a mapping stronger than its meaning, or disease
categories chosen by hand.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from ivig_kg import paths
from ivig_kg.datafile import DataError
from ivig_kg.load import load_curation
from ivig_kg.schema import Category, Entity, EntityType, Indication
from tests.test_facts import ask, select, the_one

REPO = Path(__file__).resolve().parents[1]
CURATION = load_curation(REPO / "data")
KG = "https://w3id.org/ivig-kg/id/"
IVIG = "https://w3id.org/ivig-kg/ontology/"


def statement(graph: Graph, record_id: str) -> str:
    (text,) = the_one(graph, f"SELECT ?s {{ kg:{record_id} ivig:statement ?s }}")
    return str(text)


# --------------------------------------------------------------------------- what the article says


def test_high_dose_rate_has_no_denominator(graph: Graph) -> None:
    text = statement(graph, "fnd-high-dose-adverse-effect-rate")
    assert "patients" not in text and "24 to 36 percent" in text
    assert ask(
        graph,
        "kg:fnd-high-dose-adverse-effect-rate ivig:measuredValue [ ivig:minValue 24.0 ; ivig:maxValue 36.0 ] .",
    )


def test_pediatric_hiv_approval_has_no_purpose_and_no_treats_shortcut(graph: Graph) -> None:
    node = "kg:ind-fda-pediatric-hiv-infection"
    assert ask(graph, f"{node} ivig:useStatus ivig:FDAApproved ; ivig:curationNote ?n .")
    assert not ask(graph, f"{node} ivig:purpose ?p .")
    assert not ask(graph, "kg:ivig ivig:treats kg:pediatric-hiv-infection .")
    assert not ask(graph, "kg:ivig ivig:prevents kg:pediatric-hiv-infection .")
    assert "treat" not in statement(graph, "ind-fda-pediatric-hiv-infection")


def test_a_use_without_purpose_needs_a_note() -> None:
    record = dict(
        id="ind-x",
        statement="IVIG is used in X.",
        section="research-usage",
        references=(2,),
        drug="ivig",
        conditions=("kawasaki-disease",),
        status="other-common-use",
    )
    with pytest.raises(ValueError, match="leave it out only with a note"):
        Indication.model_validate(record)
    assert Indication.model_validate({**record, "note": "The source gives none."}).purpose is None


MILD = ["headache", "flushing", "fever", "chills", "fatigue", "nausea", "diarrhea"]
MILD += ["blood-pressure-change", "tachycardia"]


@pytest.mark.parametrize("effect", MILD)
def test_mild_effects_carry_most_not_all(graph: Graph, effect: str) -> None:
    assert ask(
        graph,
        f"""?a ivig:effect kg:{effect} ; ivig:severity ivig:Mild ; ivig:generality ivig:MostCases ;
        ivig:qualifiedBy kg:fnd-most-adverse-effects-mild ; ivig:fromOpenList true .""",
    )


@pytest.mark.parametrize(
    "effect", ["aseptic-meningitis", "coombs-positive-hemolytic-anemia", "infusion-reaction"]
)
def test_variation_among_products_is_about_adverse_effects_in_general(
    graph: Graph, effect: str
) -> None:
    node = f"kg:ae-{effect}"
    assert ask(graph, f"{node} ivig:qualifiedBy kg:fnd-adverse-effects-vary-by-product .")
    assert not ask(graph, f"{node} ivig:variesByProduct ?v .")
    assert "often" not in statement(graph, f"ae-{effect}")
    assert ask(graph, "kg:fnd-adverse-effects-vary-by-product ivig:hedge ?h .")


def test_il1b_neutrophil_targeting_is_a_possibility_not_established(graph: Graph) -> None:
    assert ask(
        graph,
        """kg:moa-il1b-neutrophil-targeting ivig:certainty ivig:Possible ; ivig:hedge 'can be targeted'@en ;
        ivig:hasStep [ ivig:stepRelation ivig:Targets ; ivig:stepObject kg:activated-il1b-neutrophil ] ,
                     [ ivig:stepRelation ivig:Ameliorates ; ivig:stepObject kg:inflammation ] .""",
    )
    assert not ask(
        graph,
        "?m ivig:certainty ivig:Asserted ; ivig:hasStep/ivig:stepRelation ivig:Ameliorates .",
    )


def test_overall_dose_states_an_aim_with_the_dose_as_data(graph: Graph) -> None:
    node = "kg:rec-kawasaki-single-infusion-dose"
    assert ask(
        graph,
        f"""{node} ivig:aimsToReduce kg:coronary-artery-abnormality ;
        ivig:doseSchedule [ ivig:dose [ ivig:value 2.0 ; ivig:unit ivig:GramPerKilogram ] ;
                            ivig:numberOfInfusions 1 ] .""",
    )
    assert "aim" in statement(graph, "rec-kawasaki-single-infusion-dose")


@pytest.mark.parametrize(
    "mechanism",
    [
        "moa-kawasaki-anti-idiotypic-antibodies",
        "moa-kawasaki-cytokine-modulation",
        "moa-kawasaki-toxin-neutralization",
    ],
)
def test_possible_mechanisms_are_items_of_an_open_list(graph: Graph, mechanism: str) -> None:
    assert ask(graph, f"kg:{mechanism} ivig:fromOpenList true ; ivig:certainty ivig:Possible .")
    words = statement(graph, mechanism).lower().split()
    assert not {"third", "one", "another"} & set(words)


# --------------------------------------------------------------------------- findings as data


def test_lower_peak_igg_in_patients_who_develop_coronary_abnormalities(graph: Graph) -> None:
    assert ask(
        graph,
        """kg:fnd-igg-level-coronary ivig:measure kg:peak-serum-igg-level ;
        ivig:direction ivig:LowerIn ; ivig:associatedWith kg:coronary-artery-abnormality .""",
    )


@pytest.mark.parametrize(
    ("finding", "other"),
    [
        ("fnd-igg-level-fever-duration", "fever-duration"),
        ("fnd-igg-level-inflammation", "acute-inflammation-lab-indices"),
    ],
)
def test_peak_igg_is_inversely_related(graph: Graph, finding: str, other: str) -> None:
    assert ask(
        graph,
        f"""kg:{finding} ivig:measure kg:peak-serum-igg-level ; ivig:direction ivig:InverselyRelated ;
        ivig:associatedWith kg:{other} .""",
    )


# --------------------------------------------------------------------------- uses and mechanisms


def test_off_label_use_in_autoimmune_diseases_is_a_use_of_its_own(graph: Graph) -> None:
    (node,) = the_one(
        graph,
        """SELECT ?i { ?i a ivig:Indication ; ivig:useStatus ivig:OffLabelUse ;
        ivig:condition kg:autoimmune-condition ; ivig:citesReference/ivig:referenceNumber 6 ;
        ivig:inSection <https://w3id.org/ivig-kg/id/ivig-article/section/research-mechanisms> }""",
    )
    assert not ask(graph, f"<{node}> ivig:purpose ?p .")


def test_mechanisms_under_research_are_not_restricted_to_autoimmune_disease(graph: Graph) -> None:
    assert ask(graph, "kg:moa-under-research ivig:certainty ivig:UnderResearch .")
    assert not ask(graph, "kg:moa-under-research ivig:condition ?c .")


def test_guideline_kawasaki_use_states_one_fact(graph: Graph) -> None:
    node = "kg:ind-guideline-kawasaki-disease"
    for predicate in ("latestStart", "preferredLatestStart", "coTherapy"):
        assert not ask(graph, f"{node} ivig:{predicate} ?x ."), predicate
    text = statement(graph, "ind-guideline-kawasaki-disease")
    assert "aspirin" not in text and "days" not in text
    # The windows and the aspirin are recommendations of the key considerations.
    rows = select(
        graph,
        """SELECT ?r { ?r a ivig:Recommendation ; ivig:condition kg:kawasaki-disease ;
        ivig:inSection <https://w3id.org/ivig-kg/id/ivig-article/section/guidelines-key-considerations> }""",
    )
    assert len(rows) == 3


# --------------------------------------------------------------------------- entity descriptions

REWRITTEN = {
    "good-hydration": "around the infusion",
    "infusion-reaction": "during or soon after",
    "autoimmune-condition": "attacks the body",
    "immune-deficient-condition": "defence is weakened",
}


@pytest.mark.parametrize(("entity", "old"), REWRITTEN.items())
def test_description_only_says_what_the_article_says(entity: str, old: str) -> None:
    description = CURATION.entities[entity].description or ""
    assert old not in description
    assert "article" in description


# --------------------------------------------------------------------------- mappings


def _matches(graph: Graph, entity: str, prefix: str) -> set[URIRef]:
    rows = select(
        graph,
        f"""SELECT ?m {{ kg:{entity} ?m ?id . VALUES ?m {{ skos:exactMatch skos:closeMatch
        skos:broadMatch skos:narrowMatch skos:relatedMatch }}
        FILTER(STRSTARTS(STR(?id), "{prefix}")) }}""",
    )
    return {row[0] for row in rows}


def test_aseptic_meningitis_is_not_an_exact_match_of_non_infectious_meningitis(
    graph: Graph,
) -> None:
    assert _matches(graph, "aseptic-meningitis", "http://purl.obolibrary.org/obo/HP_") == {
        SKOS.narrowMatch
    }


def test_caspase_activation_function_is_only_related_and_a_process_is_mapped(
    graph: Graph,
) -> None:
    assert ask(
        graph,
        "kg:caspase-activation skos:relatedMatch <http://purl.obolibrary.org/obo/GO_0140608> .",
    )
    assert ask(
        graph, "kg:caspase-activation skos:broadMatch <http://purl.obolibrary.org/obo/GO_2001056> ."
    )
    assert not ask(graph, "kg:caspase-activation skos:closeMatch ?x .")


@pytest.mark.parametrize("entity", ["acute-renal-failure", "immune-deficient-condition"])
def test_match_types_agree_across_mondo_hp_and_mesh(graph: Graph, entity: str) -> None:
    kinds = set()
    for prefix in ("http://purl.obolibrary.org/obo/", "http://id.nlm.nih.gov/mesh/"):
        kinds |= _matches(graph, entity, prefix)
    assert kinds == {SKOS.exactMatch}


# --------------------------------------------------------------------------- categories

CATEGORIES_TSV = REPO / "tests" / "identifiers" / "mondo-categories.tsv"
#: A category that a more specific one implies through rdfs:subClassOf.
IMPLIED = {
    Category.NEUROPATHY: Category.NEUROLOGICAL,
    Category.AUTOIMMUNE: Category.IMMUNE_SYSTEM_DISORDER,
}


def _mondo_categories() -> dict[str, set[Category]]:
    by_value = {category.value: category for category in Category}
    with CATEGORIES_TSV.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {row["curie"]: {by_value[v] for v in row["categories"].split()} for row in rows}


def _derived(entity: Entity, mondo: dict[str, set[Category]]) -> set[Category]:
    found: set[Category] = set()
    for mapping in CURATION.mappings:
        if mapping.entity == entity.id and mapping.match.value in ("exact", "broad"):
            found |= mondo.get(mapping.curie, set())
    return found - {IMPLIED[c] for c in found if c in IMPLIED}


DISEASES = [e for e in CURATION.of_kind(Entity) if e.type is EntityType.DISEASE]


@pytest.mark.parametrize("entity", DISEASES, ids=[e.id for e in DISEASES])
def test_categories_are_derived_from_mondo(entity: Entity) -> None:
    mondo = _mondo_categories()
    assert mondo, f"{CATEGORIES_TSV} is empty"
    carried = {
        m.curie
        for m in CURATION.mappings
        if m.curie.startswith("MONDO:") and m.match.value in ("exact", "broad")
    }
    assert carried <= set(mondo), (
        "regenerate tests/identifiers/mondo-categories.tsv with make_categories.py"
    )
    assert set(entity.categories) == _derived(entity, mondo)


def test_category_classes_name_their_mondo_class_and_old_ones_are_deprecated(
    graph: Graph,
) -> None:
    for category in Category:
        assert ask(
            graph,
            f"<{category.iri}> skos:closeMatch ?m . FILTER(STRSTARTS(STR(?m), 'http://purl.obolibrary.org/obo/MONDO_'))",
        ), category
    for old in ("ImmunodeficiencyCondition", "AutoimmuneOrInflammatoryCondition"):
        assert ask(graph, f"ivig:{old} <http://www.w3.org/2002/07/owl#deprecated> true .")
        assert not ask(graph, f"?c a ivig:{old} .")


def test_categories_now_treat_alike_what_mondo_groups_alike(graph: Graph) -> None:
    """CIDP is inflammatory; myasthenia gravis and Guillain-Barre are autoimmune (MONDO says so)."""
    for entity, cls in [
        ("cidp", "InflammatoryDisease"),
        ("myasthenia-gravis", "AutoimmuneDisease"),
        ("guillain-barre-syndrome", "AutoimmuneDisease"),
    ]:
        assert ask(graph, f"kg:{entity} a ivig:{cls} ."), entity


def test_a_category_is_never_written_without_a_mondo_mapping() -> None:
    mapped = {m.entity for m in CURATION.mappings if m.curie.startswith("MONDO:")}
    for entity in CURATION.of_kind(Entity):
        if entity.categories:
            assert entity.id in mapped, entity.id


def test_the_loader_refuses_a_purpose_free_use_without_a_note(data_copy: Path) -> None:
    path = data_copy / "indications.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: ind-fda-pediatric-hiv-infection")
    end = text.index("  - id: ind-fda-primary-immunodeficiency")
    block = text[start:end]
    cut = block[: block.index("    note:")]
    path.write_text(text[:start] + cut + text[end:], encoding="utf-8")
    with pytest.raises(DataError, match="purpose"):
        load_curation(data_copy)


def test_queries_dir_is_the_shipped_one() -> None:
    assert (paths.QUERIES_DIR / "qc" / "indication-purpose-violation.rq").is_file()
