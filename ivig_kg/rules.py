"""The shortcut rule, written once: SPARQL rules in ``queries/rules/*.rq``.

Each rule derives one shortcut predicate (``ivig:treats``, ``ivig:hasAdverseEffect``, ...) from
the qualified statement nodes: it selects ``?statement ?drug ?object``, the statement that
supports the triple ``?drug <predicate> ?object``. The build adds the triples the rules derive;
the check runs the same rules on any graph and reports shortcuts that are missing or that no
statement supports; the KGX export takes its edges, each with its statement, from them too. So
the build, its check and the export cannot disagree about what a shortcut means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.term import Node

from ivig_kg import paths
from ivig_kg.prefixes import CONVERTER
from ivig_kg.validate import Problem

RULES_DIR = paths.QUERIES_DIR / "rules"


@dataclass(frozen=True)
class Rule:
    """One rule and the predicate it alone derives."""

    path: Path
    predicate: URIRef
    text: str

    def support(self, graph: Graph) -> set[tuple[Node, Node, Node]]:
        """Return (statement, subject, object) for every shortcut the graph's statements support."""
        return {(row[0], row[1], row[2]) for row in graph.query(self.text)}  # type: ignore[index]

    def derive(self, graph: Graph) -> set[tuple[Node, Node, Node]]:
        """Return the shortcut triples the rule derives from the graph."""
        return {(s, self.predicate, o) for _, s, o in self.support(graph)}


def read_rules(rules_dir: Path = RULES_DIR) -> list[Rule]:
    """Read every rule file, with its ``#+ predicate:`` header; raise ValueError when one lacks it."""
    rules = []
    for path in sorted(rules_dir.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        found = re.search(r"^#\+\s*predicate:\s*(\S+)\s*$", text, flags=re.MULTILINE)
        if found is None:
            raise ValueError(f"{path}: a rule needs a '#+ predicate: ivig:...' header")
        rules.append(Rule(path, URIRef(CONVERTER.expand_strict(found[1])), text))
    if not rules:
        raise ValueError(f"{rules_dir}: no shortcut rules found")
    return rules


def apply_rules(graph: Graph, rules_dir: Path = RULES_DIR) -> None:
    """Add every shortcut the rules derive (rules read only statement nodes, so order is free)."""
    for rule in read_rules(rules_dir):
        for triple in rule.derive(graph):
            graph.add(triple)


def rule_problems(graph: Graph, rules_dir: Path = RULES_DIR) -> list[Problem]:
    """Compare each rule's output with the graph's shortcuts of its predicate, both ways."""
    problems = []
    for rule in read_rules(rules_dir):
        derived = rule.derive(graph)
        present = set(graph.triples((None, rule.predicate, None)))
        check = f"rules/{rule.path.name}"
        for s, _, o in sorted(present - derived, key=str):
            problems.append(Problem(check, f"{s} {o}: shortcut that no statement supports"))
        for s, _, o in sorted(derived - present, key=str):
            problems.append(Problem(check, f"{s} {o}: statement whose shortcut is missing"))
    return problems
