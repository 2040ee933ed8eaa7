"""Tooltips of nodes and lines: HTML made only of escaped data text and our own tags.

The page's script inserts these strings as HTML (tooltips and the details panel), so every
piece of data goes through `escape` here; the only markup is ``<b>``, ``<i>`` and ``<br>``.
"""

from __future__ import annotations

import html
from typing import Any

from ivig_kg.network import KINDS
from ivig_kg.viz.style import FAMILY_NAMES


def escape(text: object) -> str:
    """Escape one piece of data text for HTML, quotes included."""
    return html.escape(str(text), quote=True)


def _references(numbers: list[int]) -> str:
    if not numbers:
        return "no reference number"
    word = "reference" if len(numbers) == 1 else "references"
    return f"{word} {', '.join(str(n) for n in numbers)}"


def _where(attrs: dict[str, Any]) -> str:
    section = attrs.get("section")
    if attrs.get("source") == "labeling":
        grade = attrs.get("grade")
        said = f" Evidence grade: {escape(grade)}." if grade else ""
        return (
            f"Where: the US labeling set, \u201c{escape(attrs.get('document', ''))}\u201d "
            f"(not the article).{said}"
        )
    if not section:
        return "Not a statement of the article: a link the curators made between two entities."
    references = _references(attrs.get("references") or [])
    return f"Where: the article's section \u201c{escape(section)}\u201d, {escape(references)}."


def _finding_lines(attrs: dict[str, Any]) -> list[str]:
    lines = [f"Finding: {escape(attrs.get('statement', ''))}"]
    lines += [f"{escape(k)}: {escape(v)}" for k, v in (attrs.get("qualifiers") or {}).items()]
    return [*lines, _where(attrs)]


def node_tooltip(node_id: str, attrs: dict[str, Any]) -> str:
    """Return the tooltip of a node as HTML made only of escaped data text."""
    kind = attrs.get("kind", "")
    what = KINDS.get(kind, kind)
    if attrs.get("categories"):
        what += " \u00b7 " + ", ".join(c.replace("-", " ") for c in attrs["categories"])
    lines = [f"<b>{escape(attrs.get('label', node_id))}</b>", f"<i>{escape(what)}</i>"]
    if kind == "finding":
        lines += _finding_lines(attrs)
    elif attrs.get("description"):
        lines.append(escape(attrs["description"]))
    if attrs.get("mappings"):
        ids = ", ".join(f"{m['curie']} ({m['match']})" for m in attrs["mappings"])
        lines.append(f"Same as or close to: {escape(ids)}")
    if attrs.get("note"):
        lines.append(f"Curators' note: {escape(attrs['note'])}")
    if "degree" in attrs:
        lines.append(f"{escape(attrs['degree'])} line(s) in this view \u00b7 id: {escape(node_id)}")
    return "<br>".join(lines)


def edge_tooltip(attrs: dict[str, Any]) -> str:
    """Return the tooltip of an edge as HTML made only of escaped data text."""
    family = attrs.get("family", "")
    lines = [f"<b>{escape(attrs.get('explanation', ''))}</b>"]
    statement = attrs.get("statement")
    if statement and statement != attrs.get("explanation"):
        kind = {"finding": "Finding", "entity": "Link"}.get(family, "Statement")
        lines.append(f"{kind}: {escape(statement)}")
    qualifiers = attrs.get("qualifiers") or {}
    if qualifiers:
        lines.append("; ".join(f"{escape(k)}: {escape(v)}" for k, v in qualifiers.items()))
    if attrs.get("hedge"):
        lines.append(f"The article's own hedging words: \u201c{escape(attrs['hedge'])}\u201d")
    lines.append(_where(attrs))
    if attrs.get("statement_compare"):
        lines.append(f"<i>{escape(attrs['statement_compare'])}</i>")
    if attrs.get("note"):
        lines.append(f"Curators' note: {escape(attrs['note'])}")
    statement_id = (
        f" \u00b7 statement id: {escape(attrs['assertion'])}" if attrs.get("assertion") else ""
    )
    lines.append(f"<i>{escape(FAMILY_NAMES.get(family, family))}</i>{statement_id}")
    return "<br>".join(lines)
