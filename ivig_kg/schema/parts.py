"""Parts of records: quantities and mechanism steps."""

from __future__ import annotations

from typing import Annotated

from annotated_types import MinLen
from pydantic import Field, model_validator

from ivig_kg.schema import types as t
from ivig_kg.schema.base import Model
from ivig_kg.schema.types import Kind


class Quantity(Model):
    """A number with its unit: one value, or a range from min to max."""

    noun = "a quantity"

    value: t.Number | None = Field(None, description="The number, when there is one value.")
    min: t.Number | None = Field(None, description="Lower end of a range.")
    max: t.Number | None = Field(None, description="Upper end of a range.")
    unit: t.UnitValue = Field(description="Unit of the number.")
    hedge: t.Text | None = Field(None, description="The source's qualifying words for the number.")

    @model_validator(mode="after")
    def _one_value_or_a_range(self) -> Quantity:
        ranged = self.min is not None or self.max is not None
        if (self.value is not None) == ranged or (ranged and None in (self.min, self.max)):
            raise t.error("quantity", "give either 'value', or both 'min' and 'max'")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise t.error("quantity", f"min {self.min:g} is greater than max {self.max:g}", "min")
        return self


class Step(Model):
    """One link of a mechanism: subject -relation-> object."""

    noun = "a mechanism step"

    subject: t.Ref = Field(description="Entity that acts.")
    relation: t.RelationValue = Field(description="How it acts.")
    object: t.Ref = Field(description="Entity acted on.")


Steps = Annotated[tuple[Step, ...], MinLen(1), Kind("steps")]
