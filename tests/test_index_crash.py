"""The query index under SIGKILL: a build killed at any moment (loading, merging,
saving the graph, writing or renaming the index) never leaves a query answering from
an index of other bytes than the graph file holds, nor from a half-written one."""

from __future__ import annotations

import contextlib
import random
import shutil
import signal
import time

from conftest import record_figure
from kg.store import store
from kg.query.cypher_embedded import run
from kg.model.graph_model import GraphModel
from kg.store.query_index import index_dir, stats
from kg_processes import kg_process, wait_until_writing, write_listing

KILLS = 20


def _answers_match_the_file(graph) -> None:
    """What queries answer is what the graph file holds, now."""
    truth = GraphModel(store.load(graph))
    expected = sorted(n for n, d in truth.graph.nodes(data=True) if d["label"] == "Paper")
    _, rows = run(str(graph), "MATCH (p:Paper) RETURN p.id AS id ORDER BY id")
    assert [r["id"] for r in rows] == expected
    _, rows = run(str(graph), "MATCH ()-[r]->() RETURN count(*) AS n")
    assert rows == [{"n": truth.graph.number_of_edges()}]
    assert stats(graph) == truth.stats()


def _until_index_written(build, graph, timeout: float = 300) -> bool:
    """Wait until the build (its `started` time set) writes a temporary index (True), or
    has exited (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and build.poll() is None:
        for path in _temporaries(graph):
            with contextlib.suppress(FileNotFoundError):  # (renamed meanwhile)
                if path.stat().st_mtime >= build.started:
                    return True
        time.sleep(0.005)
    return False


def _temporaries(graph) -> list:
    return sorted(index_dir(graph).glob(".tmp-*"))


def test_sigkill_during_builds_never_leaves_a_stale_or_half_written_index(tmp_path, run_kg):
    old_input = write_listing(tmp_path / "old.jsonl", 200, seed=21)
    new_input = write_listing(tmp_path / "new.jsonl", 100, seed=22)
    graph = tmp_path / "g.json.zst"
    assert run_kg("build", old_input, "--graph", graph).exit_code == 0
    old = graph.read_bytes()

    started = time.monotonic()
    build = kg_process("build", new_input, "--graph", graph)
    assert wait_until_writing(build, graph)
    locked = time.monotonic()
    assert build.wait(timeout=300) == 0, build.stderr.read()
    window = time.monotonic() - locked
    _answers_match_the_file(graph)

    rng = random.Random(15)
    outcomes = {"old": 0, "new": 0}
    kills = runs = 0
    while kills < KILLS:
        runs += 1
        assert runs <= 4 * KILLS, f"only {kills} of {runs} builds were still running to kill"
        # the old graph again, and no index at all: every build writes one (a build whose
        # index exists already, from an earlier round, would have none to write)
        shutil.rmtree(index_dir(graph), ignore_errors=True)
        graph.write_bytes(old)
        build = kg_process("build", new_input, "--graph", graph)
        build.started = time.time()
        if wait_until_writing(build, graph):
            if kills % 2 and _until_index_written(build, graph):
                time.sleep(rng.uniform(0, 0.02))  # inside the index's write or rename
            else:
                time.sleep(rng.uniform(0, window))
            build.send_signal(signal.SIGKILL)
        _, errors = build.communicate(timeout=300)
        if build.returncode != -signal.SIGKILL:
            assert build.returncode == 0, errors.decode()
            continue
        kills += 1
        outcomes["old" if graph.read_bytes() == old else "new"] += 1
        _answers_match_the_file(graph)
        # (one temporary index is a database, its names lookup and their -wal, -shadow and lock files)
        assert len({path.name.split(".")[1] for path in _temporaries(graph)}) <= 2, (
            "killed builds' temporary indexes pile up"
        )

    assert run_kg("build", new_input, "--graph", graph).exit_code == 0
    _answers_match_the_file(graph)
    assert not _temporaries(graph), "the next build leaves killed builds' temporary indexes"
    assert outcomes["new"], "no kill came after the graph was saved (during the index's write)"
    record_figure(
        f"query index SIGKILL loop: {kills} kills in {runs} builds "
        f"({time.monotonic() - started:.0f}s), every second one while the index was "
        f"written; graph after each: old {outcomes['old']}, new {outcomes['new']}; "
        "every query answered from the file's own index"
    )
