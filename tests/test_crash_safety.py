"""Crash safety: a build killed with SIGKILL at any moment leaves the old graph or the
new one, loadable; killed writers' temp files do not pile up and their lock does not
block; a damaged graph is refused with a way back to the last good one."""

from __future__ import annotations

import gzip
import os
import random
import resource
import shutil
import signal
import time

import pytest

from conftest import EXAMPLES, record_figure
from kg.store import store
from graphs import full_schema_graph
from kg_processes import kg_process, temp_files, wait_until_writing, write_listing

KILLS = 50


def test_sigkill_at_random_moments_leaves_old_or_new_graph(tmp_path, run_kg):
    """Builds of NEW onto OLD killed after a random delay from the moment they hold the
    graph (load, extract, merge, serialise, write, fsync, rename, .prev link)."""
    old_input = write_listing(tmp_path / "old.jsonl", 400, seed=11)
    new_input = write_listing(tmp_path / "new.jsonl", 150, seed=12)
    reference = tmp_path / "reference.json.zst"
    assert run_kg("build", old_input, "--graph", reference).exit_code == 0
    old = reference.read_bytes()
    assert run_kg("build", new_input, "--graph", reference).exit_code == 0
    new = reference.read_bytes()
    assert old != new

    graph = tmp_path / "g.json.zst"
    started = time.monotonic()
    # Timed twice: the first build fills the extraction cache beside the graph, so the
    # second is as fast as the builds killed below, and their kills land inside it.
    for _ in range(2):
        graph.write_bytes(old)
        build = kg_process("build", new_input, "--graph", graph)
        assert wait_until_writing(build, graph)
        locked = time.monotonic()
        assert build.wait(timeout=120) == 0, build.stderr.read()
        window = time.monotonic() - locked
        assert graph.read_bytes() == new and store.previous_path(graph).read_bytes() == old

    rng = random.Random(20240501)
    outcomes = {"old": 0, "new": 0}
    kills = runs = 0
    while kills < KILLS:
        runs += 1
        assert runs <= 3 * KILLS, f"only {kills} of {runs} builds were still running to kill"
        graph.write_bytes(old)
        build = kg_process("build", new_input, "--graph", graph)
        if wait_until_writing(build, graph):
            time.sleep(rng.uniform(0, window))
            build.send_signal(signal.SIGKILL)
        build.communicate(timeout=120)
        if build.returncode != -signal.SIGKILL:
            assert build.returncode == 0
            continue
        kills += 1
        after = graph.read_bytes()
        assert after in (old, new), f"kill {kills}: graph is neither the old nor the new one"
        store.load(graph)
        outcomes["old" if after == old else "new"] += 1
        if after == new:
            assert store.previous_path(graph).read_bytes() == old
        assert len(temp_files(graph)) <= 2, "temp files of killed builds pile up"

    finished = run_kg("build", new_input, "--graph", graph)  # no --wait: lock was released
    assert finished.exit_code == 0, finished.output
    assert graph.read_bytes() == new
    assert not temp_files(graph), "the next build leaves killed builds' temp files"
    record_figure(
        f"SIGKILL loop: {kills} kills in {runs} builds "
        f"({time.monotonic() - started:.0f}s); graph after each: old {outcomes['old']}, "
        f"new {outcomes['new']}, neither 0; all loadable; later build cleaned temp "
        "files and took the lock without waiting"
    )


def test_killed_writer_does_not_keep_the_lock(tmp_path):
    graph = tmp_path / "g.json.zst"
    build = kg_process("build", write_listing(tmp_path / "l.jsonl", 2000, seed=3), "--graph", graph)
    assert wait_until_writing(build, graph)
    build.send_signal(signal.SIGKILL)
    build.communicate(timeout=60)
    with store.writer_lock(graph):  # non-blocking: raises GraphBusyError if still held
        pass


def test_stale_temp_files_are_removed_by_the_next_writer(tmp_path, run_kg):
    graph = tmp_path / "g.json.zst"
    stale = [tmp_path / f".{graph.name}.abc123.tmp", tmp_path / f".{graph.name}.prev.999.tmp"]
    for path in stale:
        path.write_bytes(b"half a graph")
    unrelated = tmp_path / ".other.json.zst.abc.tmp"
    unrelated.write_bytes(b"someone else's")
    assert run_kg("build", EXAMPLES, "--graph", graph).exit_code == 0
    assert not any(path.exists() for path in stale)
    assert unrelated.exists()


DAMAGE = {
    "truncated": lambda data: data[: len(data) // 2],
    "flipped byte": lambda data: data[:40] + bytes([data[40] ^ 0xFF]) + data[41:],
    "empty": lambda data: b"",
    "not compressed": lambda data: b'{"format": "paperkg-graph"}',
    "foreign json": lambda data: gzip.compress(b'{"nodes": 1}'),
    "bad nodes": lambda data: gzip.compress(
        b'{"format": "paperkg-graph", "version": 1, "nodes": [[1]], "edges": []}'
    ),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_damaged_graph_is_refused_and_previous_generation_restores(damage, tmp_path, run_kg):
    graph = tmp_path / "g.json.zst"
    assert run_kg("build", EXAMPLES / "papers.jsonl", "--graph", graph).exit_code == 0
    assert run_kg("build", EXAMPLES / "daily-page.txt", "--graph", graph).exit_code == 0
    good = graph.read_bytes()
    graph.write_bytes(DAMAGE[damage](good))
    damaged = graph.read_bytes()
    previous = store.previous_path(graph)
    hint = f"; the previous graph is intact: restore it with `cp {previous} {graph}`"
    for command in (["stats"], ["show", "arxiv:2601.00002"], ["build", EXAMPLES / "papers.jsonl"]):
        result = run_kg(*command, "--graph", graph)
        assert result.exit_code == 1
        lines = result.output.splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"kg: error: {graph}: ")
        assert "corrupt" in lines[0] or "not a paperkg graph" in lines[0], lines[0]
        assert lines[0].endswith(hint), lines[0]
        assert graph.read_bytes() == damaged  # build refused rather than starting afresh
    shutil.copyfile(previous, graph)
    assert run_kg("stats", "--graph", graph).exit_code == 0
    assert run_kg("build", EXAMPLES / "daily-page.txt", "--graph", graph).exit_code == 0
    assert graph.read_bytes() == good


def test_graph_keeps_its_permissions_and_prev_is_the_replaced_generation(tmp_path, run_kg):
    graph = tmp_path / "g.json.zst"
    assert run_kg("build", EXAMPLES / "papers.jsonl", "--graph", graph).exit_code == 0
    first = graph.read_bytes()
    os.chmod(graph, 0o640)
    assert run_kg("build", EXAMPLES / "daily-page.txt", "--graph", graph).exit_code == 0
    assert store.previous_path(graph).read_bytes() == first
    assert graph.stat().st_mode & 0o777 == 0o640


def test_unwritable_graph_place_is_a_one_line_error(tmp_path, run_kg):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the graph's folder should be")
    result = run_kg("build", EXAMPLES, "--graph", blocker / "g.json.zst")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"kg: error: {blocker / 'g.json.zst'}: cannot write beside the graph (File exists)"
    ]


def test_save_failing_mid_write_is_a_one_line_error_and_keeps_the_graph(tmp_path, run_kg):
    """A disk that fills up during the save, made real with a file-size limit on the
    `kg build` process (writes past it fail with EFBIG, as ENOSPC would)."""
    graph = tmp_path / "g.json.zst"
    assert run_kg("build", EXAMPLES / "papers.jsonl", "--graph", graph).exit_code == 0
    before = graph.read_bytes()
    limit = len(before) + 16  # the old graph fits; the bigger new one does not

    def small_disk():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    # progress lines only after an hour: on a loaded machine the build passes the default
    # 5 s and logs its phases on stderr, beside the one line this test is about
    quiet = {**os.environ, "PAPERKG_PROGRESS_SECONDS": "3600"}
    build = kg_process("build", EXAMPLES, "--graph", graph, preexec_fn=small_disk, env=quiet)
    _, err = build.communicate(timeout=120)
    assert build.returncode == 1
    assert err.decode().splitlines() == [
        f"kg: error: {graph}: cannot write the graph (File too large); the previous graph is unchanged"
    ]
    assert graph.read_bytes() == before
    assert not temp_files(graph)


def test_save_after_a_build_killed_between_linking_prev_and_replacing_leaves_no_temp(tmp_path):
    """A build killed right after hard-linking `.prev` to the graph leaves both names on
    one file; the next save's rename of its temp link onto `.prev` then does nothing
    (rename(2) between links of one file), and the temp link must not stay behind."""
    graph = tmp_path / "g.json.zst"
    store.save(full_schema_graph(), graph)
    old = graph.read_bytes()
    os.link(graph, store.previous_path(graph))  # what the killed build left
    grown = full_schema_graph()
    grown.add_node("method:extra", id="method:extra", label="Method", name="extra", aliases=[], papers=[])
    store.save(grown, graph)
    assert not temp_files(graph)
    assert store.previous_path(graph).read_bytes() == old
    assert "method:extra" in store.load(graph)
