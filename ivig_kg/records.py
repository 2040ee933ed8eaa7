"""Record kinds and value sets under the names older code imports.

The schema itself lives in :mod:`ivig_kg.schema` (typed pydantic models and enums that carry
their IRIs). This module keeps the earlier names importable: the record kinds (``ENTITY``,
``INDICATION``, ...) are the model classes, and the value-set dicts (``UNITS``, ``PURPOSES``,
...) map each YAML value to its IRI, derived from the enums so nothing is declared twice.
"""

from __future__ import annotations

from rdflib import URIRef

from ivig_kg.schema import (
    ALL_KINDS,
    ASSERTION_KINDS,
    MAPPING_COLUMNS,
    Action,
    AdverseEffect,
    Assertion,
    Category,
    Certainty,
    Course,
    Curation,
    Dataset,
    Entity,
    EntityType,
    Finding,
    Frequency,
    Indication,
    MappingRow,
    MatchKind,
    Mechanism,
    Onset,
    Prominence,
    Purpose,
    Quantity,
    Recommendation,
    Record,
    Reference,
    Section,
    Severity,
    SourceDoc,
    Step,
    StepRelation,
    Unit,
    UseStatus,
)
from ivig_kg.schema import CONDITION_TYPES as _CONDITION_TYPES

ENTITY = Entity
INDICATION = Indication
MECHANISM = Mechanism
ADVERSE_EFFECT = AdverseEffect
RECOMMENDATION = Recommendation
FINDING = Finding

ENTITY_TYPES: dict[str, URIRef] = EntityType.iris()
CONDITION_TYPES: tuple[str, ...] = tuple(kind.value for kind in _CONDITION_TYPES)
CATEGORIES: dict[str, URIRef] = Category.iris()
UNITS: dict[str, URIRef] = Unit.iris()
PURPOSES: dict[str, URIRef] = Purpose.iris()
USE_STATUSES: dict[str, URIRef] = UseStatus.iris()
PROMINENCES: dict[str, URIRef] = Prominence.iris()
CERTAINTIES: dict[str, URIRef] = Certainty.iris()
STEP_RELATIONS: dict[str, URIRef] = StepRelation.iris()
SEVERITIES: dict[str, URIRef] = Severity.iris()
COURSES: dict[str, URIRef] = Course.iris()
ONSETS: dict[str, URIRef] = Onset.iris()
FREQUENCIES: dict[str, URIRef] = Frequency.iris()
ACTIONS: dict[str, URIRef] = Action.iris()
MATCH_KINDS: tuple[str, ...] = MatchKind.values()

#: Earlier names of the models.
Mapping_ = MappingRow
DatasetInfo = Dataset

__all__ = [
    "ACTIONS",
    "ADVERSE_EFFECT",
    "ALL_KINDS",
    "ASSERTION_KINDS",
    "CATEGORIES",
    "CERTAINTIES",
    "CONDITION_TYPES",
    "COURSES",
    "ENTITY",
    "ENTITY_TYPES",
    "FINDING",
    "FREQUENCIES",
    "INDICATION",
    "MAPPING_COLUMNS",
    "MATCH_KINDS",
    "MECHANISM",
    "ONSETS",
    "PROMINENCES",
    "PURPOSES",
    "RECOMMENDATION",
    "SEVERITIES",
    "STEP_RELATIONS",
    "UNITS",
    "USE_STATUSES",
    "Assertion",
    "Curation",
    "DatasetInfo",
    "Mapping_",
    "Quantity",
    "Record",
    "Reference",
    "Section",
    "SourceDoc",
    "Step",
]
