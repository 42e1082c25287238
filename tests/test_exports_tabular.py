"""GraphML, node-link JSON and neo4j-admin CSV exports (#19 bar 3): each read back
gives the graph it was written from, a hostile name (quotes, commas, line breaks, `<`,
`&`) included, and the CSV loads into LadybugDB (a real embedded graph store with
typed tables) with the same counts."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graphs import _extraction, full_schema_graph
from kg.store import store
from kg.model.graph_model import GraphModel

HOSTILE = 'Net "quoted", it\'s\nline two\r\n<b>bold</b> & co;\ttab'


@pytest.fixture
def hostile_graph(tmp_path) -> tuple:
    model = GraphModel(full_schema_graph())
    model.add_extraction(
        _extraction(
            "2401.00099",
            f"{HOSTILE}: a title",
            [("Method", HOSTILE, "PROPOSES"), ("Dataset", "ImageNet", "EVALUATES_ON")],
        )
    )
    path = tmp_path / "g.json.zst"
    store.save(model.graph, path)
    return store.load(path), path


def _comparable(graph, drop_empty_lists: bool = False) -> tuple:
    def clean(data):
        return {k: v for k, v in data.items() if v is not None and not (drop_empty_lists and v == [])}

    nodes = {n: clean(d) for n, d in graph.nodes(data=True)}
    edges = {(u, v, k): clean(d) for u, v, k, d in graph.edges(keys=True, data=True)}
    return nodes, edges


def _hostile_node(graph) -> str:
    return next(n for n, d in graph.nodes(data=True) if d.get("name") == HOSTILE)


def test_graphml_reads_back_with_networkx(run_kg, hostile_graph, tmp_path):
    from exports import graphml

    graph, path = hostile_graph
    out = tmp_path / "g.graphml"
    result = run_kg("export", "graphml", "--graph", path, "--out", out)
    assert result.exit_code == 0, result.output
    assert "None" not in out.read_text(encoding="utf-8")
    back = graphml.read(str(out))
    assert _comparable(back) == _comparable(graph)
    assert back.nodes[_hostile_node(graph)]["name"] == HOSTILE


def test_node_link_json_reads_back_with_networkx(run_kg, hostile_graph, tmp_path):
    from exports import node_link

    graph, path = hostile_graph
    out = tmp_path / "g.json"
    assert run_kg("export", "json", "--graph", path, "--out", out).exit_code == 0
    back = node_link.read(str(out))
    assert _comparable(back) == _comparable(graph)
    assert back.nodes[_hostile_node(graph)]["name"] == HOSTILE


def test_csv_reads_back_and_loads_into_ladybug_with_the_same_counts(run_kg, hostile_graph, tmp_path):
    from exports import neo4j_csv

    graph, path = hostile_graph
    out = tmp_path / "csv"
    out.mkdir()
    (out / "stale.txt").write_text("replaced as a whole")
    result = run_kg("export", "csv", "--graph", path, "--out", out)
    assert result.exit_code == 0, result.output
    assert not (out / "stale.txt").exists() and (out / "import.sh").exists()
    back = neo4j_csv.read_folder(str(out))
    assert _comparable(back, drop_empty_lists=True) == _comparable(graph, drop_empty_lists=True)
    assert back.nodes[_hostile_node(graph)]["name"] == HOSTILE
    counts = _ladybug_counts(out)
    assert counts == (graph.number_of_nodes(), graph.number_of_edges())
    assert not any(p.name.startswith(".csv.") for p in tmp_path.iterdir())  # no temp or aside left


def _ladybug_counts(folder: Path) -> tuple[int, int]:
    """Nodes and relationships after COPY of every file into typed LadybugDB tables
    (headers' types mapped: long INT64, double DOUBLE, the rest STRING)."""
    # The query index's own engine: a second build of it (PyPI's real-ladybug) loaded into
    # the same process clashed with it and crashed the test session.
    import ladybug as lb

    types = {"long": "INT64", "double": "DOUBLE", "boolean": "BOOLEAN"}
    connection = lb.Connection(lb.Database(":memory:"))

    def columns(path, skip):
        header = next(csv.reader(open(path, encoding="utf-8", newline="")))[skip:]
        return ", ".join(
            f"`{h.partition(':')[0]}` {types.get(h.partition(':')[2], 'STRING')}" for h in header
        )

    for path in sorted((folder / "nodes").glob("*.csv")):
        connection.execute(f"CREATE NODE TABLE {path.stem} (id STRING, {columns(path, 1)}, PRIMARY KEY(id))")
        connection.execute(f"COPY {path.stem} FROM '{path}' (HEADER=true, PARALLEL=false)")
    for path in sorted((folder / "relationships").glob("*.csv")):
        edge_type, ends = path.name.split(".")[:2]
        start, end = ends.split("-")
        table = f"{edge_type}_{start}_{end}"
        connection.execute(f"CREATE REL TABLE {table} (FROM {start} TO {end}, {columns(path, 2)})")
        connection.execute(f"COPY {table} FROM '{path}' (HEADER=true, PARALLEL=false)")
    nodes = connection.execute("MATCH (n) RETURN count(n)").get_next()[0]
    edges = connection.execute("MATCH ()-[r]->() RETURN count(r)").get_next()[0]
    return nodes, edges


def test_exports_take_min_confidence_and_refuse_bad_targets(run_kg, hostile_graph, tmp_path):
    from exports import node_link

    graph, path = hostile_graph
    out = tmp_path / "strong.json"
    assert run_kg("export", "json", "--graph", path, "--out", out, "--min-confidence", "0.85").exit_code == 0
    back = node_link.read(str(out))
    assert back.number_of_edges() == sum(1 for *_, d in graph.edges(data=True) if d["confidence"] >= 0.85)
    a_file = tmp_path / "file.txt"
    a_file.write_text("keep me")
    result = run_kg("export", "csv", "--graph", path, "--out", a_file)
    assert result.exit_code != 0 and a_file.read_text() == "keep me"
