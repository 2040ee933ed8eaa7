"""Strict readers for data/: YAML and TSV files -> typed, validated records.

Files are read by :mod:`ivig_kg.datafile` (bounded, plain YAML, lines kept) and validated
against the models of :mod:`ivig_kg.schema`. Every problem becomes one DataError naming file,
line and field; pydantic's error locations are mapped back to lines of the file. Records are
never repaired: a bad record stops the build.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from ivig_kg.crosscheck import check_curation
from ivig_kg.datafile import (
    DataError,
    Parsed,
    Position,
    check_sizes,
    read_text,
    read_yaml,
)
from ivig_kg.schema import (
    ALL_KINDS,
    ASSERTION_KINDS,
    LABELING_KINDS,
    MAPPING_COLUMNS,
    RECORD_FILES,
    Curation,
    Dataset,
    MappingRow,
    Model,
    Record,
    RecordFile,
    SourceDoc,
)
from ivig_kg.schema.types import describe, show

FIX_HINT = "fix the data file and run `ivig-kg build` again (field reference: data/README.md)"
DATA_FILES = ("dataset.yaml", "source.yaml", "mappings.tsv") + tuple(
    kind.file_name() for kind in (*ALL_KINDS, *LABELING_KINDS)
)

M = TypeVar("M", bound=Model)

_MAPPING_ERRORS = {"model_type", "model_attributes_type", "dict_type"}
_LIST_ERRORS = {"tuple_type", "list_type"}


# --------------------------------------------------------------------------- validation errors


def _line(lines: dict[Position, int], loc: Position) -> int:
    """Return the line of a position, or of the nearest enclosing part the file has."""
    while loc and loc not in lines:
        loc = loc[:-1]
    return lines.get(loc, 1)


def _owner_id(root: object, loc: Position) -> str | None:
    """Return the id of the innermost mapping with an id along a position, if any."""
    found, node = None, root
    for part in (*loc, None):
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            found = node["id"]
        if isinstance(node, dict) and isinstance(part, str):
            node = node.get(part)
        elif isinstance(node, tuple) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            break
    return found


def _message(error: ErrorDetails, root: object, loc: Position) -> str:
    kind, value = error["type"], error["input"]
    context = error.get("ctx") or {}
    if kind == "missing":
        owner = _owner_id(root, loc[:-1])
        return "required field is missing" + (f" in record '{show(owner)}'" if owner else "")
    if kind in _MAPPING_ERRORS:
        return f"expected a mapping of field: value, got {describe(value)}"
    if kind in _LIST_ERRORS:
        return f"expected a list such as [a, b], got {describe(value)}"
    if kind == "too_short":
        return "must be a non-empty list"
    if "message" in context:
        return str(context["message"])
    return str(error["msg"])  # any other pydantic error keeps its own wording


def _field(loc: Position, unnamed: frozenset[str]) -> str | None:
    names = [part for part in loc if isinstance(part, str)]
    if names and names[0] in unnamed and len(names) > 1:
        names = names[1:]
    return ".".join(names) or None


def _data_error(
    exc: ValidationError, parsed: Parsed, display: str, model: type[Model]
) -> DataError:
    """Return the first problem of the file (by line) as a DataError."""
    problems = []
    for error in exc.errors(include_url=False):
        loc: Position = tuple(error["loc"])
        context = error.get("ctx") or {}
        if error["type"] == "too_short" and len(error["input"]) >= context["min_length"]:
            continue  # pydantic counts only valid items: the items' own errors say what is wrong
        if "at" in context:
            loc = (*loc, str(context["at"]))
        problems.append(
            (
                _line(parsed.lines, loc),
                _field(loc, model.unnamed),
                _message(error, parsed.value, loc),
            )
        )
    if not problems:  # only ever happens if pydantic changes how it reports short lists
        return DataError(display, None, None, str(exc.errors()[0]["msg"]))
    line, field, message = min(problems, key=lambda problem: problem[0])
    return DataError(display, line, field, message)


def validate(model: type[M], parsed: Parsed, display: str) -> M:
    """Validate a parsed file against its model; raise DataError on the first problem."""
    try:
        return model.model_validate(parsed.value)
    except ValidationError as exc:
        raise _data_error(exc, parsed, display, model) from None


# --------------------------------------------------------------------------- the files


def load_records(path: Path, display: str, file_model: type[RecordFile]) -> list[Record]:
    """Read one record file, check its records are sorted by id, and locate every record."""
    parsed = read_yaml(path, display)
    records = list(validate(file_model, parsed, display).records())
    key = file_model.record_type.key
    by_record: dict[int, dict[Position, int]] = defaultdict(dict)
    for position, line in parsed.lines.items():
        if len(position) >= 2 and position[0] == key and isinstance(position[1], int):
            by_record[position[1]][position[2:]] = line
    for index, record in enumerate(records):
        record.locate(display, by_record[index])
    for record, expected in zip(records, sorted(records, key=lambda r: r.id), strict=True):
        if record is not expected:
            raise DataError(
                display,
                record.line,
                "id",
                f"records must be sorted by id ('{record.id}' is out of order); "
                "run `ivig-kg lint --fix`",
            )
    return records


def load_source(path: Path, display: str) -> SourceDoc:
    """Read data/source.yaml: the document, its sections and the references it cites."""
    parsed = read_yaml(path, display)
    source = validate(SourceDoc, parsed, display)
    source.locate(display, parsed.lines)
    return source


def load_dataset(path: Path, display: str) -> Dataset:
    """Read data/dataset.yaml: the metadata of the graph as a dataset."""
    parsed = read_yaml(path, display)
    dataset = validate(Dataset, parsed, display)
    dataset.locate(display, parsed.lines)
    return dataset


def load_mappings(path: Path, display: str) -> list[MappingRow]:
    """Read data/mappings.tsv: checked links from entities to external identifiers."""
    rows = read_text(path, display).split("\n")
    header = tuple(rows[0].rstrip("\r").split("\t")) if rows else ()
    if header != MAPPING_COLUMNS:
        raise DataError(display, 1, None, f"the header must be: {chr(9).join(MAPPING_COLUMNS)}")
    mappings: list[MappingRow] = []
    first_line: dict[tuple[str, str], int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not row.strip() or row.startswith("#"):
            continue
        cells = [cell.strip() for cell in row.rstrip("\r").split("\t")]
        if len(cells) != len(MAPPING_COLUMNS):
            raise DataError(
                display,
                number,
                None,
                f"expected {len(MAPPING_COLUMNS)} tab-separated columns, found {len(cells)}",
            )
        values = dict(zip(MAPPING_COLUMNS, cells, strict=True))
        for column, value in values.items():
            if not value:
                raise DataError(display, number, column, "empty cell")
        mapping = validate(MappingRow, Parsed(values, {(): number}), display)
        mapping.locate(display, {(): number})
        pair = (mapping.entity, mapping.curie)
        if pair in first_line:
            raise DataError(
                display,
                number,
                "curie",
                f"{mapping.curie} is mapped to '{mapping.entity}' twice "
                f"(first on line {first_line[pair]})",
            )
        first_line[pair] = number
        mappings.append(mapping)
    return mappings


def load_curation(data_dir: Path) -> Curation:
    """Read and validate every file of data/; raise DataError on the first problem."""

    def where(name: str) -> tuple[Path, str]:
        return data_dir / name, f"{data_dir.name}/{name}"

    check_sizes(dict(where(name) for name in DATA_FILES), data_dir.name)
    records: list[Record] = []
    for file_model in RECORD_FILES:
        records += load_records(*where(file_model.record_type.file_name()), file_model)
    curation = Curation(
        dataset=load_dataset(*where("dataset.yaml")),
        source=load_source(*where("source.yaml")),
        records=tuple(records),
        mappings=tuple(load_mappings(*where("mappings.tsv"))),
    )
    check_curation(curation)
    return curation


__all__ = [
    "ASSERTION_KINDS",
    "DATA_FILES",
    "FIX_HINT",
    "DataError",
    "load_curation",
    "load_dataset",
    "load_mappings",
    "load_records",
    "load_source",
    "validate",
]
