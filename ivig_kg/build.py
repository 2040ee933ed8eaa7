"""Curated records -> one RDF graph (ontology + records + provenance + dataset metadata).

Every qualified node gets its provenance (source, section, references) and, beside it, the
shortcut triples (`kg:ivig ivig:treats kg:x`) that keep easy questions easy. IRIs come from
record ids only, and no blank nodes are made, so two builds give the same bytes. Values that
name a term (units, statuses, ...) are enum members that carry their IRI (ivig_kg.schema.enums).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from ivig_kg.build_labeling import add_labeling
from ivig_kg.build_parts import en as _en
from ivig_kg.build_parts import iri
from ivig_kg.build_parts import quantity as _quantity
from ivig_kg.build_parts import ref as _ref
from ivig_kg.build_parts import refs as _refs
from ivig_kg.build_parts import term as _term
from ivig_kg.build_parts import text as _text
from ivig_kg.namespaces import DCAT, FOAF, IVIG, KG, ONTOLOGY_IRI, PREFIXES, VOID
from ivig_kg.prefixes import expand
from ivig_kg.rules import apply_rules
from ivig_kg.schema import (
    ASSERTION_KINDS,
    AdverseEffect,
    Assertion,
    Curation,
    Dataset,
    Entity,
    Finding,
    Indication,
    Mechanism,
    Quantity,
    Recommendation,
    Step,
)


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


# --------------------------------------------------------------------------- records


def _add_entity(graph: Graph, entity: Entity) -> None:
    node = iri(entity.id)
    graph.add((node, RDF.type, entity.type.iri))
    for category in entity.categories:
        graph.add((node, RDF.type, category.iri))
    graph.add((node, RDFS.label, _en(entity.label)))
    _text(graph, node, DCTERMS.description, entity.description)
    _refs(graph, node, SKOS.broader, entity.broader)
    _refs(graph, node, SKOS.related, entity.related)
    _text(graph, node, IVIG.curationNote, entity.note)


def _step_label(step: Step, labels: dict[str, str]) -> str:
    return f"{labels[step.subject]} {step.relation.value.replace('-', ' ')} {labels[step.object]}"


def _assertion_label(record: Assertion, labels: dict[str, str]) -> str:
    """Return a short human label for a qualified node; the full sentence is ivig:statement."""

    def listed(ids: Iterable[str]) -> str:
        return ", ".join(labels[i] for i in ids)

    if isinstance(record, Indication):
        status = record.status.value.replace("-", " ")
        use = record.purpose.value if record.purpose else "use"
        return f"{use} {'of' if record.purpose else 'in'} {listed(record.conditions)} ({status})"
    if isinstance(record, AdverseEffect):
        return f"adverse effect: {labels[record.effect]}"
    if isinstance(record, Mechanism):
        first = _step_label(record.steps[0], labels) if record.steps else "not known"
        return f"mechanism ({record.certainty.value}): {first}"
    if isinstance(record, Recommendation):
        action = record.action.value.replace("-", " ")
        return f"recommendation: {action} {listed(record.targets)}".rstrip()
    return record.statement


def _add_indication(graph: Graph, node: URIRef, record: Indication) -> None:
    _ref(graph, node, IVIG.drug, record.drug)
    _refs(graph, node, IVIG.condition, record.conditions)
    _term(graph, node, IVIG.purpose, record.purpose)
    _term(graph, node, IVIG.useStatus, record.status)
    _term(graph, node, IVIG.prominence, record.prominence)
    _ref(graph, node, IVIG.approvedBy, record.approved_by)
    _ref(graph, node, IVIG.recommendedBy, record.recommended_by)
    _ref(graph, node, IVIG.population, record.population)
    _quantity(graph, node, IVIG.latestStart, "latest-start", record.latest_start)
    _quantity(
        graph,
        node,
        IVIG.preferredLatestStart,
        "preferred-latest-start",
        record.preferred_latest_start,
    )
    _refs(graph, node, IVIG.coTherapy, record.co_therapy)
    _refs(graph, node, IVIG.aimsToReduce, record.aims_to_reduce)
    _dose_schedule(graph, node, record.dose, record.infusions, record.infusion_duration)


def _dose_schedule(
    graph: Graph,
    node: URIRef,
    dose: Quantity | None,
    infusions: int | None,
    duration: Quantity | None = None,
) -> None:
    """Add how the drug is given as a DoseSchedule node of its own, when anything is stated."""
    if dose is None and infusions is None and duration is None:
        return
    schedule = URIRef(f"{node}/dose-schedule")
    graph.add((node, IVIG.doseSchedule, schedule))
    graph.add((schedule, RDF.type, IVIG.DoseSchedule))
    _quantity(graph, schedule, IVIG.dose, "dose", dose)
    if infusions is not None:
        graph.add((schedule, IVIG.numberOfInfusions, Literal(infusions)))
    _quantity(graph, schedule, IVIG.infusionDuration, "infusion-duration", duration)


def _add_mechanism(graph: Graph, node: URIRef, record: Mechanism, labels: dict[str, str]) -> None:
    _ref(graph, node, IVIG.drug, record.drug)
    _refs(graph, node, IVIG.condition, record.conditions)
    _term(graph, node, IVIG.certainty, record.certainty)
    for order, step in enumerate(record.steps, start=1):
        step_node = URIRef(f"{node}/step-{order}")
        graph.add((node, IVIG.hasStep, step_node))
        graph.add((step_node, RDF.type, IVIG.MechanismStep))
        graph.add((step_node, RDFS.label, _en(_step_label(step, labels))))
        graph.add((step_node, IVIG.stepOrder, Literal(order)))
        graph.add((step_node, IVIG.stepSubject, iri(step.subject)))
        graph.add((step_node, IVIG.stepRelation, step.relation.iri))
        graph.add((step_node, IVIG.stepObject, iri(step.object)))


def _add_adverse_effect(graph: Graph, node: URIRef, record: AdverseEffect) -> None:
    _ref(graph, node, IVIG.drug, record.drug)
    _ref(graph, node, IVIG.effect, record.effect)
    _term(graph, node, IVIG.severity, record.severity)
    _term(graph, node, IVIG.course, record.course)
    _term(graph, node, IVIG.onset, record.onset)
    _term(graph, node, IVIG.frequency, record.frequency)
    _refs(graph, node, IVIG.preventableBy, record.preventable_by)
    _term(graph, node, IVIG.generality, record.generality)


def _add_recommendation(graph: Graph, node: URIRef, record: Recommendation) -> None:
    _ref(graph, node, IVIG.drug, record.drug)
    _term(graph, node, IVIG.action, record.action)
    _refs(graph, node, IVIG.actionTarget, record.targets)
    _quantity(graph, node, IVIG.period, "period", record.period)
    _ref(graph, node, IVIG.trigger, record.trigger)
    _refs(graph, node, IVIG.condition, record.conditions)
    _ref(graph, node, IVIG.recommendedBy, record.recommended_by)
    _refs(graph, node, IVIG.aimsToReduce, record.aims_to_reduce)
    _dose_schedule(graph, node, record.dose, record.infusions)


def _add_finding(graph: Graph, node: URIRef, record: Finding) -> None:
    _refs(graph, node, IVIG.about, record.about)
    _quantity(graph, node, IVIG.measuredValue, "value", record.value)
    _ref(graph, node, IVIG.measure, record.measure)
    _term(graph, node, IVIG.direction, record.direction)
    _refs(graph, node, IVIG.associatedWith, record.associated_with)


def _add_assertion(
    graph: Graph, curation: Curation, record: Assertion, labels: dict[str, str]
) -> None:
    node = iri(record.id)
    source = curation.source.id
    if record.rdf_class is not None:
        graph.add((node, RDF.type, record.rdf_class))
    graph.add((node, RDFS.label, _en(_assertion_label(record, labels))))
    graph.add((node, IVIG.statement, _en(record.statement)))
    graph.add((node, DCTERMS.source, iri(source)))
    graph.add((node, IVIG.inSection, section_iri(source, record.section)))
    for number in record.references:
        graph.add((node, IVIG.citesReference, reference_iri(source, number)))
    _text(graph, node, IVIG.hedge, record.hedge)
    _text(graph, node, IVIG.curationNote, record.note)
    _refs(graph, node, IVIG.qualifiedBy, record.qualified_by)
    if record.open_list is not None:
        graph.add((node, IVIG.fromOpenList, Literal(record.open_list)))
    if isinstance(record, Indication):
        _add_indication(graph, node, record)
    elif isinstance(record, Mechanism):
        _add_mechanism(graph, node, record, labels)
    elif isinstance(record, AdverseEffect):
        _add_adverse_effect(graph, node, record)
    elif isinstance(record, Recommendation):
        _add_recommendation(graph, node, record)
    elif isinstance(record, Finding):
        _add_finding(graph, node, record)


# --------------------------------------------------------------------------- metadata


def _add_source(graph: Graph, curation: Curation) -> None:
    doc = curation.source.document
    node = iri(doc.id)
    graph.add((node, RDF.type, IVIG.SourceDocument))
    graph.add((node, RDFS.label, _en(doc.title)))
    graph.add((node, DCTERMS.title, _en(doc.title)))
    graph.add((node, DCTERMS.modified, Literal(doc.last_updated.isoformat(), datatype=XSD.date)))
    graph.add((node, IVIG.reviewStatus, _en(doc.review_status)))
    if doc.publisher:
        graph.add((node, DCTERMS.publisher, Literal(doc.publisher)))
    _text(graph, node, IVIG.intendedAudience, doc.audience)
    _text(graph, node, IVIG.curationNote, doc.note)
    for order, section in enumerate(curation.source.sections, start=1):
        s = section_iri(doc.id, section.id)
        graph.add((s, RDF.type, IVIG.DocumentSection))
        graph.add((s, RDFS.label, _en(section.title)))
        graph.add((s, IVIG.sectionOrder, Literal(order)))
        parent = section_iri(doc.id, section.parent) if section.parent else node
        graph.add((s, DCTERMS.isPartOf, parent))
    for reference in curation.source.references:
        r = reference_iri(doc.id, reference.number)
        graph.add((r, RDF.type, IVIG.Reference))
        graph.add((r, RDFS.label, _en(f"reference {reference.number} of the article")))
        graph.add((r, IVIG.referenceNumber, Literal(reference.number)))
        graph.add((r, DCTERMS.isPartOf, node))
        for section_id in reference.cited_in:
            graph.add((r, IVIG.citedIn, section_iri(doc.id, section_id)))
        _text(graph, r, IVIG.curationNote, reference.note)


def citation(info: Dataset) -> str:
    """Return the line to cite a release with: creator, year, title, version, IRI, licence."""
    year = (info.modified or info.issued).year
    licence = " Licensed under CC BY 4.0." if info.license and "/by/4.0" in info.license else ""
    return (
        f"{info.creator} ({year}). {info.title}, version {info.version}. {iri(info.id)}.{licence}"
    )


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
    graph.add((node, DCTERMS.issued, Literal(info.issued.isoformat(), datatype=XSD.date)))
    modified = info.modified or info.issued
    graph.add((node, DCTERMS.modified, Literal(modified.isoformat(), datatype=XSD.date)))
    creator = KG[f"{info.id}-creator"]
    graph.add((node, DCTERMS.creator, creator))
    for cls in (FOAF.Organization, PROV.Agent):
        graph.add((creator, RDF.type, cls))
    graph.add((creator, RDFS.label, _en(info.creator)))
    graph.add((node, DCTERMS.bibliographicCitation, _en(citation(info))))
    # The ontology shares the release: its version IRI names this version of the vocabulary.
    graph.add((ONTOLOGY_IRI, OWL.versionInfo, Literal(info.version)))
    graph.add((ONTOLOGY_IRI, OWL.versionIRI, URIRef(f"{ONTOLOGY_IRI}/{info.version}")))
    graph.add((node, DCTERMS.source, iri(curation.source.id)))
    graph.add((node, PROV.wasDerivedFrom, iri(curation.source.id)))
    graph.add((node, DCTERMS.conformsTo, ONTOLOGY_IRI))
    if info.license:
        graph.add((node, DCTERMS.license, URIRef(info.license)))
    _text(graph, node, IVIG.curationNote, info.note)


def build_graph(curation: Curation, ontology_path: Path) -> Graph:
    """Return the complete graph: the ontology plus every record, mapping and provenance node."""
    graph = new_graph()
    graph.parse(ontology_path, format="turtle")
    _add_dataset(graph, curation)
    _add_source(graph, curation)
    entities = curation.of_kind(Entity)
    for entity in entities:
        _add_entity(graph, entity)
    labels = {entity.id: entity.label for entity in entities}
    for kind in ASSERTION_KINDS:
        for record in curation.of_kind(kind):
            _add_assertion(graph, curation, record, labels)
    add_labeling(graph, curation, labels)
    for mapping in curation.mappings:
        graph.add((iri(mapping.entity), mapping.match.iri, expand(mapping.curie)))
    apply_rules(graph)  # the shortcut triples, from queries/rules/*.rq
    graph.add((iri(curation.dataset.id), VOID.triples, Literal(len(graph) + 1)))
    return graph
