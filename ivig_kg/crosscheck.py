"""Checks across files: ids unique, every reference resolvable, provenance consistent.

Each file is valid on its own once its model accepts it; what remains is what needs several
files at once: a record's entities exist and have the right type, its section and reference
numbers exist in source.yaml, and the reference is cited in that section.
"""

from __future__ import annotations

from ivig_kg.crosscheck_labeling import check_labeling
from ivig_kg.datafile import DataError
from ivig_kg.schema import Assertion, Curation, Entity, Product, Record, SourceDoc
from ivig_kg.schema.models import Link
from ivig_kg.schema.types import show


def _check_unique_ids(records: tuple[Record, ...]) -> None:
    seen: dict[str, Record] = {}
    for record in records:
        first = seen.setdefault(record.id, record)
        if first is not record:
            raise DataError(
                record.file,
                record.line,
                "id",
                f"duplicate id '{record.id}' (first defined at {first.file}:{first.line})",
            )


def _check_source(source: SourceDoc) -> None:
    sections: dict[str, int] = {}
    for index, section in enumerate(source.sections):
        if section.id in sections:
            raise DataError(
                source.file,
                source.line_of("sections", index, "id"),
                "sections.id",
                f"section '{section.id}' is listed twice",
            )
        sections[section.id] = index
    for index, section in enumerate(source.sections):
        if section.parent is not None and section.parent not in sections:
            raise DataError(
                source.file,
                source.line_of("sections", index, "parent"),
                "sections.parent",
                f"unknown parent section '{section.parent}'",
            )
    numbers: set[int] = set()
    for index, reference in enumerate(source.references):
        if reference.number in numbers:
            raise DataError(
                source.file,
                source.line_of("references", index, "number"),
                "references.number",
                f"reference {reference.number} is listed twice",
            )
        numbers.add(reference.number)
        for item, section_id in enumerate(reference.cited_in):
            if section_id not in sections:
                raise DataError(
                    source.file,
                    source.line_of("references", index, "cited_in", item),
                    "references.cited_in",
                    f"unknown section '{section_id}'",
                )


def _check_link(record: Record, link: Link, entities: dict[str, Entity | Product]) -> None:
    line = record.line_of(*link.path)
    if link.target == record.id:
        raise DataError(record.file, line, link.field, f"record '{record.id}' refers to itself")
    target = entities.get(link.target)
    if target is None:
        raise DataError(
            record.file,
            line,
            link.field,
            f"unknown entity '{link.target}' in record '{record.id}'; define it in "
            "data/entities.yaml",
        )
    if link.allowed and target.type not in link.allowed:
        allowed = ", ".join(kind.value for kind in link.allowed)
        raise DataError(
            record.file,
            line,
            link.field,
            f"'{link.target}' is a {target.type.value}; this field takes: {allowed}",
        )


def _check_provenance(
    record: Assertion, sections: list[str], cited: dict[int, tuple[str, ...]]
) -> None:
    if record.section not in sections:
        raise DataError(
            record.file,
            record.line_of("section"),
            "section",
            f"unknown section '{record.section}'; sections: {', '.join(sections)}",
        )
    for index, number in enumerate(record.references):
        line = record.line_of("references", index)
        if number not in cited:
            known = ", ".join(map(str, cited))
            raise DataError(
                record.file,
                line,
                "references",
                f"unknown reference {number}; the source cites: {known}",
            )
        if record.section not in cited[number]:
            raise DataError(
                record.file,
                line,
                "references",
                f"reference {number} is not cited in section '{record.section}' "
                "(see data/source.yaml)",
            )


def _check_qualifiers(record: Assertion, statements: set[str]) -> None:
    for index, target in enumerate(record.qualified_by):
        if target not in statements or target == record.id:
            raise DataError(
                record.file,
                record.line_of("qualified_by", index),
                "qualified_by",
                f"'{show(target)}' is not another statement of the article",
            )


def check_curation(curation: Curation) -> None:
    """Raise DataError on the first problem that involves more than one record or file."""
    _check_source(curation.source)
    _check_unique_ids(curation.records)
    entities = curation.linkable
    sections = [section.id for section in curation.source.sections]
    cited = {reference.number: reference.cited_in for reference in curation.source.references}
    for record in curation.records:
        for link in record.links():
            _check_link(record, link, entities)
        if isinstance(record, Assertion):
            _check_provenance(record, sections, cited)
    assertions = curation.of_kind(Assertion)
    statements = {assertion.id for assertion in assertions}
    for assertion in assertions:
        _check_qualifiers(assertion, statements)
    check_labeling(curation)
    for mapping in curation.mappings:
        if mapping.entity not in entities:
            raise DataError(
                mapping.file, mapping.line, "entity", f"unknown entity '{show(mapping.entity)}'"
            )
