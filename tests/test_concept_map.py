"""Concept maps (kg/query/concept_map.py): concepts joined directly, weighted by the papers that
join them, and the neighbourhood of a focus; the README's `--focus BERT --types
Method,Dataset` once gave 37 nodes and 2 edges because concepts met only through papers."""

from __future__ import annotations

import networkx as nx

from kg.query import concept_map
from kg import schema


def _graph():
    """bert+squad in 3 papers, bert+qa in 2, lstm+squad in 1, bert alone in 1 more."""
    graph = nx.MultiDiGraph()
    mentions = {
        "p1": ["bert", "squad", "qa"],
        "p2": ["bert", "squad", "qa"],
        "p3": ["bert", "squad"],
        "p4": ["lstm", "squad"],
        "p5": ["bert"],
    }
    labels = {"bert": schema.METHOD, "lstm": schema.METHOD, "squad": schema.DATASET, "qa": schema.TASK}
    for i, paper in enumerate(sorted(mentions)):
        graph.add_node(paper, id=paper, label=schema.PAPER, name=paper, title=paper, date=f"2025-0{i + 1}-01")
    for name, label in labels.items():
        node = f"{label.lower()}:{name}"
        papers = sorted(p for p, names in mentions.items() if name in names)
        graph.add_node(node, id=node, label=label, name=name, aliases=[], papers=papers)
        for paper in papers:
            graph.add_edge(
                paper,
                node,
                key=schema.edge_key("USES", paper),
                type="USES",
                paper=paper,
                sentence=f"{paper} uses {name}.",
            )
    return graph


def test_links_are_weighted_typed_and_keep_their_papers():
    cmap = concept_map.build(_graph(), limit=10)
    edges = {(a, b) if a < b else (b, a): d for a, b, d in cmap.graph.edges(data=True)}
    link = edges[("dataset:squad", "method:bert")]
    assert link["weight"] == 3 and link["relation"] == "used on" and link["source"] == "method:bert"
    assert link["papers"] == ["p3", "p2", "p1"]  # newest first
    assert edges[("method:bert", "task:qa")]["relation"] == "for"
    assert edges[("dataset:squad", "task:qa")]["relation"] == "dataset of"
    assert edges[("dataset:squad", "method:lstm")]["weight"] == 1
    assert ("method:bert", "method:lstm") not in edges  # no paper names both
    assert cmap.graph.nodes["method:bert"]["paper_count"] == 4


def test_default_map_is_the_most_mentioned_concepts():
    cmap = concept_map.build(_graph(), limit=2)
    assert set(cmap.graph) == {"method:bert", "dataset:squad"} and cmap.graph.number_of_edges() == 1


def test_focus_with_types_keeps_edges():
    cmap = concept_map.build(
        _graph(), limit=10, focus="method:bert", depth=2, labels=(schema.METHOD, schema.DATASET)
    )
    assert set(cmap.graph) == {"method:bert", "dataset:squad", "method:lstm"}
    assert cmap.graph.number_of_edges() == 2  # bert-squad, squad-lstm: joined without papers drawn
    ring = concept_map.build(_graph(), limit=10, focus="method:bert", depth=1)
    assert set(ring.graph) == {"method:bert", "dataset:squad", "task:qa"}


def test_each_concept_keeps_its_strongest_links_and_the_focus_all_of_its_own():
    graph = _graph()
    sparse = concept_map.build(graph, limit=10, links_per_concept=1)
    assert sparse.links_found == 4 and sparse.graph.number_of_edges() < 4
    focused = concept_map.build(graph, limit=10, focus="dataset:squad", links_per_concept=1)
    assert set(focused.graph.neighbors("dataset:squad")) == {"method:bert", "task:qa", "method:lstm"}


def test_timeline_counts_months_with_gaps():
    graph = _graph()
    assert concept_map.monthly_counts(graph, ["p1", "p3", "p5"]) == [
        ("2025-01", 1),
        ("2025-02", 0),
        ("2025-03", 1),
        ("2025-04", 0),
        ("2025-05", 1),
    ]
    assert concept_map.monthly_counts(graph, []) == []
