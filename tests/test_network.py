"""The networkx bridge: every entity and statement of the RDF graph, typed, with provenance."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from ivig_kg import explain
from ivig_kg.explain import Mechanism, Quantity, Step, Use
from ivig_kg.namespaces import IVIG
from ivig_kg.namespaces import KG as IVIG_ID
from ivig_kg.network import (
    FAMILIES,
    KINDS,
    VIEWS,
    find_node,
    focus,
    local_id,
    to_networkx,
    view_edges,
)
from ivig_kg.records import ENTITY_TYPES

REPO = Path(__file__).resolve().parents[1]

STATEMENT_CLASSES = {
    IVIG.Indication: "indication",
    IVIG.AdverseEffectAssociation: "adverse-effect",
    IVIG.MechanismOfAction: "mechanism",
    IVIG.Recommendation: "recommendation",
    IVIG.Finding: "finding",
}


@pytest.fixture(scope="module")
def net(graph: Graph) -> nx.MultiDiGraph:
    return to_networkx(graph)


def _edges(g: nx.MultiDiGraph, **match: object) -> list[tuple[str, str, str, dict]]:
    return [
        (u, v, k, d)
        for u, v, k, d in g.edges(keys=True, data=True)
        if all(d.get(name) == value for name, value in match.items())
    ]


def test_every_entity_is_a_typed_node(graph: Graph) -> None:
    net = to_networkx(graph, source="both")
    entities = {local_id(s) for t in ENTITY_TYPES.values() for s in graph.subjects(RDF.type, t)}
    assert entities <= set(net.nodes)
    for node in entities:
        attrs = net.nodes[node]
        assert attrs["kind"] in KINDS and attrs["kind"] != "finding"
        assert attrs["label"] and attrs["iri"].endswith("/" + node)
    findings = {local_id(s) for s in graph.subjects(RDF.type, IVIG.Finding)}
    assert set(net.nodes) == entities | findings
    assert all(net.nodes[f]["kind"] == "finding" for f in findings)


def test_every_statement_is_drawn_with_its_provenance(graph: Graph, net: nx.MultiDiGraph) -> None:
    drawn = {d["assertion"] for *_, d in net.edges(data=True) if d.get("assertion")}
    for cls, family in STATEMENT_CLASSES.items():
        for node in graph.subjects(RDF.type, cls):
            sid = local_id(node)
            assert sid in drawn, sid
            edges = _edges(net, assertion=sid)
            assert {d["family"] for *_, d in edges} <= {family, "qualifier"}
            statement = str(graph.value(node, IVIG.statement))
            for *_, d in edges:
                assert d["statement"] == statement
                assert d["section"] and d["section_id"]
                assert d["references"] and all(isinstance(n, int) for n in d["references"])
                assert d["explanation"].endswith(".")


def test_edge_attributes_are_complete(net: nx.MultiDiGraph) -> None:
    keys = [k for *_, k in net.edges(keys=True)]
    assert len(keys) == len(set(keys)), "edge keys are unique across the graph"
    for *_, d in net.edges(data=True):
        assert d["family"] in FAMILIES
        assert d["relation"] and isinstance(d["qualifiers"], dict)
        assert isinstance(d["about"], list)


def test_indications_are_one_edge_per_condition(graph: Graph, net: nx.MultiDiGraph) -> None:
    pairs = {
        (local_id(i), local_id(c))
        for i in graph.subjects(RDF.type, IVIG.Indication)
        for c in graph.objects(i, IVIG.condition)
    }
    edges = _edges(net, family="indication")
    assert {(d["assertion"], v) for _, v, _, d in edges} == pairs
    # The relation follows the purpose the source states; a use with none is "used in" (issue 11).
    verbs = {IVIG.Treatment: "treats", IVIG.Prevention: "prevents", None: "used-in"}
    for u, _, _, d in edges:
        purpose = graph.value(IVIG_ID[d["assertion"]], IVIG.purpose)
        assert u == "ivig" and d["relation"] == verbs[purpose], d["assertion"]
    assert {d["relation"] for *_, d in edges} == {"treats", "prevents", "used-in"}


def test_kawasaki_guideline_carries_dose_timing_and_cotherapy(net: nx.MultiDiGraph) -> None:
    (edge,) = _edges(net, assertion="ind-guideline-kawasaki-disease", family="indication")
    u, v, _, d = edge
    assert (u, v) == ("ivig", "kawasaki-disease")
    q = d["qualifiers"]
    assert q["dose"] == "2 g/kg"
    assert q["infusions"] == "1"
    assert q["infusion duration"] == "10\u201312 h (usually)"
    windows = {
        d["label"]
        for *_, d in net.in_edges("kawasaki-disease", data=True)
        if d.get("relation") == "administer-within"
    }
    # when to start is stated on the use itself or by the recommendations of the same section
    assert q.get("start at the latest by") == "10 days after the illness began" or (
        "start within 10 days" in windows
    )
    assert d["section"] == "From the Guidelines" and d["references"] == [1]
    qualifier_ends = {
        (a, b) for a, b, _, x in _edges(net, assertion=d["assertion"], family="qualifier")
    }
    # aspirin is given with it: a qualifier of the use, or a recommendation of its own
    together = {b for _, b, _, x in _edges(net, family="recommendation", relation="co-administer")}
    assert q.get("given with") == "aspirin" or "aspirin" in together
    assert ("aspirin", "kawasaki-disease") in qualifier_ends or "aspirin" in together
    assert ("ivig", "coronary-artery-abnormality") in qualifier_ends


def test_fda_approval_is_a_status_and_a_qualifier_edge(net: nx.MultiDiGraph) -> None:
    (edge,) = _edges(net, assertion="ind-fda-kawasaki-disease", family="indication")
    assert edge[3]["label"] == "FDA-approved" and edge[3]["status"] == "fda-approved"
    assert edge[3]["explanation"] == (
        "The United States Food and Drug Administration (FDA) "
        "has approved IVIG to treat Kawasaki disease."
    )
    assert net.has_edge(
        "fda", "kawasaki-disease", "ind-fda-kawasaki-disease/approved-by/kawasaki-disease"
    )
    bmt = _edges(net, assertion="ind-fda-bmt-gvhd-and-infection", family="indication")
    assert {v for _, v, _, _ in bmt} == {"graft-versus-host-disease", "infection"}
    assert all(d["relation"] == "prevents" for *_, d in bmt)


def test_adverse_effects_carry_severity_timing_frequency(net: nx.MultiDiGraph) -> None:
    (edge,) = _edges(net, assertion="ae-acute-renal-failure", family="adverse-effect")
    q = edge[3]["qualifiers"]
    assert q["frequency"] == "rare" and q["onset"] == "late"
    assert q["can be prevented by"] == "good hydration, slow infusion rate"
    assert net.has_edge("slow-infusion-rate", "acute-renal-failure")
    (fever,) = _edges(net, assertion="ae-fever")
    assert fever[3]["label"] == "mild, transient"


def test_mild_effects_keep_the_hedge_most_not_all(graph: Graph, net: nx.MultiDiGraph) -> None:
    """The article calls most, not all, adverse effects mild: each explanation says so."""
    hedged = {
        str(row[0]).rsplit("/", 1)[-1]
        for row in graph.query(
            "PREFIX ivig: <https://w3id.org/ivig-kg/ontology/> "
            "SELECT ?a WHERE { ?a ivig:generality ivig:MostCases }"
        )
    }
    assert len(hedged) >= 9
    for assertion in hedged:
        for *_, data in _edges(net, assertion=assertion, family="adverse-effect"):
            assert data["qualifiers"]["holds for"].startswith("most, not all")
    for *_, data in net.edges(keys=True, data=True):  # the old, wrong reading is gone
        assert "varies by product" not in data.get("qualifiers", {})


def test_mechanisms_are_ordered_step_paths(net: nx.MultiDiGraph) -> None:
    steps = sorted(_edges(net, assertion="moa-neutrophil-death"), key=lambda e: e[3]["step"])
    assert [(u, d["relation"], v) for u, v, _, d in steps] == [
        ("ivig", "activates", "neutrophil-cell-death"),
        ("neutrophil-cell-death", "acts-through", "pi3k"),
        ("neutrophil-cell-death", "acts-through", "nadph-oxidase"),
        ("neutrophil-cell-death", "independent-of", "caspase-activation"),
    ]
    assert steps[3][3]["explanation"] == (
        "Step 4 of 4: neutrophil cell death does not need caspase activation."
    )
    (possible,) = _edges(net, assertion="moa-kawasaki-cytokine-modulation")
    assert possible[3]["explanation"] == (
        "Step 1 of 1: IVIG may change cytokine production in Kawasaki disease."
    )
    assert possible[3]["certainty"] == "possible"
    assert possible[3]["label"] == "modulates (possible)"
    assert "kawasaki-disease" in possible[3]["about"]
    (unknown,) = _edges(net, assertion="moa-kawasaki-unknown")
    assert unknown[:2] == ("ivig", "kawasaki-disease")


def test_recommendations_start_at_their_trigger(net: nx.MultiDiGraph) -> None:
    defer = _edges(net, assertion="rec-defer-measles-mumps-varicella")
    assert {(u, v) for u, v, _, _ in defer} == {
        ("high-dose-ivig-infusion", t)
        for t in ("measles-immunization", "mumps-immunization", "varicella-immunization")
    }
    assert all(d["qualifiers"]["period"] == "11 months" for *_, d in defer)


def test_findings_are_nodes_linked_to_what_they_are_about(net: nx.MultiDiGraph) -> None:
    node = net.nodes["fnd-high-dose-adverse-effect-rate"]
    assert node["kind"] == "finding" and node["qualifiers"]["value"] == "24\u201336%"
    assert set(net.successors("fnd-high-dose-adverse-effect-rate")) == {
        "ivig",
        "high-dose-ivig-infusion",
        "headache",
    }


def test_mappings_and_categories(graph: Graph, net: nx.MultiDiGraph) -> None:
    from ivig_kg.records import CATEGORIES

    kawasaki = net.nodes["kawasaki-disease"]
    assert {
        "curie": "MONDO:0012727",
        "match": "exact",
        "iri": "http://purl.obolibrary.org/obo/MONDO_0012727",
    } in kawasaki["mappings"]
    types = set(graph.objects(IVIG_ID["kawasaki-disease"], RDF.type))
    expected = sorted(key for key, iri in CATEGORIES.items() if iri in types)
    assert kawasaki["categories"] == expected and "cardiovascular" in expected
    assert net.has_edge("cidp", "chronic-neuropathy")


@pytest.mark.parametrize("view", [v for v in VIEWS if v != "all"])
def test_topic_views_keep_their_statements(graph: Graph, net: nx.MultiDiGraph, view: str) -> None:
    sub = to_networkx(graph, view=view)
    assert set(sub.nodes) <= set(net.nodes) and sub.number_of_edges() < net.number_of_edges()
    assert {k for *_, k in sub.edges(keys=True)} == view_edges(net, view)
    families = {d["family"] for *_, d in sub.edges(data=True)}
    wanted = {
        "indications": {"indication", "recommendation"},
        "mechanisms": {"mechanism"},
        "adverse-effects": {"adverse-effect"},
    }[view]
    assert wanted <= families <= wanted | {"qualifier", "entity"}
    assert not list(nx.isolates(sub))
    assert sub.graph["view"] == view


def test_adverse_effect_view_has_every_effect_and_no_use(graph: Graph) -> None:
    sub = to_networkx(graph, view="adverse-effects")
    effects = {local_id(e) for e in graph.objects(None, IVIG.effect)}
    assert effects <= set(sub.nodes)
    assert "kawasaki-disease" not in sub


def test_unknown_view_is_refused(graph: Graph) -> None:
    with pytest.raises(ValueError, match="unknown view"):
        to_networkx(graph, view="everything")


def test_focus_on_kawasaki_disease(net: nx.MultiDiGraph) -> None:
    sub = focus(net, "Kawasaki disease", 1)
    assert sub.graph["focus"] == "kawasaki-disease"
    assert {"ivig", "aspirin", "fda", "aha", "cytokine-production"} <= set(sub.nodes)
    assert "fever" not in sub and "headache" not in sub
    statements = {d["assertion"] for *_, d in sub.edges(data=True)}
    assert {
        "ind-fda-kawasaki-disease",
        "moa-kawasaki-cytokine-modulation",
        "rec-kawasaki-with-aspirin",
        "fnd-kawasaki-dose-response",
    } <= statements
    # a statement is kept whole: every edge of the guideline indication comes along
    assert len(_edges(sub, assertion="ind-guideline-kawasaki-disease")) == len(
        _edges(net, assertion="ind-guideline-kawasaki-disease")
    )
    assert set(focus(net, "kawasaki-disease").edges(keys=True)) == set(sub.edges(keys=True))
    wider = focus(net, "kawasaki-disease", 2)
    assert set(sub.edges(keys=True)) < set(wider.edges(keys=True))


def test_find_node_by_id_label_or_unique_part(net: nx.MultiDiGraph) -> None:
    assert find_node(net, "kawasaki-disease") == "kawasaki-disease"
    assert find_node(net, "KAWASAKI DISEASE") == "kawasaki-disease"
    assert find_node(net, "myasthenia") == "myasthenia-gravis"
    with pytest.raises(KeyError, match="several"):
        find_node(net, "immunization")
    with pytest.raises(KeyError, match="no node"):
        find_node(net, "scurvy")
    with pytest.raises(ValueError):
        focus(net, "fever", 0)


def test_the_bridge_is_deterministic(graph: Graph, net: nx.MultiDiGraph) -> None:
    again = to_networkx(graph)
    assert list(again.nodes(data=True)) == list(net.nodes(data=True))
    assert list(again.edges(keys=True, data=True)) == list(net.edges(keys=True, data=True))


def test_views_and_focus_keep_the_order_of_the_full_graph(
    graph: Graph, net: nx.MultiDiGraph
) -> None:
    """A part of the network lists its nodes and edges as the whole does, so it does not
    change from one run to the next (set order would follow the hash seed)."""
    parts = [to_networkx(graph, view=v) for v in VIEWS if v != "all"]
    parts += [focus(net, "fever", 1), focus(net, "kawasaki-disease", 2)]
    for part in parts:
        keys = {k for *_, k in part.edges(keys=True)}
        assert [k for *_, k in part.edges(keys=True)] == [
            k for *_, k in net.edges(keys=True) if k in keys
        ]
        assert list(part.nodes) == [n for n in net.nodes if n in part]


def test_explanations_are_written_from_plain_facts() -> None:
    """The wording lives in ivig_kg.explain and needs no RDF: facts in, words out."""
    assert explain.quantity(Quantity(unit="day", value=Decimal("1"))) == "1 day"
    assert explain.quantity(Quantity(unit="month", value=Decimal("11"))) == "11 months"
    ranged = Quantity(unit="h", low=Decimal("10"), high=Decimal("12.0"), hedge="usually")
    assert explain.quantity(ranged) == "10\u201312 h (usually)"
    assert explain.quantity(Quantity(unit="percent", low=Decimal(24), high=Decimal(36))) == (
        "24\u201336%"
    )
    use = Use(
        drug="intravenous immunoglobulin (IVIG)",
        purpose="prevention",
        status="guideline-recommended",
        status_label="guideline-recommended use",
        conditions=["infection"],
        patients="transplant recipients",
    )
    assert explain.use_label(use) == "prevents (guideline)"
    assert explain.use_sentence(use, "infection") == (
        "A guideline recommends IVIG to prevent infection."
    )
    assert explain.use_qualifiers(use) == {
        "purpose": "prevention",
        "status": "guideline-recommended use",
        "patients": "transplant recipients",
    }
    assert explain.use_qualifier_line("patients", use, "transplant recipients", "infection") == (
        "in",
        "IVIG is given to prevent infection in transplant recipients.",
    )
    with pytest.raises(ValueError, match="unknown qualifier role"):
        explain.use_qualifier_line("approves", use, "FDA", "infection")
    hedged = Mechanism(drug="IVIG", certainty="apparent", certainty_label="apparent")
    step = Step(
        order=1,
        count=2,
        subject="IVIG",
        relation="reduces",
        relation_label="reduces",
        target="inflammation",
    )
    assert explain.step_line(hedged, step) == (
        "reduces (apparent)",
        "Step 1 of 2: IVIG seems to reduce inflammation.",
    )


def test_network_views_are_the_ones_the_command_offers() -> None:
    from ivig_kg import choices, network

    assert tuple(network.VIEWS) == choices.VIEWS


# -- the second source: labeling lines, the source switch and the comparison marks ---------------

LABELING_PREFIXES = """
PREFIX ivig: <https://w3id.org/ivig-kg/ontology/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


@pytest.fixture(scope="module")
def both(graph: Graph) -> nx.MultiDiGraph:
    return to_networkx(graph, source="both")


def test_every_labeled_use_is_a_line_with_its_source_and_grade(
    graph: Graph, both: nx.MultiDiGraph
) -> None:
    rows = graph.query(
        LABELING_PREFIXES
        + """SELECT ?li ?product ?condition ?grade ?doc WHERE {
            ?li a ivig:LabeledIndication ; ivig:product ?product ; ivig:condition ?condition ;
                ivig:evidenceGrade/rdfs:label ?grade ; dcterms:source/rdfs:label ?doc }"""
    )
    assert len(rows) > 0
    for li, product, condition, grade, doc in rows:
        lines = _edges(both, assertion=local_id(li))
        line = next(e for e in lines if (e[0], e[1]) == (local_id(product), local_id(condition)))
        d = line[3]
        assert d["source"] == "labeling" and d["family"] == "labeled-indication"
        assert d["grade"] == str(grade) and d["document"] == str(doc)
        pages = {str(p) for p in graph.objects(li, IVIG.readOn)}
        assert set(d["pages"]) == pages and all(p in d["qualifiers"]["read on"] for p in pages)
        assert str(grade) in d["qualifiers"]["evidence grade"]
        assert d["explanation"] and d["label"].startswith("on label")


def test_class_wide_warnings_and_contraindications_are_drawn(
    graph: Graph, both: nx.MultiDiGraph
) -> None:
    for cls, predicate, family in (
        (IVIG.BoxedWarning, IVIG.warnsOf, "boxed-warning"),
        (IVIG.Contraindication, IVIG.contraindicatedIn, "contraindication"),
    ):
        facts = list(graph.subjects(RDF.type, cls))
        assert facts
        for fact in facts:
            ends = {local_id(o) for o in graph.objects(fact, predicate)}
            starts = {local_id(o) for o in graph.objects(fact, IVIG.appliesTo)}
            lines = _edges(both, assertion=local_id(fact))
            assert {(u, v) for u, v, *_ in lines} == {(s, e) for s in starts for e in ends}
            assert all(d["family"] == family and d["source"] == "labeling" for *_, d in lines)


def test_every_product_is_joined_to_its_drug(graph: Graph, both: nx.MultiDiGraph) -> None:
    products = {local_id(p) for p in graph.subjects(RDF.type, IVIG.DrugProduct)}
    assert products
    for product in products:
        drug = local_id(graph.value(IVIG_ID[product], IVIG.productOf))
        assert both.has_edge(product, drug, f"{product}/brand-of")


def test_each_source_shows_only_its_own_statements(graph: Graph, both: nx.MultiDiGraph) -> None:
    article = to_networkx(graph, source="article")
    labeling = to_networkx(graph, source="labeling")
    assert {d["source"] for *_, d in article.edges(data=True)} == {"article", ""}
    assert {d["source"] for *_, d in labeling.edges(data=True)} == {"labeling", ""}
    article_statements = {
        local_id(s) for cls in STATEMENT_CLASSES for s in graph.subjects(RDF.type, cls)
    }
    assert {d["assertion"] for *_, d in article.edges(data=True) if d["assertion"]} == (
        article_statements
    )
    # no shape of the labels alone is left over in the article's picture
    label_only = {
        n for u, v, d in both.edges(data=True) if d["source"] == "labeling" for n in (u, v)
    }
    label_only -= {
        n for u, v, d in both.edges(data=True) if d["source"] == "article" for n in (u, v)
    }
    assert not label_only & set(article.nodes) and label_only
    assert all(article.degree(n) for n in article.nodes), "no unconnected shapes"
    own = [k for *_, k, d in both.edges(keys=True, data=True) if d["source"] == "labeling"]
    assert {k for *_, k in labeling.edges(keys=True)} >= set(own)
    assert both.number_of_edges() >= article.number_of_edges() + len(own)


def _query(graph: Graph, name: str) -> list[dict[str, str]]:
    path = next((REPO / "queries").glob(f"{name}-*.rq"))
    result = graph.query(path.read_text(encoding="utf-8"))
    return [
        {str(k): str(v) for k, v in row.asdict().items()}  # type: ignore[union-attr]
        for row in result
    ]


def test_marks_follow_the_comparison_queries(graph: Graph, both: nx.MultiDiGraph) -> None:
    def marked(mark: str) -> set[str]:
        return {
            both.nodes[v]["label"] for _, v, d in both.edges(data=True) if d.get("mark") == mark
        }

    missing = {
        r["articleCondition"]
        for r in _query(graph, "cq-35")
        if r["inLabels"] == "not found in the labels of this set"
    }
    assert missing and marked("not-in-labels") == missing
    not_approved = {r["labelCondition"] for r in _query(graph, "cq-36")}
    assert not_approved and marked("not-approved-in-article") == not_approved
    found = {r["articleCondition"] for r in _query(graph, "cq-35")} - missing
    for _, v, d in both.edges(data=True):
        if d["family"] == "indication" and both.nodes[v]["label"] in found:
            assert d["status"] != "fda-approved" or not d.get("mark")
