"""Concept maps: concepts joined to concepts directly, weighted by the papers that join them.

In the paper graph two concepts meet only through a paper (Paper -USES-> BERT,
Paper -EVALUATES_ON-> SQuAD), so a view without papers has no edges and a view with them
is a hairball.  A concept map folds the papers into the edges: BERT and SQuAD are linked
when papers mention both, the link's weight is the number of such papers and it keeps
them, so the papers stay one click away.  The link's relation follows the two labels: a
method used on a dataset, a method for a task, a dataset of a task, a metric measuring
the other; two concepts of one label simply co-occur.

Which concepts: without a focus, the most-mentioned ones (the strongest part of the
map); with a focus, the focus and the concepts that share the most papers with it, then
with those, `depth` rings out.  To stay readable each concept keeps only its strongest
links (`links_per_concept`; the focus keeps all of its own), and the caller is told how
many were left out.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from kg import schema

#: The relation a link stands for, by the labels of its two ends, written from the first
#: label in this order to the second.
LABEL_ORDER = (schema.METHOD, schema.DATASET, schema.TASK, schema.METRIC)
RELATIONS = {
    (schema.METHOD, schema.DATASET): "used on",
    (schema.METHOD, schema.TASK): "for",
    (schema.DATASET, schema.TASK): "dataset of",
    (schema.METHOD, schema.METRIC): "measured by",
    (schema.DATASET, schema.METRIC): "measured by",
    (schema.TASK, schema.METRIC): "measured by",
}
CO_OCCURS = "appears with"
#: Links kept per concept (the strongest), so that a map of hundreds stays legible.
LINKS_PER_CONCEPT = 3


@dataclass
class ConceptMap:
    """`graph`: an undirected nx.Graph of concept ids (node data copied from the paper
    graph) whose edges carry `weight` (papers joining the two), `relation`, `source`
    (the end the relation is read from) and `papers` (their ids, newest first).
    `community` maps each concept to its community number (0 = largest)."""

    graph: nx.Graph
    community: dict[str, int] = field(default_factory=dict)
    links_found: int = 0
    focus: str | None = None


def relation(graph: nx.MultiDiGraph, a: str, b: str) -> tuple[str, str, str]:
    """(source, target, relation) for a link between two concepts."""
    la, lb = graph.nodes[a].get("label"), graph.nodes[b].get("label")
    if (lb, la) in RELATIONS:
        return b, a, RELATIONS[(lb, la)]
    return a, b, RELATIONS.get((la, lb), CO_OCCURS)


def concept_papers(graph: nx.MultiDiGraph, labels=LABEL_ORDER) -> dict[str, set[str]]:
    """Each concept of these labels with the papers in this graph that mention it."""
    present = {n for n, d in graph.nodes(data=True) if d.get("label") == schema.PAPER}
    return {
        n: present.intersection(d.get("papers", ()))
        for n, d in graph.nodes(data=True)
        if d.get("label") in labels
    }


def _newest_first(graph: nx.MultiDiGraph, papers) -> list[str]:
    return sorted(papers, key=lambda p: (graph.nodes[p].get("date") or "", p), reverse=True)


def _strongest(concepts: dict[str, set[str]], limit: int) -> list[str]:
    """The `limit` concepts in the most papers (ties: id), none in no paper at all."""
    ranked = sorted((n for n, papers in concepts.items() if papers), key=lambda n: (-len(concepts[n]), n))
    return ranked[:limit]


def _around(
    concepts: dict[str, set[str]], paper_concepts: dict[str, list[str]], focus: str, depth: int, limit: int
) -> list[str]:
    """The focus, then ring by ring the concepts sharing the most papers with the ring
    before (ties: more papers overall, then id), until `limit` concepts are chosen."""
    chosen, ring = [focus], [focus]
    for _ in range(depth):
        shared = Counter()
        for node in ring:
            for paper in concepts[node]:
                shared.update(paper_concepts[paper])
        taken = set(chosen)
        ring = sorted((n for n in shared if n not in taken), key=lambda n: (-shared[n], -len(concepts[n]), n))
        ring = ring[: limit - len(chosen)]
        chosen += ring
        if not ring or len(chosen) >= limit:
            break
    return chosen


def build(
    graph: nx.MultiDiGraph,
    limit: int,
    focus: str | None = None,
    depth: int = 2,
    labels=LABEL_ORDER,
    links_per_concept: int = LINKS_PER_CONCEPT,
) -> ConceptMap:
    """The concept map of at most `limit` concepts of `labels` (see the module's doc)."""
    concepts = concept_papers(graph, labels)
    if focus is not None and focus not in concepts:
        concepts[focus] = set()
    paper_concepts: dict[str, list[str]] = {}
    for node, papers in concepts.items():
        for paper in papers:
            paper_concepts.setdefault(paper, []).append(node)
    chosen = _around(concepts, paper_concepts, focus, depth, limit) if focus else _strongest(concepts, limit)
    kept = set(chosen)

    joined: dict[tuple[str, str], list[str]] = {}
    for paper in set().union(*(concepts[n] for n in chosen)):
        for a, b in itertools.combinations(sorted(kept.intersection(paper_concepts[paper])), 2):
            joined.setdefault((a, b), []).append(paper)

    concept_graph = nx.Graph()
    for node in chosen:
        concept_graph.add_node(node, **graph.nodes[node], paper_count=len(concepts[node]))
    by_node: dict[str, list[tuple[int, str]]] = {n: [] for n in chosen}
    for (a, b), papers in joined.items():
        by_node[a].append((len(papers), b))
        by_node[b].append((len(papers), a))
    strongest = {
        n: {other for _, other in sorted(links, key=lambda x: (-x[0], x[1]))[:links_per_concept]}
        for n, links in by_node.items()
    }
    for (a, b), papers in sorted(joined.items()):
        if b in strongest[a] or a in strongest[b] or focus in (a, b):
            source, _, rel = relation(graph, a, b)
            concept_graph.add_edge(
                a, b, weight=len(papers), relation=rel, source=source, papers=_newest_first(graph, papers)
            )
    return ConceptMap(concept_graph, communities(concept_graph), links_found=len(joined), focus=focus)


def communities(concept_graph: nx.Graph) -> dict[str, int]:
    """Louvain communities on the paper-weighted links (seeded: the same map, the same
    colours), numbered by size, largest first."""
    if concept_graph.number_of_edges() == 0:
        return {n: i for i, n in enumerate(sorted(concept_graph))}
    groups = nx.community.louvain_communities(concept_graph, weight="weight", seed=7)
    ordered = sorted((sorted(g) for g in groups), key=lambda g: (-len(g), g[0]))
    return {node: number for number, group in enumerate(ordered) for node in group}


def monthly_counts(graph: nx.MultiDiGraph, papers) -> list[tuple[str, int]]:
    """Papers per month (YYYY-MM, oldest first, months without a paper as 0) among these,
    for a concept's timeline; undated papers are not counted."""
    months = Counter((graph.nodes[p].get("date") or "")[:7] for p in papers)
    months.pop("", None)
    if not months:
        return []
    first, last = min(months), max(months)
    year, month = int(first[:4]), int(first[5:7])
    timeline = []
    while f"{year:04d}-{month:02d}" <= last:
        key = f"{year:04d}-{month:02d}"
        timeline.append((key, months.get(key, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return timeline


def log_scale(value: float, low: float, high: float, out_low: float, out_high: float) -> float:
    """`value` in [low, high] mapped on a log scale to [out_low, out_high]."""
    if high <= low:
        return out_high
    share = (math.log(value) - math.log(low)) / (math.log(high) - math.log(low))
    return out_low + (out_high - out_low) * min(max(share, 0.0), 1.0)
