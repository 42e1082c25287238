"""`--min-confidence X`: every reading command sees only the edges at or over X (they
all load the graph through `store.load`), builds can keep only those, and a server
query refuses it rather than answer unfiltered."""

from __future__ import annotations

import json

from graphs import full_schema_graph
from kg.store import store


def _saved(tmp_path):
    graph = full_schema_graph()
    path = tmp_path / "g.json.zst"
    store.save(graph, path)
    return graph, path


def test_reading_commands_leave_out_weak_edges(run_kg, tmp_path):
    graph, path = _saved(tmp_path)
    strong = sum(1 for _, _, d in graph.edges(data=True) if d["confidence"] >= 0.85)
    assert 0 < strong < graph.number_of_edges()  # the hand graph has 1.0, 0.9, 0.8 and 0.7 facts
    stats = json.loads(run_kg("stats", "--graph", path, "--json", "--min-confidence", "0.85").output)
    assert stats["edges"] == strong and stats["nodes"] == graph.number_of_nodes()
    rows = json.loads(
        run_kg(
            "query",
            "MATCH (a)-[r]->(b) RETURN r.confidence AS c",
            "--graph",
            path,
            "--format",
            "json",
            "--min-confidence",
            "0.85",
        ).output
    )
    assert len(rows) == strong and min(r["c"] for r in rows) >= 0.85
    shown = json.loads(
        run_kg("show", "FastNet", "--graph", path, "--json", "--min-confidence", "0.85").output
    )
    assert all(e["confidence"] >= 0.85 for e in shown["out"] + shown["in"])
    assert {e["type"] for e in shown["out"]} == set()  # OUTPERFORMS/EXTENDS are 0.8 facts
    result = run_kg("stats", "--graph", path, "--min-confidence", "1.5")
    assert result.exit_code == 2 and "1.5" in result.output


def test_server_query_refuses_rather_than_answer_unfiltered(run_kg, tmp_path):
    _, path = _saved(tmp_path)
    result = run_kg(
        "query",
        "--name",
        "top-datasets",
        "--uri",
        "bolt://127.0.0.1:1",
        "--min-confidence",
        "0.9",
        "--graph",
        path,
    )
    assert result.exit_code == 1 and "--min-confidence filters the graph file" in result.output


def test_sparql_on_the_graph_takes_it_and_an_rdf_file_refuses_it(run_kg, tmp_path):
    graph, path = _saved(tmp_path)
    strong = sum(1 for _, _, d in graph.edges(data=True) if d["confidence"] >= 0.85)
    query = "SELECT (COUNT(?f) AS ?n) WHERE { ?f a pkg:ExtractedFact }"
    result = run_kg("sparql", query, "--graph", path, "--output", "json", "--min-confidence", "0.85")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [{"n": strong}]
    refused = run_kg("sparql", query, "--rdf", tmp_path / "x.ttl", "--min-confidence", "0.85")
    assert refused.exit_code == 1 and "kg export rdf --min-confidence" in refused.output
