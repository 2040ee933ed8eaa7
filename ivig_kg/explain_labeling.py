"""Plain-English text for the lines of the second source, the US labeling set.

The counterpart of `ivig_kg.explain` for labeling facts: `ivig_kg.network_labeling` reads each
fact from the graph and passes plain values here (labels, the grade key, page kinds); this
module writes the short label drawn on a line, its one-sentence explanation and the qualifiers
that say where the fact was read and how directly. It reads no RDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ivig_kg.explain import names, sentence, short_name

#: Evidence grade key -> what it means, in a few words.
GRADE_WORDS: dict[str, str] = {
    "verified": "verified: read on the cited page itself",
    "secondary": "secondary: read only on a third-party copy of a label or in news",
}
#: Comparison mark -> what it says about a line, for the key and the explanation.
MARKS: dict[str, str] = {
    "not-in-labels": "an FDA approval of the article that no label of this set lists",
    "not-approved-in-article": "a labeled use the article does not call FDA-approved",
}
#: The text put before the label of a marked line when both sources are shown.
MARK_BADGES: dict[str, str] = {
    "not-in-labels": "\u2260 labels:",
    "not-approved-in-article": "\u2260 article:",
}
#: What the article says of a condition it calls FDA-approved, against the labels of the set.
MATCH_WORDS: dict[str, str] = {
    "same": "a label of this set lists the same condition",
    "narrower": "labels of this set list a narrower kind of it",
    "related": "a label of this set lists a use in a related patient group",
    "not-in-labels": "no label of this set lists it (which does not mean it is not approved: "
    "the set can lack a product or an older label)",
}


@dataclass
class Fact:
    """What every labeling line says about where it was read."""

    kind: str
    document: str
    pages: list[str]
    page_kinds: list[str]
    grade: str
    note: str | None = None
    ages: str | None = None
    ages_grade: str | None = None
    limitations: list[str] = field(default_factory=list)
    label_term: str | None = None
    patients: str | None = None
    given_with: list[str] = field(default_factory=list)


def fact_qualifiers(fact: Fact) -> dict[str, str]:
    """Return the qualifiers shown with a labeling line: source, pages, kinds, grade, limits."""
    said = {
        "source": f"the labeling set: {fact.document}",
        "read on": "; ".join(fact.pages) or "no page given",
        "kind of page": ", ".join(fact.page_kinds) or "not given",
        "evidence grade": GRADE_WORDS.get(fact.grade, fact.grade),
    }
    if fact.label_term:
        said["the label's words"] = fact.label_term
    if fact.ages:
        grade = f" ({fact.ages_grade})" if fact.ages_grade and fact.ages_grade != fact.grade else ""
        said["ages or patients"] = fact.ages + grade
    if fact.patients:
        said["patients"] = fact.patients
    if fact.given_with:
        said["given with"] = names(fact.given_with)
    if fact.limitations:
        said["limitation of use"] = "; ".join(fact.limitations)
    return said


def _secondary(fact: Fact) -> str:
    return " (secondary)" if fact.grade == "secondary" else ""


def labeled_use_line(fact: Fact, product: str, condition: str) -> tuple[str, str]:
    """Return the label and sentence of a product's labeled indication."""
    ages = f", for {fact.ages}" if fact.ages else ""
    text = f"The US label of {product} lists {condition} as an indication{ages}."
    if fact.grade == "secondary":
        text += " This was read only on a secondary page."
    return "on label" + _secondary(fact), text


def brand_line(product: str, drug: str) -> tuple[str, str]:
    """Return the label and sentence of the line from a product to its drug."""
    return "brand of", f"{product} is a brand of {short_name(drug)} sold in the United States."


def _who(applies_to: list[str], drug: str) -> str:
    if applies_to == [drug] or not applies_to:
        return f"all {short_name(drug)} products"
    return names(applies_to)


def class_fact_line(
    fact: Fact, applies_to: list[str], drug: str, end: str, harms: list[str]
) -> tuple[str, str]:
    """Return the label and sentence of one line of a class-wide fact to the entity `end`."""
    who = _who(applies_to, drug)
    warned = names(harms) if harms else "harm"
    kind = fact.kind
    if kind == "boxed-warning":
        label, text = "boxed warning", f"The boxed warning of {who} warns of {end}."
    elif kind == "contraindication":
        label, text = "must not be given", f"The labels say {who} must not be given in {end}."
    elif kind == "risk-factor":
        label = "risk factor (box)"
        text = f"The boxed warning of {who} names {end} as raising the risk of {warned}."
    elif kind == "mitigation":
        label = "lowers risk (box)"
        text = f"The boxed warning of {who} advises {end} to lower the risk of {warned}."
    elif kind == "history":
        label = "safety history"
        text = f"The safety history of {who} links {end} to {warned}."
    else:
        label, text = "ingredient", f"The labeling says of {who} and {end}: see the statement."
    return label + _secondary(fact), sentence(text)


def formulation_line(fact: Fact, product: str, ingredient: str, contains: bool) -> tuple[str, str]:
    """Return the label and sentence of a product's line to an ingredient it has or lacks."""
    if contains:
        return "contains" + _secondary(fact), f"The labeling says {product} contains {ingredient}."
    return "free of" + _secondary(fact), f"The labeling says {product} is free of {ingredient}."


def compare_sentence(mark: str) -> str:
    """Return the sentence that says how a line compares with the other source."""
    if mark in MATCH_WORDS:
        return sentence(f"Compared with the labels: {MATCH_WORDS[mark]}.")
    return "Compared with the article: it does not call this use FDA-approved (not even a broader one)."
