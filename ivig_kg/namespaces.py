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
    AgeLimit: URIRef
    Ameliorates: URIRef
    AnatomicalEntity: URIRef
    Apparent: URIRef
    Asserted: URIRef
    Assertion: URIRef
    AutoimmuneDisease: URIRef
    AutoimmuneOrInflammatoryCondition: URIRef
    BiologicalProcess: URIRef
    BoxedWarning: URIRef
    CardiovascularCondition: URIRef
    Cell: URIRef
    CellPopulation: URIRef
    Certainty: URIRef
    ClassLabeling: URIRef
    ClinicalMeasure: URIRef
    CoAdminister: URIRef
    Contraindication: URIRef
    Count: URIRef
    Course: URIRef
    DailyMedPage: URIRef
    Day: URIRef
    Defer: URIRef
    DescribedUse: URIRef
    Direction: URIRef
    Disease: URIRef
    DocumentSection: URIRef
    DoseSchedule: URIRef
    Drug: URIRef
    DrugProduct: URIRef
    Entity: URIRef
    EvidenceGrade: URIRef
    FDAApproved: URIRef
    FDAPage: URIRef
    Finding: URIRef
    FormulationStatement: URIRef
    Frequency: URIRef
    Generality: URIRef
    GradedPart: URIRef
    GramPerKilogram: URIRef
    GuidelineRecommended: URIRef
    HasEffect: URIRef
    HematologicCondition: URIRef
    HistoryEvent: URIRef
    Hour: URIRef
    ImmuneSystemDisorder: URIRef
    ImmunodeficiencyCondition: URIRef
    IndependentOf: URIRef
    Indication: URIRef
    InfectiousCondition: URIRef
    InflammatoryDisease: URIRef
    Intravenous: URIRef
    InverselyRelated: URIRef
    LabelMirror: URIRef
    LabeledIndication: URIRef
    LabelingAssertion: URIRef
    LabelingDocument: URIRef
    LateOnset: URIRef
    LowerIn: URIRef
    ManufacturerSite: URIRef
    MechanismOfAction: URIRef
    MechanismStep: URIRef
    MedicalCondition: URIRef
    Mild: URIRef
    Modulates: URIRef
    MolecularEntity: URIRef
    Month: URIRef
    MostCases: URIRef
    MostCommonUse: URIRef
    NeurologicalCondition: URIRef
    Neuropathy: URIRef
    Neutralizes: URIRef
    NewsReport: URIRef
    NoneStated: URIRef
    NotVerified: URIRef
    OffLabelUse: URIRef
    Onset: URIRef
    OpenFDARecord: URIRef
    Organization: URIRef
    OtherCommonUse: URIRef
    Percent: URIRef
    PhenotypicFeature: URIRef
    Population: URIRef
    Possible: URIRef
    Prevention: URIRef
    Procedure: URIRef
    ProductCoverage: URIRef
    ProductLabel: URIRef
    Prominence: URIRef
    Provides: URIRef
    Purpose: URIRef
    Quantity: URIRef
    Rare: URIRef
    ReadingStatus: URIRef
    Recommendation: URIRef
    Reduces: URIRef
    Reference: URIRef
    RegulatorPage: URIRef
    RiskFactorStatement: URIRef
    RiskMitigation: URIRef
    Route: URIRef
    SafetyHistoryStatement: URIRef
    Secondary: URIRef
    Severity: URIRef
    SourceCollection: URIRef
    SourceDocument: URIRef
    SourceType: URIRef
    Stated: URIRef
    StepRelation: URIRef
    Subcutaneous: URIRef
    Targets: URIRef
    Transient: URIRef
    TransplantRelatedCondition: URIRef
    Treatment: URIRef
    UnderResearch: URIRef
    Unit: URIRef
    Unknown: URIRef
    UseStatus: URIRef
    Verified: URIRef
    Year: URIRef
    about: URIRef
    action: URIRef
    actionTarget: URIRef
    affects: URIRef
    ageLimit: URIRef
    aimsToReduce: URIRef
    alsoAppliesTo: URIRef
    appliesTo: URIRef
    approvedBy: URIRef
    associatedWith: URIRef
    certainty: URIRef
    citedIn: URIRef
    citesReference: URIRef
    coAdministeredWith: URIRef
    coTherapy: URIRef
    condition: URIRef
    containsIngredient: URIRef
    contraindicatedIn: URIRef
    course: URIRef
    curationNote: URIRef
    direction: URIRef
    dose: URIRef
    doseSchedule: URIRef
    drug: URIRef
    effect: URIRef
    eventDate: URIRef
    evidenceGrade: URIRef
    frequency: URIRef
    fromOpenList: URIRef
    generality: URIRef
    hasAdverseEffect: URIRef
    hasMechanism: URIRef
    hasStep: URIRef
    hedge: URIRef
    iggConcentration: URIRef
    inSection: URIRef
    indicationHistory: URIRef
    infusionDuration: URIRef
    ingredient: URIRef
    initialUSApproval: URIRef
    intendedAudience: URIRef
    labelOf: URIRef
    labelTerm: URIRef
    labelVersion: URIRef
    labeledGoal: URIRef
    labeler: URIRef
    latestStart: URIRef
    limitationOfUse: URIRef
    marketingStart: URIRef
    maxAge: URIRef
    maxValue: URIRef
    measure: URIRef
    measuredValue: URIRef
    minAge: URIRef
    minValue: URIRef
    mitigationMeasure: URIRef
    numberOfInfusions: URIRef
    onset: URIRef
    partOfWarning: URIRef
    period: URIRef
    population: URIRef
    preferredLatestStart: URIRef
    preparationNote: URIRef
    preventableBy: URIRef
    prevents: URIRef
    product: URIRef
    productOf: URIRef
    prominence: URIRef
    purpose: URIRef
    qualifiedBy: URIRef
    readOn: URIRef
    readingStatus: URIRef
    recommendedBy: URIRef
    referenceNumber: URIRef
    reviewStatus: URIRef
    riskFactor: URIRef
    route: URIRef
    routeNote: URIRef
    sectionOrder: URIRef
    severity: URIRef
    sourceType: URIRef
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
    warnsOf: URIRef


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
