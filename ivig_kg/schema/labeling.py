"""Typed models of the second source: US labeling of IVIG products.

Products (data/products.yaml), the documents of the labeling set (data/labeling_sources.yaml),
the indications each product's label lists (data/labeled_indications.yaml) and the class-wide
facts (data/class_labeling.yaml). Every fact of the labeling set carries the pages it was read
on, the kind of those pages and its evidence grade; a part read with a weaker grade than its
fact (an age limit, a date) carries a grade of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, ClassVar

from pydantic import Field, model_validator

from ivig_kg.namespaces import IVIG
from ivig_kg.schema import types as t
from ivig_kg.schema.enums import CONDITION_TYPES, DocumentKind, EntityType, ReadingStatus
from ivig_kg.schema.models import Link, Model, Quantity, Record
from ivig_kg.schema.types import Targets

_CONDITION = Targets(*CONDITION_TYPES)
_DRUGS = Targets(EntityType.DRUG, EntityType.DRUG_PRODUCT)
_GRADE_DOC = "Evidence grade of this part when it differs from its fact's (default: the fact's)."


# --------------------------------------------------------------------------- graded parts


class HistoryEvent(Model):
    """A dated event of a product or an indication, with its own grade."""

    noun = "a history event"

    what: t.Text = Field(description="What happened, in the curators' own words.")
    date: t.PartialDate | None = Field(
        None, description="When: YYYY, YYYY-MM or YYYY-MM-DD, as precisely as the row gives it."
    )
    status: t.ReadingStatusValue = Field(
        ReadingStatus.STATED,
        description="Whether the date was stated, or could not be verified where it was read.",
    )
    grade: t.GradeValue | None = Field(None, description=_GRADE_DOC)
    pages: t.Iris = Field((), description="Pages this part was read on, if not its fact's.")
    note: t.Text | None = Field(None, description="Curators' remark on the event.")


class AgeLimit(Model):
    """The ages or patient groups a labeled use is limited to."""

    noun = "an age limit"

    label: t.Name = Field(
        description="The limit in a few words, e.g. 'adults', '2 years and older'."
    )
    status: t.ReadingStatusValue = Field(
        ReadingStatus.STATED,
        description="`stated`, `none-stated` (the label read gives no limit) or `not-verified`.",
    )
    min_age: Quantity | None = Field(None, description="Youngest age, in years.")
    max_age: Quantity | None = Field(None, description="Oldest age, in years.")
    grade: t.GradeValue | None = Field(None, description=_GRADE_DOC)
    note: t.Text | None = Field(None, description="Curators' remark on the limit.")


class Coverage(Model):
    """Further products a class-wide fact holds for, read with a grade of their own."""

    noun = "a product coverage"

    products: Annotated[t.Refs, Targets(EntityType.DRUG_PRODUCT)] = Field(
        description="Ids of the products."
    )
    grade: t.GradeValue = Field(description="Evidence grade for these products.")
    source_types: t.SourceTypes = Field(description="Kinds of page these products were read on.")
    note: t.Text | None = Field(None, description="Curators' remark.")


# --------------------------------------------------------------------------- records


class Product(Record):
    """A brand of a drug sold in the United States."""

    kind = "product"
    key = "products"
    noun = "a product record"
    rdf_class = IVIG.DrugProduct
    type: ClassVar[EntityType] = EntityType.DRUG_PRODUCT

    label: t.Name = Field(description="The brand name as its labeling writes it.")
    product_of: Annotated[t.Ref, Targets(EntityType.DRUG)] = Field(
        description="The drug the product is a brand of."
    )
    nonproprietary_name: t.Name | None = Field(
        None, description="The nonproprietary name, where the labeling set gives it."
    )
    igg_concentration: Quantity | None = Field(
        None, description="IgG concentration in percent, where the labeling set gives one."
    )
    preparation_note: t.Text | None = Field(
        None, description="What else the labeling set says about form or strength."
    )
    routes: t.Routes = Field(description="Routes the labeling allows.")
    route_note: t.Text | None = Field(None, description="Limits on a route, in our words.")
    initial_us_approval: HistoryEvent = Field(
        description="First US approval as printed in the label highlights (or why it is missing)."
    )
    marketing_start: HistoryEvent | None = Field(
        None, description="Marketing start of a package as openFDA's drug code directory gives it."
    )
    note: t.Text | None = Field(None, description="Curators' remark on the product.")


class LabelingSource(Record):
    """A document of the labeling set, or the set itself (kind `collection`)."""

    kind = "labeling_source"
    key = "sources"
    noun = "a labeling source record"

    @classmethod
    def file_name(cls) -> str:
        return "labeling_sources.yaml"

    type: t.DocumentKindValue = Field(description="What kind of document it is.")
    title: t.Name = Field(description="A title in the curators' words.")
    product: Annotated[t.Ref | None, Targets(EntityType.DRUG_PRODUCT)] = Field(
        None, description="The product whose label this is (product labels only)."
    )
    labeler: t.Text | None = Field(
        None, description="Labeler or packager as named where the label was read."
    )
    version: t.Text | None = Field(None, description="Label version or date read, where given.")
    dated: t.Date | None = Field(None, description="Date the document itself carries.")
    pages: t.Iris = Field((), description="Every page of the document that was read.")
    part_of: t.DocumentRef | None = Field(
        None, description="The collection the document belongs to."
    )
    gathered: t.PartialDate | None = Field(
        None, description="When the collection was gathered (collections only)."
    )
    note: t.Text | None = Field(None, description="Curators' remark.")

    @model_validator(mode="after")
    def _fields_of_its_kind(self) -> LabelingSource:
        if (self.type is DocumentKind.PRODUCT_LABEL) != (self.product is not None):
            raise t.error("kind", "a product label, and only it, names its product", "product")
        if self.type is not DocumentKind.COLLECTION and (self.part_of is None or not self.pages):
            raise t.error("kind", "a document needs its pages and the collection it is part of")
        return self


class LabelingFact(Record):
    """A fact of the labeling set: the pages it was read on, their kinds, its grade."""

    statement: t.Text = Field(
        description="The fact in one sentence, in the curators' own words (never pasted from "
        "the source)."
    )
    pages: t.Iris = Field(description="Web addresses the fact was read on (the row's sources).")
    source_types: t.SourceTypes = Field(description="Kinds of page the fact was read on.")
    grade: t.GradeValue = Field(description="Evidence grade of the fact as a whole.")
    hedge: t.Text | None = Field(None, description="The source's own qualifying words.")
    note: t.Text | None = Field(None, description="Curators' remark.")


class LabeledIndication(LabelingFact):
    """A condition one product's current US label lists as an indication."""

    kind = "labeled_indication"
    key = "labeled_indications"
    noun = "a labeled indication record"
    rdf_class = IVIG.LabeledIndication

    label: t.DocumentRef = Field(
        description="Id of the product label (data/labeling_sources.yaml)."
    )
    conditions: Annotated[t.Refs, _CONDITION] = Field(
        description="Conditions of the graph the indication is for (see the note on narrower ones)."
    )
    label_term: t.Name | None = Field(
        None, description="The label's own term for the condition, where it differs."
    )
    purpose: t.PurposeValue | None = Field(None, description="Treat or prevent, where stated.")
    goal: t.Text | None = Field(None, description="What the label says the use is for.")
    aims_to_reduce: Annotated[t.Refs, _CONDITION] = Field(
        (), description="Conditions the use is meant to lower."
    )
    co_therapy: Annotated[t.Refs, Targets(EntityType.DRUG)] = Field(
        (), description="Drugs the label gives together with the product for this use."
    )
    patients: Annotated[t.Ref | None, Targets(EntityType.POPULATION)] = Field(
        None, description="The patient group the use is for, when the label names one."
    )
    ages: AgeLimit | None = Field(None, description="Ages or groups the use is limited to.")
    limitations: tuple[t.Text, ...] = Field((), description="Limitations of use, in our words.")
    history: tuple[HistoryEvent, ...] = Field(
        (), description="When the indication was added or changed, where known."
    )
    routes: t.Routes = Field(description="Routes the label allows for this use.")
    route_note: t.Text | None = Field(None, description="Limits on a route for this use.")


class ClassFact(LabelingFact):
    """A boxed warning, risk factor, mitigation, history, formulation or contraindication."""

    kind = "class_fact"
    key = "class_facts"
    noun = "a class labeling record"

    @classmethod
    def file_name(cls) -> str:
        return "class_labeling.yaml"

    type: t.LabelingKindValue = Field(description="What kind of fact it is.")
    source: t.DocumentRef = Field(description="Id of the document it was read in.")
    applies_to: Annotated[t.Refs, _DRUGS] = Field(
        description="`ivig` for every IVIG product, or the ids of the products named."
    )
    also_applies_to: Coverage | None = Field(
        None, description="Further products the fact holds for with a grade of their own."
    )
    warns_of: Annotated[t.Refs, _CONDITION] = Field(
        (), description="Harms a boxed warning warns of."
    )
    warning: t.Id | None = Field(None, description="Id of the boxed warning this fact belongs to.")
    risk_factors: t.Refs = Field((), description="What the fact names as raising the risk.")
    measures: t.Refs = Field((), description="What the fact says should be done.")
    contraindicated_in: t.Refs = Field(
        (), description="Conditions or states in which the product must not be given."
    )
    ingredient: t.Ref | None = Field(None, description="Substance a formulation fact is about.")
    contains: t.Flag | None = Field(
        None, description="True when the products contain the ingredient, false when not."
    )
    history: tuple[HistoryEvent, ...] = Field((), description="Dated events the fact names.")

    def links(self) -> Iterator[Link]:
        yield from super().links()
        if self.also_applies_to is not None:
            for i, product in enumerate(self.also_applies_to.products):
                yield Link(("also_applies_to", "products", i), product, (EntityType.DRUG_PRODUCT,))


LABELING_KINDS: tuple[type[Record], ...] = (
    Product,
    LabelingSource,
    LabeledIndication,
    ClassFact,
)
