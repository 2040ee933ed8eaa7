"""Strict readers for data/: YAML and TSV files -> validated records.

Every problem is reported as a DataError that names the file, the line, the field and what to
do. Records are never repaired: a bad record stops the build.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from ivig_kg.prefixes import CurieError, expand
from ivig_kg.records import (
    ALL_KINDS,
    ASSERTION_KINDS,
    ENTITY,
    MAPPING_COLUMNS,
    MATCH_KINDS,
    QUANTITY_KEYS,
    STEP_KEYS,
    STEP_RELATIONS,
    UNITS,
    Curation,
    DatasetInfo,
    FieldKind,
    FieldSpec,
    Mapping_,
    Quantity,
    Record,
    RecordKind,
    Reference,
    Section,
    SourceDoc,
    Step,
)

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
FIX_HINT = "fix the data file and run `ivig-kg build` again (field reference: data/README.md)"


class DataError(Exception):
    """A problem in a curated data file, located by file, line and field."""

    def __init__(self, file: str, line: int | None, field: str | None, message: str) -> None:
        self.file, self.line, self.field, self.message = file, line, field, message
        where = file if line is None else f"{file}:{line}"
        what = f"field '{field}': " if field else ""
        super().__init__(f"{where}: {what}{message}")


# --------------------------------------------------------------------------- YAML with lines


class YMap(dict):  # type: ignore[type-arg]
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int = 0
    key_lines: dict[str, int]


class YList(list):  # type: ignore[type-arg]
    """A YAML sequence that remembers the line of itself and of each item."""

    line: int = 0
    item_lines: list[int]


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> Iterator[YMap]:
    result = YMap()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    yield result
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise DataError(
                loader.name,
                key_node.start_mark.line + 1,
                str(key),
                f"duplicate key '{key}' in one mapping (first on line {result.key_lines[str(key)]})",
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[str(key)] = key_node.start_mark.line + 1


def _construct_seq(loader: _LineLoader, node: yaml.SequenceNode) -> Iterator[YList]:
    result = YList()
    result.line = node.start_mark.line + 1
    result.item_lines = [item.start_mark.line + 1 for item in node.value]
    yield result
    result.extend(loader.construct_object(item, deep=True) for item in node.value)


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


def read_yaml(path: Path, display: str) -> Any:
    """Parse a YAML file keeping line numbers; syntax errors become DataError."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(
            display,
            None,
            None,
            "file is missing; every data file listed in data/README.md is required",
        ) from None
    except UnicodeDecodeError as exc:
        raise DataError(display, None, None, f"not valid UTF-8 ({exc.reason})") from None
    loader = _LineLoader(text)
    loader.name = display
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise DataError(
            display, line, None, f"malformed YAML: {exc.problem or exc.context}"
        ) from None
    finally:
        loader.dispose()


# --------------------------------------------------------------------------- field checks


def _line_of(mapping: YMap, key: str) -> int:
    return mapping.key_lines.get(key, mapping.line)


def _number(raw: object, file: str, line: int, name: str) -> float:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise DataError(file, line, name, f"'{raw}' is not a number")
    return float(raw)


def _quantity(raw: object, file: str, line: int, name: str) -> Quantity:
    if not isinstance(raw, YMap):
        raise DataError(
            file,
            line,
            name,
            "a quantity must be a mapping such as {value: 2, unit: g/kg} or {min: 10, max: 12, unit: h}",
        )
    unknown = set(raw) - QUANTITY_KEYS
    if unknown:
        raise DataError(
            file, line, name, f"unknown key(s) {sorted(unknown)}; allowed: {sorted(QUANTITY_KEYS)}"
        )
    unit = raw.get("unit")
    if unit not in UNITS:
        raise DataError(
            file,
            _line_of(raw, "unit"),
            f"{name}.unit",
            f"unknown unit '{unit}'; allowed: {', '.join(UNITS)}",
        )
    has_value, has_range = "value" in raw, "min" in raw or "max" in raw
    if has_value == has_range or (has_range and not ("min" in raw and "max" in raw)):
        raise DataError(file, line, name, "give either 'value', or both 'min' and 'max'")
    value = (
        _number(raw["value"], file, _line_of(raw, "value"), f"{name}.value") if has_value else None
    )
    low = _number(raw["min"], file, _line_of(raw, "min"), f"{name}.min") if has_range else None
    high = _number(raw["max"], file, _line_of(raw, "max"), f"{name}.max") if has_range else None
    for number, key in ((value, "value"), (low, "min"), (high, "max")):
        if number is not None and number < 0:
            raise DataError(file, _line_of(raw, key), f"{name}.{key}", f"{number:g} is negative")
    if low is not None and high is not None and low > high:
        raise DataError(file, line, name, f"min {low:g} is greater than max {high:g}")
    hedge = raw.get("hedge")
    if hedge is not None and not isinstance(hedge, str):
        raise DataError(file, _line_of(raw, "hedge"), f"{name}.hedge", "must be text")
    return Quantity(value, low, high, str(unit), hedge)


def _steps(raw: object, file: str, line: int, name: str) -> tuple[Step, ...]:
    if not isinstance(raw, YList) or not raw:
        raise DataError(file, line, name, "must be a non-empty list of {subject, relation, object}")
    steps = []
    for item, item_line in zip(raw, raw.item_lines, strict=False):
        if not isinstance(item, YMap) or set(item) != STEP_KEYS:
            raise DataError(
                file, item_line, name, "each step needs exactly: subject, relation, object"
            )
        relation = item["relation"]
        if relation not in STEP_RELATIONS:
            raise DataError(
                file,
                item_line,
                f"{name}.relation",
                f"unknown value '{relation}'; allowed: {', '.join(STEP_RELATIONS)}",
            )
        steps.append(Step(str(item["subject"]), str(relation), str(item["object"])))
    return tuple(steps)


def _field_value(spec: FieldSpec, raw: object, file: str, line: int) -> Any:
    name = spec.name
    if spec.kind in ("id", "ref", "section"):
        if not isinstance(raw, str) or not ID_PATTERN.fullmatch(raw):
            raise DataError(
                file, line, name, f"'{raw}' is not an id (lower-case words joined by hyphens)"
            )
        return raw
    if spec.kind == "text":
        if not isinstance(raw, str) or not raw.strip():
            raise DataError(file, line, name, "must be non-empty text")
        return " ".join(raw.split())
    if spec.kind == "int":
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
            raise DataError(file, line, name, f"'{raw}' is not a whole number")
        return raw
    if spec.kind == "bool":
        if not isinstance(raw, bool):
            raise DataError(file, line, name, f"'{raw}' is not true or false")
        return raw
    if spec.kind == "date":
        if not isinstance(raw, dt.date):
            raise DataError(file, line, name, f"'{raw}' is not a date (YYYY-MM-DD)")
        return raw.isoformat()
    if spec.kind == "enum":
        if raw not in spec.enum:
            raise DataError(
                file, line, name, f"unknown value '{raw}'; allowed: {', '.join(spec.enum)}"
            )
        return raw
    if spec.kind in ("refs", "enums", "refnums"):
        if not isinstance(raw, YList) or not raw:
            raise DataError(file, line, name, "must be a non-empty list")
        if len(set(map(str, raw))) != len(raw):
            raise DataError(file, line, name, "lists the same value twice")
        if spec.kind == "refnums":
            for item, item_line in zip(raw, raw.item_lines, strict=False):
                if isinstance(item, bool) or not isinstance(item, int):
                    raise DataError(file, item_line, name, f"'{item}' is not a reference number")
            return tuple(raw)
        item_spec = FieldSpec(
            name, "enum" if spec.kind == "enums" else "ref", spec.doc, enum=spec.enum
        )
        return tuple(
            _field_value(item_spec, item, file, item_line)
            for item, item_line in zip(raw, raw.item_lines, strict=False)
        )
    if spec.kind == "quantity":
        return _quantity(raw, file, line, name)
    if spec.kind == "steps":
        return _steps(raw, file, line, name)
    raise AssertionError(f"unhandled field kind {spec.kind}")  # pragma: no cover


def _records(kind: RecordKind, data: object, display: str) -> list[Record]:
    if not isinstance(data, YMap) or set(data) != {kind.key}:
        raise DataError(
            display,
            getattr(data, "line", 1),
            None,
            f"the file must hold one top-level key '{kind.key}' with a list of records",
        )
    items = data[kind.key]
    if not isinstance(items, YList) or not items:
        raise DataError(
            display, _line_of(data, kind.key), None, f"'{kind.key}' must be a non-empty list"
        )
    records = []
    for raw in items:
        if not isinstance(raw, YMap):
            raise DataError(
                display, items.line, None, "each record must be a mapping of field: value"
            )
        unknown = [k for k in raw if kind.spec(str(k)) is None]
        if unknown:
            allowed = ", ".join(f.name for f in kind.fields)
            raise DataError(
                display,
                _line_of(raw, str(unknown[0])),
                str(unknown[0]),
                f"unknown field for a {kind.name} record; allowed: {allowed}",
            )
        values: dict[str, object] = {}
        for spec in kind.fields:
            if spec.name not in raw or raw[spec.name] is None:
                if spec.required:
                    rid = raw.get("id", "?")
                    raise DataError(
                        display, raw.line, spec.name, f"required field is missing in record '{rid}'"
                    )
                continue
            values[spec.name] = _field_value(
                spec, raw[spec.name], display, _line_of(raw, spec.name)
            )
        records.append(Record(kind, values, display, raw.line))
    ids = [r.id for r in records]
    if ids != sorted(ids):
        first = next(
            r
            for r, s in zip(records, sorted(records, key=lambda r: r.id), strict=False)
            if r is not s
        )
        raise DataError(
            display,
            first.line,
            "id",
            f"records must be sorted by id ('{first.id}' is out of order); run `ivig-kg lint --fix`",
        )
    return records


# --------------------------------------------------------------------------- source and dataset


def _require(raw: YMap, key: str, display: str, kind: FieldKind = "text") -> Any:
    value = raw.get(key)
    if value is None:
        raise DataError(display, raw.line, key, "required field is missing")
    spec = FieldSpec(key, kind, "")
    return _field_value(spec, value, display, _line_of(raw, key))


def _optional_text(raw: YMap, key: str, display: str) -> str | None:
    return _require(raw, key, display) if raw.get(key) is not None else None


def load_source(path: Path, display: str) -> SourceDoc:
    """Read data/source.yaml: the document, its sections and the references it cites."""
    raw = read_yaml(path, display)
    if not isinstance(raw, YMap) or set(raw) != {"document", "sections", "references"}:
        raise DataError(
            display, 1, None, "expected exactly the keys: document, sections, references"
        )
    doc = raw["document"]
    sections: list[Section] = []
    for order, (item, item_line) in enumerate(
        zip(raw["sections"], raw["sections"].item_lines, strict=False), start=1
    ):
        if not isinstance(item, YMap):
            raise DataError(display, item_line, "sections", "each section must be a mapping")
        parent = _require(item, "parent", display, "id") if item.get("parent") else None
        sections.append(
            Section(
                _require(item, "id", display, "id"), _require(item, "title", display), order, parent
            )
        )
    section_ids = [s.id for s in sections]
    for section in sections:
        if section.parent is not None and section.parent not in section_ids:
            raise DataError(
                display, None, "sections.parent", f"unknown parent section '{section.parent}'"
            )
    references: list[Reference] = []
    for item, item_line in zip(raw["references"], raw["references"].item_lines, strict=False):
        number = item.get("number")
        if isinstance(number, bool) or not isinstance(number, int) or number < 1:
            raise DataError(
                display,
                item_line,
                "references.number",
                f"'{number}' is not a positive reference number",
            )
        cited = _field_value(
            FieldSpec("cited_in", "refs", ""),
            item.get("cited_in"),
            display,
            _line_of(item, "cited_in"),
        )
        for section_id in cited:
            if section_id not in section_ids:
                raise DataError(
                    display,
                    _line_of(item, "cited_in"),
                    "references.cited_in",
                    f"unknown section '{section_id}'",
                )
        references.append(Reference(number, tuple(cited), _optional_text(item, "note", display)))
    numbers = [r.number for r in references]
    if len(set(numbers)) != len(numbers) or len(set(section_ids)) != len(section_ids):
        raise DataError(display, None, None, "a section id or a reference number is listed twice")
    return SourceDoc(
        id=_require(doc, "id", display, "id"),
        title=_require(doc, "title", display),
        last_updated=_require(doc, "last_updated", display, "date"),
        publisher=_optional_text(doc, "publisher", display),
        review_status=_require(doc, "review_status", display),
        audience=_optional_text(doc, "audience", display),
        note=_optional_text(doc, "note", display),
        sections=tuple(sections),
        references=tuple(references),
    )


def load_dataset(path: Path, display: str) -> DatasetInfo:
    """Read data/dataset.yaml: the metadata of the graph as a dataset."""
    raw = read_yaml(path, display)
    if not isinstance(raw, YMap):
        raise DataError(display, 1, None, "expected a mapping of field: value")
    return DatasetInfo(
        id=_require(raw, "id", display, "id"),
        title=_require(raw, "title", display),
        description=_require(raw, "description", display),
        version=_require(raw, "version", display),
        issued=_require(raw, "issued", display, "date"),
        license=_optional_text(raw, "license", display),
        note=_optional_text(raw, "note", display),
    )


def load_mappings(path: Path, display: str) -> list[Mapping_]:
    """Read data/mappings.tsv: checked links from entities to external identifiers."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise DataError(display, None, None, "file is missing") from None
    rows = list(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or tuple(rows[0]) != MAPPING_COLUMNS:
        raise DataError(display, 1, None, f"the header must be: {chr(9).join(MAPPING_COLUMNS)}")
    mappings = []
    for number, row in enumerate(rows[1:], start=2):
        if not row or row[0].startswith("#"):
            continue
        if len(row) != len(MAPPING_COLUMNS):
            raise DataError(
                display,
                number,
                None,
                f"expected {len(MAPPING_COLUMNS)} tab-separated columns, found {len(row)}",
            )
        values = dict(zip(MAPPING_COLUMNS, (cell.strip() for cell in row), strict=False))
        for column, value in values.items():
            if not value:
                raise DataError(display, number, column, "empty cell")
        try:
            expand(values["curie"])
        except CurieError as exc:
            raise DataError(display, number, "curie", str(exc)) from None
        if values["match"] not in MATCH_KINDS:
            raise DataError(
                display,
                number,
                "match",
                f"unknown value '{values['match']}'; allowed: {', '.join(MATCH_KINDS)}",
            )
        try:
            dt.date.fromisoformat(values["checked"])
        except ValueError:
            raise DataError(
                display, number, "checked", f"'{values['checked']}' is not a date (YYYY-MM-DD)"
            ) from None
        mappings.append(Mapping_(file=display, line=number, **values))
    pairs = [(m.entity, m.curie) for m in mappings]
    for m in mappings:
        if pairs.count((m.entity, m.curie)) > 1:
            raise DataError(display, m.line, "curie", f"{m.curie} is mapped to '{m.entity}' twice")
    return mappings


# --------------------------------------------------------------------------- cross-checks


def _check_links(curation: Curation) -> None:
    entities = curation.entities
    seen: dict[str, Record] = {}
    for record in curation.records:
        if record.id in seen:
            first = seen[record.id]
            raise DataError(
                record.file,
                record.line,
                "id",
                f"duplicate id '{record.id}' (first defined at {first.file}:{first.line})",
            )
        seen[record.id] = record
    sections = {s.id: s for s in curation.source.sections}
    cited = {r.number: r for r in curation.source.references}

    def check_ref(record: Record, field: str, target: str, allowed: tuple[str, ...]) -> None:
        if target not in entities:
            raise DataError(
                record.file,
                record.line,
                field,
                f"unknown entity '{target}' in record '{record.id}'; define it in data/entities.yaml",
            )
        if allowed and entities[target].values["type"] not in allowed:
            kind = entities[target].values["type"]
            raise DataError(
                record.file,
                record.line,
                field,
                f"'{target}' is a {kind}; this field takes: {', '.join(allowed)}",
            )

    for record in curation.records:
        for spec in record.kind.fields:
            value = record.values.get(spec.name)
            if value is None:
                continue
            if spec.kind == "ref":
                check_ref(record, spec.name, str(value), spec.targets)
            elif spec.kind == "refs":
                for target in value:
                    if target == record.id:
                        raise DataError(
                            record.file,
                            record.line,
                            spec.name,
                            f"record '{record.id}' refers to itself",
                        )
                    check_ref(record, spec.name, target, spec.targets)
            elif spec.kind == "steps":
                for step in value:
                    check_ref(record, "steps.subject", step.subject, ())
                    check_ref(record, "steps.object", step.object, ())
            elif spec.kind == "section":
                if value not in sections:
                    raise DataError(
                        record.file,
                        record.line,
                        "section",
                        f"unknown section '{value}'; sections: {', '.join(sections)}",
                    )
            elif spec.kind == "refnums":
                for number in value:
                    if number not in cited:
                        raise DataError(
                            record.file,
                            record.line,
                            "references",
                            f"unknown reference {number}; the source cites: {', '.join(map(str, cited))}",
                        )
                    if record.values["section"] not in cited[number].cited_in:
                        raise DataError(
                            record.file,
                            record.line,
                            "references",
                            f"reference {number} is not cited in section '{record.values['section']}' (see data/source.yaml)",
                        )
        if (
            record.kind is ENTITY
            and record.values.get("categories")
            and record.values["type"] != "disease"
        ):
            raise DataError(record.file, record.line, "categories", "only diseases take categories")
    for mapping in curation.mappings:
        if mapping.entity not in entities:
            raise DataError(
                mapping.file, mapping.line, "entity", f"unknown entity '{mapping.entity}'"
            )


DATA_FILES = ("dataset.yaml", "source.yaml", "mappings.tsv") + tuple(k.file for k in ALL_KINDS)


def load_curation(data_dir: Path) -> Curation:
    """Read and validate every file of data/; raise DataError on the first problem."""

    def display(name: str) -> str:
        return f"{data_dir.name}/{name}"

    records: list[Record] = []
    for kind in ALL_KINDS:
        records.extend(
            _records(kind, read_yaml(data_dir / kind.file, display(kind.file)), display(kind.file))
        )
    curation = Curation(
        dataset=load_dataset(data_dir / "dataset.yaml", display("dataset.yaml")),
        source=load_source(data_dir / "source.yaml", display("source.yaml")),
        records=records,
        mappings=load_mappings(data_dir / "mappings.tsv", display("mappings.tsv")),
    )
    _check_links(curation)
    return curation


__all__ = ["ASSERTION_KINDS", "DATA_FILES", "DataError", "FIX_HINT", "load_curation"]
