"""Curated records -> one RDF graph (ontology + records + provenance + dataset metadata).

Every qualified node gets its provenance (source, section, references) and, beside it, the
shortcut triples (`kg:ivig ivig:treats kg:x`) that keep easy questions easy. IRIs come from
record ids only, and no blank nodes are made, so two builds give the same bytes.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from ivig_kg.namespaces import DCAT, IVIG, KG, ONTOLOGY_IRI, PREFIXES, VOID
from ivig_kg.prefixes import expand
from ivig_kg.records import (
    ADVERSE_EFFECT,
    ASSERTION_KINDS,
    CATEGORIES,
    ENTITY,
    ENTITY_TYPES,
    INDICATION,
    MECHANISM,
    RECOMMENDATION,
    STEP_RELATIONS,
    UNITS,
    Curation,
    FieldSpec,
    Quantity,
    Record,
    Step,
)

MATCH_PREDICATES = {
    "exact": SKOS.exactMatch,
    "close": SKOS.closeMatch,
    "broad": SKOS.broadMatch,
    "narrow": SKOS.narrowMatch,
    "related": SKOS.relatedMatch,
}

#: Record field -> predicate, for the fields that map one-to-one.
FIELD_PREDICATES: dict[str, URIRef] = {
    "drug": IVIG.drug,
    "conditions": IVIG.condition,
    "purpose": IVIG.purpose,
    "status": IVIG.useStatus,
    "prominence": IVIG.prominence,
    "approved_by": IVIG.approvedBy,
    "recommended_by": IVIG.recommendedBy,
    "population": IVIG.population,
    "latest_start": IVIG.latestStart,
    "preferred_latest_start": IVIG.preferredLatestStart,
    "co_therapy": IVIG.coTherapy,
    "aims_to_reduce": IVIG.aimsToReduce,
    "certainty": IVIG.certainty,
    "effect": IVIG.effect,
    "severity": IVIG.severity,
    "course": IVIG.course,
    "onset": IVIG.onset,
    "frequency": IVIG.frequency,
    "preventable_by": IVIG.preventableBy,
    "varies_by_product": IVIG.variesByProduct,
    "action": IVIG.action,
    "targets": IVIG.actionTarget,
    "period": IVIG.period,
    "trigger": IVIG.trigger,
    "about": IVIG.about,
    "value": IVIG.measuredValue,
    "hedge": IVIG.hedge,
    "note": IVIG.curationNote,
}
#: Indication fields that describe how the drug is given; they go on a DoseSchedule node.
DOSE_FIELDS = {
    "dose": IVIG.dose,
    "infusions": IVIG.numberOfInfusions,
    "infusion_duration": IVIG.infusionDuration,
}


def iri(record_id: str) -> URIRef:
    """Return the IRI of a record or entity id."""
    return KG[record_id]


def section_iri(source_id: str, section_id: str) -> URIRef:
    return KG[f"{source_id}/section/{section_id}"]


def reference_iri(source_id: str, number: int) -> URIRef:
    return KG[f"{source_id}/reference/{number}"]


def new_graph() -> Graph:
    """Return an empty graph with the project's prefixes bound (and no others)."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def _en(text: str) -> Literal:
    return Literal(text, lang="en")


def _decimal(number: float) -> Literal:
    return Literal(Decimal(str(number)), datatype=XSD.decimal)


def _add_quantity(graph: Graph, node: URIRef, quantity: Quantity) -> URIRef:
    graph.add((node, RDF.type, IVIG.Quantity))
    if quantity.value is not None:
        graph.add((node, IVIG.value, _decimal(quantity.value)))
    if quantity.min is not None and quantity.max is not None:
        graph.add((node, IVIG.minValue, _decimal(quantity.min)))
        graph.add((node, IVIG.maxValue, _decimal(quantity.max)))
    graph.add((node, IVIG.unit, UNITS[quantity.unit]))
    if quantity.hedge:
        graph.add((node, IVIG.hedge, _en(quantity.hedge)))
    return node


def _add_value(
    graph: Graph, subject: URIRef, record: Record, spec: FieldSpec, predicate: URIRef
) -> None:
    value = record.values[spec.name]
    if spec.kind == "enum":
        graph.add((subject, predicate, spec.enum[str(value)]))
    elif spec.kind == "ref":
        graph.add((subject, predicate, iri(str(value))))
    elif spec.kind == "refs":
        for target in value:
            graph.add((subject, predicate, iri(target)))
    elif spec.kind == "quantity":
        assert isinstance(value, Quantity)
        graph.add(
            (
                subject,
                predicate,
                _add_quantity(graph, URIRef(f"{subject}/{spec.name.replace('_', '-')}"), value),
            )
        )
    elif spec.kind == "bool":
        graph.add((subject, predicate, Literal(bool(value))))
    elif spec.kind == "int":
        graph.add((subject, predicate, Literal(int(value))))
    elif spec.kind == "text":
        graph.add((subject, predicate, _en(str(value))))
    else:  # pragma: no cover - every mapped field kind is handled above
        raise AssertionError(spec.kind)


def _add_entity(graph: Graph, record: Record) -> None:
    node = iri(record.id)
    values = record.values
    graph.add((node, RDF.type, ENTITY_TYPES[str(values["type"])]))
    for category in values.get("categories", ()):
        graph.add((node, RDF.type, CATEGORIES[category]))
    graph.add((node, RDFS.label, _en(str(values["label"]))))
    if "description" in values:
        graph.add((node, DCTERMS.description, _en(str(values["description"]))))
    for target in values.get("broader", ()):
        graph.add((node, SKOS.broader, iri(target)))
    for target in values.get("related", ()):
        graph.add((node, SKOS.related, iri(target)))
    if "note" in values:
        graph.add((node, IVIG.curationNote, _en(str(values["note"]))))


def _add_provenance(graph: Graph, curation: Curation, record: Record, node: URIRef) -> None:
    source = curation.source.id
    graph.add((node, IVIG.statement, _en(str(record.values["statement"]))))
    graph.add((node, DCTERMS.source, iri(source)))
    graph.add((node, IVIG.inSection, section_iri(source, str(record.values["section"]))))
    for number in record.values["references"]:
        graph.add((node, IVIG.citesReference, reference_iri(source, number)))


def _step_label(step: Step, labels: dict[str, str]) -> str:
    return f"{labels[step.subject]} {step.relation.replace('-', ' ')} {labels[step.object]}"


def _assertion_label(record: Record, curation: Curation) -> str:
    """Return a short human label for a qualified node; the full sentence is ivig:statement."""
    names = {r.id: str(r.values["label"]) for r in curation.of_kind(ENTITY)}
    values = record.values

    def listed(field: str) -> str:
        return ", ".join(names[i] for i in values.get(field, ()))

    if record.kind is INDICATION:
        status = str(values["status"]).replace("-", " ")
        return f"{values['purpose']} of {listed('conditions')} ({status})"
    if record.kind is ADVERSE_EFFECT:
        return f"adverse effect: {names[str(values['effect'])]}"
    if record.kind is MECHANISM:
        steps = values.get("steps") or ()
        first = _step_label(steps[0], names) if steps else "not known"
        return f"mechanism ({values['certainty']}): {first}"
    if record.kind is RECOMMENDATION:
        action = str(values["action"]).replace("-", " ")
        return f"recommendation: {action} {listed('targets')}".rstrip()
    return str(values["statement"])


def _add_assertion(graph: Graph, curation: Curation, record: Record) -> None:
    node = iri(record.id)
    kind = record.kind
    assert kind.rdf_class is not None
    graph.add((node, RDF.type, kind.rdf_class))
    graph.add((node, RDFS.label, _en(_assertion_label(record, curation))))
    _add_provenance(graph, curation, record, node)
    schedule = URIRef(f"{node}/dose-schedule")
    for spec in kind.fields:
        if spec.name not in record.values:
            continue
        if kind is INDICATION and spec.name in DOSE_FIELDS:
            graph.add((node, IVIG.doseSchedule, schedule))
            graph.add((schedule, RDF.type, IVIG.DoseSchedule))
            _add_value(graph, schedule, record, spec, DOSE_FIELDS[spec.name])
        elif spec.name in FIELD_PREDICATES:
            _add_value(graph, node, record, spec, FIELD_PREDICATES[spec.name])
    if kind is MECHANISM:
        labels = {r.id: str(r.values["label"]) for r in curation.of_kind(ENTITY)}
        for order, step in enumerate(record.values.get("steps", ()), start=1):
            step_node = URIRef(f"{node}/step-{order}")
            graph.add((node, IVIG.hasStep, step_node))
            graph.add((step_node, RDF.type, IVIG.MechanismStep))
            graph.add((step_node, RDFS.label, _en(_step_label(step, labels))))
            graph.add((step_node, IVIG.stepOrder, Literal(order)))
            graph.add((step_node, IVIG.stepSubject, iri(step.subject)))
            graph.add((step_node, IVIG.stepRelation, STEP_RELATIONS[step.relation]))
            graph.add((step_node, IVIG.stepObject, iri(step.object)))
    _add_shortcuts(graph, record)


def _add_shortcuts(graph: Graph, record: Record) -> None:
    """Add the plain triples that summarise a qualified node (checked by QC queries)."""
    values = record.values
    drug = iri(str(values.get("drug", "")))
    if record.kind is INDICATION:
        predicate = IVIG.treats if values["purpose"] == "treatment" else IVIG.prevents
        for condition in values["conditions"]:
            graph.add((drug, predicate, iri(condition)))
        for other in values.get("co_therapy", ()):
            graph.add((drug, IVIG.coAdministeredWith, iri(other)))
    elif record.kind is ADVERSE_EFFECT:
        graph.add((drug, IVIG.hasAdverseEffect, iri(str(values["effect"]))))
    elif record.kind is MECHANISM:
        graph.add((drug, IVIG.hasMechanism, iri(record.id)))
        for step in values.get("steps", ()):
            if step.subject == values["drug"]:
                graph.add((drug, IVIG.affects, iri(step.object)))
    elif record.kind is RECOMMENDATION and values["action"] == "co-administer":
        for other in values.get("targets", ()):
            graph.add((drug, IVIG.coAdministeredWith, iri(other)))


def _add_source(graph: Graph, curation: Curation) -> None:
    doc = curation.source
    node = iri(doc.id)
    graph.add((node, RDF.type, IVIG.SourceDocument))
    graph.add((node, RDFS.label, _en(doc.title)))
    graph.add((node, DCTERMS.title, _en(doc.title)))
    graph.add((node, DCTERMS.modified, Literal(doc.last_updated, datatype=XSD.date)))
    graph.add((node, IVIG.reviewStatus, _en(doc.review_status)))
    if doc.publisher:
        graph.add((node, DCTERMS.publisher, Literal(doc.publisher)))
    if doc.audience:
        graph.add((node, IVIG.intendedAudience, _en(doc.audience)))
    if doc.note:
        graph.add((node, IVIG.curationNote, _en(doc.note)))
    for section in doc.sections:
        s = section_iri(doc.id, section.id)
        graph.add((s, RDF.type, IVIG.DocumentSection))
        graph.add((s, RDFS.label, _en(section.title)))
        graph.add((s, IVIG.sectionOrder, Literal(section.order)))
        parent = section_iri(doc.id, section.parent) if section.parent else node
        graph.add((s, DCTERMS.isPartOf, parent))
    for reference in doc.references:
        r = reference_iri(doc.id, reference.number)
        graph.add((r, RDF.type, IVIG.Reference))
        graph.add((r, RDFS.label, _en(f"reference {reference.number} of the article")))
        graph.add((r, IVIG.referenceNumber, Literal(reference.number)))
        graph.add((r, DCTERMS.isPartOf, node))
        for section_id in reference.cited_in:
            graph.add((r, IVIG.citedIn, section_iri(doc.id, section_id)))
        if reference.note:
            graph.add((r, IVIG.curationNote, _en(reference.note)))


def _add_dataset(graph: Graph, curation: Curation) -> None:
    info = curation.dataset
    node = iri(info.id)
    for cls in (VOID.Dataset, DCAT.Dataset, PROV.Entity):
        graph.add((node, RDF.type, cls))
    graph.add((node, RDFS.label, _en(info.title)))
    graph.add((node, DCTERMS.title, _en(info.title)))
    graph.add((node, DCTERMS.description, _en(info.description)))
    graph.add((node, DCTERMS.hasVersion, Literal(info.version)))
    graph.add((node, OWL.versionInfo, Literal(info.version)))
    graph.add((node, DCTERMS.issued, Literal(info.issued, datatype=XSD.date)))
    graph.add((node, DCTERMS.source, iri(curation.source.id)))
    graph.add((node, PROV.wasDerivedFrom, iri(curation.source.id)))
    graph.add((node, DCTERMS.conformsTo, ONTOLOGY_IRI))
    if info.license:
        graph.add((node, DCTERMS.license, URIRef(info.license)))
    if info.note:
        graph.add((node, IVIG.curationNote, _en(info.note)))


def _add_mappings(graph: Graph, curation: Curation) -> None:
    for mapping in curation.mappings:
        graph.add((iri(mapping.entity), MATCH_PREDICATES[mapping.match], expand(mapping.curie)))


def build_graph(curation: Curation, ontology_path: Path) -> Graph:
    """Return the complete graph: the ontology plus every record, mapping and provenance node."""
    graph = new_graph()
    graph.parse(ontology_path, format="turtle")
    _add_dataset(graph, curation)
    _add_source(graph, curation)
    for record in curation.of_kind(ENTITY):
        _add_entity(graph, record)
    for kind in ASSERTION_KINDS:
        for record in curation.of_kind(kind):
            _add_assertion(graph, curation, record)
    _add_mappings(graph, curation)
    graph.add((iri(curation.dataset.id), VOID.triples, Literal(len(graph) + 1)))
    return graph
