"""The network of statements as GraphML, for Cytoscape, Gephi and other graph tools.

The network is the one the drawing uses (:func:`ivig_kg.network.to_networkx`, view ``all``, both sources):
entities and findings as nodes, statements as edges that carry their labels, kinds, qualifiers
and provenance (``statement``, ``section``, ``references``, ``assertion``). GraphML holds plain
values only, so lists and mappings become text: a list is joined with ``"; "``, a mapping of plain
values reads ``"name: value; name: value"`` and anything nested is JSON. Missing values (None)
are left out rather than written as text, so graph tools see them as empty.
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx
from rdflib import Graph

from ivig_kg.network import to_networkx

Scalar = str | int | float | bool

#: Node attributes left out: the bridge repeats the node key as ``id``, and a data field of
#: that name would shadow the GraphML node id in Gephi's and Cytoscape's tables.
DROPPED_NODE_ATTRIBUTES = frozenset({"id"})
LIST_SEPARATOR = "; "


def to_graphml(graph: Graph) -> str:
    """Return the network of the whole graph as GraphML text."""
    buffer = io.BytesIO()
    nx.write_graphml_xml(flat_network(graph), buffer, encoding="utf-8")
    return buffer.getvalue().decode("utf-8") + "\n"


def flat_network(graph: Graph) -> nx.MultiDiGraph:
    """Return the bridge's network of the graph with every attribute a plain GraphML value."""
    network = to_networkx(graph, view="all", source="both")
    flat = nx.MultiDiGraph()
    flat.graph.update(scalar_attributes(network.graph))
    for node, data in network.nodes(data=True):
        kept = {k: v for k, v in data.items() if k not in DROPPED_NODE_ATTRIBUTES}
        flat.add_node(node, **scalar_attributes(kept))
    for source, target, key, data in network.edges(keys=True, data=True):
        flat.add_edge(source, target, key=key, **scalar_attributes(data))
    _one_type_per_attribute(data for _, data in flat.nodes(data=True))
    _one_type_per_attribute(data for *_, data in flat.edges(keys=True, data=True))
    return flat


def scalar_attributes(data: Mapping[str, Any]) -> dict[str, Scalar]:
    """Return the attributes with lists and mappings as text and missing values left out."""
    return {name: scalar(value) for name, value in data.items() if value is not None}


def scalar(value: Any) -> Scalar:
    """Return a value GraphML can hold: plain values as they are, containers as text."""
    if isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, Mapping):
        if all(_is_plain(v) for v in value.values()):
            return LIST_SEPARATOR.join(f"{k}: {v}" for k, v in value.items() if v is not None)
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else list(value)
        if all(_is_plain(v) for v in items):
            return LIST_SEPARATOR.join(str(v) for v in items if v is not None)
        return json.dumps(items, sort_keys=True, ensure_ascii=False, default=str)
    return str(value)


def _is_plain(value: object) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _one_type_per_attribute(items: Iterable[dict[str, Scalar]]) -> None:
    """Turn an attribute into text everywhere when items disagree on its type.

    GraphML declares one type per attribute name; networkx would otherwise declare the name
    twice, which Cytoscape and Gephi read as two clashing columns.
    """
    rows = list(items)
    types: dict[str, set[type]] = defaultdict(set)
    for data in rows:
        for name, value in data.items():
            types[name].add(type(value))
    mixed = {name for name, seen in types.items() if len(seen) > 1}
    for data in rows:
        for name in mixed & data.keys():
            data[name] = str(data[name])
