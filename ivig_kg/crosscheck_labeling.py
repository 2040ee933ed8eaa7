"""Checks across the files of the second source: documents, products and warnings resolve.

A labeled indication names a product label; a class-wide fact names the document it was read
in and, for risk factors, measures and history, the boxed warning it belongs to; every document
but the collection is part of a collection; every product has exactly one label.
"""

from __future__ import annotations

from collections import Counter

from ivig_kg.datafile import DataError
from ivig_kg.schema import ClassFact, Curation, LabeledIndication, LabelingSource, Product
from ivig_kg.schema.enums import DocumentKind, LabelingKind
from ivig_kg.schema.types import show


def _document(
    record: ClassFact | LabeledIndication | LabelingSource,
    field: str,
    target: str | None,
    documents: dict[str, LabelingSource],
    kinds: tuple[DocumentKind, ...],
) -> None:
    if target is None:
        return
    found = documents.get(target)
    if found is None or found.type not in kinds:
        allowed = ", ".join(kind.value for kind in kinds)
        raise DataError(
            record.file,
            record.line_of(field),
            field,
            f"'{show(target)}' is not a source of kind {allowed} in data/labeling_sources.yaml",
        )


def _warning(fact: ClassFact, facts: dict[str, ClassFact]) -> None:
    needs = fact.type in (LabelingKind.RISK_FACTOR, LabelingKind.MITIGATION, LabelingKind.HISTORY)
    target = facts.get(fact.warning) if fact.warning else None
    if needs and (target is None or target.type is not LabelingKind.BOXED_WARNING):
        raise DataError(
            fact.file,
            fact.line_of("warning"),
            "warning",
            f"a {fact.type.value} fact names the id of its boxed warning in 'warning'",
        )
    if not needs and fact.warning is not None:
        raise DataError(
            fact.file,
            fact.line_of("warning"),
            "warning",
            "only risk factors, mitigations and history belong to a boxed warning",
        )


def check_labeling(curation: Curation) -> None:
    """Raise DataError on the first labeling record whose document or warning does not resolve."""
    documents = {doc.id: doc for doc in curation.of_kind(LabelingSource)}
    facts = {fact.id: fact for fact in curation.of_kind(ClassFact)}
    collection = (DocumentKind.COLLECTION,)
    labels = (DocumentKind.PRODUCT_LABEL,)
    any_document = (
        DocumentKind.PRODUCT_LABEL,
        DocumentKind.CLASS_LABELING,
        DocumentKind.REGULATOR_PAGE,
    )
    for doc in documents.values():
        _document(doc, "part_of", doc.part_of, documents, collection)
    for indication in curation.of_kind(LabeledIndication):
        _document(indication, "label", indication.label, documents, labels)
    for fact in facts.values():
        _document(fact, "source", fact.source, documents, any_document)
        _warning(fact, facts)
    per_product = Counter(doc.product for doc in documents.values() if doc.product)
    for product in curation.of_kind(Product):
        if per_product[product.id] != 1:
            raise DataError(
                product.file,
                product.line,
                "id",
                f"product '{product.id}' needs exactly one product label in "
                f"data/labeling_sources.yaml (found {per_product[product.id]})",
            )
