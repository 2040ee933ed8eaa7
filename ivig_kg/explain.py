"""Plain-English text for the network: short line labels, one-sentence explanations, qualifiers.

`ivig_kg.network` reads the facts of each statement from the RDF graph and passes them here as
plain values: entity labels, value-set keys (``"fda-approved"``, ``"possible"``) and quantities.
This module turns them into the words people read on the page and in notebooks. It reads no RDF
and builds no graph, so the wording can change without touching the bridge, and the bridge can
change without touching the wording.

Sentences use a drug's acronym (`short_name`) and start with a capital letter (`sentence`);
labels of entities are used as curated, in lower case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

#: Use status -> the short label drawn on an indication line.
STATUS_SHORT: dict[str, str] = {
    "fda-approved": "FDA-approved",
    "other-common-use": "common use",
    "guideline-recommended": "guideline",
    "described-use": "used for",
}
#: Unit key -> (singular, plural) word; other units are written as their key (``g/kg``).
UNIT_WORDS: dict[str, tuple[str, str]] = {"day": ("day", "days"), "month": ("month", "months")}
#: Step relation -> verb phrase: as stated, and after "may" / "seems to".
STEP_VERBS: dict[str, tuple[str, str]] = {
    "reduces": ("reduces", "reduce"),
    "activates": ("activates", "activate"),
    "modulates": ("changes", "change"),
    "neutralizes": ("neutralizes", "neutralize"),
    "provides": ("supplies", "supply"),
    "ameliorates": ("eases", "ease"),
    "acts-through": ("works through", "work through"),
    "independent-of": ("does not need", "not need"),
    "has-effect": ("has the effect of", "have the effect of"),
}
#: Certainty of a mechanism -> the hedge put before its verbs ("IVIG may change ...").
CERTAINTY_HEDGES: dict[str, str] = {"possible": "may ", "apparent": "seems to "}
#: What an entity link says, for both of its relations.
LINK_STATEMENT = (
    "A link between two entities that the curators made to show how the article groups or "
    "defines them."
)


# -- small helpers ------------------------------------------------------------------------------


def short_name(label: str) -> str:
    """Return the name used inside sentences: the acronym a label ends with, else the label.

    ``"intravenous immunoglobulin (IVIG)"`` gives ``"IVIG"``.
    """
    match = re.fullmatch(r".+?\s*\(([^()]{2,8})\)", label)
    return match.group(1) if match else label


def sentence(text: str) -> str:
    """Capitalise the first letter (labels are lower case) and keep the rest unchanged."""
    return text[:1].upper() + text[1:]


def names(labels: Iterable[str]) -> str:
    """Join labels for a qualifier or a sentence: ``"good hydration, slow infusion rate"``."""
    return ", ".join(labels)


@dataclass(frozen=True)
class Quantity:
    """An amount as the graph states it: one value, or a range from `low` to `high`."""

    unit: str
    value: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    hedge: str | None = None


def _number(number: Decimal | None) -> str:
    if number is None:
        raise ValueError("a quantity has neither a value nor both ends of a range")
    return f"{number.normalize():f}"


def quantity(amount: Quantity | None) -> str | None:
    """Write a quantity as plain text (``"2 g/kg"``, ``"10–12 h (usually)"``); None stays None."""
    if amount is None:
        return None
    if amount.value is not None:
        number, plural = _number(amount.value), amount.value != 1
    else:
        number, plural = f"{_number(amount.low)}\u2013{_number(amount.high)}", True
    if amount.unit in UNIT_WORDS:
        text = f"{number} {UNIT_WORDS[amount.unit][plural]}"
    elif amount.unit == "percent":
        text = f"{number}%"
    elif amount.unit == "count":
        text = number
    else:
        text = f"{number} {amount.unit}"
    return f"{text} ({amount.hedge})" if amount.hedge else text


def _put(qualifiers: dict[str, str], name: str, value: str | None) -> None:
    """Add a qualifier only when it has a value (the order of the calls is the reading order)."""
    if value:
        qualifiers[name] = value


# -- indications ------------------------------------------------------------------------------


@dataclass
class Use:
    """The facts of one indication: what the drug is used for, how sure, and how to give it."""

    drug: str
    purpose: str | None  # None: the source says what the use is for, not whether it treats
    status: str
    status_label: str
    conditions: list[str] = field(default_factory=list)
    prominence: str | None = None
    approved_by: str | None = None
    recommended_by: str | None = None
    patients: str | None = None
    dose: Quantity | None = None
    infusions: str | None = None
    infusion_duration: Quantity | None = None
    latest_start: Quantity | None = None
    preferred_start: Quantity | None = None
    given_with: list[str] = field(default_factory=list)
    aims_to_reduce: list[str] = field(default_factory=list)

    @property
    def verb(self) -> str:
        """``"prevent"`` or ``"treat"``; ``"be used in"`` when the source gives no purpose."""
        if self.purpose is None:
            return "be used in"
        return "prevent" if self.purpose == "prevention" else "treat"

    @property
    def relation(self) -> str:
        """The line's relation: ``"treats"``, ``"prevents"`` or ``"used-in"``."""
        if self.purpose is None:
            return "used-in"
        return "prevents" if self.purpose == "prevention" else "treats"


def _after_onset(start: Quantity | None) -> str | None:
    return f"{quantity(start)} after the illness began" if start is not None else None


def use_qualifiers(use: Use) -> dict[str, str]:
    """Return the qualifiers of an indication, as shown in its tooltip."""
    qualifiers = {"purpose": use.purpose or "not stated by the source", "status": use.status_label}
    _put(qualifiers, "prominence", use.prominence)
    _put(qualifiers, "approved by", use.approved_by)
    _put(qualifiers, "recommended by", use.recommended_by)
    _put(qualifiers, "patients", use.patients)
    _put(qualifiers, "dose", quantity(use.dose))
    _put(qualifiers, "infusions", use.infusions)
    _put(qualifiers, "infusion duration", quantity(use.infusion_duration))
    _put(qualifiers, "start at the latest by", _after_onset(use.latest_start))
    _put(qualifiers, "start preferably by", _after_onset(use.preferred_start))
    _put(qualifiers, "given with", names(use.given_with))
    _put(qualifiers, "aims to reduce", names(use.aims_to_reduce))
    return qualifiers


def use_label(use: Use) -> str:
    """Return the label of an indication line: its status (or "most common use"), its dose if
    any, and "prevents" for a prevention."""
    short = use.prominence or STATUS_SHORT.get(use.status, use.status)
    if use.dose is not None:
        short += f", {quantity(replace(use.dose, hedge=None))}"
    return f"prevents ({short})" if use.purpose == "prevention" else short


def regimen(use: Use) -> str | None:
    """Say how to give the drug for this use (``"2 g/kg as one infusion over 10–12 h"``), or
    None when no dose is stated."""
    if use.dose is None:
        return None
    text = quantity(use.dose) or ""
    if use.infusions:
        count = "one infusion" if use.infusions == "1" else f"{use.infusions} infusions"
        text += f" as {count}"
    if use.infusion_duration is not None:
        text += f" over {quantity(use.infusion_duration)}"
    if use.latest_start is not None:
        text += f"; start within {quantity(use.latest_start)} of the illness"
    if use.preferred_start is not None:
        text += ", ideally" if use.latest_start is not None else "; ideally start"
        text += f" within {quantity(use.preferred_start)}"
    return text


def use_sentence(use: Use, condition: str) -> str:
    """Say in one sentence that the drug is used for `condition`, and on whose authority."""
    name = short_name(use.drug)
    purpose = f"{use.verb} {condition}"
    by = use.approved_by or use.recommended_by
    if use.status == "fda-approved":
        text = f"the {by or 'FDA'} has approved {name} to {purpose}."
    elif use.status == "guideline-recommended" and by:
        text = f"the {by} recommends {name} to {purpose}."
    elif use.status == "guideline-recommended":
        text = f"a guideline recommends {name} to {purpose}."
    elif use.status == "other-common-use" and use.prominence is not None:
        text = f"To {purpose} is what {name} is most often used for."
    elif use.status == "other-common-use":
        text = f"{name} is commonly used to {purpose}."
    elif use.status == "off-label-use":
        text = f"{name} is used off-label in {condition}."
    elif use.purpose is None:
        text = f"{name} is used in {condition}."
    else:
        text = f"{name} is used to {purpose}."
    return sentence(text)


def use_qualifier_line(role: str, use: Use, entity: str, condition: str | None) -> tuple[str, str]:
    """Return (label, sentence) of the line from an entity that qualifies an indication.

    `role` is one of ``approved-by``, ``recommended-by``, ``patients``, ``given-with`` and
    ``aims-to-reduce``; `condition` is the condition the line is drawn to or from, None for
    the lines that speak of all the conditions of the use.
    """
    name = short_name(use.drug)
    conditions = names(use.conditions)
    if role == "approved-by":
        return "approved", f"The {entity} has approved {name} for {condition}."
    if role == "recommended-by":
        return "recommends", f"The {entity} recommends {name} for {condition}."
    if role == "patients":
        return "in", sentence(f"{name} is given to {use.verb} {condition} in {entity}.")
    if role == "given-with":
        return (
            f"given with {name}",
            f"For {conditions}, {entity} is given together with {name}.",
        )
    if role == "aims-to-reduce":
        return (
            "aims to reduce",
            f"Treating {conditions} with {name} aims to lower the rate of {entity}.",
        )
    raise ValueError(f"unknown qualifier role {role!r}")


# -- adverse effects --------------------------------------------------------------------------


@dataclass
class Harm:
    """The facts of one adverse effect: how bad, how long, when, how often, what prevents it."""

    drug: str
    effect: str
    severity: str | None = None
    course: str | None = None
    onset: str | None = None
    frequency: str | None = None
    #: How widely the stated severity and course hold ("most, not all"), as the source hedges.
    generality: str | None = None
    preventers: list[str] = field(default_factory=list)

    def words(self) -> list[str]:
        """The qualifier values that describe the effect, in reading order."""
        return [w for w in (self.severity, self.course, self.onset, self.frequency) if w]


def harm_qualifiers(harm: Harm) -> dict[str, str]:
    """Return the qualifiers of an adverse effect, as shown in its tooltip."""
    qualifiers: dict[str, str] = {}
    _put(qualifiers, "severity", harm.severity)
    _put(qualifiers, "course", harm.course)
    _put(qualifiers, "onset", harm.onset)
    _put(qualifiers, "frequency", harm.frequency)
    if harm.generality:  # the source's hedge: said of most such effects, not of every one
        qualifiers["holds for"] = f"{harm.generality}, of the effects the article lists this way"
    _put(qualifiers, "can be prevented by", names(harm.preventers))
    return qualifiers


def harm_label(harm: Harm) -> str:
    """Return the label of an adverse-effect line: what the article says of the effect."""
    return ", ".join(harm.words()) or "adverse effect"


def harm_sentence(harm: Harm) -> str:
    """Say in one sentence that the drug can cause the effect."""
    return f"{short_name(harm.drug)} can cause {harm.effect}."


def prevention_line(harm: Harm, preventer: str) -> tuple[str, str]:
    """Return (label, sentence) of the line from something that can prevent the effect."""
    text = f"{preventer} can prevent {harm.effect} when {short_name(harm.drug)} is given."
    return "can prevent", sentence(text)


# -- mechanisms -------------------------------------------------------------------------------


@dataclass
class Mechanism:
    """The facts of one mechanism of action: the drug, how sure the article is, and where."""

    drug: str
    certainty: str
    certainty_label: str
    conditions: list[str] = field(default_factory=list)


@dataclass
class Step:
    """One step of a mechanism: `subject` `relation` `target`, number `order` of `count`."""

    order: int
    count: int
    subject: str
    relation: str
    relation_label: str
    target: str


def mechanism_qualifiers(mechanism: Mechanism) -> dict[str, str]:
    """Return the qualifiers of a mechanism, as shown in its tooltip."""
    qualifiers = {"certainty": mechanism.certainty_label}
    _put(qualifiers, "stated for", names(mechanism.conditions))
    return qualifiers


def unknown_mechanism_line(mechanism: Mechanism, condition: str) -> tuple[str, str]:
    """Return (label, sentence) of a mechanism with no steps, drawn to `condition`."""
    return (
        f"how it works: {mechanism.certainty_label}",
        f"How {short_name(mechanism.drug)} works in {condition} is {mechanism.certainty_label}.",
    )


def step_line(mechanism: Mechanism, step: Step) -> tuple[str, str]:
    """Return (label, sentence) of one step; the sentence hedges as the article does."""
    hedged = "" if mechanism.certainty == "asserted" else f" ({mechanism.certainty_label})"
    where = f" in {names(mechanism.conditions)}" if mechanism.conditions else ""
    maybe = CERTAINTY_HEDGES.get(mechanism.certainty, "")
    stated, after_hedge = STEP_VERBS.get(step.relation, (step.relation_label,) * 2)
    verb = after_hedge if maybe else stated
    return (
        f"{step.relation_label}{hedged}",
        f"Step {step.order} of {step.count}: {short_name(step.subject)} {maybe}{verb} "
        f"{step.target}{where}.",
    )


# -- recommendations --------------------------------------------------------------------------


@dataclass
class Advice:
    """The facts of one recommendation: what to do, when, from what, for whom, said by whom."""

    drug: str
    action: str
    action_label: str
    period: Quantity | None = None
    trigger: str | None = None
    conditions: list[str] = field(default_factory=list)
    recommended_by: str | None = None


def advice_qualifiers(advice: Advice) -> dict[str, str]:
    """Return the qualifiers of a recommendation, as shown in its tooltip."""
    qualifiers = {"action": advice.action_label}
    _put(qualifiers, "period", quantity(advice.period))
    _put(qualifiers, "starting from", advice.trigger)
    _put(qualifiers, "for", names(advice.conditions))
    _put(qualifiers, "recommended by", advice.recommended_by)
    return qualifiers


def advice_label(advice: Advice) -> str:
    """Return the label of a recommendation line: the action, with its period."""
    period = quantity(advice.period)
    if advice.action == "defer":
        return f"defer {period}" if period else "defer"
    if advice.action == "administer-within":
        return f"start within {period}" if period else "give within"
    if advice.action == "co-administer":
        return "give together"
    return "recommended dose"


def advice_sentence(advice: Advice, target: str) -> str:
    """Say in one sentence what to do about `target` (an immunization, a co-therapy, ...)."""
    name = short_name(advice.drug)
    period = quantity(advice.period)
    if advice.action == "defer":
        after = advice.trigger or advice.drug
        return f"After {after}, postpone {target}" + (f" for {period}." if period else ".")
    if advice.action == "co-administer":
        scope = f" in {names(advice.conditions)}" if advice.conditions else ""
        return f"Give {name} together with {target}{scope}."
    if advice.action == "administer-within":
        return f"Start {name} for {target} within {period} of the illness."
    return f"Give {name} for {target} as recommended."


# -- findings and links between entities -----------------------------------------------------


def finding_qualifiers(value: Quantity | None) -> dict[str, str]:
    """Return the qualifiers of a finding: the value it reports, if any."""
    qualifiers: dict[str, str] = {}
    _put(qualifiers, "value", quantity(value))
    return qualifiers


def finding_label(statement: str, *, limit: int = 44) -> str:
    """Return the short name of a finding node: the start of its sentence, cut at a word."""
    text = statement.strip().rstrip(".")
    if len(text) <= limit:
        return text
    return text[: text.rfind(" ", 0, limit)].rstrip(",;:") + "\u2026"


def finding_sentence(entity: str) -> str:
    """Say in one sentence what a finding is about."""
    return f"The finding is about {entity}."


def link_line(relation: str, subject: str, target: str) -> tuple[str, str]:
    """Return (label, sentence) of a skos:broader (``broader``) or skos:related link."""
    if relation == "broader":
        return "a kind of", f"A kind of {target}: {subject}."
    return "", f"Defined with reference to {target}: {subject}."
