"""Key facts that compare the two sources, read from the network's lines and marks.

Used by the scene "What today's labels say" (``"compare": true`` in scenes.json). Every name and
number comes from the labeling lines and the comparison marks of `ivig_kg.network_labeling`;
an article approval that no label lists is said to be "not found in the labels of this set",
never "not approved".
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from ivig_kg.viz.style import display_label

if TYPE_CHECKING:
    import networkx as nx


def _label(g: nx.MultiDiGraph, node: str) -> str:
    return display_label(str(g.nodes[node].get("label", node)))


def products_per_condition(g: nx.MultiDiGraph) -> dict[str, dict[str, set[str]]]:
    """Return condition id -> grade -> the products whose label lists it."""
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for u, v, d in g.edges(data=True):
        if d.get("family") == "labeled-indication":
            found[str(v)][str(d.get("grade") or "")].add(str(u))
    return found


def marked(g: nx.MultiDiGraph, mark: str) -> list[str]:
    """Return the labels of the conditions at the end of the lines with this mark, sorted."""
    ends = {str(v) for _, v, d in g.edges(data=True) if d.get("mark") == mark}
    return sorted({_label(g, n) for n in ends}, key=str.casefold)


def comparison_facts(g: nx.MultiDiGraph) -> list[dict[str, str]]:
    """Return the key facts of the comparison: products per labeled condition, the article's
    approvals no label of the set lists, and labeled uses the article does not call approved."""
    per = products_per_condition(g)
    products = {str(u) for u, _, d in g.edges(data=True) if d.get("family") == "product"}

    def count(node: str) -> tuple[int, str]:
        listed = set().union(*per[node].values())
        return -len(listed), _label(g, node)

    parts = []
    for node in sorted(per, key=count):
        listed = set().union(*per[node].values())
        secondary = len(per[node].get("secondary", set()))
        extra = f", {secondary} of them secondary" if secondary else ""
        parts.append(f"{_label(g, node)}: {len(listed)}{extra}")
    source = f"the US labeling set ({len(products)} products), compared with the article"
    facts: list[dict[str, Any]] = [
        {
            "id": "compare/products-per-condition",
            "headline": "How many products' labels list each condition",
            "text": "; ".join(parts) + ".",
            "hedge": "",
            "source": source,
        }
    ]
    missing = marked(g, "not-in-labels")
    if missing:
        facts.append(
            {
                "id": "compare/not-in-labels",
                "headline": "Article FDA approvals not found in the labels of this set",
                "text": ", ".join(missing) + ". Not found here is not the same as not "
                "approved: the set holds today's labels of some products only.",
                "hedge": "",
                "source": source,
            }
        )
    extra_uses = marked(g, "not-approved-in-article")
    if extra_uses:
        facts.append(
            {
                "id": "compare/not-approved-in-article",
                "headline": "Labeled uses the article does not call FDA-approved",
                "text": ", ".join(extra_uses) + ".",
                "hedge": "",
                "source": source,
            }
        )
    return facts
