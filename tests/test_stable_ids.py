"""Issue 17 bar 5: a paper that gains its arXiv id keeps its old id findable, and
`kg push --prune` makes the server hold what `kg stats` counts, no more (tested on a
real ArcadeDB server over Bolt)."""

from __future__ import annotations

import json

import pytest

from kg import schema
from kg.store import store


def _write(path, *papers):
    path.write_text("".join(json.dumps(p) + "\n" for p in papers), encoding="utf-8")
    return path


TITLE = "Sparse Mixture Routers for Long Context Retrieval"
ABSTRACT = (
    "We propose SparseRouter, a routing method for retrieval. Experiments on "
    "MS MARCO show gains in recall. Code: https://github.com/lab/sparserouter."
)
OTHER = {
    "title": "Graph Transformers for Molecules",
    "arxiv_id": "2402.00002",
    "abstract": "We propose MolFormer and evaluate on QM9 with MAE.",
}


def _day_one_and_two(tmp_path):
    """Day one lists the paper without its arXiv id; day two with it."""
    one = _write(tmp_path / "day1.jsonl", {"title": TITLE, "abstract": ABSTRACT}, OTHER)
    two = _write(tmp_path / "day2.jsonl", {"title": TITLE, "abstract": ABSTRACT, "arxiv_id": "2402.00001"})
    return one, two


def _stats(run_kg, graph) -> dict:
    return json.loads(run_kg("stats", "--graph", graph, "--json").stdout)


def test_the_id_before_the_arxiv_id_stays_findable_in_either_order(tmp_path, run_kg):
    one, two = _day_one_and_two(tmp_path)
    old_id = schema.paper_id(None, TITLE)
    graphs = []
    for name, order in (("forward", (one, two)), ("backward", (two, one))):
        graph = tmp_path / f"{name}.json.zst"
        merged = []
        for listing in order + order[1:]:
            built = run_kg("build", listing, "--graph", graph, "--json")
            assert built.exit_code == 0, built.output
            merged.append(json.loads(built.stdout)["former_ids_merged"])
        assert merged == [0, 1, 0]  # counted once, when the two listings meet
        shown = run_kg("show", old_id, "--graph", graph, "--json")
        assert shown.exit_code == 0, shown.output
        node = json.loads(shown.stdout)["node"]
        assert node["id"] == "arxiv:2402.00001" and node["former_ids"] == [old_id]
        graphs.append(graph)
    # (their sources differ only in order of arrival, which the graph does not record)
    assert graphs[0].read_bytes() == graphs[1].read_bytes()


def _server_counts(connection) -> tuple[dict, dict]:
    from kg.store.server_store import run_query

    labels = {
        label: run_query(connection, f"MATCH (n:{label}) RETURN count(n) AS c")[1][0]["c"]
        for label in schema.NODE_LABELS
    }
    types = {
        t: run_query(connection, f"MATCH ()-[r:{t}]->() RETURN count(r) AS c")[1][0]["c"]
        for t in schema.EDGE_TYPES
    }
    return labels, types


def test_push_prune_after_an_id_change_leaves_the_server_equal_to_kg_stats(server_db, tmp_path, run_kg):
    from kg.store.server_store import run_query

    one, two = _day_one_and_two(tmp_path)
    graph = tmp_path / "g.json.zst"
    server = [
        "--uri",
        server_db.uri,
        "--user",
        server_db.user,
        "--password",
        server_db.password,
        "--database",
        server_db.database,
    ]
    assert run_kg("build", one, "--graph", graph).exit_code == 0
    assert run_kg("push", "--graph", graph, *server).exit_code == 0
    old_id = schema.paper_id(None, TITLE)
    day_one = store.load(graph)
    old_edges = day_one.in_degree(old_id) + day_one.out_degree(old_id)
    # something on the server that paperkg did not write is never pruned
    run_query(server_db, "CREATE (:Paper {id: 'mine', note: 'not from paperkg'})", write=True)
    assert run_kg("build", two, "--graph", graph).exit_code == 0
    stats = _stats(run_kg, graph)

    assert run_kg("push", "--graph", graph, *server).exit_code == 0
    labels, _ = _server_counts(server_db)
    assert labels["Paper"] == stats["labels"]["Paper"] + 2  # the old id and 'mine' linger

    pruned = run_kg("push", "--graph", graph, *server, "--prune", "--json")
    assert pruned.exit_code == 0, pruned.output
    report = json.loads(pruned.stdout)
    # the old paper node and the edges it had (the graph moved them to the new id)
    assert (report["pruned_nodes"], report["pruned_relationships"]) == (1, old_edges) != (1, 0)
    labels, types = _server_counts(server_db)
    assert labels == {**stats["labels"], "Paper": stats["labels"]["Paper"] + 1}
    assert types == stats["edge_types"]
    assert run_query(server_db, "MATCH (n:Paper {id: 'mine'}) RETURN n.note AS note")[1] == [
        {"note": "not from paperkg"}
    ]
    assert run_query(
        server_db, "MATCH (p:Paper) WHERE $old IN p.former_ids RETURN p.id AS id", {"old": old_id}
    )[1] == [{"id": "arxiv:2402.00001"}]

    # a named query given the old id answers for the paper on the server as on the index
    for where in (server, []):
        related = run_kg(
            "query",
            "--graph",
            graph,
            *where,
            "--name",
            "paper-concepts",
            "--param",
            f"paper={old_id}",
            "--format",
            "json",
        )
        assert related.exit_code == 0, related.output
        assert {r["paper"] for r in json.loads(related.stdout)} == {"arxiv:2402.00001"}

    again = json.loads(run_kg("push", "--graph", graph, *server, "--prune", "--json").stdout)
    assert (again["pruned_nodes"], again["pruned_relationships"]) == (0, 0)  # idempotent
    assert _server_counts(server_db) == (labels, types)


def test_push_prune_after_a_curate_merge_leaves_the_server_equal_to_kg_stats(server_db, tmp_path, run_kg):
    from graphs import full_schema_graph, saved_with_index
    from kg.store.server_store import run_query

    graph = saved_with_index(full_schema_graph(), tmp_path / "g.json.zst")
    server = [
        "--uri",
        server_db.uri,
        "--user",
        server_db.user,
        "--password",
        server_db.password,
        "--database",
        server_db.database,
    ]
    assert run_kg("push", "--graph", graph, *server).exit_code == 0
    assert run_kg("curate", "merge", "SlowNet", "FastNet", "--graph", graph).exit_code == 0
    pruned = run_kg("push", "--graph", graph, *server, "--prune", "--json")
    assert pruned.exit_code == 0, pruned.output
    assert json.loads(pruned.stdout)["pruned_nodes"] == 1  # method:slownet
    stats = _stats(run_kg, graph)
    assert _server_counts(server_db) == (stats["labels"], stats["edge_types"])
    # the merged id stays findable on the server through the concept that absorbed it
    rows = run_query(
        server_db,
        "MATCH (m:Method) WHERE any(r IN m.absorbed WHERE r STARTS WITH $p) RETURN m.id AS id",
        {"p": "method:slownet\t"},
    )[1]
    assert rows == [{"id": "method:fastnet"}]


@pytest.mark.parametrize("paper_option", [False, True])
def test_a_curation_decision_naming_the_former_id_still_applies_after_the_id_change(
    tmp_path, run_kg, paper_option
):
    """A decision recorded against `paper:<digest>` is about that paper after it gains its
    arXiv id: the rejected edge must not come back (it did, reported as applied)."""
    from graphs import _extraction

    def mentions(name, arxiv_id):
        extraction = _extraction(
            arxiv_id, TITLE, [("Method", "SparseRouter", "PROPOSES"), ("Dataset", "MS MARCO", "EVALUATES_ON")]
        )
        return _write(tmp_path / name, extraction.to_dict())

    graph = tmp_path / "g.json.zst"
    old_id = schema.paper_id(None, TITLE)
    assert run_kg("merge", mentions("day1.jsonl", ""), "--graph", graph).exit_code == 0
    extra = ["--paper", old_id] if paper_option else []
    rejected = run_kg("curate", "reject-edge", old_id, "EVALUATES_ON", "MS MARCO", *extra, "--graph", graph)
    assert rejected.exit_code == 0, rejected.output
    built = run_kg("merge", mentions("day2.jsonl", "2402.00001"), "--graph", graph, "--json")
    assert built.exit_code == 0, built.output
    report = json.loads(built.stdout)
    assert report["former_ids_merged"] == 1 and report["curation"]["missing_targets"] == []
    edges = {(u, d["type"], v) for u, v, d in store.load(graph).edges(data=True)}
    assert ("arxiv:2402.00001", "PROPOSES", "method:sparserouter") in edges
    assert not any(t == "EVALUATES_ON" for _, t, _ in edges)
