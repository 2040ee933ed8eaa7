"""The data files as typed models: dataset and source metadata, record files, mapping rows.

Each YAML file of data/ is validated as one of the ``*File`` models (``Dataset`` and
``SourceDoc`` are files in their own right); data/schema.json is the JSON Schema of
:data:`DataFile`, the union of them all. :class:`Curation` is everything read, validated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, ClassVar, TypeVar

from annotated_types import MinLen
from pydantic import Field

from ivig_kg.schema import types as t
from ivig_kg.schema.labeling import ClassFact, LabeledIndication, LabelingSource, Product
from ivig_kg.schema.models import (
    AdverseEffect,
    Entity,
    Finding,
    Indication,
    Located,
    Mechanism,
    Model,
    Recommendation,
    Record,
)

R = TypeVar("R", bound=Record)


# --------------------------------------------------------------------------- dataset.yaml


class Dataset(Located):
    """Metadata of the graph as a dataset (data/dataset.yaml)."""

    noun = "the dataset (dataset.yaml)"

    id: t.Id = Field(description="Id of the dataset; becomes the IRI kg:<id>.")
    title: t.Name = Field(description="Title of the graph.")
    description: t.Text = Field(description="What the graph holds and where it comes from.")
    version: t.Version = Field(
        description="Version of the graph, such as 1.2.3; must equal the package version."
    )
    issued: t.Date = Field(description="Date this version was released, YYYY-MM-DD.")
    modified: t.Date | None = Field(
        None, description="Date the records last changed, YYYY-MM-DD (default: issued)."
    )
    creator: t.Name = Field(description="Who made the graph, as it should be credited.")
    license: t.Iri | None = Field(
        None, description="IRI of the licence of the graph, e.g. a Creative Commons URL."
    )
    note: t.Text | None = Field(None, description="Curators' remark on the dataset.")


# --------------------------------------------------------------------------- source.yaml


class Document(Model):
    """The source article itself."""

    noun = "the document"

    id: t.Id = Field(description="Id of the source; becomes the IRI kg:<id>.")
    title: t.Name = Field(description="Title as the source gives it.")
    last_updated: t.Date = Field(description="Date the source was last updated, YYYY-MM-DD.")
    publisher: t.Name | None = Field(None, description="Who publishes the source.")
    review_status: t.Text = Field(description="What the source says about its own review.")
    audience: t.Text | None = Field(None, description="Readers the source addresses.")
    note: t.Text | None = Field(None, description="Curators' remark on the source.")


class Section(Model):
    """A section of the source, in the order the source has them."""

    noun = "a section"

    id: t.Id = Field(description="Id of the section, used by every record's `section`.")
    title: t.Name = Field(description="Heading of the section.")
    parent: t.SectionId | None = Field(None, description="Section this one is part of.")


class Reference(Model):
    """A numbered reference of the source and the sections that cite it."""

    noun = "a reference"

    number: t.RefNumber = Field(description="The reference's number in the source.")
    cited_in: t.SectionIds = Field(description="Ids of the sections that cite the reference.")
    note: t.Text | None = Field(None, description="Curators' remark on the reference.")


class SourceDoc(Located):
    """The source article, its sections and its references (data/source.yaml)."""

    noun = "the source (source.yaml)"
    unnamed = frozenset({"document"})

    document: Document = Field(description="The source article.")
    sections: Annotated[tuple[Section, ...], MinLen(1)] = Field(
        description="The sections of the article, in its order."
    )
    references: Annotated[tuple[Reference, ...], MinLen(1)] = Field(
        description="The numbered references of the article."
    )

    @property
    def id(self) -> str:
        return self.document.id


# --------------------------------------------------------------------------- record files


class RecordFile(Model):
    """A file of records of one kind, under one top-level key."""

    record_type: ClassVar[type[Record]]

    def records(self) -> tuple[Record, ...]:
        raise NotImplementedError


class EntitiesFile(RecordFile):
    """The file entities.yaml."""

    record_type = Entity
    noun = "the file entities.yaml"
    unnamed = frozenset({"entities"})

    entities: Annotated[tuple[Entity, ...], MinLen(1)] = Field(
        description="The entity records, sorted by id."
    )

    def records(self) -> tuple[Record, ...]:
        return self.entities


class IndicationsFile(RecordFile):
    """The file indications.yaml."""

    record_type = Indication
    noun = "the file indications.yaml"
    unnamed = frozenset({"indications"})

    indications: Annotated[tuple[Indication, ...], MinLen(1)] = Field(
        description="The indication records, sorted by id."
    )

    def records(self) -> tuple[Record, ...]:
        return self.indications


class MechanismsFile(RecordFile):
    """The file mechanisms.yaml."""

    record_type = Mechanism
    noun = "the file mechanisms.yaml"
    unnamed = frozenset({"mechanisms"})

    mechanisms: Annotated[tuple[Mechanism, ...], MinLen(1)] = Field(
        description="The mechanism records, sorted by id."
    )

    def records(self) -> tuple[Record, ...]:
        return self.mechanisms


class AdverseEffectsFile(RecordFile):
    """The file adverse_effects.yaml."""

    record_type = AdverseEffect
    noun = "the file adverse_effects.yaml"
    unnamed = frozenset({"adverse_effects"})

    adverse_effects: Annotated[tuple[AdverseEffect, ...], MinLen(1)] = Field(
        description="The adverse effect records, sorted by id."
    )

    def records(self) -> tuple[Record, ...]:
        return self.adverse_effects


class RecommendationsFile(RecordFile):
    """The file recommendations.yaml."""

    record_type = Recommendation
    noun = "the file recommendations.yaml"
    unnamed = frozenset({"recommendations"})

    recommendations: Annotated[tuple[Recommendation, ...], MinLen(1)] = Field(
        description="The recommendation records, sorted by id."
    )

    def records(self) -> tuple[Record, ...]:
        return self.recommendations


class FindingsFile(RecordFile):
    """The file findings.yaml."""

    record_type = Finding
    noun = "the file findings.yaml"
    unnamed = frozenset({"findings"})

    findings: Annotated[tuple[Finding, ...], MinLen(1)] = Field(
        description="The finding records, sorted by id."
    )

    def records(self) -> tuple[Record, ...]:
        return self.findings


class ProductsFile(RecordFile):
    """The file products.yaml."""

    record_type = Product
    noun = "the file products.yaml"
    unnamed = frozenset({"products"})

    products: Annotated[tuple[Product, ...], MinLen(1)] = Field(
        description="The product records, sorted by id."
    )

    def records(self) -> tuple[Record, ...]:
        return self.products


class LabelingSourcesFile(RecordFile):
    """The file labeling_sources.yaml."""

    record_type = LabelingSource
    noun = "the file labeling_sources.yaml"
    unnamed = frozenset({"sources"})

    sources: Annotated[tuple[LabelingSource, ...], MinLen(1)] = Field(
        description="The documents of the labeling set and the set itself, sorted by id."
    )

    def records(self) -> tuple[Record, ...]:
        return self.sources


class LabeledIndicationsFile(RecordFile):
    """The file labeled_indications.yaml."""

    record_type = LabeledIndication
    noun = "the file labeled_indications.yaml"
    unnamed = frozenset({"labeled_indications"})

    labeled_indications: Annotated[tuple[LabeledIndication, ...], MinLen(1)] = Field(
        description="The labeled indication records, sorted by id."
    )

    def records(self) -> tuple[Record, ...]:
        return self.labeled_indications


class ClassLabelingFile(RecordFile):
    """The file class_labeling.yaml."""

    record_type = ClassFact
    noun = "the file class_labeling.yaml"
    unnamed = frozenset({"class_facts"})

    class_facts: Annotated[tuple[ClassFact, ...], MinLen(1)] = Field(
        description="The class-wide labeling records, sorted by id."
    )

    def records(self) -> tuple[Record, ...]:
        return self.class_facts


RECORD_FILES: tuple[type[RecordFile], ...] = (
    EntitiesFile,
    IndicationsFile,
    MechanismsFile,
    AdverseEffectsFile,
    RecommendationsFile,
    FindingsFile,
    ProductsFile,
    LabelingSourcesFile,
    LabeledIndicationsFile,
    ClassLabelingFile,
)
#: Any YAML file of data/: data/schema.json, the JSON Schema for editors, is this union's.
DataFile = (
    Dataset
    | SourceDoc
    | EntitiesFile
    | IndicationsFile
    | MechanismsFile
    | AdverseEffectsFile
    | RecommendationsFile
    | FindingsFile
    | ProductsFile
    | LabelingSourcesFile
    | LabeledIndicationsFile
    | ClassLabelingFile
)


# --------------------------------------------------------------------------- mappings.tsv


class MappingRow(Located):
    """A checked link from an entity to an external identifier: one row of mappings.tsv."""

    noun = "a mapping row"

    entity: t.Ref = Field(description="Id of an entity of entities.yaml.")
    curie: t.Curie = Field(
        description="External identifier as PREFIX:ID; the prefixes are listed in "
        "ivig_kg/prefixes.py."
    )
    match: t.MatchValue = Field(
        description="SKOS match: `exact`, `close`, `broad` (the external term is broader), "
        "`narrow` or `related`."
    )
    label: t.Name = Field(description="The external term's label exactly as seen when checked.")
    source: t.Text = Field(
        description="Where the identifier and label were seen (release, package or file)."
    )
    checked: t.Date = Field(description="Date of the check, YYYY-MM-DD.")


MAPPING_COLUMNS: tuple[str, ...] = tuple(MappingRow.model_fields)


# --------------------------------------------------------------------------- everything


@dataclass(frozen=True)
class Curation:
    """Everything read from data/: dataset metadata, the source, the records and the mappings."""

    dataset: Dataset
    source: SourceDoc
    #: Entities first, then the statements, each file in its (sorted) order.
    records: tuple[Record, ...]
    mappings: tuple[MappingRow, ...]

    def of_kind(self, kind: type[R]) -> list[R]:
        """Return the records of one kind, e.g. ``curation.of_kind(Indication)``."""
        return [record for record in self.records if isinstance(record, kind)]

    @property
    def entities(self) -> dict[str, Entity]:
        return {entity.id: entity for entity in self.of_kind(Entity)}

    @property
    def linkable(self) -> dict[str, Entity | Product]:
        """Everything a record may refer to by id: the entities and the products."""
        return {**self.entities, **{p.id: p for p in self.of_kind(Product)}}
