"""Cutting a view out of the graph: a time slice, a neighbourhood, some labels, a size cap.

Exports that draw or ship part of the graph (the HTML page first) share these rules, so
`--since`, `--focus/--depth`, `--types` and `--max-nodes` mean the same everywhere.
The steps run in that order: the time slice first (papers before the date and what only
they mention drop out), then the neighbourhood of the focus in what remains, then the
label filter, then the cap, which keeps the most connected nodes.  The focus node is
always kept: it is what the person asked to see.
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass
from datetime import date

import networkx as nx

from kg import schema
from kg.errors import KGError
from kg.model.graph_model import GraphModel

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class Selection:
    focus: str | None = None
    depth: int = 2
    types: tuple[str, ...] = ()
    since: str | None = None
    max_nodes: int | None = None

    def describe(self) -> str:
        """One line for page headers and reports: what this view holds."""
        parts = []
        if self.focus:
            parts.append(f"within {self.depth} steps of {self.focus}")
        if self.types:
            parts.append("labels " + ", ".join(self.types))
        if self.since:
            parts.append(f"papers since {self.since}")
        if self.max_nodes:
            parts.append(f"at most {self.max_nodes} nodes")
        return "; ".join(parts) or "whole graph"


def parse_types(text: str | None) -> tuple[str, ...]:
    """'method,Dataset' -> ('Method', 'Dataset'); an unknown label is an error naming the known ones."""
    if not text:
        return ()
    known = {label.casefold(): label for label in schema.NODE_LABELS}
    wanted = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        if part.casefold() not in known:
            raise KGError(f"unknown node type {part!r} (known: {', '.join(schema.NODE_LABELS)})")
        wanted.append(known[part.casefold()])
    return tuple(dict.fromkeys(wanted))


def parse_since(text: str | None) -> str | None:
    """'2025', '2025-06' or '2025-06-01' (checked to be a real date); kept as written,
    since ISO dates compare correctly as text against a prefix."""
    if not text:
        return None
    match = _DATE.match(text.strip())
    try:
        if not match:
            raise ValueError
        year, month, day = (int(g) if g else 1 for g in match.groups())
        date(year, month, day)
    except ValueError:
        raise KGError(f"--since {text!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)") from None
    return text.strip()


def since_slice(graph: nx.MultiDiGraph, since: str) -> nx.MultiDiGraph:
    """Papers dated on or after `since`; an undated paper cannot be shown to be recent and
    drops out.  Other nodes stay while a remaining paper mentions them, edges while the
    paper that stated them remains."""
    papers = {
        n
        for n, d in graph.nodes(data=True)
        if d.get("label") == schema.PAPER and (d.get("date") or "") >= since
    }
    keep = {
        n
        for n, d in graph.nodes(data=True)
        if n in papers or (d.get("label") != schema.PAPER and papers.intersection(d.get("papers", ())))
    }
    view = graph.subgraph(keep).copy()
    view.remove_edges_from(
        [(u, v, k) for u, v, k, d in view.edges(keys=True, data=True) if d.get("paper") not in papers]
    )
    return view


def resolve_focus(graph: nx.MultiDiGraph, name_or_id: str) -> str:
    found = GraphModel(graph).find(name_or_id)
    if not found:
        raise KGError(f"--focus: no node with id, name or alias {name_or_id!r} in this view (try `kg show`)")
    return found[0]


def most_connected(graph: nx.MultiDiGraph, limit: int, keep: str | None = None) -> list[str]:
    """`limit` nodes that keep as many links as possible.  Taking the top degrees alone
    would keep hubs but drop the nodes at the other end of their edges (on a graph of
    papers and repositories it kept 2000 nodes and 53 edges), so the view grows greedily:
    next comes the node with the most links into what is kept (ties: higher degree,
    then id), and when nothing left touches the kept nodes, the highest-degree node left.
    Reproducible: every choice is a total order."""
    undirected = graph.to_undirected(as_view=True)
    degree = dict(graph.degree())
    seeds = iter(sorted(graph.nodes, key=lambda n: (n != keep, -degree[n], n)))
    links: dict[str, int] = {}
    frontier: list[tuple[int, int, str]] = []
    kept: dict[str, None] = {}
    while len(kept) < min(limit, graph.number_of_nodes()):
        while frontier and (frontier[0][2] in kept or -frontier[0][0] != links[frontier[0][2]]):
            heapq.heappop(frontier)  # stale entry: kept already, or its count has grown
        node = heapq.heappop(frontier)[2] if frontier else next(n for n in seeds if n not in kept)
        kept[node] = None
        for neighbour in undirected.neighbors(node):
            if neighbour not in kept:
                links[neighbour] = links.get(neighbour, 0) + 1
                heapq.heappush(frontier, (-links[neighbour], -degree[neighbour], neighbour))
    return list(kept)


def select(graph: nx.MultiDiGraph, selection: Selection) -> tuple[nx.MultiDiGraph, str | None]:
    """The view the selection asks for, and the id of the focus node (None without one)."""
    view = since_slice(graph, selection.since) if selection.since else graph
    focus = None
    if selection.focus:
        focus = resolve_focus(view, selection.focus)
        reach = nx.single_source_shortest_path_length(
            view.to_undirected(as_view=True), focus, cutoff=selection.depth
        )
        view = view.subgraph(reach)
    if selection.types:
        view = view.subgraph(
            n for n, d in view.nodes(data=True) if d.get("label") in selection.types or n == focus
        )
    if selection.max_nodes and view.number_of_nodes() > selection.max_nodes:
        view = view.subgraph(most_connected(view, selection.max_nodes, keep=focus))
    return view.copy() if view is not graph else graph, focus
