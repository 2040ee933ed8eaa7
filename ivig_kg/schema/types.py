"""Field types of the curated records: what a value may look like, with the message when not.

Each type is an ``Annotated`` alias: a before-validator that refuses a bad value with a message
written for curators, plus constraints that also show up in the JSON Schema for editors. Inputs
come from the YAML reader (ivig_kg.datafile), so sequences arrive as tuples and keys as text.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from types import UnionType
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from annotated_types import Ge, Interval, MinLen
from pydantic import AfterValidator, BeforeValidator, StringConstraints
from pydantic_core import PydanticCustomError

from ivig_kg.prefixes import CurieError, expand
from ivig_kg.schema.enums import (
    Action,
    Category,
    Certainty,
    Course,
    Direction,
    DocumentKind,
    EntityType,
    Frequency,
    Generality,
    Grade,
    IriEnum,
    LabelingKind,
    MatchKind,
    Onset,
    Prominence,
    Purpose,
    ReadingStatus,
    Route,
    Severity,
    SourceType,
    StepRelation,
    Unit,
    UseStatus,
)

#: Longest text a field takes: the longest note today is ~400 characters.
MAX_TEXT = 2000
#: Longest name (label, title) a field takes.
MAX_NAME = 300
#: Longest id: ids become IRIs, which should stay readable.
MAX_ID = 80
#: Largest reference number or count of infusions.
MAX_COUNT = 10_000

ID_REGEX = r"[a-z0-9]+(?:-[a-z0-9]+)*"
ID_PATTERN = re.compile(ID_REGEX)  # [a-z0-9] is ASCII only, unlike \w or \d
#: A release version: three numbers (semantic versioning), an optional pre-release or build part.
VERSION_REGEX = r"[0-9]+\.[0-9]+\.[0-9]+(?:[-+][0-9A-Za-z.-]+)?"
VERSION_PATTERN = re.compile(VERSION_REGEX)
DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: A date as precise as a source gives it: a year, a month or a day.
PARTIAL_DATE_PATTERN = re.compile(
    r"[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?"
)
IRI_PATTERN = re.compile(r"https?://[^\s<>\"{}|\\^`]+")

#: Characters no text may contain: C0/C1 controls (tab, newline and carriage return excepted),
#: lone surrogates, and the bidirectional controls that can make text read differently from
#: how it is stored ("Trojan Source").
FORBIDDEN_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff\ufeff\ufffe\uffff]"
)


#: A position inside a data file: mapping keys and list indexes from the top.
Position = tuple[str | int, ...]


# --------------------------------------------------------------------------- markers


@dataclass(frozen=True)
class Kind:
    """The kind of a field as the data dictionary names it (id, text, ref, refs, enum, ...)."""

    name: str


@dataclass(frozen=True)
class Targets:
    """Entity types a reference field may point to (none given: any entity)."""

    types: tuple[EntityType, ...]

    def __init__(self, *types: EntityType) -> None:
        object.__setattr__(self, "types", types)


def markers(metadata: list[Any], annotation: object) -> tuple[Kind | None, Targets | None]:
    """Return the Kind and Targets of a field, looking through Optional and Annotated."""
    found: list[object] = list(metadata)
    pending = [annotation]
    while pending:
        current = pending.pop(0)
        if get_origin(current) is Annotated:
            found.extend(current.__metadata__)  # type: ignore[attr-defined]
            pending.append(get_args(current)[0])
        elif get_origin(current) in (Union, UnionType):
            pending.extend(get_args(current))
    kind = next((m for m in found if isinstance(m, Kind)), None)
    targets = next((m for m in found if isinstance(m, Targets)), None)
    return kind, targets


# --------------------------------------------------------------------------- messages


def show(value: object, limit: int = 60) -> str:
    """Return a value as a message may quote it: shortened, with invisible characters escaped."""
    text = str(value)
    if len(text) > limit:
        text = text[:limit] + "..."
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)


def describe(value: object) -> str:
    """Return what a value is, for 'expected X, got Y' messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (true/false)"
    if isinstance(value, (int, float)):
        return f"the number {show(value)}"
    if isinstance(value, str):
        return f"the text '{show(value)}'"
    if isinstance(value, tuple | list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"'{show(value)}'"


def error(kind: str, message: str, at: str | None = None) -> PydanticCustomError:
    """Return a validation error with a message for curators; `at` names the key it is about."""
    # The message goes through the context, so a value with braces cannot break formatting.
    context = {"message": message} if at is None else {"message": message, "at": at}
    return PydanticCustomError(kind, "{message}", context)


def _scalar(value: object, expected: str) -> None:
    """Refuse a list or mapping where one value belongs, naming both."""
    if isinstance(value, tuple | list | dict):
        raise error("scalar_expected", f"expected {expected}, got {describe(value)}")


def bad_chars(text: str) -> str | None:
    """Return a description of the first forbidden character of the text, or None."""
    found = FORBIDDEN_CHARS.search(text)
    if found is None:
        return None
    char = found.group()
    name = unicodedata.name(char, "control character")
    if 0xD800 <= ord(char) <= 0xDFFF:
        name = "lone surrogate"
    return f"U+{ord(char):04X} ({name.lower()})"


# --------------------------------------------------------------------------- validators


def _text(limit: int) -> Callable[[object], str]:
    def check(value: object) -> str:
        _scalar(value, "text")
        if not isinstance(value, str):
            raise error("text", f"must be text, got {describe(value)}; put it in quotes")
        if not value.strip():
            raise error("text", "must be non-empty text")
        if len(value) > limit:
            raise error("text", f"text of {len(value)} characters; at most {limit} are allowed")
        problem = bad_chars(value)
        if problem:
            raise error("text", f"contains the invisible character {problem}; delete it")
        return " ".join(value.split())

    return check


def _id(value: object) -> str:
    _scalar(value, "an id")
    if not isinstance(value, str) or len(value) > MAX_ID or not ID_PATTERN.fullmatch(value):
        raise error(
            "id", f"'{show(value)}' is not an id (lower-case ASCII words joined by hyphens)"
        )
    return value


def _version(value: object) -> str:
    _scalar(value, "a version")
    if not isinstance(value, str) or not VERSION_PATTERN.fullmatch(value):
        # The version becomes part of an IRI (owl:versionIRI): nothing else may slip in.
        raise error("version", f"'{show(value)}' is not a version such as 1.2.3")
    return value


def _count(what: str) -> Callable[[object], int]:
    def check(value: object) -> int:
        _scalar(value, what)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
            raise error("count", f"'{show(value)}' is not {what}")
        return value

    return check


def _positive(value: object) -> int:
    number = _count("a reference number (a whole number from 1)")(value)
    if number < 1:
        raise error("count", f"'{number}' is not a reference number (a whole number from 1)")
    return number


def _number(value: object) -> float:
    _scalar(value, "a number")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise error("number", f"'{show(value)}' is not a number")
    try:
        number = float(value)
    except OverflowError:
        raise error("number", f"'{show(value)}' is too large") from None
    if not math.isfinite(number):
        raise error(
            "number", f"'{show(value)}' is not a finite number; .nan and .inf are not allowed"
        )
    if number < 0:
        raise error("number", f"{number:g} is negative")
    return number


def _bool(value: object) -> bool:
    _scalar(value, "true or false")
    if not isinstance(value, bool):
        raise error("bool", f"'{show(value)}' is not true or false")
    return value


def _date(value: object) -> dt.date:
    _scalar(value, "a date (YYYY-MM-DD)")
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and DATE_PATTERN.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise error("date", f"'{value}' is not a valid date") from None
    raise error("date", f"'{show(value)}' is not a date (YYYY-MM-DD)")


def _partial_date(value: object) -> str:
    _scalar(value, "a year, month or date (YYYY, YYYY-MM or YYYY-MM-DD)")
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # YAML reads a bare year as a number
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if not isinstance(value, str) or not PARTIAL_DATE_PATTERN.fullmatch(value):
        raise error(
            "date", f"'{show(value)}' is not a year, month or date (YYYY, YYYY-MM or YYYY-MM-DD)"
        )
    if len(value) == 10:
        _date(value)  # a day must exist
    return value


def _iri(value: object) -> str:
    _scalar(value, "an IRI")
    if not isinstance(value, str) or not IRI_PATTERN.fullmatch(value):
        raise error(
            "iri",
            f"'{show(value)}' is not an IRI; give a web address such as "
            "https://creativecommons.org/licenses/by/4.0/",
        )
    return value


def _curie(value: object) -> str:
    _scalar(value, "a CURIE")
    if not isinstance(value, str):
        raise error("curie", f"'{show(value)}' is not a CURIE (expected PREFIX:ID)")
    try:
        expand(value)
    except CurieError as exc:
        raise error("curie", show(exc, limit=400)) from None
    return value


E = TypeVar("E", bound=IriEnum)


def member_of(enum: type[E], noun: str = "value") -> Callable[[object], E | object]:
    """Return a validator turning a YAML value into a member of the enum."""
    members = {member.value: member for member in enum}
    allowed = ", ".join(members)

    def check(value: object) -> E | object:
        _scalar(value, f"one {noun} ({allowed})")
        if isinstance(value, enum):
            return value
        if isinstance(value, str) and value in members:
            return members[value]
        raise error("enum", f"unknown {noun} '{show(value)}'; allowed: {allowed}")

    return check


def unique(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """Refuse a list that names the same value twice."""
    seen: set[object] = set()
    for value in values:
        if value in seen:
            shown = value.value if isinstance(value, IriEnum) else value
            raise error("unique", f"lists '{show(shown)}' twice")
        seen.add(value)
    return values


# --------------------------------------------------------------------------- the types

# JSON Schema patterns search rather than match: anchor them for editors.
_ID_SHAPE = StringConstraints(pattern=f"^{ID_REGEX}$", max_length=MAX_ID)

Id = Annotated[str, _ID_SHAPE, Kind("id"), BeforeValidator(_id)]
Ref = Annotated[str, _ID_SHAPE, Kind("ref"), BeforeValidator(_id)]
Refs = Annotated[tuple[Ref, ...], MinLen(1), Kind("refs"), AfterValidator(unique)]
SectionId = Annotated[str, _ID_SHAPE, Kind("section"), BeforeValidator(_id)]
Text = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_TEXT),
    Kind("text"),
    BeforeValidator(_text(MAX_TEXT)),
]
Name = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_NAME),
    Kind("text"),
    BeforeValidator(_text(MAX_NAME)),
]
Version = Annotated[
    str,
    StringConstraints(pattern=f"^{VERSION_REGEX}$", max_length=MAX_NAME),
    Kind("text"),
    BeforeValidator(_version),
]
Count = Annotated[
    int, Interval(ge=0, le=MAX_COUNT), Kind("int"), BeforeValidator(_count("a whole number"))
]
RefNumber = Annotated[int, Interval(ge=1, le=MAX_COUNT), Kind("refnum"), BeforeValidator(_positive)]
RefNumbers = Annotated[tuple[RefNumber, ...], MinLen(1), Kind("refnums"), AfterValidator(unique)]
Number = Annotated[float, Ge(0), Kind("number"), BeforeValidator(_number)]
Flag = Annotated[bool, Kind("bool"), BeforeValidator(_bool)]
Date = Annotated[dt.date, Kind("date"), BeforeValidator(_date)]
Iri = Annotated[
    str, StringConstraints(pattern=f"^{IRI_PATTERN.pattern}$"), Kind("iri"), BeforeValidator(_iri)
]
Curie = Annotated[str, Kind("curie"), BeforeValidator(_curie)]
Iris = Annotated[tuple[Iri, ...], MinLen(1), Kind("iris"), AfterValidator(unique)]
PartialDate = Annotated[str, Kind("date"), BeforeValidator(_partial_date)]
#: A reference to a source document of the labeling set (data/labeling_sources.yaml).
DocumentRef = Annotated[str, _ID_SHAPE, Kind("document"), BeforeValidator(_id)]
#: A reference to another statement of the same source.
AssertionRefs = Annotated[
    tuple[Annotated[str, _ID_SHAPE, BeforeValidator(_id)], ...],
    MinLen(1),
    Kind("statements"),
    AfterValidator(unique),
]

# One enum field type per value set; the noun names the value in messages ("unknown unit").
EntityTypeValue = Annotated[EntityType, Kind("enum"), BeforeValidator(member_of(EntityType))]
CategoryValue = Annotated[Category, BeforeValidator(member_of(Category))]
Categories = Annotated[tuple[CategoryValue, ...], MinLen(1), Kind("enums"), AfterValidator(unique)]
UnitValue = Annotated[Unit, Kind("enum"), BeforeValidator(member_of(Unit, "unit"))]
PurposeValue = Annotated[Purpose, Kind("enum"), BeforeValidator(member_of(Purpose))]
UseStatusValue = Annotated[UseStatus, Kind("enum"), BeforeValidator(member_of(UseStatus))]
ProminenceValue = Annotated[Prominence, Kind("enum"), BeforeValidator(member_of(Prominence))]
CertaintyValue = Annotated[Certainty, Kind("enum"), BeforeValidator(member_of(Certainty))]
RelationValue = Annotated[
    StepRelation, Kind("enum"), BeforeValidator(member_of(StepRelation, "relation"))
]
SeverityValue = Annotated[Severity, Kind("enum"), BeforeValidator(member_of(Severity))]
CourseValue = Annotated[Course, Kind("enum"), BeforeValidator(member_of(Course))]
OnsetValue = Annotated[Onset, Kind("enum"), BeforeValidator(member_of(Onset))]
FrequencyValue = Annotated[Frequency, Kind("enum"), BeforeValidator(member_of(Frequency))]
ActionValue = Annotated[Action, Kind("enum"), BeforeValidator(member_of(Action))]
MatchValue = Annotated[MatchKind, Kind("enum"), BeforeValidator(member_of(MatchKind))]
GeneralityValue = Annotated[Generality, Kind("enum"), BeforeValidator(member_of(Generality))]
DirectionValue = Annotated[Direction, Kind("enum"), BeforeValidator(member_of(Direction))]
GradeValue = Annotated[Grade, Kind("enum"), BeforeValidator(member_of(Grade, "grade"))]
_SourceTypeValue = Annotated[SourceType, BeforeValidator(member_of(SourceType, "source type"))]
SourceTypes = Annotated[
    tuple[_SourceTypeValue, ...], MinLen(1), Kind("enums"), AfterValidator(unique)
]
_RouteValue = Annotated[Route, BeforeValidator(member_of(Route, "route"))]
Routes = Annotated[tuple[_RouteValue, ...], MinLen(1), Kind("enums"), AfterValidator(unique)]
ReadingStatusValue = Annotated[
    ReadingStatus, Kind("enum"), BeforeValidator(member_of(ReadingStatus, "status"))
]
DocumentKindValue = Annotated[
    DocumentKind, Kind("enum"), BeforeValidator(member_of(DocumentKind, "kind"))
]
LabelingKindValue = Annotated[
    LabelingKind, Kind("enum"), BeforeValidator(member_of(LabelingKind, "kind"))
]
SectionIds = Annotated[tuple[SectionId, ...], MinLen(1), Kind("sections"), AfterValidator(unique)]
