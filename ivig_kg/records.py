"""Record kinds of the curated data, their fields and the allowed values of each field.

This module is the single description of `data/`: the loader validates against it, the
builder maps it to RDF, and tests check that data/README.md documents every field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from rdflib import URIRef

from ivig_kg.namespaces import IVIG

FieldKind = Literal[
    "id",
    "text",
    "int",
    "bool",
    "date",
    "ref",
    "refs",
    "enum",
    "enums",
    "quantity",
    "steps",
    "refnums",
    "section",
]


@dataclass(frozen=True)
class FieldSpec:
    """One field of a record: its YAML key, kind, whether it is required and what it allows."""

    name: str
    kind: FieldKind
    doc: str
    required: bool = False
    enum: Mapping[str, URIRef] = field(default_factory=dict)
    #: For ref/refs fields: the entity types the target may have (empty = any entity).
    targets: tuple[str, ...] = ()


ENTITY_TYPES: dict[str, URIRef] = {
    "drug": IVIG.Drug,
    "disease": IVIG.Disease,
    "phenotypic-feature": IVIG.PhenotypicFeature,
    "cell": IVIG.Cell,
    "cell-population": IVIG.CellPopulation,
    "molecular-entity": IVIG.MolecularEntity,
    "biological-process": IVIG.BiologicalProcess,
    "anatomical-entity": IVIG.AnatomicalEntity,
    "procedure": IVIG.Procedure,
    "clinical-measure": IVIG.ClinicalMeasure,
    "population": IVIG.Population,
    "organization": IVIG.Organization,
}
CONDITION_TYPES = ("disease", "phenotypic-feature")

CATEGORIES: dict[str, URIRef] = {
    "immunodeficiency": IVIG.ImmunodeficiencyCondition,
    "autoimmune-or-inflammatory": IVIG.AutoimmuneOrInflammatoryCondition,
    "neurological": IVIG.NeurologicalCondition,
    "neuropathy": IVIG.Neuropathy,
    "infectious": IVIG.InfectiousCondition,
    "transplant-related": IVIG.TransplantRelatedCondition,
    "hematologic": IVIG.HematologicCondition,
    "cardiovascular": IVIG.CardiovascularCondition,
}

UNITS: dict[str, URIRef] = {
    "g/kg": IVIG.GramPerKilogram,
    "h": IVIG.Hour,
    "day": IVIG.Day,
    "month": IVIG.Month,
    "percent": IVIG.Percent,
    "count": IVIG.Count,
}

PURPOSES = {"treatment": IVIG.Treatment, "prevention": IVIG.Prevention}
USE_STATUSES = {
    "fda-approved": IVIG.FDAApproved,
    "other-common-use": IVIG.OtherCommonUse,
    "guideline-recommended": IVIG.GuidelineRecommended,
    "described-use": IVIG.DescribedUse,
}
PROMINENCES = {"most-common": IVIG.MostCommonUse}
CERTAINTIES = {
    "asserted": IVIG.Asserted,
    "apparent": IVIG.Apparent,
    "possible": IVIG.Possible,
    "unknown": IVIG.Unknown,
    "under-research": IVIG.UnderResearch,
}
STEP_RELATIONS = {
    "reduces": IVIG.Reduces,
    "activates": IVIG.Activates,
    "modulates": IVIG.Modulates,
    "neutralizes": IVIG.Neutralizes,
    "provides": IVIG.Provides,
    "ameliorates": IVIG.Ameliorates,
    "acts-through": IVIG.ActsThrough,
    "independent-of": IVIG.IndependentOf,
    "has-effect": IVIG.HasEffect,
}
SEVERITIES = {"mild": IVIG.Mild}
COURSES = {"transient": IVIG.Transient}
ONSETS = {"late": IVIG.LateOnset}
FREQUENCIES = {"rare": IVIG.Rare}
ACTIONS = {
    "defer": IVIG.Defer,
    "co-administer": IVIG.CoAdminister,
    "administer-within": IVIG.AdministerWithin,
    "administer": IVIG.Administer,
}
MATCH_KINDS = ("exact", "close", "broad", "narrow", "related")


@dataclass(frozen=True)
class RecordKind:
    """A kind of curated record: the file it lives in, its RDF class and its fields."""

    name: str
    file: str
    rdf_class: URIRef | None
    fields: tuple[FieldSpec, ...]

    @property
    def key(self) -> str:
        """The top-level YAML key of the kind's file: the file name without '.yaml'."""
        return self.file.removesuffix(".yaml")

    def spec(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)


_ID = FieldSpec(
    "id",
    "id",
    "Stable identifier, lower-case words joined by hyphens; becomes the IRI kg:<id>.",
    required=True,
)
_NOTE = FieldSpec(
    "note", "text", "Curators' remark, e.g. on an inconsistency or vagueness of the source."
)

ASSERTION_FIELDS: tuple[FieldSpec, ...] = (
    _ID,
    FieldSpec(
        "statement",
        "text",
        "The fact in one sentence, in the curators' own words (never pasted from the source).",
        required=True,
    ),
    FieldSpec(
        "section",
        "section",
        "Id of the source section that states the fact (see data/source.yaml).",
        required=True,
    ),
    FieldSpec(
        "references",
        "refnums",
        "Reference numbers the source cites for the fact; each must be cited in that section.",
        required=True,
    ),
    FieldSpec(
        "hedge",
        "text",
        "The source's own qualifying words (possible, rare, usually, ...), kept as data.",
    ),
    _NOTE,
)

_DRUG = FieldSpec(
    "drug", "ref", "The drug the statement is about.", required=True, targets=("drug",)
)

ENTITY = RecordKind(
    "entity",
    "entities.yaml",
    None,
    (
        _ID,
        FieldSpec(
            "type", "enum", "What kind of thing the entity is.", required=True, enum=ENTITY_TYPES
        ),
        FieldSpec("label", "text", "English name as the source uses it.", required=True),
        FieldSpec("description", "text", "Short description in the curators' own words."),
        FieldSpec(
            "categories",
            "enums",
            "Condition groups (conditions only), forming the class hierarchy.",
            enum=CATEGORIES,
        ),
        FieldSpec(
            "broader",
            "refs",
            "Entities this one is a narrower kind or subset of, as the source groups them (skos:broader).",
        ),
        FieldSpec(
            "related",
            "refs",
            "Other entities this one is defined through, e.g. a marker of a cell population (skos:related).",
        ),
        _NOTE,
    ),
)

INDICATION = RecordKind(
    "indication",
    "indications.yaml",
    IVIG.Indication,
    ASSERTION_FIELDS
    + (
        _DRUG,
        FieldSpec(
            "conditions",
            "refs",
            "Conditions the use is about; several when one approval covers several outcomes.",
            required=True,
            targets=CONDITION_TYPES,
        ),
        FieldSpec("purpose", "enum", "Treat or prevent.", required=True, enum=PURPOSES),
        FieldSpec(
            "status", "enum", "Standing the source gives the use.", required=True, enum=USE_STATUSES
        ),
        FieldSpec("prominence", "enum", "How common the source says the use is.", enum=PROMINENCES),
        FieldSpec(
            "approved_by",
            "ref",
            "Body the source says approved the use.",
            targets=("organization",),
        ),
        FieldSpec(
            "recommended_by",
            "ref",
            "Body the source says recommends the use.",
            targets=("organization",),
        ),
        FieldSpec(
            "population", "ref", "Patients the use is restricted to.", targets=("population",)
        ),
        FieldSpec("dose", "quantity", "Dose per course."),
        FieldSpec("infusions", "int", "Number of infusions the dose is given in."),
        FieldSpec("infusion_duration", "quantity", "How long one infusion lasts."),
        FieldSpec("latest_start", "quantity", "Latest start of treatment after the illness began."),
        FieldSpec("preferred_latest_start", "quantity", "Earlier start to aim for where possible."),
        FieldSpec(
            "co_therapy",
            "refs",
            "Drugs to give together with this one for this use.",
            targets=("drug",),
        ),
        FieldSpec(
            "aims_to_reduce",
            "refs",
            "Conditions whose occurrence the use is meant to lower.",
            targets=CONDITION_TYPES,
        ),
    ),
)

MECHANISM = RecordKind(
    "mechanism",
    "mechanisms.yaml",
    IVIG.MechanismOfAction,
    ASSERTION_FIELDS
    + (
        _DRUG,
        FieldSpec(
            "conditions",
            "refs",
            "Condition the mechanism is stated for, if the source restricts it.",
            targets=CONDITION_TYPES,
        ),
        FieldSpec(
            "certainty",
            "enum",
            "How firmly the source states the mechanism.",
            required=True,
            enum=CERTAINTIES,
        ),
        FieldSpec(
            "steps",
            "steps",
            "Ordered path of steps, each {subject, relation, object}; empty when the mechanism is unknown.",
        ),
    ),
)

ADVERSE_EFFECT = RecordKind(
    "adverse_effect",
    "adverse_effects.yaml",
    IVIG.AdverseEffectAssociation,
    ASSERTION_FIELDS
    + (
        _DRUG,
        FieldSpec("effect", "ref", "The unwanted effect.", required=True, targets=CONDITION_TYPES),
        FieldSpec("severity", "enum", "Severity, only if the source states it.", enum=SEVERITIES),
        FieldSpec("course", "enum", "Course, only if the source states it.", enum=COURSES),
        FieldSpec("onset", "enum", "Onset, only if the source states it.", enum=ONSETS),
        FieldSpec(
            "frequency",
            "enum",
            "Frequency in the source's words, only if stated.",
            enum=FREQUENCIES,
        ),
        FieldSpec(
            "preventable_by",
            "refs",
            "Measures the source says can prevent the effect.",
            targets=("procedure",),
        ),
        FieldSpec(
            "varies_by_product",
            "bool",
            "True when the source says the effect differs between products.",
        ),
    ),
)

RECOMMENDATION = RecordKind(
    "recommendation",
    "recommendations.yaml",
    IVIG.Recommendation,
    ASSERTION_FIELDS
    + (
        _DRUG,
        FieldSpec(
            "action", "enum", "What the recommendation asks for.", required=True, enum=ACTIONS
        ),
        FieldSpec(
            "targets",
            "refs",
            "What the action applies to (vaccines to defer, a drug to co-administer).",
        ),
        FieldSpec(
            "period", "quantity", "How long the action lasts, or the window it must happen in."
        ),
        FieldSpec("trigger", "ref", "What starts the period, e.g. receiving high-dose IVIG."),
        FieldSpec(
            "conditions",
            "refs",
            "Condition the recommendation is made for.",
            targets=CONDITION_TYPES,
        ),
        FieldSpec(
            "recommended_by",
            "ref",
            "Body making the recommendation, if the source names one.",
            targets=("organization",),
        ),
    ),
)

FINDING = RecordKind(
    "finding",
    "findings.yaml",
    IVIG.Finding,
    ASSERTION_FIELDS
    + (
        FieldSpec("about", "refs", "Entities the finding is about.", required=True),
        FieldSpec("value", "quantity", "A number the finding reports."),
    ),
)

ASSERTION_KINDS: tuple[RecordKind, ...] = (
    INDICATION,
    MECHANISM,
    ADVERSE_EFFECT,
    RECOMMENDATION,
    FINDING,
)
ALL_KINDS: tuple[RecordKind, ...] = (ENTITY, *ASSERTION_KINDS)

QUANTITY_KEYS = {"value", "min", "max", "unit", "hedge"}
STEP_KEYS = {"subject", "relation", "object"}
MAPPING_COLUMNS = ("entity", "curie", "match", "label", "source", "checked")


@dataclass
class Record:
    """One validated record: its kind, its values by field name, and where it was read."""

    kind: RecordKind
    values: dict[str, Any]
    file: str
    line: int

    @property
    def id(self) -> str:
        return str(self.values["id"])


@dataclass(frozen=True)
class Quantity:
    value: float | None
    min: float | None
    max: float | None
    unit: str
    hedge: str | None = None


@dataclass(frozen=True)
class Step:
    subject: str
    relation: str
    object: str


@dataclass(frozen=True)
class Mapping_:
    """A checked mapping of one entity to an external identifier (one row of mappings.tsv)."""

    entity: str
    curie: str
    match: str
    label: str
    source: str
    checked: str
    file: str
    line: int


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    order: int
    parent: str | None


@dataclass(frozen=True)
class Reference:
    number: int
    cited_in: tuple[str, ...]
    note: str | None


@dataclass(frozen=True)
class SourceDoc:
    id: str
    title: str
    last_updated: str
    publisher: str | None
    review_status: str
    audience: str | None
    note: str | None
    sections: tuple[Section, ...]
    references: tuple[Reference, ...]


@dataclass(frozen=True)
class DatasetInfo:
    id: str
    title: str
    description: str
    version: str
    issued: str
    license: str | None
    note: str | None


@dataclass
class Curation:
    """Everything read from data/: the source, the dataset metadata, records and mappings."""

    dataset: DatasetInfo
    source: SourceDoc
    records: list[Record]
    mappings: list[Mapping_]

    def of_kind(self, kind: RecordKind) -> list[Record]:
        return [r for r in self.records if r.kind is kind]

    @property
    def entities(self) -> dict[str, Record]:
        return {r.id: r for r in self.records if r.kind is ENTITY}
