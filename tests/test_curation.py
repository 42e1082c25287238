"""Curation (#19 bar 1): every `kg curate` action on the seed graph, the log applied by
later builds in any order of its lines, `--undo` restoring the graph's bytes.

The seed graph is extracted once (a mentions file); each "build from scratch" below is
`kg merge` of it into a new graph, the same update `kg build` runs.  The targets are
picked from the graph by their shape (a method with papers, an alias with its own
facts, ...), not by name, so the test does not pin what the extractors find today.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import orjson
import pytest

from kg.building import curation
from kg import schema
from kg.store import store

CURATOR = "ana"


@pytest.fixture(scope="module")
def seed_mentions(tmp_path_factory) -> Path:
    from conftest import need_shared
    from kg.building.extract import run_extract

    seeds = need_shared("seeds")
    out = tmp_path_factory.mktemp("mentions") / "seeds.mentions.jsonl"
    run_extract([str(seeds)], str(out))
    return out


def _merge(run_kg, mentions: Path, graph: Path, *extra) -> str:
    result = run_kg("merge", mentions, "--graph", graph, *extra)
    assert result.exit_code == 0, result.output
    return result.output


def _role_edges(graph, node):
    return [
        (u, k, d)
        for u, _, k, d in graph.in_edges(node, keys=True, data=True)
        if d["type"] in schema.PAPER_ROLES
    ]


def _pick_targets(graph) -> dict:
    """One target per action, distinct nodes throughout, chosen by shape."""
    concepts = sorted(
        (n for n, d in graph.nodes(data=True) if d["label"] in schema.CONCEPT_LABELS),
        key=lambda n: (-len(graph.nodes[n]["papers"]), n),
    )
    used: set[str] = set()

    def take(ok) -> str:
        node = next(n for n in concepts if n not in used and ok(n, graph.nodes[n]))
        used.add(node)
        return node

    def splittable(node, data):  # an alias of its own key with a fact stated by it
        if any(graph.nodes[n].get("absorbed") for n in (node,)):
            return False
        for _, _, edge in _role_edges(graph, node):
            span = graph.nodes[edge["paper"]][edge["field"]][edge["start"] : edge["end"]]
            if (
                schema.concept_id(data["label"], span) != node
                and schema.concept_id(data["label"], span) not in graph
            ):
                return True
        return False

    split = take(splittable)
    for _, _, edge in _role_edges(graph, split):
        span = graph.nodes[edge["paper"]][edge["field"]][edge["start"] : edge["end"]]
        if schema.concept_id(graph.nodes[split]["label"], span) != split:
            alias = span
            break
    plain = lambda n, d: not d.get("absorbed") and len(d["papers"]) >= 2  # noqa: E731
    method = lambda n, d: plain(n, d) and d["label"] == schema.METHOD  # noqa: E731
    dataset = lambda n, d: plain(n, d) and d["label"] == schema.DATASET  # noqa: E731
    targets = {
        "split": (split, alias),
        "reject-node": take(method),
        "block": take(method),
        "retype": take(method),
        "merge": (take(dataset), take(dataset)),
        "rename": take(dataset),
    }
    edges = sorted(
        (u, v, d["type"])
        for u, v, d in graph.edges(data=True)
        if d["type"] in ("USES", "EVALUATES_ON", "ADDRESSES") and u not in used and v not in used
    )
    targets["reject-edge"] = edges[0]
    weak = sorted(
        (d["confidence"], u, v, d["type"])
        for u, v, d in graph.edges(data=True)
        if d["type"] == "PROPOSES" and u not in used and v not in used and (u, v, d["type"]) != edges[0]
    )
    targets["accept"] = weak[0][1:]
    return targets


def _commands(targets: dict) -> list[list[str]]:
    split, alias = targets["split"]
    block = targets["block"]
    return [
        ["reject-node", targets["reject-node"]],
        ["block", block.split(":", 1)[1].replace("-", " "), "--label", "Method"],
        ["retype", targets["retype"], "Dataset"],
        ["split", split, alias],
        ["merge", *targets["merge"]],
        ["rename", targets["rename"], 'A "renamed" <dataset>, & co'],
        ["reject-edge", *_source_type_target(targets["reject-edge"])],
        ["accept", *_source_type_target(targets["accept"])],
    ]


def _source_type_target(edge: tuple) -> list[str]:
    source, target, edge_type = edge
    return [source, edge_type, target]


def _assert_decisions_hold(graph, targets: dict) -> None:
    assert targets["reject-node"] not in graph
    assert targets["block"] not in graph
    old = targets["retype"]
    new = schema.concept_id(schema.DATASET, old.split(":", 1)[1].replace("-", " "))
    assert old not in graph and graph.nodes[new]["label"] == schema.DATASET
    assert all(
        d["type"] in ("INTRODUCES", "EVALUATES_ON", "USES") for _, _, d in graph.in_edges(new, data=True)
    )
    split, alias = targets["split"]
    apart = schema.concept_id(graph.nodes[split]["label"], alias)
    assert alias in graph.nodes[apart]["aliases"] and alias not in graph.nodes[split]["aliases"]
    moved = _role_edges(graph, apart)
    assert moved and all(d["extractor"] == "curation" and d["curated_by"] == CURATOR for _, _, d in moved)
    gone, kept = targets["merge"]
    assert gone not in graph and any(r.startswith(f"{gone}\t") for r in graph.nodes[kept]["absorbed"])
    assert graph.nodes[targets["rename"]]["name"] == 'A "renamed" <dataset>, & co'
    u, v, edge_type = targets["reject-edge"]
    assert not any(d["type"] == edge_type for d in graph.get_edge_data(u, v, default={}).values())
    u, v, edge_type = targets["accept"]
    pinned = [d for d in graph[u][v].values() if d["type"] == edge_type]
    assert pinned and all(
        d["confidence"] == 1.0
        and d["extractor"] == "curation"
        and d["curated_by"] == CURATOR
        and d["extracted_by"]
        for d in pinned
    )


def test_every_action_holds_in_any_order_and_undo_restores_bytes(
    run_kg, seed_mentions, tmp_path, monkeypatch
):
    monkeypatch.setenv("PAPERKG_CURATOR", CURATOR)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764900000")  # a redone decision: the same `at`
    graph = tmp_path / "g.json.zst"
    _merge(run_kg, seed_mentions, graph)
    targets = _pick_targets(store.load(graph))
    for command in _commands(targets):
        before = graph.read_bytes()
        result = run_kg("curate", *command, "--graph", graph)
        assert result.exit_code == 0, result.output
        assert result.output.startswith("recorded: "), result.output
        after = graph.read_bytes()
        assert after != before
        undone = run_kg("curate", "--undo", "--graph", graph)
        assert undone.exit_code == 0, undone.output
        assert graph.read_bytes() == before  # the previous graph's bytes
        assert run_kg("curate", *command, "--graph", graph).exit_code == 0
        assert graph.read_bytes() == after
    curated = store.load(graph)
    _assert_decisions_hold(curated, targets)
    log = curation.log_path(graph)
    lines = log.read_bytes().splitlines(keepends=True)
    assert len(lines) == len(_commands(targets))

    # from scratch, the log's lines in three orders: one graph, and the curated one
    built = []
    for order in (lines, lines[::-1], random.Random(19).sample(lines, len(lines))):
        fresh = tmp_path / f"fresh{len(built)}.json.zst"
        curation.log_path(fresh).write_bytes(b"".join(order))
        output = _merge(run_kg, seed_mentions, fresh)
        assert f"curation: {len(lines)} decisions applied" in output
        built.append(fresh.read_bytes())
    assert built[0] == built[1] == built[2] == graph.read_bytes()
    _assert_decisions_hold(store.load(tmp_path / "fresh0.json.zst"), targets)

    # an incremental build over the curated graph changes nothing
    _merge(run_kg, seed_mentions, graph)
    assert graph.read_bytes() == built[0]


def test_provenance_shows_and_queries(run_kg, seed_mentions, tmp_path, monkeypatch):
    monkeypatch.setenv("PAPERKG_CURATOR", CURATOR)
    graph = tmp_path / "g.json.zst"
    _merge(run_kg, seed_mentions, graph)
    u, v, edge_type = _pick_targets(store.load(graph))["accept"]
    assert (
        run_kg("curate", "accept", u, edge_type, v, "--graph", graph, "--note", "checked by hand").exit_code
        == 0
    )
    shown = run_kg("show", u, "--graph", graph, "--limit", "1000").output
    assert f"by curation ({CURATOR}, " in shown
    rows = orjson.loads(
        run_kg(
            "query",
            f"MATCH (p:Paper)-[r:{edge_type}]->(m) WHERE r.extractor = 'curation' "
            "RETURN p.id AS paper, r.curated_by AS by, r.confidence AS c",
            "--graph",
            graph,
            "--format",
            "json",
        ).output
    )
    assert rows == [{"paper": u, "by": CURATOR, "c": 1.0}]
    listed = run_kg("curate", "--list", "--graph", graph, "--json")
    assert orjson.loads(listed.output)[0]["note"] == "checked by hand"
    turtle = tmp_path / "g.nt"
    assert run_kg("export", "rdf", "--graph", graph, "--out", turtle).exit_code == 0
    statements = turtle.read_text(encoding="utf-8")
    assert f'ontology#curatedBy> "{CURATOR}"' in statements and "/component/curation>" in statements
    page = tmp_path / "page.html"
    assert (
        run_kg(
            "export",
            "html",
            "--graph",
            graph,
            "--out",
            page,
            "--view",
            "papers",
            "--focus",
            u,
            "--depth",
            "1",
        ).exit_code
        == 0
    )
    assert f"curation ({CURATOR}, " in page.read_text(encoding="utf-8")


def test_gone_target_is_reported_and_kept(run_kg, seed_mentions, tmp_path):
    graph = tmp_path / "g.json.zst"
    log = curation.log_path(graph)
    decision = curation.make_decision("rename", node="method:no-such-method", name="X", by="ana")
    log.write_bytes(curation.log_text([decision]))
    result = run_kg("merge", seed_mentions, "--graph", graph, "--json")
    assert result.exit_code == 0
    report = orjson.loads(result.output[result.output.index("{") :])
    assert report["curation"]["missing_targets"] == [curation.describe(decision)]
    assert "target not in the graph" in run_kg("curate", "--list", "--graph", graph).output
    assert curation.read_log(log) == [decision]


def test_bad_decisions_are_one_line_errors(run_kg, seed_mentions, tmp_path):
    graph = tmp_path / "g.json.zst"
    _merge(run_kg, seed_mentions, graph)
    before = graph.read_bytes()
    method = min(n for n in store.load(graph) if n.startswith("method:"))
    for args, message in (
        (["merge", "paper-that-is-not-there", "x"], "no node with id"),
        (["retype", method, "Paper"], "not a concept label"),
        (["reject-edge", method, "USES", method], "no USES edge"),
    ):
        result = run_kg("curate", *args, "--graph", graph)
        assert result.exit_code == 1 and message in result.output, result.output
    assert graph.read_bytes() == before and not curation.log_path(graph).exists()
    curation.log_path(graph).write_text('{"action": "explode", "node": "x"}\n')
    result = run_kg("merge", seed_mentions, "--graph", graph)
    assert result.exit_code == 1 and "curation.jsonl:1: not a curation decision" in result.output
    result = run_kg("curate", "--graph", graph, "rename", method, "X", "--graph", tmp_path / "other")
    assert result.exit_code == 1 and "two different --graph given" in result.output
    assert graph.read_bytes() == before
    shutil.rmtree(curation.undo_dir(graph), ignore_errors=True)
    assert "no curation decision to undo" in run_kg("curate", "--undo", "--graph", graph).output


def test_undo_refuses_once_a_build_changed_the_graph(run_kg, tmp_path):
    from conftest import EXAMPLES
    from graphs import full_schema_graph

    graph = tmp_path / "g.json.zst"
    store.save(full_schema_graph(), graph)
    assert run_kg("curate", "rename", "FastNet", "FastNet v1", "--graph", graph).exit_code == 0
    assert run_kg("build", EXAMPLES, "--graph", graph).exit_code == 0  # adds papers
    built = graph.read_bytes()
    assert run_kg("curate", "rename", "SlowNet", "SlowNet v1", "--graph", graph).exit_code == 0
    curated = graph.read_bytes()
    again = run_kg("build", EXAMPLES, "--graph", graph, "--json")
    assert again.exit_code == 0
    report = orjson.loads(again.stdout)  # the extraction cache knows the curated graph's papers
    assert report["already_in_graph"] == report["records"] > 0 and graph.read_bytes() == curated
    assert run_kg("curate", "--undo", "--graph", graph).exit_code == 0  # nothing changed since
    assert graph.read_bytes() == built
    result = run_kg("curate", "--undo", "--graph", graph)  # the build came after this one
    assert result.exit_code == 1 and "the graph changed since the last decision" in result.output
    assert graph.read_bytes() == built
    assert store.load(graph).nodes["method:fastnet"]["name"] == "FastNet v1"  # the build kept it
