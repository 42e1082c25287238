"""Embedded Cypher engines compared on the corpus graph: grand-cypher vs real-ladybug.

grand-cypher queries the loaded NetworkX graph as it is; real-ladybug (the maintained
Kùzu fork, `pip install real-ladybug`) needs typed node and relationship tables and a
copy of the graph in them.  For each engine this prints the set-up cost paid before
the first query, the median latency of the 2-hop `related-papers` named query on the
same anchors, and which named queries it runs unchanged.

    python bench/engines.py [--graph PATH] [--anchors 20]
"""
from __future__ import annotations

import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent), str(Path(__file__).resolve().parent),
                str(Path(__file__).resolve().parent.parent / "tests")]
from query import arguments, prepared_graph, timed  # noqa: E402


def _column_type(values) -> str:
    sample = [v for v in values if v is not None]
    if sample and all(isinstance(v, list) for v in sample):
        return "STRING[]"
    if sample and all(isinstance(v, bool) for v in sample):
        return "BOOLEAN"
    if sample and all(isinstance(v, int) and not isinstance(v, bool) for v in sample):
        return "INT64"
    if sample and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in sample):
        return "DOUBLE"
    return "STRING"


def ladybug_copy(graph):
    """Tables inferred from the graph, rows inserted with parameterised UNWIND."""
    import real_ladybug as lb

    conn = lb.Connection(lb.Database(":memory:"))
    by_label = defaultdict(list)
    for node, data in graph.nodes(data=True):
        by_label[data["label"]].append(data)
    columns = {}
    for label, rows in by_label.items():
        keys = sorted({k for r in rows for k in r if k != "__labels__"})
        columns[label] = {k: _column_type([r.get(k) for r in rows]) for k in keys}
        spec = ", ".join(f"`{k}` {t}" for k, t in columns[label].items())
        conn.execute(f"CREATE NODE TABLE `{label}`({spec}, PRIMARY KEY(id))")
        for start in range(0, len(rows), 5000):
            chunk = [{k: (str(r[k]) if columns[label][k] == "STRING" and r.get(k) is not None else r.get(k))
                      for k in keys} for r in rows[start:start + 5000]]
            sets = ", ".join(f"n.`{k}` = row.`{k}`" for k in keys if k != "id")
            conn.execute(f"UNWIND $rows AS row CREATE (n:`{label}` {{id: row.id}}) SET {sets}", {"rows": chunk})
    by_type = defaultdict(list)
    for u, v, data in graph.edges(data=True):
        by_type[data["type"]].append((u, v, data))
    for edge_type, edges in by_type.items():
        pairs = sorted({(graph.nodes[u]["label"], graph.nodes[v]["label"]) for u, v, _ in edges})
        keys = sorted({k for _, _, d in edges for k in d if k != "__labels__"})
        types = {k: _column_type([d.get(k) for _, _, d in edges]) for k in keys}
        spec = ", ".join([f"FROM `{a}` TO `{b}`" for a, b in pairs] + [f"`{k}` {t}" for k, t in types.items()])
        conn.execute(f"CREATE REL TABLE `{edge_type}`({spec})")
        for a, b in pairs:
            rows = [{"s": u, "t": v, **{k: d.get(k) for k in keys}} for u, v, d in edges
                    if (graph.nodes[u]["label"], graph.nodes[v]["label"]) == (a, b)]
            sets = ", ".join(f"`{k}`: row.`{k}`" for k in keys)
            conn.execute(f"UNWIND $rows AS row MATCH (x:`{a}` {{id: row.s}}), (y:`{b}` {{id: row.t}}) "
                         f"CREATE (x)-[:`{edge_type}` {{{sets}}}]->(y)", {"rows": rows})
    return conn


def main() -> None:
    args = arguments(__doc__)
    import queries
    from kg.query_embedded import run

    graph, anchors, _, setup = prepared_graph(args)
    related = queries.get("related-papers")
    times = []
    for paper in anchors:
        values = related.bind({"paper": paper})
        times += timed(lambda: run(graph, related.text, values), args.repeat)
    print(f"grand-cypher : set-up {setup:6.2f} s  related-papers median {statistics.median(times) * 1000:7.1f} ms")

    try:
        import real_ladybug  # noqa: F401  (only: is it there?)
    except ImportError:
        print("real-ladybug : not installed (pip install real-ladybug)")
        return
    start = time.perf_counter()
    conn = ladybug_copy(graph)
    setup = time.perf_counter() - start
    # ladybug reads labels from its tables; the named query's untyped hops work as written
    times = []
    for paper in anchors:
        values = related.bind({"paper": paper})
        times += timed(lambda: conn.execute(related.text, values).get_all(), args.repeat)
    print(f"real-ladybug : set-up {setup:6.2f} s  related-papers median {statistics.median(times) * 1000:7.1f} ms")
    coverage()


def coverage() -> None:
    """Every named query on the hand-built graph holding every label and edge type
    (tests/graphs.py): does ladybug return grand-cypher's rows?"""
    import json

    import queries
    from graphs import full_schema_graph
    from kg.query_embedded import cypher_view, run

    conn = ladybug_copy(full_schema_graph())
    view = cypher_view(full_schema_graph())
    args = {"dataset": "ImageNet", "task": "image classification", "method": "fastnet",
            "concept": "imagenet", "paper": "arxiv:2401.00001"}
    same = []
    for query in queries.all_queries().values():
        values = query.bind({p.name: args[p.name] for p in query.parameters if p.name in args})
        try:
            result = conn.execute(query.text, values)
        except RuntimeError as exc:
            print(f"  ladybug cannot run {query.name}: {str(exc).splitlines()[0][:120]}")
            continue
        rows = [dict(zip(result.get_column_names(), r)) for r in result.get_all()]
        if sorted(json.dumps(r, sort_keys=True) for r in rows) == \
                sorted(json.dumps(r, sort_keys=True) for r in run(view, query.text, values)[1]):
            same.append(query.name)
    print(f"named queries giving grand-cypher's rows on real-ladybug (full-schema graph): "
          f"{len(same)}/{len(queries.all_queries())}")


if __name__ == "__main__":
    main()
