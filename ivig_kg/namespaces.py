"""The project vocabulary as closed namespaces, and the prefixes every output uses.

`IVIG` is closed: a misspelt term raises at import or call time instead of silently
minting a new IRI. tests/test_namespaces.py checks it against ontology/ivig.ttl.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

BASE = "https://w3id.org/ivig-kg/"
ONTOLOGY_IRI = URIRef(BASE + "ontology")
KG = Namespace(BASE + "id/")
SCHEMA = Namespace("https://schema.org/")
BIOLINK = Namespace("https://w3id.org/biolink/vocab/")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")


class IVIG(DefinedNamespace):
    """Terms of ontology/ivig.ttl."""

    _NS = Namespace(BASE + "ontology/")
    _fail = True

    Action: URIRef
    Activates: URIRef
    ActsThrough: URIRef
    Administer: URIRef
    AdministerWithin: URIRef
    AdverseEffectAssociation: URIRef
    Ameliorates: URIRef
    AnatomicalEntity: URIRef
    Apparent: URIRef
    Asserted: URIRef
    Assertion: URIRef
    AutoimmuneOrInflammatoryCondition: URIRef
    BiologicalProcess: URIRef
    CardiovascularCondition: URIRef
    Cell: URIRef
    CellPopulation: URIRef
    Certainty: URIRef
    ClinicalMeasure: URIRef
    CoAdminister: URIRef
    Count: URIRef
    Course: URIRef
    Day: URIRef
    Defer: URIRef
    DescribedUse: URIRef
    Disease: URIRef
    DocumentSection: URIRef
    DoseSchedule: URIRef
    Drug: URIRef
    Entity: URIRef
    FDAApproved: URIRef
    Finding: URIRef
    Frequency: URIRef
    GramPerKilogram: URIRef
    GuidelineRecommended: URIRef
    HasEffect: URIRef
    HematologicCondition: URIRef
    Hour: URIRef
    ImmunodeficiencyCondition: URIRef
    IndependentOf: URIRef
    Indication: URIRef
    InfectiousCondition: URIRef
    LateOnset: URIRef
    MechanismOfAction: URIRef
    MechanismStep: URIRef
    MedicalCondition: URIRef
    Mild: URIRef
    Modulates: URIRef
    MolecularEntity: URIRef
    Month: URIRef
    MostCommonUse: URIRef
    NeurologicalCondition: URIRef
    Neuropathy: URIRef
    Neutralizes: URIRef
    Onset: URIRef
    Organization: URIRef
    OtherCommonUse: URIRef
    Percent: URIRef
    PhenotypicFeature: URIRef
    Population: URIRef
    Possible: URIRef
    Prevention: URIRef
    Procedure: URIRef
    Prominence: URIRef
    Provides: URIRef
    Purpose: URIRef
    Quantity: URIRef
    Rare: URIRef
    Recommendation: URIRef
    Reduces: URIRef
    Reference: URIRef
    Severity: URIRef
    SourceDocument: URIRef
    StepRelation: URIRef
    Transient: URIRef
    TransplantRelatedCondition: URIRef
    Treatment: URIRef
    UnderResearch: URIRef
    Unit: URIRef
    Unknown: URIRef
    UseStatus: URIRef
    about: URIRef
    action: URIRef
    actionTarget: URIRef
    affects: URIRef
    aimsToReduce: URIRef
    approvedBy: URIRef
    certainty: URIRef
    citedIn: URIRef
    citesReference: URIRef
    coAdministeredWith: URIRef
    coTherapy: URIRef
    condition: URIRef
    course: URIRef
    curationNote: URIRef
    dose: URIRef
    doseSchedule: URIRef
    drug: URIRef
    effect: URIRef
    frequency: URIRef
    hasAdverseEffect: URIRef
    hasMechanism: URIRef
    hasStep: URIRef
    hedge: URIRef
    inSection: URIRef
    infusionDuration: URIRef
    intendedAudience: URIRef
    latestStart: URIRef
    maxValue: URIRef
    measuredValue: URIRef
    minValue: URIRef
    numberOfInfusions: URIRef
    onset: URIRef
    period: URIRef
    population: URIRef
    preferredLatestStart: URIRef
    preventableBy: URIRef
    prevents: URIRef
    prominence: URIRef
    purpose: URIRef
    recommendedBy: URIRef
    referenceNumber: URIRef
    reviewStatus: URIRef
    sectionOrder: URIRef
    severity: URIRef
    statement: URIRef
    stepObject: URIRef
    stepOrder: URIRef
    stepRelation: URIRef
    stepSubject: URIRef
    treats: URIRef
    trigger: URIRef
    unit: URIRef
    useStatus: URIRef
    value: URIRef
    variesByProduct: URIRef


PREFIXES: dict[str, str] = {
    "ivig": str(IVIG._NS),
    "kg": str(KG),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "biolink": str(BIOLINK),
    "void": str(VOID),
    "dcat": str(DCAT),
    "foaf": str(FOAF),
}
