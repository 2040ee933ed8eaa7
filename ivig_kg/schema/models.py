"""The curated records as typed models: one model per record kind and per data file.

These classes are the one declared schema of data/. The loader validates YAML and TSV against
them, ivig_kg.datadict renders the field tables of data/README.md and data/schema.json from
them, and the build reads their typed attributes. Field descriptions are the data dictionary.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Annotated, ClassVar

from pydantic import (
    Field,
    model_validator,
)
from rdflib import URIRef

from ivig_kg.namespaces import IVIG
from ivig_kg.schema import types as t
from ivig_kg.schema.base import Located, Model
from ivig_kg.schema.enums import CONDITION_TYPES, EntityType
from ivig_kg.schema.parts import Quantity, Step, Steps
from ivig_kg.schema.types import Position, Targets

_DRUG = Targets(EntityType.DRUG)
_CONDITION = Targets(*CONDITION_TYPES)
_ORGANIZATION = Targets(EntityType.ORGANIZATION)


@dataclass(frozen=True)
class Link:
    """A reference from a record to an entity, with the field path it is written at."""

    path: Position
    target: str
    allowed: tuple[EntityType, ...]

    @property
    def field(self) -> str:
        return ".".join(part for part in self.path if isinstance(part, str))


class Record(Located):
    """A curated record: one entity or one statement, with a stable id."""

    #: Name of the kind ("indication"), the file's top-level key and the node's class.
    kind: ClassVar[str] = ""
    key: ClassVar[str] = ""
    rdf_class: ClassVar[URIRef | None] = None

    id: t.Id = Field(
        description="Stable identifier, lower-case words joined by hyphens; becomes the IRI kg:<id>."
    )

    @classmethod
    def file_name(cls) -> str:
        return f"{cls.key}.yaml"

    def links(self) -> Iterator[Link]:
        """Yield every entity this record refers to, from its ref, refs and steps fields."""
        for name, kind, allowed in _link_fields(type(self)):
            value = getattr(self, name)
            if value is None:
                continue
            if kind == "ref":
                yield Link((name,), value, allowed)
            elif kind == "refs":
                yield from (Link((name, i), item, allowed) for i, item in enumerate(value))
            elif kind == "steps":
                for i, step in enumerate(value):
                    yield Link((name, i, "subject"), step.subject, ())
                    yield Link((name, i, "object"), step.object, ())


@cache
def _link_fields(model: type[Record]) -> tuple[tuple[str, str, tuple[EntityType, ...]], ...]:
    """Return (field, kind, allowed entity types) of the fields of a model that refer to entities."""
    found = []
    for name, info in model.model_fields.items():
        kind, targets = t.markers(info.metadata, info.annotation)
        if kind is not None and kind.name in ("ref", "refs", "steps"):
            found.append((name, kind.name, targets.types if targets else ()))
    return tuple(found)


class Entity(Record):
    """Something the statements are about."""

    kind = "entity"
    key = "entities"
    noun = "an entity record"

    type: t.EntityTypeValue = Field(description="What kind of thing the entity is.")
    label: t.Name = Field(description="English name as the source uses it.")
    description: t.Text | None = Field(
        None, description="Short description in the curators' own words."
    )
    categories: t.Categories = Field(
        (), description="Disease groups (diseases only); they become extra classes."
    )
    broader: t.Refs = Field(
        (),
        description="Entities this one is a narrower kind or a subset of, as the source groups "
        "them (skos:broader).",
    )
    related: t.Refs = Field(
        (),
        description="Other entities this one is defined through, e.g. the marker of a cell "
        "population (skos:related).",
    )
    note: t.Text | None = Field(
        None, description="Curators' remark, e.g. on an inconsistency or vagueness of the source."
    )

    @model_validator(mode="after")
    def _categories_for_diseases(self) -> Entity:
        if self.categories and self.type is not EntityType.DISEASE:
            raise t.error("categories", "only diseases take categories", "categories")
        return self


class Assertion(Record):
    """A statement of the source, with where the source makes it."""

    statement: t.Text = Field(
        description="The fact in one sentence, in the curators' own words (never pasted from "
        "the source)."
    )
    section: t.SectionId = Field(
        description="Id of the source section that states the fact (see data/source.yaml)."
    )
    references: t.RefNumbers = Field(
        description="Reference numbers the source cites for the fact; each must be cited in "
        "that section."
    )
    hedge: t.Text | None = Field(
        None,
        description="The source's own qualifying words (possible, rare, usually, ...), kept as data.",
    )
    note: t.Text | None = Field(
        None, description="Curators' remark, e.g. on an inconsistency or vagueness of the source."
    )
    qualified_by: t.AssertionRefs = Field(
        (),
        description="Ids of broader statements of the source that qualify this one, e.g. a "
        "remark about all adverse effects (ivig:qualifiedBy).",
    )
    open_list: t.Flag | None = Field(
        None,
        description="True when the source gives the fact as one item of a list it leaves open "
        "('including ...').",
    )


_DRUG_DOC = "The drug the statement is about."


class Indication(Assertion):
    """A use of a drug for conditions."""

    kind = "indication"
    key = "indications"
    noun = "an indication record"
    rdf_class = IVIG.Indication

    drug: Annotated[t.Ref, _DRUG] = Field(description=_DRUG_DOC)
    conditions: Annotated[t.Refs, _CONDITION] = Field(
        description="Conditions the use is about; several when one approval covers several "
        "outcomes."
    )
    purpose: t.PurposeValue | None = Field(
        None,
        description="Treat or prevent. Left out only when the source gives no purpose and "
        "reading one in would claim more than it says; the note must then say why.",
    )
    status: t.UseStatusValue = Field(description="Standing the source gives the use.")
    prominence: t.ProminenceValue | None = Field(
        None, description="How common the source says the use is."
    )
    approved_by: Annotated[t.Ref | None, _ORGANIZATION] = Field(
        None, description="Body the source says approved the use."
    )
    recommended_by: Annotated[t.Ref | None, _ORGANIZATION] = Field(
        None, description="Body the source says recommends the use."
    )
    population: Annotated[t.Ref | None, Targets(EntityType.POPULATION)] = Field(
        None, description="Patients the use is restricted to."
    )
    dose: Quantity | None = Field(None, description="Dose per course.")
    infusions: t.Count | None = Field(None, description="Number of infusions the dose is given in.")
    infusion_duration: Quantity | None = Field(None, description="How long one infusion lasts.")
    latest_start: Quantity | None = Field(
        None, description="Latest start of treatment after the illness began."
    )
    preferred_latest_start: Quantity | None = Field(
        None, description="Earlier start to aim for where possible."
    )
    co_therapy: Annotated[t.Refs, _DRUG] = Field(
        (), description="Drugs to give together with this one for this use."
    )
    aims_to_reduce: Annotated[t.Refs, _CONDITION] = Field(
        (), description="Conditions whose occurrence the use is meant to lower."
    )

    @model_validator(mode="after")
    def _purpose_or_a_note(self) -> Indication:
        if self.purpose is None and self.note is None:
            raise t.error(
                "purpose",
                "give a purpose, or leave it out only with a note saying why the source gives none",
                "purpose",
            )
        return self


class Mechanism(Assertion):
    """How a drug may work, as a small path of steps."""

    kind = "mechanism"
    key = "mechanisms"
    noun = "a mechanism record"
    rdf_class = IVIG.MechanismOfAction

    drug: Annotated[t.Ref, _DRUG] = Field(description=_DRUG_DOC)
    conditions: Annotated[t.Refs, _CONDITION] = Field(
        (), description="Conditions the mechanism is stated for, if the source restricts it."
    )
    certainty: t.CertaintyValue = Field(description="How firmly the source states the mechanism.")
    steps: Steps = Field(
        (),
        description="Ordered path of steps, each {subject, relation, object}; left out when "
        "the mechanism is unknown.",
    )


class AdverseEffect(Assertion):
    """An unwanted effect of a drug, with what the source says of it."""

    kind = "adverse_effect"
    key = "adverse_effects"
    noun = "an adverse effect record"
    rdf_class = IVIG.AdverseEffectAssociation

    drug: Annotated[t.Ref, _DRUG] = Field(description=_DRUG_DOC)
    effect: Annotated[t.Ref, _CONDITION] = Field(description="The unwanted effect.")
    severity: t.SeverityValue | None = Field(
        None, description="Severity, only if the source states it."
    )
    course: t.CourseValue | None = Field(None, description="Course, only if the source states it.")
    onset: t.OnsetValue | None = Field(None, description="Onset, only if the source states it.")
    frequency: t.FrequencyValue | None = Field(
        None, description="Frequency in the source's words, only if stated."
    )
    preventable_by: Annotated[t.Refs, Targets(EntityType.PROCEDURE)] = Field(
        (), description="Measures the source says can prevent the effect."
    )
    generality: t.GeneralityValue | None = Field(
        None,
        description="How widely the stated severity and course hold, when the source says "
        "(e.g. most, not all, adverse effects are mild).",
    )


class Recommendation(Assertion):
    """What should be done when the drug is given."""

    kind = "recommendation"
    key = "recommendations"
    noun = "a recommendation record"
    rdf_class = IVIG.Recommendation

    drug: Annotated[t.Ref, _DRUG] = Field(description=_DRUG_DOC)
    action: t.ActionValue = Field(description="What the recommendation asks for.")
    targets: t.Refs = Field(
        (), description="What the action applies to (vaccines to defer, a drug to co-administer)."
    )
    period: Quantity | None = Field(
        None, description="How long the action lasts, or the window it must happen in."
    )
    trigger: t.Ref | None = Field(
        None, description="What starts the period, e.g. receiving high-dose IVIG."
    )
    conditions: Annotated[t.Refs, _CONDITION] = Field(
        (), description="Conditions the recommendation is made for."
    )
    recommended_by: Annotated[t.Ref | None, _ORGANIZATION] = Field(
        None, description="Body making the recommendation, if the source names one."
    )
    dose: Quantity | None = Field(None, description="Dose the recommendation names.")
    infusions: t.Count | None = Field(None, description="Number of infusions the dose is given in.")
    aims_to_reduce: Annotated[t.Refs, _CONDITION] = Field(
        (), description="Conditions whose occurrence the recommendation aims to lower."
    )


class Finding(Assertion):
    """Another fact the source reports."""

    kind = "finding"
    key = "findings"
    noun = "a finding record"
    rdf_class = IVIG.Finding

    about: t.Refs = Field(description="Entities the finding is about.")
    value: Quantity | None = Field(None, description="A number the finding reports.")
    measure: Annotated[t.Ref | None, Targets(EntityType.CLINICAL_MEASURE)] = Field(
        None, description="A measure the finding relates to an outcome or another measure."
    )
    direction: t.DirectionValue | None = Field(
        None, description="Which way the measure goes with what it is associated with."
    )
    associated_with: t.Refs = Field(
        (), description="Outcomes or measures the measure is related to."
    )

    @model_validator(mode="after")
    def _measure_direction_and_target_together(self) -> Finding:
        given = (self.measure is not None, self.direction is not None, bool(self.associated_with))
        if any(given) and not all(given):
            raise t.error(
                "association",
                "give measure, direction and associated_with together, or none of them",
                "measure",
            )
        return self


ASSERTION_KINDS: tuple[type[Assertion], ...] = (
    Indication,
    Mechanism,
    AdverseEffect,
    Recommendation,
    Finding,
)
ALL_KINDS: tuple[type[Record], ...] = (Entity, *ASSERTION_KINDS)

__all__ = [
    "ALL_KINDS",
    "ASSERTION_KINDS",
    "AdverseEffect",
    "Assertion",
    "Entity",
    "Finding",
    "Indication",
    "Link",
    "Located",
    "Mechanism",
    "Model",
    "Quantity",
    "Recommendation",
    "Record",
    "Step",
    "Steps",
]
