"""One test per fact of the article, each a SPARQL query over the built graph.

Every test also checks the fact's provenance: the section of the article that states it and the
reference numbers the article cites for it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Graph, URIRef

PREFIXES = """
PREFIX ivig: <https://w3id.org/ivig-kg/ontology/>
PREFIX kg: <https://w3id.org/ivig-kg/id/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
SECTION = "https://w3id.org/ivig-kg/id/ivig-article/section/"


def select(graph: Graph, query: str) -> list[tuple]:
    return [tuple(row) for row in graph.query(PREFIXES + query)]


def ask(graph: Graph, body: str) -> bool:
    return bool(graph.query(PREFIXES + f"ASK {{ {body} }}").askAnswer)


def the_one(graph: Graph, query: str) -> tuple:
    rows = select(graph, query)
    assert len(rows) == 1, rows
    return rows[0]


def provenance(graph: Graph, node: URIRef) -> tuple[str, set[int]]:
    """Return (section id, reference numbers) of an assertion node."""
    rows = select(
        graph,
        f"""
        SELECT ?section ?n WHERE {{
          <{node}> ivig:inSection ?section ; ivig:citesReference/ivig:referenceNumber ?n ;
                   dcterms:source kg:ivig-article .
        }}""",
    )
    assert rows, f"{node} has no provenance"
    sections = {str(r[0]).removeprefix(SECTION) for r in rows}
    assert len(sections) == 1
    return sections.pop(), {int(r[1]) for r in rows}


def assert_from(graph: Graph, node: URIRef, section: str, refs: set[int]) -> None:
    assert provenance(graph, node) == (section, refs)


def hedge(graph: Graph, node: URIRef) -> str:
    return " ".join(
        str(h) for h in graph.objects(node, URIRef("https://w3id.org/ivig-kg/ontology/hedge"))
    )


# --------------------------------------------------------------------------- From the Guidelines

KD_REGIMEN = f"""
    ?ind a ivig:Indication ; ivig:drug kg:ivig ; ivig:condition kg:kawasaki-disease ;
         ivig:inSection <{SECTION}guidelines> ; ivig:doseSchedule ?schedule .
"""


def test_kawasaki_guideline_dose_is_2_g_per_kg(graph: Graph) -> None:
    ind, value, unit = the_one(
        graph,
        f"SELECT ?ind ?v ?unit {{ {KD_REGIMEN} ?schedule ivig:dose [ ivig:value ?v ; ivig:unit/skos:notation ?unit ] }}",
    )
    assert (value.toPython(), str(unit)) == (Decimal("2.0"), "g/kg")
    assert_from(graph, ind, "guidelines", {1})


def test_kawasaki_guideline_dose_is_one_single_infusion(graph: Graph) -> None:
    (count,) = the_one(graph, f"SELECT ?n {{ {KD_REGIMEN} ?schedule ivig:numberOfInfusions ?n }}")
    assert count.toPython() == 1


def test_kawasaki_infusion_usually_lasts_10_to_12_hours(graph: Graph) -> None:
    low, high, unit, word = the_one(
        graph,
        f"""SELECT ?lo ?hi ?u ?h {{ {KD_REGIMEN}
        ?schedule ivig:infusionDuration [ ivig:minValue ?lo ; ivig:maxValue ?hi ; ivig:unit ?u ; ivig:hedge ?h ] }}""",
    )
    assert (low.toPython(), high.toPython(), str(unit).rsplit("/", 1)[1], str(word)) == (
        10,
        12,
        "Hour",
        "usually",
    )


def test_kawasaki_regimen_aims_to_reduce_coronary_artery_abnormalities(graph: Graph) -> None:
    assert ask(
        graph,
        f"{KD_REGIMEN} ?ind ivig:aimsToReduce kg:coronary-artery-abnormality ; ivig:useStatus ivig:GuidelineRecommended ; ivig:purpose ivig:Treatment .",
    )


def test_kawasaki_dose_recommendation_rests_on_highest_quality_study(graph: Graph) -> None:
    node = URIRef("https://w3id.org/ivig-kg/id/fnd-kawasaki-evidence-basis")
    assert ask(
        graph,
        "kg:fnd-kawasaki-evidence-basis a ivig:Finding ; ivig:about kg:coronary-artery-abnormality, kg:kawasaki-disease, kg:ivig .",
    )
    assert "highest quality" in hedge(graph, node) and "conclusive" in hedge(graph, node)
    assert_from(graph, node, "guidelines", {1})


def test_kawasaki_mechanism_is_unknown(graph: Graph) -> None:
    (node,) = the_one(
        graph,
        "SELECT ?m { ?m a ivig:MechanismOfAction ; ivig:condition kg:kawasaki-disease ; ivig:certainty ivig:Unknown . FILTER NOT EXISTS { ?m ivig:hasStep ?s } }",
    )
    assert_from(graph, node, "guidelines", {1})


def test_kawasaki_generalized_anti_inflammatory_effect_is_only_apparent(graph: Graph) -> None:
    (node,) = the_one(
        graph,
        """SELECT ?m { ?m ivig:condition kg:kawasaki-disease ; ivig:certainty ivig:Apparent ;
        ivig:hasStep [ ivig:stepSubject kg:ivig ; ivig:stepRelation ivig:Reduces ; ivig:stepObject kg:inflammation ] }""",
    )
    assert "appears" in hedge(graph, node)


@pytest.mark.parametrize(
    ("relation", "target"),
    [
        ("Modulates", "cytokine-production"),
        ("Neutralizes", "toxins-and-pathogenic-agents"),
        ("Provides", "anti-idiotypic-antibody"),
    ],
)
def test_kawasaki_possible_mechanism(graph: Graph, relation: str, target: str) -> None:
    (node,) = the_one(
        graph,
        f"""SELECT ?m {{ ?m a ivig:MechanismOfAction ; ivig:condition kg:kawasaki-disease ;
        ivig:certainty ivig:Possible ;
        ivig:hasStep [ ivig:stepSubject kg:ivig ; ivig:stepRelation ivig:{relation} ; ivig:stepObject kg:{target} ] }}""",
    )
    assert "possible" in hedge(graph, node)
    assert_from(graph, node, "guidelines", {1})


def test_kawasaki_use_is_well_established(graph: Graph) -> None:
    assert ask(
        graph,
        "kg:fnd-kawasaki-well-established ivig:about kg:kawasaki-disease ; ivig:hedge ?h . FILTER(CONTAINS(?h, 'well-established'))",
    )
    assert_from(
        graph,
        URIRef("https://w3id.org/ivig-kg/id/fnd-kawasaki-well-established"),
        "guidelines",
        {1},
    )


def test_meta_analyses_show_dose_response_favouring_single_high_dose(graph: Graph) -> None:
    (statement,) = the_one(
        graph,
        "SELECT ?s { kg:fnd-kawasaki-dose-response ivig:statement ?s ; ivig:about kg:kawasaki-disease }",
    )
    assert "dose-response" in statement and "single infusion" in statement
    assert_from(
        graph, URIRef("https://w3id.org/ivig-kg/id/fnd-kawasaki-dose-response"), "guidelines", {1}
    )


def test_lower_peak_igg_in_patients_who_develop_coronary_abnormalities(graph: Graph) -> None:
    assert ask(
        graph,
        "kg:fnd-igg-level-coronary ivig:about kg:peak-serum-igg-level, kg:coronary-artery-abnormality .",
    )
    assert_from(
        graph, URIRef("https://w3id.org/ivig-kg/id/fnd-igg-level-coronary"), "guidelines", {1}
    )


@pytest.mark.parametrize(
    ("finding", "measure"),
    [
        ("fnd-igg-level-fever-duration", "fever-duration"),
        ("fnd-igg-level-inflammation", "acute-inflammation-lab-indices"),
    ],
)
def test_peak_igg_inversely_related_to_fever_duration_and_inflammation(
    graph: Graph, finding: str, measure: str
) -> None:
    assert ask(graph, f"kg:{finding} ivig:about kg:peak-serum-igg-level, kg:{measure} .")
    assert_from(graph, URIRef(f"https://w3id.org/ivig-kg/id/{finding}"), "guidelines", {1})


def test_ivig_is_a_critical_component_of_kawasaki_treatment(graph: Graph) -> None:
    assert ask(
        graph,
        "kg:fnd-kawasaki-critical-component ivig:about kg:kawasaki-disease ; ivig:hedge 'critical component'@en .",
    )
    assert ask(
        graph,
        "kg:rec-kawasaki-single-infusion-dose ivig:action ivig:Administer ; ivig:condition kg:kawasaki-disease .",
    )


def test_kawasaki_treatment_should_start_within_10_days(graph: Graph) -> None:
    (rec,) = the_one(
        graph,
        "SELECT ?r { ?r ivig:action ivig:AdministerWithin ; ivig:condition kg:kawasaki-disease ; ivig:period [ ivig:value 10.0 ; ivig:unit ivig:Day ] }",
    )
    assert_from(graph, rec, "guidelines-key-considerations", {1})


def test_kawasaki_treatment_within_7_days_if_possible(graph: Graph) -> None:
    (rec,) = the_one(
        graph,
        "SELECT ?r { ?r ivig:action ivig:AdministerWithin ; ivig:period [ ivig:value 7.0 ; ivig:unit ivig:Day ; ivig:hedge 'if possible'@en ] }",
    )
    assert_from(graph, rec, "guidelines-key-considerations", {1})


def test_ivig_is_given_together_with_aspirin(graph: Graph) -> None:
    assert ask(graph, "kg:ivig ivig:coAdministeredWith kg:aspirin .")
    (rec,) = the_one(
        graph,
        "SELECT ?r { ?r a ivig:Recommendation ; ivig:action ivig:CoAdminister ; ivig:actionTarget kg:aspirin }",
    )
    assert_from(graph, rec, "guidelines-key-considerations", {1})


def test_measles_mumps_varicella_immunization_deferred_11_months_after_high_dose(
    graph: Graph,
) -> None:
    (rec,) = the_one(
        graph,
        """SELECT ?r { ?r a ivig:Recommendation ; ivig:action ivig:Defer ;
        ivig:actionTarget kg:measles-immunization, kg:mumps-immunization, kg:varicella-immunization ;
        ivig:period [ ivig:value 11.0 ; ivig:unit ivig:Month ] ; ivig:trigger kg:high-dose-ivig-infusion }""",
    )
    assert_from(graph, rec, "guidelines-key-considerations", {1})


def test_adverse_effects_vary_considerably_among_products(graph: Graph) -> None:
    assert_from(
        graph,
        URIRef("https://w3id.org/ivig-kg/id/fnd-adverse-effects-vary-by-product"),
        "guidelines-key-considerations",
        {1},
    )


@pytest.mark.parametrize(
    "effect", ["coombs-positive-hemolytic-anemia", "aseptic-meningitis", "infusion-reaction"]
)
def test_guideline_adverse_effect_varies_by_product(graph: Graph, effect: str) -> None:
    (node,) = the_one(
        graph,
        f"SELECT ?a {{ ?a a ivig:AdverseEffectAssociation ; ivig:drug kg:ivig ; ivig:effect kg:{effect} ; ivig:qualifiedBy kg:fnd-adverse-effects-vary-by-product }}",
    )
    assert ask(graph, f"kg:ivig ivig:hasAdverseEffect kg:{effect} .")
    assert "may include" in hedge(graph, node)
    assert_from(graph, node, "guidelines-key-considerations", {1})


def test_aseptic_meningitis_is_an_adverse_effect(graph: Graph) -> None:
    assert ask(
        graph,
        "kg:ivig ivig:hasAdverseEffect kg:aseptic-meningitis . kg:aseptic-meningitis rdfs:label 'aseptic meningitis'@en .",
    )


# --------------------------------------------------------------------------- From the Research: what is IVIG


def test_ivig_is_a_purified_plasma_product(graph: Graph) -> None:
    assert ask(graph, "kg:fnd-ivig-plasma-product ivig:about kg:ivig, kg:blood-plasma .")
    assert_from(
        graph,
        URIRef("https://w3id.org/ivig-kg/id/fnd-ivig-plasma-product"),
        "research-what-is",
        {2, 3},
    )


@pytest.mark.parametrize("condition", ["immune-deficient-condition", "autoimmune-condition"])
def test_ivig_is_used_for_many_immune_deficient_and_autoimmune_conditions(
    graph: Graph, condition: str
) -> None:
    (node,) = the_one(
        graph,
        f"SELECT ?i {{ ?i ivig:condition kg:{condition} ; ivig:useStatus ivig:DescribedUse ; ivig:hedge 'many'@en }}",
    )
    assert_from(graph, node, "research-what-is", {2, 3})


#: Condition -> purpose; None where the article gives no purpose ("approved for use in").
FDA_APPROVED: dict[str, str | None] = {
    "immune-thrombocytopenic-purpura": "Treatment",
    "primary-immunodeficiency": "Treatment",
    "secondary-immunodeficiency": "Treatment",
    "pediatric-hiv-infection": None,
    "kawasaki-disease": "Treatment",
    "graft-versus-host-disease": "Prevention",
    "infection": "Prevention",
}


@pytest.mark.parametrize(("condition", "purpose"), FDA_APPROVED.items())
def test_fda_approved_indication(graph: Graph, condition: str, purpose: str | None) -> None:
    (node,) = the_one(
        graph,
        f"""SELECT ?i {{ ?i a ivig:Indication ; ivig:drug kg:ivig ; ivig:condition kg:{condition} ;
        ivig:useStatus ivig:FDAApproved ; ivig:approvedBy kg:fda }}""",
    )
    if purpose is None:
        assert not ask(graph, f"<{node}> ivig:purpose ?p .")
    else:
        assert ask(graph, f"<{node}> ivig:purpose ivig:{purpose} .")
    assert_from(graph, node, "research-what-is", {2})


def test_fda_approved_six_conditions(graph: Graph) -> None:
    (count,) = the_one(
        graph, "SELECT (COUNT(DISTINCT ?i) AS ?n) { ?i ivig:useStatus ivig:FDAApproved }"
    )
    assert count.toPython() == 6
    assert ask(
        graph,
        "kg:fnd-fda-six-conditions ivig:measuredValue [ ivig:value 6.0 ; ivig:unit ivig:Count ] .",
    )


def test_gvhd_and_infection_prevention_in_bmt_recipients_is_one_approval(graph: Graph) -> None:
    (node,) = the_one(
        graph,
        """SELECT ?i { ?i ivig:useStatus ivig:FDAApproved ; ivig:purpose ivig:Prevention ;
        ivig:condition kg:graft-versus-host-disease, kg:infection ; ivig:population kg:bone-marrow-transplant-recipients }""",
    )
    assert ask(graph, "kg:ivig ivig:prevents kg:graft-versus-host-disease, kg:infection .")


def test_only_the_listed_approvals_are_fda_approved(graph: Graph) -> None:
    rows = select(
        graph, "SELECT DISTINCT ?c { ?i ivig:useStatus ivig:FDAApproved ; ivig:condition ?c }"
    )
    assert {str(r[0]).rsplit("/", 1)[1] for r in rows} == set(FDA_APPROVED)


# --------------------------------------------------------------------------- Usage and Indications


def test_chronic_neuropathy_is_the_most_common_use(graph: Graph) -> None:
    (node,) = the_one(
        graph,
        "SELECT ?i { ?i ivig:condition kg:chronic-neuropathy ; ivig:prominence ivig:MostCommonUse ; ivig:useStatus ivig:OtherCommonUse }",
    )
    assert hedge(graph, node) == "most commonly used"
    assert_from(graph, node, "research-usage", {2})


def test_chronic_neuropathy_includes_cidp_and_multifocal_motor_neuropathy(graph: Graph) -> None:
    assert ask(
        graph,
        "kg:cidp skos:broader kg:chronic-neuropathy . kg:multifocal-motor-neuropathy skos:broader kg:chronic-neuropathy .",
    )
    assert ask(
        graph,
        "kg:cidp a/rdfs:subClassOf* ivig:Neuropathy . kg:multifocal-motor-neuropathy a/rdfs:subClassOf* ivig:Neuropathy .",
    )
    assert_from(
        graph,
        URIRef("https://w3id.org/ivig-kg/id/fnd-chronic-neuropathy-includes"),
        "research-usage",
        {2},
    )


OTHER_COMMON = [
    "hypogammaglobulinemia",
    "immune-thrombocytopenic-purpura",
    "renal-transplant-rejection",
    "myasthenia-gravis",
    "guillain-barre-syndrome",
    "necrotizing-fasciitis",
    "autoimmune-hemolytic-anemia",
    "kawasaki-disease",
]


@pytest.mark.parametrize("condition", OTHER_COMMON)
def test_other_common_use(graph: Graph, condition: str) -> None:
    (node,) = the_one(
        graph,
        f"SELECT ?i {{ ?i ivig:condition kg:{condition} ; ivig:useStatus ivig:OtherCommonUse ; ivig:purpose ivig:Treatment }}",
    )
    assert ask(graph, f"kg:ivig ivig:treats kg:{condition} .")
    assert_from(graph, node, "research-usage", {2})


@pytest.mark.parametrize(
    "condition",
    sorted(set(OTHER_COMMON) - set(FDA_APPROVED))
    + ["chronic-neuropathy", "cidp", "multifocal-motor-neuropathy"],
)
def test_use_the_article_does_not_call_fda_approved(graph: Graph, condition: str) -> None:
    assert not ask(graph, f"?i ivig:condition kg:{condition} ; ivig:useStatus ivig:FDAApproved .")


def test_myasthenia_gravis_is_a_use_the_article_does_not_call_fda_approved(graph: Graph) -> None:
    assert ask(
        graph, "?i ivig:condition kg:myasthenia-gravis ; ivig:useStatus ivig:OtherCommonUse ."
    )
    assert not ask(
        graph, "?i ivig:condition kg:myasthenia-gravis ; ivig:useStatus ivig:FDAApproved ."
    )


def test_aha_recommends_one_2_g_per_kg_infusion_preferably_in_first_10_days(graph: Graph) -> None:
    (node,) = the_one(
        graph,
        """SELECT ?i { ?i ivig:recommendedBy kg:aha ; ivig:condition kg:kawasaki-disease ;
        ivig:useStatus ivig:GuidelineRecommended ;
        ivig:doseSchedule [ ivig:dose [ ivig:value 2.0 ; ivig:unit ivig:GramPerKilogram ] ; ivig:numberOfInfusions 1 ] ;
        ivig:preferredLatestStart [ ivig:value 10.0 ; ivig:unit ivig:Day ; ivig:hedge 'preferably'@en ] }""",
    )
    assert_from(graph, node, "research-usage", {3})


# --------------------------------------------------------------------------- Safety and Adverse Effects

MILD = [
    "headache",
    "flushing",
    "fever",
    "chills",
    "fatigue",
    "nausea",
    "diarrhea",
    "blood-pressure-change",
    "tachycardia",
]


@pytest.mark.parametrize("effect", MILD)
def test_mild_transient_adverse_effect(graph: Graph, effect: str) -> None:
    (node,) = the_one(
        graph,
        f"SELECT ?a {{ ?a ivig:effect kg:{effect} ; ivig:severity ivig:Mild ; ivig:course ivig:Transient }}",
    )
    assert not ask(graph, f"<{node}> ivig:onset ?o .")  # the article gives no timing for these
    assert_from(graph, node, "research-safety", {4})


def test_most_adverse_effects_are_mild_and_transient(graph: Graph) -> None:
    assert (
        hedge(graph, URIRef("https://w3id.org/ivig-kg/id/fnd-most-adverse-effects-mild"))
        == "most; mild and transient"
    )


@pytest.mark.parametrize("effect", ["acute-renal-failure", "thromboembolism"])
def test_late_rare_adverse_event_prevented_by_slow_infusion_and_hydration(
    graph: Graph, effect: str
) -> None:
    (node,) = the_one(
        graph,
        f"""SELECT ?a {{ ?a ivig:effect kg:{effect} ; ivig:onset ivig:LateOnset ; ivig:frequency ivig:Rare ;
        ivig:preventableBy kg:slow-infusion-rate, kg:good-hydration }}""",
    )
    assert not ask(graph, f"<{node}> ivig:severity ?s .")  # the article does not grade them
    assert_from(graph, node, "research-safety", {4})


def test_adverse_effects_after_high_dose_occur_in_24_to_36_percent(graph: Graph) -> None:
    low, high = the_one(
        graph,
        """SELECT ?lo ?hi { kg:fnd-high-dose-adverse-effect-rate ivig:about kg:high-dose-ivig-infusion, kg:headache ;
        ivig:measuredValue [ ivig:minValue ?lo ; ivig:maxValue ?hi ; ivig:unit ivig:Percent ] }""",
    )
    assert (low.toPython(), high.toPython()) == (24, 36)
    assert_from(
        graph,
        URIRef("https://w3id.org/ivig-kg/id/fnd-high-dose-adverse-effect-rate"),
        "research-safety",
        {4},
    )


# --------------------------------------------------------------------------- Mechanisms of Action


def test_ivig_reduces_activated_il1b_positive_neutrophils(graph: Graph) -> None:
    (node,) = the_one(
        graph,
        """SELECT ?m { ?m ivig:certainty ivig:Asserted ;
        ivig:hasStep [ ivig:stepSubject kg:ivig ; ivig:stepRelation ivig:Reduces ; ivig:stepObject kg:activated-il1b-neutrophil ] }""",
    )
    assert ask(
        graph, "kg:activated-il1b-neutrophil skos:broader kg:neutrophil ; skos:related kg:il1b ."
    )
    assert_from(graph, node, "research-mechanisms", {5})


def test_ivig_targets_neutrophils_to_ameliorate_inflammation(graph: Graph) -> None:
    assert ask(
        graph,
        "kg:moa-il1b-neutrophil-targeting ivig:hasStep [ ivig:stepRelation ivig:Ameliorates ; ivig:stepObject kg:inflammation ] .",
    )


def test_ivig_activates_neutrophil_death_via_pi3k_and_nadph_oxidase(graph: Graph) -> None:
    (node,) = the_one(
        graph,
        """SELECT ?m { ?m ivig:hasStep [ ivig:stepSubject kg:ivig ; ivig:stepRelation ivig:Activates ; ivig:stepObject kg:neutrophil-cell-death ] ,
        [ ivig:stepSubject kg:neutrophil-cell-death ; ivig:stepRelation ivig:ActsThrough ; ivig:stepObject kg:pi3k ] ,
        [ ivig:stepSubject kg:neutrophil-cell-death ; ivig:stepRelation ivig:ActsThrough ; ivig:stepObject kg:nadph-oxidase ] }""",
    )
    assert_from(graph, node, "research-mechanisms", {5})


def test_neutrophil_death_is_independent_of_caspase_activation(graph: Graph) -> None:
    assert ask(
        graph,
        "kg:moa-neutrophil-death ivig:hasStep [ ivig:stepRelation ivig:IndependentOf ; ivig:stepObject kg:caspase-activation ] .",
    )


def test_mechanism_steps_are_ordered(graph: Graph) -> None:
    rows = select(
        graph, "SELECT ?o { kg:moa-neutrophil-death ivig:hasStep/ivig:stepOrder ?o } ORDER BY ?o"
    )
    assert [r[0].toPython() for r in rows] == [1, 2, 3, 4]


def test_mechanisms_are_still_under_research(graph: Graph) -> None:
    (node,) = the_one(
        graph,
        "SELECT ?m { ?m ivig:certainty ivig:UnderResearch }",
    )
    assert_from(graph, node, "research-mechanisms", {6})


# --------------------------------------------------------------------------- The article itself


def test_article_title_and_last_update(graph: Graph) -> None:
    title, modified = the_one(
        graph,
        "SELECT ?t ?m { kg:ivig-article a ivig:SourceDocument ; dcterms:title ?t ; dcterms:modified ?m }",
    )
    assert str(title) == "What is Intravenous Immunoglobulin (IVIG)?"
    assert str(modified) == "2025-04-01"


def test_article_is_educational_and_pending_review(graph: Graph) -> None:
    (status,) = the_one(graph, "SELECT ?s { kg:ivig-article ivig:reviewStatus ?s }")
    assert "educational" in status and "awaiting review" in status


def test_article_sections(graph: Graph) -> None:
    rows = select(
        graph,
        "SELECT ?title ?parent { ?s a ivig:DocumentSection ; rdfs:label ?title ; dcterms:isPartOf ?parent ; ivig:sectionOrder ?o } ORDER BY ?o",
    )
    titles = [str(r[0]) for r in rows]
    assert titles[0] == "From the Guidelines" and "From the Research" in titles
    assert {
        "What is IVIG",
        "Usage and Indications",
        "Safety and Adverse Effects",
        "Mechanisms of Action",
    } <= set(titles)


def test_references_1_to_6_with_the_parts_that_cite_them(graph: Graph) -> None:
    rows = select(
        graph,
        "SELECT ?n ?section { ?r a ivig:Reference ; ivig:referenceNumber ?n ; ivig:citedIn ?section }",
    )
    cited: dict[int, set[str]] = {}
    for n, section in rows:
        cited.setdefault(int(n), set()).add(str(section).removeprefix(SECTION))
    assert sorted(cited) == [1, 2, 3, 4, 5, 6]
    assert all(s.startswith("guidelines") for s in cited[1])
    assert all(s.startswith("research") for n in range(2, 7) for s in cited[n])


def test_every_assertion_carries_document_section_and_reference(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?a { ?a a ?k . ?k rdfs:subClassOf ivig:Assertion .
        FILTER(?k != ivig:LabelingAssertion)
        FILTER NOT EXISTS { ?a dcterms:source kg:ivig-article ; ivig:inSection ?s ; ivig:citesReference ?r } }""",
    )
    assert rows == []
