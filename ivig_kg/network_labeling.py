"""The second source in the network: lines of the US labeling set, and how they compare.

Part of the bridge `ivig_kg.network`. Every line made here has ``source="labeling"``, the
document it was read in, its pages, their kinds and the fact's evidence ``grade``
(``verified`` / ``secondary``); the article's lines have ``source="article"`` and no grade.

* labeled indication  product -> condition (family ``labeled-indication``)
* product             product -> its drug, "brand of" (family ``product``), so every product
                      hangs off IVIG
* boxed warning       drug (or product) -> each harm warned of (family ``boxed-warning``)
* contraindication    drug (or product) -> each condition (family ``contraindication``)
* risk factor, measure, safety history
                      the entity -> the first harm of its warning (family ``label-detail``)
* formulation         product -> ingredient, "contains" / "free of" (family ``label-detail``)

`compare_marks` marks the lines where the sources disagree, the way cq-35 and cq-36 compare
them: an article FDA approval that no label of the set lists (``not-in-labels``) and a labeled
use that the article does not call FDA-approved (``not-approved-in-article``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from ivig_kg import explain_labeling as words
from ivig_kg.explain_labeling import Fact
from ivig_kg.namespaces import IVIG
from ivig_kg.network_read import Reader, local_id
from ivig_kg.records import ENTITY_TYPES

if TYPE_CHECKING:
    from ivig_kg.network_build import _Builder

#: Kind of class-wide fact -> the family of its lines.
_CLASS_FAMILIES = {
    "boxed-warning": "boxed-warning",
    "contraindication": "contraindication",
    "risk-factor": "label-detail",
    "mitigation": "label-detail",
    "history": "label-detail",
    "formulation": "label-detail",
}
_CLASS_KINDS = {
    IVIG.BoxedWarning: "boxed-warning",
    IVIG.Contraindication: "contraindication",
    IVIG.RiskFactorStatement: "risk-factor",
    IVIG.RiskMitigation: "mitigation",
    IVIG.SafetyHistoryStatement: "history",
    IVIG.FormulationStatement: "formulation",
}


def _grade(r: Reader, node: Any) -> str:
    return r.label(r.one(node, IVIG.evidenceGrade)) if r.one(node, IVIG.evidenceGrade) else ""


def read_fact(r: Reader, node: Any, kind: str) -> Fact:
    """Read the provenance of a labeling fact and the limits of its use."""
    ages = r.one(node, IVIG.ageLimit)
    return Fact(
        kind=kind,
        document=r.label(r.one(node, DCTERMS.source)),
        pages=[str(p) for p in r.all(node, IVIG.readOn)],
        page_kinds=r.labels_of(r.all(node, IVIG.sourceType)),
        grade=_grade(r, node),
        note=r.text(node, IVIG.curationNote),
        ages=None if ages is None else r.label(ages),
        ages_grade=None if ages is None else _grade(r, ages),
        limitations=[str(t) for t in r.all(node, IVIG.limitationOfUse)],
        label_term=r.text(node, IVIG.labelTerm),
        patients=r.optional_label(node, IVIG.population),
        given_with=r.labels_of(r.all(node, IVIG.coTherapy)),
    )


def _attrs(r: Reader, node: Any, fact: Fact, family: str, about: list[str]) -> dict[str, Any]:
    """The attributes every line of one labeling fact shares."""
    return {
        "family": family,
        "source": "labeling",
        "grade": fact.grade,
        "document": fact.document,
        "document_id": local_id(r.one(node, DCTERMS.source)),
        "pages": list(fact.pages),
        "page_kinds": list(fact.page_kinds),
        "assertion": local_id(node),
        "statement": r.text(node, IVIG.statement) or r.label(node),
        "section": "",
        "section_id": "",
        "references": [],
        "hedge": r.text(node, IVIG.hedge),
        "note": fact.note,
        "qualifiers": words.fact_qualifiers(fact),
        "about": sorted(set(about)),
    }


def labeled_indications(b: _Builder) -> None:
    """One line product -> condition per condition of each labeled indication."""
    r = b.reader
    for node in r.instances(IVIG.LabeledIndication):
        fact = read_fact(r, node, "labeled-indication")
        product, conditions = r.one(node, IVIG.product), r.all(node, IVIG.condition)
        about = [local_id(n) for n in (product, *conditions)]
        shared = _attrs(r, node, fact, "labeled-indication", about)
        for condition in conditions:
            label, text = words.labeled_use_line(fact, r.label(product), r.label(condition))
            key = local_id(node) + ("" if len(conditions) == 1 else f"/{local_id(condition)}")
            b.edge(product, condition, key, None, **shared, relation="labeled-for")
            b.edges[-1][3].update(label=label, explanation=text)


def products(b: _Builder) -> None:
    """One line from each product that a labeling fact names to the drug it is a brand of."""
    r = b.reader
    named = set(r.graph.objects(None, IVIG.product)) | {
        s
        for s in r.graph.objects(None, IVIG.appliesTo)
        if (s, RDF.type, IVIG.DrugProduct) in r.graph
    }
    for product in sorted(named, key=str):
        drug = r.one(product, IVIG.productOf)
        if drug is None:
            continue
        label, text = words.brand_line(r.label(product), r.label(drug))
        document = r.one(product, DCTERMS.source)
        b.edge(
            product,
            drug,
            f"{local_id(product)}/brand-of",
            None,
            family="product",
            relation="brand-of",
            source="labeling",
            grade="",
            document=r.label(document) if document is not None else "",
            document_id=local_id(document) if document is not None else "",
            pages=[str(p) for p in r.all(document, IVIG.readOn)] if document is not None else [],
            page_kinds=[],
            assertion=f"{local_id(product)}/brand-of",
            statement=text,
            section="",
            section_id="",
            references=[],
            hedge=None,
            note=None,
            about=[local_id(product), local_id(drug)],
            label=label,
            explanation=text,
        )


def _class_ends(r: Reader, node: Any, kind: str) -> tuple[list[Any], list[Any]]:
    """Return (sources, targets) of the lines of a class-wide fact."""
    applies = r.all(node, IVIG.appliesTo)
    warning = r.one(node, IVIG.partOfWarning)
    harms = r.all(warning, IVIG.warnsOf)[:1] if warning is not None else []
    if kind == "boxed-warning":
        return applies, r.all(node, IVIG.warnsOf)
    if kind == "contraindication":
        return applies, r.all(node, IVIG.contraindicatedIn)
    if kind in ("risk-factor", "history"):
        return r.all(node, IVIG.riskFactor), harms
    if kind == "mitigation":
        return r.all(node, IVIG.mitigationMeasure), harms
    return applies, [i for i in [r.one(node, IVIG.ingredient)] if i is not None]


def class_facts(b: _Builder, drug: Any) -> None:
    """The lines of each class-wide fact (see the module docstring)."""
    r = b.reader
    for cls, kind in _CLASS_KINDS.items():
        for node in r.instances(cls):
            fact = read_fact(r, node, kind)
            starts, ends = _class_ends(r, node, kind)
            applies = r.labels_of(r.all(node, IVIG.appliesTo))
            warning = r.one(node, IVIG.partOfWarning)
            harms = r.labels_of(r.all(warning, IVIG.warnsOf)) if warning is not None else []
            about = [local_id(n) for n in (*starts, *ends)]
            shared = _attrs(r, node, fact, _CLASS_FAMILIES[kind], about)
            contains = r.one(node, IVIG.containsIngredient)
            has = contains is None or str(contains).lower() not in ("false", "0")
            for start in starts:
                for end in ends:
                    if kind == "formulation":
                        label, text = words.formulation_line(
                            fact, r.label(start), r.label(end), has
                        )
                    else:
                        named = start if kind in ("risk-factor", "mitigation", "history") else end
                        label, text = words.class_fact_line(
                            fact, applies, r.label(drug), r.label(named), harms
                        )
                    key = f"{local_id(node)}/{local_id(start)}/{local_id(end)}"
                    b.edge(start, end, key, None, **shared, relation=kind)
                    b.edges[-1][3].update(label=label, explanation=text)


def _broader_all(r: Reader, node: Any) -> set[Any]:
    return set(r.graph.transitive_objects(node, SKOS.broader))


def compare_marks(b: _Builder) -> None:
    """Mark where the sources disagree (as cq-35 and cq-36 compare them); see the module doc."""
    r = b.reader
    approved = {
        c
        for ind in r.instances(IVIG.Indication)
        if r.one(ind, IVIG.useStatus) == IVIG.FDAApproved
        for c in r.all(ind, IVIG.condition)
    }
    labeled = [
        (c, r.one(li, IVIG.population))
        for li in r.instances(IVIG.LabeledIndication)
        for c in r.all(li, IVIG.condition)
    ]
    approved_ids = {local_id(c): c for c in approved}
    for _, v, _, data in b.edges:
        family = data.get("family")
        if family == "indication" and data.get("status") == "fda-approved" and v in approved_ids:
            match = _match(r, approved_ids[v], labeled)
            data["compare"] = match
            data["statement_compare"] = words.compare_sentence(match)
            if match == "not-in-labels":
                data["mark"] = match
        elif family == "labeled-indication" and not _broader_all(r, URIRef(_iri(b, v))) & approved:
            data["mark"] = "not-approved-in-article"
            data["statement_compare"] = words.compare_sentence("not-approved-in-article")


def _iri(b: _Builder, node_id: str) -> str:
    return str(b.nodes[node_id]["iri"])


def _match(r: Reader, condition: Any, labeled: list[tuple[Any, Any]]) -> str:
    """How the labels of the set list an article condition: same, narrower, related or not."""
    if any(c == condition for c, _ in labeled):
        return "same"
    if any(condition in _broader_all(r, c) for c, _ in labeled):
        return "narrower"
    related = {o for _, p in labeled if p is not None for o in r.graph.objects(p, SKOS.related)}
    return "related" if condition in related else "not-in-labels"


def add_labeling(b: _Builder) -> None:
    """Add every line of the labeling set to the builder, then the comparison marks."""
    drug = next(iter(b.reader.instances(ENTITY_TYPES["drug"])), None)
    labeled_indications(b)
    products(b)
    class_facts(b, drug)
    compare_marks(b)
