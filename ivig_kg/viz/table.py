"""The statements of the network as table rows: the page's table view and its text alternative.

One row per statement (the lines of one curated statement share its ``assertion`` id; a link
the curators made between two entities is a statement of its own): subject, relation, object,
qualifiers, the article's hedging words and where it says it. The page's script fills the
table with these texts through ``textContent``, sorts and filters it, and lists a node's rows,
grouped, when the node is clicked.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from ivig_kg.viz.style import display_label

if TYPE_CHECKING:
    import networkx as nx

#: Statement group -> its heading in a node's details, in the order the groups are listed.
GROUPS: dict[str, str] = {
    "approved": "Approved uses",
    "other-use": "Other uses",
    "recommendation": "Recommendations",
    "adverse-effect": "Adverse effects",
    "mechanism": "How it may work",
    "finding": "Findings",
    "link": "Links between terms",
    "labeled-use": "Uses on US labels",
    "label-safety": "Boxed warnings and contraindications (labels)",
    "label-detail": "Risk factors, measures, ingredients (labels)",
    "product": "Products",
}
#: Edge source -> the text of the table's "From" column.
ORIGINS = {"article": "the article", "labeling": "US labels", "": "curators' link"}
#: Qualifiers already said by the relation column.
_SAID = {"purpose", "status", "certainty"}

Edge = tuple[str, str, str, dict[str, Any]]


def statement_group(attrs: dict[str, Any]) -> str:
    """Return the group of a statement from the attributes of one of its main lines."""
    family = attrs.get("family", "entity")
    if family == "indication":
        return "approved" if attrs.get("status") == "fda-approved" else "other-use"
    return {
        "entity": "link",
        "labeled-indication": "labeled-use",
        "boxed-warning": "label-safety",
        "contraindication": "label-safety",
    }.get(family, family)


def _name(g: nx.MultiDiGraph, node: str) -> str:
    return display_label(str(g.nodes[node].get("label", node)))


def _names(g: nx.MultiDiGraph, nodes: list[str]) -> str:
    return ", ".join(dict.fromkeys(_name(g, n) for n in nodes))


def _subject_relation_object(g: nx.MultiDiGraph, main: list[Edge]) -> tuple[str, str, str]:
    """Say the statement as subject, relation, object from its main lines."""
    u, v, _, d = main[0]
    family = d.get("family")
    if family == "indication":
        label = str(d.get("label", ""))
        verb = {"prevents": "", "used-in": "used in "}.get(str(d.get("relation")), "treats ")
        relation = label if label.startswith("prevents") else f"{verb}({label})"
        return _name(g, u), relation, _names(g, [e[1] for e in main])
    if family == "adverse-effect":
        return _name(g, u), "can cause", _name(g, v)
    if family == "mechanism" and len(main) > 1:
        steps = sorted(main, key=lambda e: int(e[3].get("step") or 0))
        chain = "; then ".join(
            f"{_name(g, a)} {e.get('label', '')} {_name(g, b)}" for a, b, _, e in steps
        )
        return _name(g, steps[0][0]), "works in steps", chain
    if family == "finding":
        return "Finding", "says", str(d.get("statement", ""))
    return (
        _name(g, u),
        str(d.get("label") or d.get("relation", "")),
        _names(g, [e[1] for e in main]),
    )


def _source(d: dict[str, Any]) -> str:
    if d.get("source") == "labeling":
        return str(d.get("document") or "")
    if not d.get("section"):
        return "a link the curators made"
    refs = d.get("references") or []
    word = "ref." if len(refs) == 1 else "refs."
    return f"{d['section']}, {word} {', '.join(str(n) for n in refs)}"


def statement_rows(g: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Return one row per statement of `g`, in the order of its first line's key."""
    lines: dict[str, list[Edge]] = defaultdict(list)
    for u, v, k, d in g.edges(keys=True, data=True):
        lines[str(d.get("assertion") or k)].append((str(u), str(v), str(k), d))
    rows = []
    for statement_id, edges in sorted(lines.items(), key=lambda item: min(e[2] for e in item[1])):
        main = [e for e in edges if e[3].get("family") != "qualifier"] or edges
        main.sort(key=lambda e: e[2])
        d = main[0][3]
        subject, relation, obj = _subject_relation_object(g, main)
        qualifiers = "; ".join(
            f"{k}: {v}" for k, v in (d.get("qualifiers") or {}).items() if k not in _SAID
        )
        nodes = {n for u, v, *_ in edges for n in (u, v)} | set(d.get("about") or [])
        rows.append(
            {
                "id": statement_id,
                "group": statement_group(d),
                "subject": subject,
                "relation": relation,
                "object": obj,
                "qualifiers": qualifiers,
                "hedge": str(d.get("hedge") or ""),
                "source": _source(d),
                "origin": ORIGINS.get(str(d.get("source") or ""), str(d.get("source"))),
                "grade": str(d.get("grade") or ("not graded" if d.get("source") else "")),
                "mark": str(d.get("mark") or ""),
                "sentence": str(d.get("statement") or d.get("explanation") or ""),
                "main": main[0][2],
                "edges": sorted(e[2] for e in edges),
                "nodes": sorted(n for n in nodes if n in g),
            }
        )
    return rows
