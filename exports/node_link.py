"""Node-link JSON, networkx's own interchange format: `kg export json`.

`networkx.node_link_graph(json.load(f), edges="edges")` (or d3-style tools reading
`nodes` and `edges`) gives the graph back: `{"directed": true, "multigraph": true,
"graph": {}, "nodes": [{"id": ..., props}], "edges": [{"source", "target", "key",
props}]}`, as `networkx.node_link_data(graph, edges="edges")` would give it.  Written
object by object (orjson) into a file renamed over the target at the end, rather than
building the whole document in memory; nodes sorted, edges in the graph file's order,
so the same graph gives the same bytes.
"""

from __future__ import annotations

from typing import Iterator

import networkx as nx
import orjson

from kg.store import graph_file, store
from kg.errors import KGError

_RESERVED_EDGE_NAMES = ("source", "target", "key")


def node_link_chunks(graph: nx.MultiDiGraph) -> Iterator[bytes]:
    ids, node_data, _, (sources, targets, keys, edges) = graph_file.sorted_graph(graph)
    yield b'{"directed":true,"multigraph":true,"graph":{},"nodes":['
    for number, node in enumerate(ids):
        yield (b"," if number else b"") + orjson.dumps({**node_data[node], "id": node})
    yield b'],"edges":['
    for number, (source, target, key, data) in enumerate(zip(sources, targets, keys, edges)):
        clash = [name for name in _RESERVED_EDGE_NAMES if name in data]
        if clash:
            raise KGError(f"edge property {clash[0]!r} would clash with node-link JSON's own field")
        yield (b"," if number else b"") + orjson.dumps(
            {"source": ids[source], "target": ids[target], "key": key, **data}
        )
    yield b"]}\n"


def export(graph: nx.MultiDiGraph, out: str) -> int:
    """Write the node-link JSON file atomically; returns its size in bytes."""
    return store.write_chunks_atomically(out, node_link_chunks(graph))


def read(path: str) -> nx.MultiDiGraph:
    """The graph back from a node-link file, each node's `id` property restored
    (networkx takes it as the node itself; every paperkg node's id is its own)."""
    with open(path, "rb") as handle:
        graph = nx.node_link_graph(orjson.loads(handle.read()), directed=True, multigraph=True, edges="edges")
    for node, data in graph.nodes(data=True):
        data["id"] = node
    return graph
