"""Latency of 2-hop named queries on the embedded corpus graph (grand-cypher).

Loads the corpus graph once (reported), prepares the Cypher view (reported), then runs
`related-papers` (paper -> anything <- other paper) and `paper-neighbourhood`
(paper -[*1..2]-> x) for the same anchor papers, several times each, and prints the
median and 90th percentile.  The baseline of the same run is the same 2-hop walk
written directly in NetworkX: the floor any engine on this graph has to pay.

    python bench/query.py [--graph PATH] [--anchors 20] [--repeat 3]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent), str(Path(__file__).resolve().parent)]
from push import DEFAULT_GRAPH, corpus_graph  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def networkx_related(graph, paper: str) -> dict:
    shared: dict[str, int] = {}
    for _, x in graph.out_edges(paper):
        for q, _ in graph.in_edges(x):
            if q != paper and graph.nodes[q].get("label") == "Paper":
                shared[q] = shared.get(q, 0) + 1
    return shared


def timed(function, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def arguments(doc: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--graph", type=Path, default=DEFAULT_GRAPH)
    parser.add_argument("--anchors", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    return parser.parse_args()


def prepared_graph(args: argparse.Namespace):
    """(graph with its Cypher view, anchor papers, load seconds, view seconds).  Anchors
    are a fixed sample of papers whose second hop is not empty: they point to
    something another paper points to too (today: a shared code repository)."""
    from kg import store
    from kg.query_embedded import cypher_view

    start = time.perf_counter()
    graph = store.load(corpus_graph(args.graph))
    load_s = time.perf_counter() - start
    start = time.perf_counter()
    cypher_view(graph)
    view_s = time.perf_counter() - start
    papers = sorted({u for u, v in graph.edges() if graph.nodes[u].get("label") == "Paper"
                     and graph.in_degree(v) > 1})
    return graph, papers[::max(1, len(papers) // args.anchors)][:args.anchors], load_s, view_s


def main() -> None:
    args = arguments(__doc__)
    import queries
    from kg.query_embedded import run

    graph, anchors, load_s, view_s = prepared_graph(args)
    print(f"graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges; "
          f"load {load_s:.1f} s, Cypher view {view_s:.2f} s; {len(anchors)} anchor papers x {args.repeat}")
    for name in ("related-papers", "paper-neighbourhood"):
        query = queries.get(name)
        times, rows = [], 0
        for paper in anchors:
            values = query.bind({"paper": paper})
            times += timed(lambda: run(graph, query.text, values), args.repeat)
            rows += len(run(graph, query.text, values)[1])
        print(f"{name:<20} median {statistics.median(times) * 1000:8.1f} ms  "
              f"p90 {percentile(times, 0.9) * 1000:8.1f} ms  ({rows} rows in all)")
    floor = []
    for paper in anchors:
        floor += timed(lambda: networkx_related(graph, paper), args.repeat)
    print(f"{'networkx 2-hop walk':<20} median {statistics.median(floor) * 1000:8.3f} ms  (baseline)")


if __name__ == "__main__":
    main()
