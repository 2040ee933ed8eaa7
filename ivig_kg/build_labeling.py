"""The second source -> RDF: products, labeling documents, labeled indications, class facts.

Every labeling fact gets its own provenance: the document it was read in (``dcterms:source``),
the pages (``ivig:readOn``), the kinds of those pages (``ivig:sourceType``) and its evidence
grade (``ivig:evidenceGrade``). A part read with its own grade (an age limit, a date, further
products) is a node below the fact, ``kg:<id>/ages``, ``kg:<id>/history-1``, ..., with an
explicit grade: its own where the data gives one, else its fact's. Labeling facts are never
typed as article statements (``ivig:Indication`` and so on), so no shortcut rule reads them.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from ivig_kg.build_parts import en, iri, quantity, ref, refs, term, text
from ivig_kg.namespaces import IVIG
from ivig_kg.schema import (
    AgeLimit,
    ClassFact,
    Curation,
    Grade,
    HistoryEvent,
    LabeledIndication,
    LabelingFact,
    LabelingSource,
    Product,
)

_DATE_TYPES = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}


def partial_date(value: str) -> Literal:
    """Return a year, month or day as an xsd:gYear, xsd:gYearMonth or xsd:date literal."""
    return Literal(value, datatype=_DATE_TYPES[len(value)])


def _pages(graph: Graph, node: URIRef, pages: Iterable[str]) -> None:
    for page in pages:
        graph.add((node, IVIG.readOn, URIRef(page)))


def _event(
    graph: Graph, node: URIRef, predicate: URIRef, name: str, event: HistoryEvent, grade: Grade
) -> None:
    target = URIRef(f"{node}/{name}")
    graph.add((node, predicate, target))
    graph.add((target, RDF.type, IVIG.HistoryEvent))
    graph.add((target, RDFS.label, en(event.what)))
    if event.date is not None:
        graph.add((target, IVIG.eventDate, partial_date(event.date)))
    term(graph, target, IVIG.readingStatus, event.status)
    term(graph, target, IVIG.evidenceGrade, event.grade or grade)
    _pages(graph, target, event.pages)
    text(graph, target, IVIG.curationNote, event.note)


def _ages(graph: Graph, node: URIRef, ages: AgeLimit | None, grade: Grade) -> None:
    if ages is None:
        return
    target = URIRef(f"{node}/ages")
    graph.add((node, IVIG.ageLimit, target))
    graph.add((target, RDF.type, IVIG.AgeLimit))
    graph.add((target, RDFS.label, en(ages.label)))
    term(graph, target, IVIG.readingStatus, ages.status)
    quantity(graph, target, IVIG.minAge, "min-age", ages.min_age)
    quantity(graph, target, IVIG.maxAge, "max-age", ages.max_age)
    term(graph, target, IVIG.evidenceGrade, ages.grade or grade)
    text(graph, target, IVIG.curationNote, ages.note)


def _add_source(graph: Graph, doc: LabelingSource) -> None:
    node = iri(doc.id)
    graph.add((node, RDF.type, doc.type.iri))
    graph.add((node, RDFS.label, en(doc.title)))
    graph.add((node, DCTERMS.title, en(doc.title)))
    ref(graph, node, IVIG.labelOf, doc.product)
    if doc.labeler is not None:
        graph.add((node, IVIG.labeler, Literal(doc.labeler)))
    text(graph, node, IVIG.labelVersion, doc.version)
    if doc.dated is not None:
        graph.add((node, DCTERMS.modified, Literal(doc.dated.isoformat(), datatype=XSD.date)))
    if doc.gathered is not None:
        graph.add((node, DCTERMS.created, partial_date(doc.gathered)))
    _pages(graph, node, doc.pages)
    ref(graph, node, DCTERMS.isPartOf, doc.part_of)
    text(graph, node, IVIG.curationNote, doc.note)


def _add_product(graph: Graph, product: Product, label_doc: str) -> None:
    node = iri(product.id)
    graph.add((node, RDF.type, IVIG.DrugProduct))
    graph.add((node, RDFS.label, en(product.label)))
    ref(graph, node, IVIG.productOf, product.product_of)
    text(graph, node, SKOS.altLabel, product.nonproprietary_name)
    quantity(graph, node, IVIG.iggConcentration, "igg-concentration", product.igg_concentration)
    text(graph, node, IVIG.preparationNote, product.preparation_note)
    for route in product.routes:
        term(graph, node, IVIG.route, route)
    text(graph, node, IVIG.routeNote, product.route_note)
    # The product's facts are read in its label: the graded parts say how directly.
    ref(graph, node, DCTERMS.source, label_doc)
    approval = product.initial_us_approval
    _event(graph, node, IVIG.initialUSApproval, "initial-us-approval", approval, Grade.VERIFIED)
    if product.marketing_start is not None:
        start = product.marketing_start
        _event(graph, node, IVIG.marketingStart, "marketing-start", start, Grade.VERIFIED)
    text(graph, node, IVIG.curationNote, product.note)


def _add_fact(graph: Graph, record: LabelingFact, source: str, label: str) -> URIRef:
    """Add what every labeling fact has: class, label, statement, provenance and grade."""
    node = iri(record.id)
    if record.rdf_class is not None:
        graph.add((node, RDF.type, record.rdf_class))
    graph.add((node, RDFS.label, en(label)))
    graph.add((node, IVIG.statement, en(record.statement)))
    graph.add((node, DCTERMS.source, iri(source)))
    _pages(graph, node, record.pages)
    for kind in record.source_types:
        term(graph, node, IVIG.sourceType, kind)
    term(graph, node, IVIG.evidenceGrade, record.grade)
    text(graph, node, IVIG.hedge, record.hedge)
    text(graph, node, IVIG.curationNote, record.note)
    return node


def _add_labeled_indication(
    graph: Graph, record: LabeledIndication, product: str, labels: dict[str, str]
) -> None:
    conditions = ", ".join(labels[c] for c in record.conditions)
    node = _add_fact(graph, record, record.label, f"{labels[product]} label: {conditions}")
    ref(graph, node, IVIG.product, product)
    refs(graph, node, IVIG.condition, record.conditions)
    text(graph, node, IVIG.labelTerm, record.label_term)
    term(graph, node, IVIG.purpose, record.purpose)
    text(graph, node, IVIG.labeledGoal, record.goal)
    refs(graph, node, IVIG.aimsToReduce, record.aims_to_reduce)
    refs(graph, node, IVIG.coTherapy, record.co_therapy)
    ref(graph, node, IVIG.population, record.patients)
    _ages(graph, node, record.ages, record.grade)
    for limitation in record.limitations:
        graph.add((node, IVIG.limitationOfUse, en(limitation)))
    for number, event in enumerate(record.history, start=1):
        _event(graph, node, IVIG.indicationHistory, f"history-{number}", event, record.grade)
    for route in record.routes:
        term(graph, node, IVIG.route, route)
    text(graph, node, IVIG.routeNote, record.route_note)


def _class_fact_label(record: ClassFact, labels: dict[str, str]) -> str:
    named = (
        record.warns_of
        or record.risk_factors
        or record.measures
        or record.contraindicated_in
        or ((record.ingredient,) if record.ingredient else ())
    )
    what = ", ".join(labels[i] for i in named[:3]) + (" ..." if len(named) > 3 else "")
    return f"{record.type.value.replace('-', ' ')}: {what or record.id}"


def _add_class_fact(graph: Graph, record: ClassFact, labels: dict[str, str]) -> None:
    node = _add_fact(graph, record, record.source, _class_fact_label(record, labels))
    graph.add((node, RDF.type, record.type.iri))
    refs(graph, node, IVIG.appliesTo, record.applies_to)
    refs(graph, node, IVIG.warnsOf, record.warns_of)
    ref(graph, node, IVIG.partOfWarning, record.warning)
    refs(graph, node, IVIG.riskFactor, record.risk_factors)
    refs(graph, node, IVIG.mitigationMeasure, record.measures)
    refs(graph, node, IVIG.contraindicatedIn, record.contraindicated_in)
    ref(graph, node, IVIG.ingredient, record.ingredient)
    if record.contains is not None:
        graph.add((node, IVIG.containsIngredient, Literal(record.contains)))
    for number, event in enumerate(record.history, start=1):
        _event(graph, node, IVIG.indicationHistory, f"history-{number}", event, record.grade)
    more = record.also_applies_to
    if more is not None:
        target = URIRef(f"{node}/also-applies-to")
        graph.add((node, IVIG.alsoAppliesTo, target))
        graph.add((target, RDF.type, IVIG.ProductCoverage))
        names = ", ".join(labels[p] for p in more.products)
        graph.add((target, RDFS.label, en(f"also {names}")))
        refs(graph, target, IVIG.appliesTo, more.products)
        term(graph, target, IVIG.evidenceGrade, more.grade)
        for kind in more.source_types:
            term(graph, target, IVIG.sourceType, kind)
        text(graph, target, IVIG.curationNote, more.note)


def add_labeling(graph: Graph, curation: Curation, labels: dict[str, str]) -> None:
    """Add the second source: its documents, products, labeled indications and class facts."""
    documents = curation.of_kind(LabelingSource)
    label_of = {doc.product: doc.id for doc in documents if doc.product}
    products = curation.of_kind(Product)
    labels = {**labels, **{p.id: p.label for p in products}}
    for doc in documents:
        _add_source(graph, doc)
        if doc.part_of is None:  # the collection: the dataset is derived from it too
            graph.add((iri(curation.dataset.id), DCTERMS.source, iri(doc.id)))
            graph.add((iri(curation.dataset.id), PROV.wasDerivedFrom, iri(doc.id)))
    for product in products:
        _add_product(graph, product, label_of[product.id])
    product_of = {doc.id: doc.product for doc in documents if doc.product}
    for indication in curation.of_kind(LabeledIndication):
        _add_labeled_indication(graph, indication, product_of[indication.label], labels)
    for fact in curation.of_kind(ClassFact):
        _add_class_fact(graph, fact, labels)
