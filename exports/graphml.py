"""GraphML for Gephi, Cytoscape and yEd: `kg export graphml`.

Written as text, node by node and edge by edge, into a file renamed over the target at
the end (networkx's own writer builds the whole document in memory first, and fails
on the graph's None values and lists).  Every key is declared with its type, taken from
all of its values (exports/property_types): `boolean`, `long`, `double` or `string`.
Lists (aliases, papers, sources, ...) are written as JSON arrays in a string key whose
description says so; a missing or None value has no data element, so nothing reads
back as "None".  An edge's id is its key in paperkg's multigraph, which
`networkx.read_graphml` takes as the edge key: the graph reads back as it is.

XML 1.0 cannot hold C0 control characters other than tab, line feed and carriage
return (nor U+FFFE/U+FFFF or lone surrogates): those become U+FFFD, as in the RDF/XML
export.  A carriage return is written as `&#13;` so that parsers do not turn it into a
line feed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from typing import Iterator

import networkx as nx
import orjson

from exports.property_types import BOOLEAN, FLOAT, INTEGER, LIST, column_kinds
from kg.store import graph_file, store

_GRAPHML_TYPES = {BOOLEAN: "boolean", INTEGER: "long", FLOAT: "double", LIST: "string"}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTRIBUTE_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#9;"}
)
LIST_DESCRIPTION = "JSON array"


def text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value).translate(_TEXT_ESCAPES)


def attribute(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value).translate(_ATTRIBUTE_ESCAPES)


def _value(value, kind: str) -> str:
    if kind == LIST:
        return text(orjson.dumps(value).decode())
    if kind == BOOLEAN:
        return "true" if value else "false"
    if kind in (INTEGER, FLOAT):
        return repr(value)
    return text(value if isinstance(value, str) else orjson.dumps(value).decode())


def _keys(scope: str, kinds: dict[str, str], prefix: str) -> tuple[list[str], dict[str, str]]:
    lines, ids = [], {}
    for number, (name, kind) in enumerate(sorted(kinds.items())):
        ids[name] = f"{prefix}{number}"
        desc = f"<desc>{LIST_DESCRIPTION}</desc>" if kind == LIST else ""
        lines.append(
            f'  <key id="{prefix}{number}" for="{scope}" attr.name="{attribute(name)}" '
            f'attr.type="{_GRAPHML_TYPES.get(kind, "string")}">{desc}</key>\n'
        )
    return lines, ids


def graphml_lines(graph: nx.MultiDiGraph) -> Iterator[str]:
    """The document, a line at a time: keys, nodes (sorted), edges (the graph file's order)."""
    node_kinds = column_kinds(data for _, data in graph.nodes(data=True))
    ids, _, _, (sources, targets, keys, edges) = graph_file.sorted_graph(graph)
    edge_kinds = column_kinds(edges)
    yield (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
    )
    node_lines, node_ids = _keys("node", node_kinds, "n")
    edge_lines, edge_ids = _keys("edge", edge_kinds, "e")
    yield from node_lines
    yield from edge_lines
    yield '  <graph edgedefault="directed">\n'
    node_columns = [(name, node_ids[name], kind) for name, kind in sorted(node_kinds.items())]
    for node in ids:
        data = graph.nodes[node]
        values = "".join(
            f'<data key="{key}">{_value(data[name], kind)}</data>'
            for name, key, kind in node_columns
            if data.get(name) is not None
        )
        yield f'    <node id="{attribute(node)}">{values}</node>\n'
    edge_columns = [(name, edge_ids[name], kind) for name, kind in sorted(edge_kinds.items())]
    for source, target, key, data in zip(sources, targets, keys, edges):
        values = "".join(
            f'<data key="{column}">{_value(data[name], kind)}</data>'
            for name, column, kind in edge_columns
            if data.get(name) is not None
        )
        yield (
            f'    <edge id="{attribute(str(key))}" source="{attribute(ids[source])}" '
            f'target="{attribute(ids[target])}">{values}</edge>\n'
        )
    yield "  </graph>\n</graphml>\n"


def export(graph: nx.MultiDiGraph, out: str) -> int:
    """Write the GraphML file atomically; returns its size in bytes."""
    return store.write_chunks_atomically(out, (line.encode("utf-8") for line in graphml_lines(graph)))


def read(path: str) -> nx.MultiDiGraph:
    """A GraphML export read back with networkx, its JSON-array keys decoded to lists."""
    list_keys = set()
    for _, element in ElementTree.iterparse(path):
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "key" and any(
            child.tag.endswith("desc") and child.text == LIST_DESCRIPTION for child in element
        ):
            list_keys.add((element.get("for"), element.get("attr.name")))
        if tag == "graph":
            break
    graph = nx.read_graphml(path, force_multigraph=True)
    for scope, name in list_keys:
        rows = (
            (data for _, data in graph.nodes(data=True))
            if scope == "node"
            else (data for _, _, data in graph.edges(data=True))
        )
        for data in rows:
            if name in data:
                data[name] = orjson.loads(data[name])
    return graph
