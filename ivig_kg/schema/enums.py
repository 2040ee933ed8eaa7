"""Value sets of the curated records, each value declared once together with its ontology term.

A member is written ``NAME = "yaml-value", IVIG.Term``: the first item is what curators type in
data/, the second is the IRI the build writes for it. Everything else (the loader's checks, the
data dictionary, the JSON Schema for editors, the build) reads these classes.
"""

from __future__ import annotations

from enum import Enum

from rdflib import URIRef
from rdflib.namespace import SKOS

from ivig_kg.namespaces import IVIG


class IriEnum(Enum):
    """An enumeration whose members carry the IRI they stand for in the graph."""

    _value_: str
    iri: URIRef

    def __new__(cls, value: str, iri: URIRef) -> IriEnum:
        member = object.__new__(cls)
        member._value_ = value
        member.iri = iri
        return member

    @classmethod
    def values(cls) -> tuple[str, ...]:
        """Return the values curators may write, in declaration order."""
        return tuple(member.value for member in cls)

    @classmethod
    def iris(cls) -> dict[str, URIRef]:
        """Return value -> IRI, the shape older code imports as e.g. ``UNITS``."""
        return {member.value: member.iri for member in cls}


class EntityType(IriEnum):
    """What kind of thing an entity is; becomes the entity's class."""

    DRUG = "drug", IVIG.Drug
    DISEASE = "disease", IVIG.Disease
    PHENOTYPIC_FEATURE = "phenotypic-feature", IVIG.PhenotypicFeature
    CELL = "cell", IVIG.Cell
    CELL_POPULATION = "cell-population", IVIG.CellPopulation
    MOLECULAR_ENTITY = "molecular-entity", IVIG.MolecularEntity
    BIOLOGICAL_PROCESS = "biological-process", IVIG.BiologicalProcess
    ANATOMICAL_ENTITY = "anatomical-entity", IVIG.AnatomicalEntity
    PROCEDURE = "procedure", IVIG.Procedure
    CLINICAL_MEASURE = "clinical-measure", IVIG.ClinicalMeasure
    POPULATION = "population", IVIG.Population
    ORGANIZATION = "organization", IVIG.Organization
    DRUG_PRODUCT = "drug-product", IVIG.DrugProduct


#: Entity types a "condition" field accepts.
CONDITION_TYPES = (EntityType.DISEASE, EntityType.PHENOTYPIC_FEATURE)


class Category(IriEnum):
    """A group of diseases, derived from MONDO; becomes an extra class of the disease.

    Each group stands for one MONDO class (the ``skos:exactMatch`` of its ontology term). A
    disease is in the group when the MONDO term it is mapped to (exact or broad match) is that
    class or lies below it in the pinned MONDO release; only the most specific groups are
    written, the broader ones follow through ``rdfs:subClassOf`` (docs/decisions/0003).
    """

    IMMUNE_SYSTEM_DISORDER = "immune-system-disorder", IVIG.ImmuneSystemDisorder
    AUTOIMMUNE = "autoimmune", IVIG.AutoimmuneDisease
    INFLAMMATORY = "inflammatory", IVIG.InflammatoryDisease
    NEUROLOGICAL = "neurological", IVIG.NeurologicalCondition
    NEUROPATHY = "neuropathy", IVIG.Neuropathy
    INFECTIOUS = "infectious", IVIG.InfectiousCondition
    TRANSPLANT_RELATED = "transplant-related", IVIG.TransplantRelatedCondition
    HEMATOLOGIC = "hematologic", IVIG.HematologicCondition
    CARDIOVASCULAR = "cardiovascular", IVIG.CardiovascularCondition


class Unit(IriEnum):
    """Unit of a quantity."""

    GRAM_PER_KILOGRAM = "g/kg", IVIG.GramPerKilogram
    HOUR = "h", IVIG.Hour
    DAY = "day", IVIG.Day
    MONTH = "month", IVIG.Month
    YEAR = "year", IVIG.Year
    PERCENT = "percent", IVIG.Percent
    COUNT = "count", IVIG.Count


class Purpose(IriEnum):
    """Whether a use treats a condition or prevents it."""

    TREATMENT = "treatment", IVIG.Treatment
    PREVENTION = "prevention", IVIG.Prevention


class UseStatus(IriEnum):
    """The standing the source gives a use; never stronger than the source says."""

    FDA_APPROVED = "fda-approved", IVIG.FDAApproved
    OTHER_COMMON_USE = "other-common-use", IVIG.OtherCommonUse
    GUIDELINE_RECOMMENDED = "guideline-recommended", IVIG.GuidelineRecommended
    DESCRIBED_USE = "described-use", IVIG.DescribedUse
    OFF_LABEL_USE = "off-label-use", IVIG.OffLabelUse


class Prominence(IriEnum):
    """How common the source says a use is."""

    MOST_COMMON = "most-common", IVIG.MostCommonUse


class Certainty(IriEnum):
    """How firmly the source states a mechanism."""

    ASSERTED = "asserted", IVIG.Asserted
    APPARENT = "apparent", IVIG.Apparent
    POSSIBLE = "possible", IVIG.Possible
    UNKNOWN = "unknown", IVIG.Unknown
    UNDER_RESEARCH = "under-research", IVIG.UnderResearch


class StepRelation(IriEnum):
    """How the subject of a mechanism step acts on its object."""

    REDUCES = "reduces", IVIG.Reduces
    ACTIVATES = "activates", IVIG.Activates
    MODULATES = "modulates", IVIG.Modulates
    NEUTRALIZES = "neutralizes", IVIG.Neutralizes
    PROVIDES = "provides", IVIG.Provides
    AMELIORATES = "ameliorates", IVIG.Ameliorates
    ACTS_THROUGH = "acts-through", IVIG.ActsThrough
    INDEPENDENT_OF = "independent-of", IVIG.IndependentOf
    HAS_EFFECT = "has-effect", IVIG.HasEffect
    TARGETS = "targets", IVIG.Targets


class Severity(IriEnum):
    """Severity of an adverse effect as the source states it."""

    MILD = "mild", IVIG.Mild


class Generality(IriEnum):
    """How widely the source says a stated severity or course holds."""

    MOST = "most", IVIG.MostCases


class Direction(IriEnum):
    """How a measure relates to an outcome or another measure, as the source says."""

    LOWER_IN = "lower-in", IVIG.LowerIn
    INVERSELY_RELATED = "inversely-related", IVIG.InverselyRelated


class Course(IriEnum):
    """Course of an adverse effect as the source states it."""

    TRANSIENT = "transient", IVIG.Transient


class Onset(IriEnum):
    """Onset of an adverse effect as the source states it."""

    LATE = "late", IVIG.LateOnset


class Frequency(IriEnum):
    """Frequency of an adverse effect in the source's words."""

    RARE = "rare", IVIG.Rare


class Action(IriEnum):
    """What a recommendation asks to be done."""

    DEFER = "defer", IVIG.Defer
    CO_ADMINISTER = "co-administer", IVIG.CoAdminister
    ADMINISTER_WITHIN = "administer-within", IVIG.AdministerWithin
    ADMINISTER = "administer", IVIG.Administer


class Grade(IriEnum):
    """How directly a labeling fact was read (see the labeling set's grades)."""

    VERIFIED = "verified", IVIG.Verified
    SECONDARY = "secondary", IVIG.Secondary


class SourceType(IriEnum):
    """The kind of page a labeling fact was read on."""

    DAILYMED = "dailymed", IVIG.DailyMedPage
    FDA = "fda", IVIG.FDAPage
    OPENFDA = "openfda", IVIG.OpenFDARecord
    MANUFACTURER = "manufacturer-site", IVIG.ManufacturerSite
    LABEL_MIRROR = "label-mirror", IVIG.LabelMirror
    NEWS = "news", IVIG.NewsReport


class Route(IriEnum):
    """How a product is given."""

    INTRAVENOUS = "intravenous", IVIG.Intravenous
    SUBCUTANEOUS = "subcutaneous", IVIG.Subcutaneous


class ReadingStatus(IriEnum):
    """Whether a part of a label was stated, stated as absent, or could not be read."""

    STATED = "stated", IVIG.Stated
    NONE_STATED = "none-stated", IVIG.NoneStated
    NOT_VERIFIED = "not-verified", IVIG.NotVerified


class DocumentKind(IriEnum):
    """What kind of labeling document a source of the labeling set is."""

    PRODUCT_LABEL = "product-label", IVIG.ProductLabel
    CLASS_LABELING = "class-labeling", IVIG.ClassLabeling
    REGULATOR_PAGE = "regulator-page", IVIG.RegulatorPage
    COLLECTION = "collection", IVIG.SourceCollection


class LabelingKind(IriEnum):
    """What a class-wide labeling fact is; becomes the class of its node."""

    BOXED_WARNING = "boxed-warning", IVIG.BoxedWarning
    RISK_FACTOR = "risk-factor", IVIG.RiskFactorStatement
    MITIGATION = "mitigation", IVIG.RiskMitigation
    HISTORY = "history", IVIG.SafetyHistoryStatement
    FORMULATION = "formulation", IVIG.FormulationStatement
    CONTRAINDICATION = "contraindication", IVIG.Contraindication


class MatchKind(IriEnum):
    """How an external term relates to an entity; becomes the SKOS mapping property."""

    EXACT = "exact", SKOS.exactMatch
    CLOSE = "close", SKOS.closeMatch
    BROAD = "broad", SKOS.broadMatch
    NARROW = "narrow", SKOS.narrowMatch
    RELATED = "related", SKOS.relatedMatch
