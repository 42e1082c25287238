"""Concurrent use: two builds of one graph never interleave (the second fails with
"graph is busy", or queues with --wait), the result equals a sequential build, and
readers work during a build on the last complete graph."""

from __future__ import annotations

import json

from conftest import EXAMPLES, record_figure
from kg_processes import holds_lock, kg_process, wait_until_writing, write_listing


def test_second_build_fails_busy_or_waits_and_readers_see_last_graph(tmp_path, run_kg):
    first_input = write_listing(tmp_path / "first.jsonl", 4000, seed=21)
    second_input = write_listing(tmp_path / "second.jsonl", 50, seed=22)
    graph = tmp_path / "g.json.zst"
    assert run_kg("build", EXAMPLES, "--graph", graph).exit_code == 0
    before = graph.read_bytes()
    stats_before = json.loads(run_kg("stats", "--graph", graph, "--json").output)

    first = kg_process("build", first_input, "--graph", graph)
    assert wait_until_writing(first, graph), first.communicate()

    busy = run_kg("build", second_input, "--graph", graph)
    assert busy.exit_code == 1
    assert busy.output.splitlines() == [
        f"kg: error: {graph}: graph is busy: another `kg` command is writing it "
        "(use --wait to queue behind it)"
    ]

    stats = run_kg("stats", "--graph", graph, "--json")
    show = run_kg("show", "arxiv:2601.00002", "--graph", graph)
    assert stats.exit_code == 0, stats.output
    assert json.loads(stats.output) == stats_before
    assert show.exit_code == 0 and "Sharpness-Aware Minimization" in show.output, show.output
    assert graph.read_bytes() == before
    assert holds_lock(first.pid, graph), "the first build ended before the checks: enlarge it"

    queued = run_kg("build", second_input, "--graph", graph, "--wait")
    assert queued.exit_code == 0, queued.output
    assert first.wait(timeout=120) == 0
    # It merged onto the first build's saved graph: 4 example papers + 4,000 + its 50.
    assert f"{graph}: 4054 papers (+50)" in queued.output, queued.output

    sequential = tmp_path / "sequential.json.zst"
    for listing in (EXAMPLES, first_input, second_input):
        assert run_kg("build", listing, "--graph", sequential).exit_code == 0
    assert graph.read_bytes() == sequential.read_bytes()
    record_figure(
        "concurrent builds: second failed at once with 'graph is busy'; with --wait "
        "it queued until the first finished; final graph byte-identical to a "
        "sequential build; kg stats/show during the build read the last graph"
    )
